"""A run missed while the scheduler was down happens once when it starts again."""
import threading
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text

from jobs import registry
from jobs.registry import JobSpec
from jobs.scheduler import JOBSTORE_TABLE, build_scheduler

RUNS: list[int] = []
RAN = threading.Event()
#: hourly, so three missed hours would be three runs without coalescing
SPEC = JobSpec(id="hourly-test", func="test_job_scheduler_restart:record_run", cron="0 * * * *")


def record_run():
    """The job: note that it ran."""
    RUNS.append(1)
    RAN.set()


def _stored_next_run(app):
    with app.extensions["db_engine"].connect() as conn:
        value = conn.execute(text("SELECT next_run_time FROM apscheduler_jobs WHERE id = :id"),
                             {"id": SPEC.id}).scalar_one()
    return datetime.fromtimestamp(value, UTC)


def _set_stored_next_run(app, when):
    store = SQLAlchemyJobStore(engine=app.extensions["db_engine"], tablename=JOBSTORE_TABLE)
    store.start(BackgroundScheduler(timezone="Europe/Paris"), "default")
    job = store.lookup_job(SPEC.id)
    job.next_run_time = when
    store.update_job(job)


def test_a_missed_run_happens_once_at_restart(app):
    RUNS.clear()
    RAN.clear()
    before = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
    before.start(paused=True)
    before.shutdown(wait=True)
    # The machine stopped three and a half hours ago, just before the job's run: that is
    # what the store says when the scheduler starts again.
    real_now = datetime.now(UTC)  # APScheduler itself runs on the real clock
    _set_stored_next_run(app, real_now - timedelta(hours=3, minutes=30))

    up = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
    up.start()
    assert RAN.wait(timeout=60)
    up.shutdown(wait=True)
    assert RUNS == [1]  # three missed hours, coalesced into one run
    assert _stored_next_run(app) > real_now


def test_restarting_without_a_missed_run_keeps_the_schedule(app):
    for _ in range(2):
        scheduler = build_scheduler(app, BackgroundScheduler, jobs=[SPEC])
        scheduler.start(paused=True)
        scheduler.shutdown(wait=False)
    next_run = _stored_next_run(app)
    assert (next_run.minute, next_run.second) == (0, 0) and next_run > datetime.now(UTC)


def test_every_job_of_the_programme_is_registered_with_its_schedule(app):
    scheduler = build_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=False)
    assert set(jobs) == {spec.id for spec in registry.JOBS} == {
        "deliver-outbox", "weekly-matching", "weekly-catch-up", "expire-proposals",
        "send-followups", "weekly-digest", "retention"}
    for spec in registry.JOBS:
        job = jobs[spec.id]
        assert job.func is registry.function(spec)
        assert job.coalesce and job.max_instances == 1
        assert str(job.trigger.timezone) == "Europe/Paris"
    weekly = {f.name: str(f) for f in jobs["weekly-matching"].trigger.fields}
    assert (weekly["day_of_week"], weekly["hour"], weekly["minute"]) == ("mon", "9", "0")
    digest = {f.name: str(f) for f in jobs["weekly-digest"].trigger.fields}
    assert (digest["day_of_week"], digest["hour"], digest["minute"]) == ("fri", "16", "0")


def test_the_weekly_time_comes_from_the_configuration(app):
    app.config["MATCHING_CRON"] = "30 18 * * fri"
    scheduler = build_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)
    job = scheduler.get_job("weekly-matching")
    scheduler.shutdown(wait=False)
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["day_of_week"], fields["hour"], fields["minute"]) == ("fri", "18", "30")


def test_jobs_command_lists_every_job_with_its_next_run(runner):
    from web.cli import cli

    result = runner.invoke(cli, ["jobs"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert set(lines) == {spec.id for spec in registry.JOBS}
    assert "0 9 * * mon" in lines["weekly-matching"] and " next " in lines["weekly-matching"]


def test_run_job_command_runs_a_job_and_refuses_unknown_ids(runner):
    from web.cli import cli

    result = runner.invoke(cli, ["run-job", "expire-proposals"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "expire-proposals: expired 0, reminded 0"
    unknown = runner.invoke(cli, ["run-job", "everything"])
    assert unknown.exit_code == 1
    assert unknown.output.startswith('Error: job_id: unknown job "everything"')
