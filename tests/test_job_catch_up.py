"""A weekly run missed or crashed is caught up: at scheduler start and every hour."""
import logging
import threading
from datetime import UTC, datetime, timedelta

from conftest import NOW
from sqlalchemy import func, select
from test_job_weekly_matching import arrange_pairs

from jobs.catch_up import scheduled_time, week_start, weekly_run_due
from jobs.weekly import weekly_catch_up, weekly_matching
from web.models import MatchRun, MatchWeek, Proposal

PARIS = "Europe/Paris"
MONDAY_9 = "0 9 * * mon"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# -- the decision, pure --------------------------------------------------------------------

def test_before_monday_nine_nothing_is_due_after_it_the_run_is():
    # Monday 2026-11-30: 09:00 in Paris is 08:00 UTC
    assert not weekly_run_due(utc(2026, 11, 30, 7, 59), MONDAY_9, PARIS, week_done=False)
    assert weekly_run_due(utc(2026, 11, 30, 8, 0), MONDAY_9, PARIS, week_done=False)
    assert weekly_run_due(utc(2026, 12, 6, 22, 59), MONDAY_9, PARIS, week_done=False)  # Sunday


def test_a_week_done_is_never_due():
    assert not weekly_run_due(utc(2026, 12, 2, 12, 0), MONDAY_9, PARIS, week_done=True)


def test_a_custom_time_from_the_configuration():
    wednesday = "30 18 * * wed"  # 17:30 UTC in winter
    assert scheduled_time(utc(2026, 11, 30, 12, 0), wednesday, PARIS) == utc(2026, 12, 2, 17, 30)
    assert not weekly_run_due(utc(2026, 12, 2, 17, 29), wednesday, PARIS, week_done=False)
    assert weekly_run_due(utc(2026, 12, 2, 17, 30), wednesday, PARIS, week_done=False)
    assert weekly_run_due(utc(2026, 12, 4, 9, 0), wednesday, PARIS, week_done=False)


def test_the_week_after_summer_time_starts():
    # Clocks went forward on Sunday 2026-03-29: Monday 09:00 is now 07:00 UTC, not 08:00.
    assert scheduled_time(utc(2026, 3, 30, 12, 0), MONDAY_9, PARIS) == utc(2026, 3, 30, 7, 0)
    assert weekly_run_due(utc(2026, 3, 30, 7, 30), MONDAY_9, PARIS, week_done=False)
    # A Sunday time in the week of the change is read in summer time on that Sunday.
    sunday = "30 18 * * sun"
    assert scheduled_time(utc(2026, 3, 25, 12, 0), sunday, PARIS) == utc(2026, 3, 29, 16, 30)


def test_the_week_starts_on_monday_in_the_programmes_time_zone_not_utc():
    # Sunday 23:30 UTC is Monday 00:30 in Paris: a new week there, whose run is not due yet.
    late_sunday = utc(2026, 11, 29, 23, 30)
    assert week_start(late_sunday, PARIS) == datetime.fromisoformat("2026-11-30T00:00+01:00")
    assert week_start(late_sunday, "UTC") == utc(2026, 11, 23)
    assert not weekly_run_due(late_sunday, MONDAY_9, PARIS, week_done=False)
    assert weekly_run_due(late_sunday, MONDAY_9, "UTC", week_done=False)
    # Every day at midnight: Monday 00:00 itself is this week's time.
    assert weekly_run_due(late_sunday, "0 0 * * *", PARIS, week_done=False)


# -- the job, on the database ---------------------------------------------------------------

def counts(session):
    session.expire_all()
    return [session.scalar(select(func.count()).select_from(model))
            for model in (MatchWeek, MatchRun, Proposal)]


def test_the_catch_up_runs_a_missed_week_once(app, session, caplog):
    arrange_pairs(session)
    caplog.set_level(logging.INFO, logger="bienvenue.jobs.weekly")
    first = weekly_catch_up(now=NOW + timedelta(hours=2), app=app)
    assert first["caught_up"] and first["week"] == "2026-W48" and first["proposals"] == 3
    assert "weekly catch-up: 2026-W48 did not run at its time" in caplog.text
    assert counts(session) == [1, 1, 3]
    run = session.get(MatchRun, first["run"])
    assert run.trigger == "schedule"
    assert session.get(MatchWeek, "2026-W48").match_run_id == run.id

    caplog.clear()
    again = weekly_catch_up(now=NOW + timedelta(hours=3), app=app)
    assert again == {"week": "2026-W48", "caught_up": False}
    assert counts(session) == [1, 1, 3] and "catch-up" not in caplog.text


def test_before_the_weeks_time_the_catch_up_waits(app, session):
    arrange_pairs(session)
    early = weekly_catch_up(now=NOW - timedelta(hours=2), app=app)  # Monday 08:00 in Paris
    assert early == {"week": "2026-W48", "caught_up": False}
    assert counts(session) == [0, 0, 0]


def test_a_week_run_on_time_then_forced_is_not_run_again(app, session):
    arrange_pairs(session)
    weekly_matching(now=NOW, app=app)
    weekly_matching(now=NOW + timedelta(hours=1), app=app, force=True)
    assert weekly_catch_up(now=NOW + timedelta(hours=2), app=app)["caught_up"] is False
    assert [r.trigger for r in session.scalars(select(MatchRun).order_by(MatchRun.id))] == [
        "schedule", "manual"]


def test_a_run_under_way_in_this_process_makes_the_catch_up_wait(app, session):
    import jobs.weekly

    arrange_pairs(session)
    with jobs.weekly._RUNNING:  # what the scheduled run holds while it works
        result = {}
        other = threading.Thread(target=lambda: result.update(
            weekly_catch_up(now=NOW + timedelta(hours=2), app=app)))
        other.start()
        other.join()
    assert result == {"caught_up": False, "reason": "a run is under way"}
    assert counts(session) == [0, 0, 0]


def test_the_catch_up_is_scheduled_hourly_and_at_start(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from jobs.scheduler import build_scheduler

    before = datetime.now(UTC)
    scheduler = build_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)
    job = scheduler.get_job("weekly-catch-up")
    scheduler.shutdown(wait=False)
    assert job.next_run_time <= datetime.now(UTC) and job.next_run_time >= before
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["minute"], fields["hour"]) == ("5", "*")
