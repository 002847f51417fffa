"""Every scheduled job, declared in one list: id, function path and default trigger.

Job functions live in this package, take the app (never objects from a session)
and `now`, and are idempotent: running one twice does nothing more.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class JobSpec:
    #: explicit id, so restarting the scheduler replaces the job instead of adding a copy
    id: str
    #: "module:function", importable at module level (the persistent store keeps this path)
    func: str
    #: crontab expression in the programme's time zone; a config key may override it
    cron: str
    config_key: str | None = None
    description: str = ""
    #: also run once when the scheduler starts (besides the crontab times)
    run_at_start: bool = False


JOBS: list[JobSpec] = [
    # every minute; coalesce and max_instances=1 keep runs from piling up
    JobSpec(id="deliver-outbox", func="jobs.delivery:deliver_outbox", cron="* * * * *",
            config_key="DELIVERY_CRON", description="Send queued e-mails"),
    JobSpec(id="weekly-matching", func="jobs.weekly:weekly_matching", cron="0 9 * * mon",
            config_key="MATCHING_CRON", description="Weekly matching run"),
    # a week whose run crashed or was missed is run at start and within the hour
    JobSpec(id="weekly-catch-up", func="jobs.weekly:weekly_catch_up", cron="5 * * * *",
            description="Run a missed weekly matching", run_at_start=True),
    JobSpec(id="expire-proposals", func="jobs.expiry:expire_and_remind", cron="15 * * * *",
            config_key="EXPIRY_CRON", description="Remind volunteers, expire unanswered proposals"),
    JobSpec(id="send-followups", func="jobs.followups:send_followups", cron="0 10 * * *",
            config_key="FOLLOWUPS_CRON", description="Check-ins after 2 weeks and 3 months"),
    JobSpec(id="weekly-digest", func="jobs.local_life:weekly_digest", cron="0 16 * * fri",
            config_key="DIGEST_CRON",
            description="Weekly e-mail of activities to waiting newcomers"),
    JobSpec(id="retention", func="jobs.retention:erase_inactive", cron="30 3 * * *",
            config_key="RETENTION_CRON", description="Erase withdrawn and inactive people"),
]


def find(job_id: str) -> JobSpec | None:
    """The registered job with this id, or None."""
    return next((spec for spec in JOBS if spec.id == job_id), None)


def function(spec: JobSpec):
    """The job's function, imported from its "module:function" path."""
    from importlib import import_module

    module, name = spec.func.split(":")
    return getattr(import_module(module), name)
