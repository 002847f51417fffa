"""The weekly matching run: once per ISO week, all or nothing, never twice at once.

The week is claimed by inserting its `match_week` row (primary key, ON CONFLICT DO
NOTHING) in the same transaction as the run, its proposals and its e-mails. On
PostgreSQL a transaction-level advisory lock first serialises every run, so a second
scheduler started by mistake waits, then sees the week done and does nothing. A crash
rolls everything back, claim included.
"""
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from web.models import MatchWeek
from web.services.jobs_claims import claim
from web.services.matching import RunOutcome, lock_matching, run_matching


@dataclass
class WeeklyOutcome:
    """What `run_weekly` did: `skipped` when the week was already done."""

    week: str
    skipped: bool
    outcome: RunOutcome | None = None


def local_week(now: datetime, timezone: str) -> str:
    """The ISO week of `now` in the programme's time zone, e.g. "2026-W48"."""
    year, week, _ = now.astimezone(ZoneInfo(timezone)).isocalendar()
    return f"{year}-W{week:02d}"


def run_weekly(session: Session, now: datetime, *, timezone: str, force: bool = False,
               dry_run: bool = False, trigger: str = "schedule",
               coordinator_id: int | None = None) -> WeeklyOutcome:
    """Run the week's matching once; flushes, the caller commits (or rolls back on error).

    `force` runs again in a week already done (recorded with trigger "manual", without
    claiming the week); `dry_run` writes nothing and shows what a run would do.
    """
    week = local_week(now, timezone)
    if dry_run:
        return WeeklyOutcome(week, False, run_matching(session, now, dry_run=True))
    lock_matching(session)
    if force:
        outcome = run_matching(session, now, trigger="manual", coordinator_id=coordinator_id)
        return WeeklyOutcome(week, False, outcome)
    if not claim(session, MatchWeek, week=week, claimed_at=now):
        return WeeklyOutcome(week, True)
    outcome = run_matching(session, now, trigger=trigger, coordinator_id=coordinator_id)
    assert outcome.run is not None  # only a dry run has no MatchRun
    session.execute(update(MatchWeek).where(MatchWeek.week == week)
                    .values(match_run_id=outcome.run.id))
    session.flush()
    return WeeklyOutcome(week, False, outcome)
