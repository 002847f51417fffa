"""Coordinators' work lists and decisions: dashboard lists, vetting, review of drafts,
problem reports.

Manual pairing and the person pages live in `web.services.coord_people`.
Every function takes the session and `now`, flushes, never commits; every decision
writes an audit entry with the coordinator's id.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

import matcher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from web.models import (Coordinator, MatchRun, Newcomer, ProblemReport, Proposal, Setting,
                        Volunteer)
from web.models.people import LOCALES
from web.models.proposals import LOAD_STATUSES
from web.services import ServiceError, audit
from web.services.matching import (REVIEW_SETTING, all_labels, available_volunteers,
                                   configured_engine, in_language, setting, stored_reasons)
from web.services.proposals import CapacityError, create_proposal, send_proposal

PER_PAGE = 25
DEFAULT_EXPIRY_DAYS = 7
#: an open proposal is flagged when it expires within this many days
EXPIRY_WARNING_DAYS = 2


@dataclass
class Page:
    """One page of a list computed in SQL: `items`, the total count and page numbers."""

    items: list
    total: int
    page: int
    pages: int


def paginate(session: Session, query, page: int, per_page: int = PER_PAGE) -> Page:
    """Run `query` (a select) for one page; counts the rows in SQL too."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    items = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([row[0] if len(row) == 1 else tuple(row) for row in items], total, page, pages)


def actor(coordinator: Coordinator) -> str:
    """The audit log's actor string for a coordinator."""
    return f"coordinator:{coordinator.id}"


# --- Dashboard lists -----------------------------------------------------------------------

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
    """Newcomers waiting with nothing open, the longest wait first."""
    busy = select(Proposal.newcomer_id).where(Proposal.status.in_(LOAD_STATUSES))
    query = (select(Newcomer).where(Newcomer.status == "waiting", Newcomer.id.not_in(busy))
             .order_by(Newcomer.waiting_since, Newcomer.id))
    return paginate(session, query, page)


def expiry_days(config: dict) -> int:
    """Days a volunteer has to answer a proposal (config PROPOSAL_EXPIRY_DAYS)."""
    return int(config.get("PROPOSAL_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS))


def awaiting_answer(session: Session, page: int = 1) -> Page:
    """Proposals sent and not answered yet (by the volunteer, then the newcomer), oldest first."""
    query = (select(Proposal).where(Proposal.status.in_(("proposed", "accepted")))
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
             .order_by(Volunteer.created_at, Volunteer.id))
    return paginate(session, query, page)


def open_problems(session: Session, page: int = 1) -> Page:
    """Problem reports nobody handled yet, the oldest first."""
    query = (select(ProblemReport).where(ProblemReport.handled_at.is_(None))
             .order_by(ProblemReport.created_at, ProblemReport.id))
    return paginate(session, query, page)


def handle_problem(session: Session, now: datetime, report: ProblemReport,
                   coordinator: Coordinator, note: str) -> None:
    """Mark a problem report handled, saying what was done."""
    note = (note or "").strip()
    if not note:
        raise ServiceError("note", "say what was done")
    done = session.execute(update(ProblemReport).where(
        ProblemReport.id == report.id, ProblemReport.handled_at.is_(None)).values(
        handled_at=now, handled_by_id=coordinator.id, handling_note=note[:4000]))
    if done.rowcount != 1:
        raise ServiceError("report", "already handled")
    session.refresh(report)
    audit.record(session, now, "problem.handled", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal",
                 target_id=report.proposal_id, report_id=report.id)
    session.flush()


# --- Vetting -------------------------------------------------------------------------------

def vet_volunteer(session: Session, now: datetime, volunteer: Volunteer,
                  coordinator: Coordinator, approved: bool, note: str) -> None:
    """Approve or refuse a volunteer after the interview; an approved volunteer is e-mailed."""
    from web.services.notify import email_person

    note = (note or "").strip()
    if not approved and not note:
        raise ServiceError("note", "say why the volunteer is refused")
    volunteer.vetting_status = "approved" if approved else "refused"
    volunteer.vetting_note = note or None
    volunteer.vetted_at = now
    volunteer.vetted_by_id = coordinator.id
    audit.record(session, now, "volunteer.approved" if approved else "volunteer.refused",
                 actor=actor(coordinator), coordinator_id=coordinator.id,
                 target_type="volunteer", target_id=volunteer.id)
    if approved:
        email_person(session, now, volunteer, "volunteer_approved")
    session.flush()


# --- Review of drafts ----------------------------------------------------------------------

def review_enabled(session: Session) -> bool:
    """Whether proposals from runs wait for a coordinator (default: yes)."""
    return bool(setting(session, REVIEW_SETTING, True))


def set_review(session: Session, now: datetime, coordinator: Coordinator, enabled: bool) -> None:
    """Turn the review of proposals on or off (admins only: the view checks)."""
    row = session.get(Setting, REVIEW_SETTING)
    if row is None:
        session.add(Setting(key=REVIEW_SETTING, value=bool(enabled)))
    else:
        row.value = bool(enabled)
    audit.record(session, now, "setting.changed", actor=actor(coordinator),
                 coordinator_id=coordinator.id, key=REVIEW_SETTING, value=bool(enabled))
    session.flush()


def drafts(session: Session, page: int = 1) -> Page:
    """Draft proposals waiting for review, the longest-waiting newcomer first."""
    query = (select(Proposal).join(Newcomer, Proposal.newcomer_id == Newcomer.id)
             .where(Proposal.status == "draft")
             .order_by(Newcomer.waiting_since, Proposal.id))
    return paginate(session, query, page)


def approve_draft(session: Session, now: datetime, proposal: Proposal,
                  coordinator: Coordinator) -> None:
    """Send a draft to its volunteer."""
    send_proposal(session, now, proposal)
    audit.record(session, now, "proposal.approved", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=proposal.id)


def approve_all(session: Session, now: datetime, coordinator: Coordinator) -> int:
    """Send every draft; returns how many were sent (drafts changed meanwhile are skipped)."""
    sent = 0
    for proposal in session.scalars(select(Proposal).where(Proposal.status == "draft")
                                    .order_by(Proposal.id)).all():
        try:
            approve_draft(session, now, proposal, coordinator)
        except ServiceError:
            continue
        sent += 1
    return sent


def reject_draft(session: Session, now: datetime, proposal: Proposal,
                 coordinator: Coordinator, note: str | None = None) -> None:
    """Reject a draft: the pair is never proposed again and the volunteer's place is freed.

    One conditional UPDATE, like every transition, so two coordinators cannot both act.
    """
    done = session.execute(update(Proposal).where(Proposal.id == proposal.id,
                                                  Proposal.status == "draft")
                           .values(status="rejected", end_note=(note or "").strip() or None))
    if done.rowcount != 1:
        session.refresh(proposal)
        raise ServiceError("status", f"this proposal is already {proposal.status}")
    session.execute(update(Volunteer).where(Volunteer.id == proposal.volunteer_id)
                    .values(load=Volunteer.load - 1))
    session.flush()
    session.refresh(proposal)
    session.refresh(proposal.volunteer)
    audit.record(session, now, "proposal.rejected", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=proposal.id)


def alternatives(session: Session, now: datetime, proposal: Proposal, limit: int = 10) -> list:
    """Other volunteers for the draft's newcomer, best first: [(volunteer, pair_fr, pair_en)].

    The draft's own volunteer is left out (the coordinator wants someone else) and every
    other volunteer is seen as if this draft did not exist.
    """
    volunteers = [v for v in available_volunteers(session, now) if v.id != proposal.volunteer_id]
    # Ranked as the weekly run weighs pairs: by the learned model when it is switched on.
    problem, learned = configured_engine(session, now, [proposal.newcomer], volunteers)
    problem = _with_excluded(problem, {(proposal.newcomer_id, proposal.volunteer_id)})
    by_id = {v.id: v for v in volunteers}
    ranked = matcher.rank_volunteers(problem, proposal.newcomer_id, lang="fr", limit=limit,
                                     langs=LOCALES, labels_by_lang=all_labels(), learned=learned)
    return [(by_id[p.volunteer], p, in_language(p, "en")) for p in ranked]


def _with_excluded(problem: matcher.Problem, pairs: set) -> matcher.Problem:
    from dataclasses import replace

    return replace(problem, excluded_pairs=frozenset(problem.excluded_pairs) | frozenset(pairs))


def swap_draft(session: Session, now: datetime, proposal: Proposal, volunteer_id: int,
               coordinator: Coordinator) -> Proposal:
    """Replace a draft's volunteer by one from `alternatives`: the old draft is rejected and
    a new draft, from the coordinator, takes its place."""
    choice = {v.id: (p, en) for v, p, en in alternatives(session, now, proposal, limit=None)}
    if volunteer_id not in choice:
        raise ServiceError("volunteer", "this volunteer cannot be proposed to this newcomer")
    pair_fr, _ = choice[volunteer_id]
    reject_draft(session, now, proposal, coordinator, note="replaced")
    try:
        new = create_proposal(session, now, proposal.newcomer_id, volunteer_id, status="draft",
                              score=pair_fr.score, components=dict(pair_fr.components),
                              reasons=stored_reasons(pair_fr),
                              match_run_id=proposal.match_run_id, source="coordinator",
                              predicted_success=pair_fr.probability)
    except CapacityError:
        raise ServiceError("volunteer", "this volunteer has just become full") from None
    audit.record(session, now, "proposal.swapped", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal", target_id=new.id,
                 replaces=proposal.id)
    return new
