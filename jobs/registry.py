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


JOBS: list[JobSpec] = [
    # every minute; coalesce and max_instances=1 keep runs from piling up
    JobSpec(id="deliver-outbox", func="jobs.delivery:deliver_outbox", cron="* * * * *",
            config_key="DELIVERY_CRON", description="Send queued e-mails"),
]
