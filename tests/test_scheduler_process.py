"""The scheduler keeps its jobs in the app's database, in the programme's time zone."""
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text

from jobs.registry import JobSpec
from jobs.scheduler import JOB_DEFAULTS, build_scheduler

SPEC = JobSpec(id="weekly-test", func="time:sleep", cron="0 9 * * mon",
               config_key="TEST_CRON", description="test job")


def _stored_jobs(app):
    with app.extensions["db_engine"].connect() as conn:
        return conn.execute(text("SELECT id, next_run_time FROM apscheduler_jobs")).all()


def test_jobs_are_stored_in_the_database_and_replaced_on_restart(app):
    for _ in range(2):
        scheduler = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
        scheduler.start(paused=True)
        scheduler.shutdown(wait=False)
    rows = _stored_jobs(app)
    assert [row.id for row in rows] == ["weekly-test"]
    next_run = datetime.fromtimestamp(rows[0].next_run_time, ZoneInfo("Europe/Paris"))
    assert (next_run.weekday(), next_run.hour, next_run.minute) == (0, 9, 0)


def test_configuration_overrides_the_default_time(app):
    app.config["TEST_CRON"] = "30 18 * * fri"
    scheduler = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
    scheduler.start(paused=True)
    job = scheduler.get_job("weekly-test")
    scheduler.shutdown(wait=False)
    assert str(job.trigger.timezone) == "Europe/Paris"
    local = job.next_run_time.astimezone(ZoneInfo("Europe/Paris"))
    assert (local.weekday(), local.hour, local.minute) == (4, 18, 30)


def test_job_defaults_prevent_overlaps_and_pile_ups(app):
    scheduler = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
    scheduler.start(paused=True)
    job = scheduler.get_job("weekly-test")
    scheduler.shutdown(wait=False)
    assert job.coalesce is True and job.max_instances == 1
    assert job.misfire_grace_time == JOB_DEFAULTS["misfire_grace_time"] >= 3600
