"""The one scheduler process (APScheduler 3.x) with a persistent job store in the app's database.

Run it with `bienvenue scheduler`; never inside the web app's factory, since gunicorn
starts several workers and each would run every job.
"""
import contextlib
import logging
import signal
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from jobs import registry
from web import clock

log = logging.getLogger("bienvenue.scheduler")

#: the table APScheduler manages itself (Alembic ignores it)
JOBSTORE_TABLE = "apscheduler_jobs"
JOB_DEFAULTS = {
    "coalesce": True,          # several missed runs collapse into one
    "max_instances": 1,        # never the same job twice at once
    "misfire_grace_time": 6 * 3600,  # a run missed while down still happens at restart
}


def build_scheduler(app, scheduler_class=BlockingScheduler, jobs=None, now=None):
    """A scheduler with the app's job store, time zone and every job of the registry.

    A stored job whose next run is before `now` (default: the clock) was missed while
    the scheduler was down: it keeps that time, so it runs once when the scheduler starts.
    A job marked `run_at_start` (the weekly catch-up) runs once at `now` too.
    """
    jobs = registry.JOBS if jobs is None else jobs
    timezone = ZoneInfo(app.config["TIMEZONE"])
    store = SQLAlchemyJobStore(engine=app.extensions["db_engine"], tablename=JOBSTORE_TABLE)
    scheduler = scheduler_class(jobstores={"default": store}, job_defaults=JOB_DEFAULTS,
                                timezone=timezone)
    now = now or clock.utcnow()
    missed = _missed_runs(scheduler, store, now)
    for spec in jobs:
        cron = app.config.get(spec.config_key, spec.cron) if spec.config_key else spec.cron
        # Replacing a stored job recomputes its next run from now, which would drop a run
        # missed while the machine was down: keep that one, so it happens once at start.
        when = {"next_run_time": missed[spec.id]} if spec.id in missed else {}
        if spec.run_at_start:
            when = {"next_run_time": now}
        scheduler.add_job(spec.func, CronTrigger.from_crontab(cron, timezone=timezone),
                          id=spec.id, name=spec.description or spec.id, replace_existing=True,
                          **when)
    return scheduler


def _missed_runs(scheduler, store: SQLAlchemyJobStore, now: datetime) -> dict:
    """{job id: the stored next run time} for the stored jobs whose next run is past."""
    # Starting the store creates its table if needed (the scheduler starts it again later;
    # that is harmless) and lets it rebuild the stored jobs.
    store.start(scheduler, "default")
    return {job.id: job.next_run_time for job in store.get_due_jobs(now)}


def run_forever(app) -> None:
    """Start the scheduler and block until SIGTERM or Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheduler = build_scheduler(app)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    log.info("scheduler started in %s with %d jobs: %s", app.config["TIMEZONE"], len(registry.JOBS),
             ", ".join(spec.id for spec in registry.JOBS) or "none")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
