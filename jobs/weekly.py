"""The weekly matching job (Monday 09:00 by default, MATCHING_CRON) and its catch-up."""
import logging
import threading
from datetime import datetime

from sqlalchemy import select

from jobs.catch_up import scheduled_time, weekly_run_due
from jobs.common import run_in_transaction
from web import clock
from web.services.weekly import local_week, run_weekly

log = logging.getLogger("bienvenue.jobs.weekly")

#: one weekly run at a time in this process: the scheduled job and the catch-up can both
#: fire at start-up, and on SQLite the second would wait on the database's write lock
#: (PostgreSQL serialises runs across processes with an advisory lock)
_RUNNING = threading.RLock()


def weekly_matching(now: datetime | None = None, app=None, force: bool = False) -> dict:
    """Run this week's matching once (all or nothing); returns a summary."""
    def work(session, now, config):
        log.info("weekly matching: run started (%s)", local_week(now, config["TIMEZONE"]))
        done = run_weekly(session, now, timezone=config["TIMEZONE"], force=force)
        if done.skipped:
            log.info("weekly matching: %s already done, nothing to do", done.week)
            return {"week": done.week, "skipped": True}
        outcome = done.outcome
        # a run not skipped has an outcome, and one that is not a dry run its MatchRun
        assert outcome is not None and outcome.run is not None
        stats = outcome.stats
        summary = {"week": done.week, "skipped": False, "run": outcome.run.id,
                   "proposals": stats["proposals"], "unmatched": stats["unmatched"],
                   "seconds": stats["seconds"]}
        log.info("weekly matching %(week)s: run %(run)d, %(proposals)d proposals, "
                 "%(unmatched)d unmatched, %(seconds)ss", summary)
        return summary

    with _RUNNING:
        return run_in_transaction(work, now, app)


def weekly_catch_up(now: datetime | None = None, app=None) -> dict:
    """Run this week's matching if its scheduled time has passed and the week is not done.

    A scheduler killed during the run, or down at its time for longer than the misfire
    grace, leaves the week unclaimed while APScheduler waits for next week. Runs at
    scheduler start and hourly; otherwise one query (is the week claimed?) and nothing.
    """
    from web.models import MatchWeek

    now = now or clock.utcnow()
    if not _RUNNING.acquire(blocking=False):
        return {"caught_up": False, "reason": "a run is under way"}
    try:
        def week_done(session, now, config):
            week = local_week(now, config["TIMEZONE"])
            claimed = session.scalar(select(MatchWeek.week).where(MatchWeek.week == week))
            return week, claimed is not None, config["MATCHING_CRON"], config["TIMEZONE"]

        week, done, cron, timezone = run_in_transaction(week_done, now, app)
        if not weekly_run_due(now, cron, timezone, done):
            return {"week": week, "caught_up": False}
        log.info("weekly catch-up: %s did not run at its time (%s); running it now",
                 week, f"{scheduled_time(now, cron, timezone):%Y-%m-%d %H:%M %Z}")
        return {"caught_up": True, **weekly_matching(now, app)}
    finally:
        _RUNNING.release()
