"""What coordinators read about past work: matching runs, the newcomers a run left
unmatched, answered follow-ups; and the audit entry of a job started by hand.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Coordinator, Followup, MatchRun, Newcomer
from web.services import audit, delivery, retention
from web.services.accounts import actor
from web.services.pagination import Page, paginate

PER_PAGE = 20


def match_runs(session: Session, page: int = 1) -> Page:
    """Every matching run, newest first."""
    return paginate(session, select(MatchRun).order_by(MatchRun.started_at.desc(),
                                                       MatchRun.id.desc()), page, PER_PAGE)


def unmatched(session: Session, run: MatchRun) -> tuple[list[dict], dict[int, str]]:
    """The newcomers `run` left unmatched (with the reason) and {id: first name} of those
    not erased since."""
    rows = list((run.stats or {}).get("unmatched_newcomers", []))
    ids = [row.get("newcomer") for row in rows]
    names = dict(session.execute(select(Newcomer.id, Newcomer.first_name)
                                 .where(Newcomer.id.in_(ids))).all()) if ids else {}
    return rows, names


def followup_answers(session: Session, page: int = 1) -> Page:
    """Answered follow-ups, newest first."""
    return paginate(session, select(Followup).where(Followup.answered_at.is_not(None))
                    .order_by(Followup.answered_at.desc(), Followup.id.desc()), page, PER_PAGE)


def record_job_run(session: Session, now: datetime, coordinator: Coordinator, job_id: str,
                   result: dict | None) -> None:
    """Audit a job a coordinator started by hand, with what it did."""
    audit.record(session, now, "job.run", actor=actor(coordinator),
                 coordinator_id=coordinator.id, job=job_id, result=result)
    session.flush()


def job_reach(session: Session, now: datetime, job_id: str, config) -> int | None:
    """How many people or messages starting `job_id` now would touch, where that is known
    beforehand (the coordinator confirms with the count): the people retention would
    erase, the messages due in the outbox. None for the other jobs."""
    if job_id == "retention":
        months = retention.configured_months(config)
        return len(retention.due_for_erasure(session, now, months))
    if job_id == "deliver-outbox":
        return delivery.due_count(session, now)
    return None
