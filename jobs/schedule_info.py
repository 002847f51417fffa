"""The jobs as people see them: id, description, schedule and next run, in the programme's zone."""
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from jobs import registry


@dataclass(frozen=True)
class JobRow:
    id: str
    description: str
    cron: str
    next_run: datetime


def cron_of(spec: registry.JobSpec, config) -> str:
    """The job's crontab expression: the configured one, else the default."""
    return config.get(spec.config_key, spec.cron) if spec.config_key else spec.cron


def job_table(app, now: datetime) -> list[JobRow]:
    """Every registered job with its next run after `now`, computed from its trigger."""
    zone = ZoneInfo(app.config["TIMEZONE"])
    rows = []
    for spec in registry.JOBS:
        cron = cron_of(spec, app.config)
        trigger = CronTrigger.from_crontab(cron, timezone=zone)
        rows.append(JobRow(spec.id, spec.description, cron,
                           trigger.get_next_fire_time(None, now.astimezone(zone))))
    return rows
