"""The coordinators' dashboard lists: who waits, what awaits an answer, who to vet, open
problems, and what the last matching run left unmatched.

Read-only: each list is one page computed in SQL (`web.services.pagination`).
"""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from web.models import MatchRun, Newcomer, ProblemReport, Proposal, Volunteer
from web.services.expiry import DEFAULT_EXPIRY_DAYS
from web.services.matching import waiting_for_a_buddy
from web.services.pagination import Page, paginate

#: an open proposal is flagged when it expires within this many days
EXPIRY_WARNING_DAYS = 2


def last_run(session: Session) -> MatchRun | None:
    """The most recent finished matching run."""
    return session.scalar(select(MatchRun).where(MatchRun.status == "done")
                          .order_by(MatchRun.started_at.desc(), MatchRun.id.desc()).limit(1))


def unmatched_reasons(run: MatchRun | None) -> dict[int, dict]:
    """{newcomer id: {"fr": reason, "en": reason}} from a run's stats."""
    if run is None:
        return {}
    return {item["newcomer"]: item for item in (run.stats or {}).get("unmatched_newcomers", [])
            if isinstance(item, dict) and "newcomer" in item}


def waiting_list(session: Session, page: int = 1) -> Page:
    """Newcomers waiting for a buddy (`matching.waiting_for_a_buddy`, the one count of
    "waiting"), the longest wait first."""
    # Each row's neighbourhood joined in the same statement: the list shows it.
    query = (waiting_for_a_buddy().options(joinedload(Newcomer.neighbourhood))
             .order_by(Newcomer.waiting_since, Newcomer.id))
    return paginate(session, query, page)


def expiry_days(config: dict) -> int:
    """Days a volunteer has to answer a proposal (config PROPOSAL_EXPIRY_DAYS)."""
    return int(config.get("PROPOSAL_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS))


def awaiting_answer(session: Session, page: int = 1) -> Page:
    """Proposals sent and not answered yet (by the volunteer, then the newcomer), oldest first."""
    # Both people of each row, and their neighbourhoods, joined in the same statement, not
    # one query per row.
    query = (select(Proposal).where(Proposal.status.in_(("proposed", "accepted")))
             .options(joinedload(Proposal.newcomer).joinedload(Newcomer.neighbourhood),
                      joinedload(Proposal.volunteer).joinedload(Volunteer.neighbourhood))
             .order_by(Proposal.proposed_at, Proposal.id))
    return paginate(session, query, page)


def expires_soon(proposal: Proposal, now: datetime, days: int) -> bool:
    """True when a sent proposal expires within EXPIRY_WARNING_DAYS (or is overdue)."""
    sent = proposal.volunteer_answered_at or proposal.proposed_at
    if sent is None:
        return False
    return sent + timedelta(days=days) - now <= timedelta(days=EXPIRY_WARNING_DAYS)


def to_vet(session: Session, page: int = 1) -> Page:
    """Volunteers waiting for their interview, the oldest signup first."""
    query = (select(Volunteer).where(Volunteer.vetting_status == "pending",
                                     Volunteer.status == "active")
             .options(joinedload(Volunteer.neighbourhood))
             .order_by(Volunteer.created_at, Volunteer.id))
    return paginate(session, query, page)


def open_problems(session: Session, page: int = 1) -> Page:
    """Problem reports nobody handled yet, the oldest first."""
    query = (select(ProblemReport).where(ProblemReport.handled_at.is_(None))
             .options(joinedload(ProblemReport.proposal).joinedload(Proposal.newcomer)
                      .joinedload(Newcomer.neighbourhood),
                      joinedload(ProblemReport.proposal).joinedload(Proposal.volunteer)
                      .joinedload(Volunteer.neighbourhood))
             .order_by(ProblemReport.created_at, ProblemReport.id))
    return paginate(session, query, page)
