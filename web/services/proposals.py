"""The lifecycle of a proposal, from suggestion to the end of the pairing (see docs/design.md).

Every transition is one conditional UPDATE (`WHERE status IN (...)`), so two answers
arriving at the same moment cannot both win. A volunteer's `load` counts their open
and active proposals; the database's CHECK (load <= capacity) refuses the one too many.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Integer, any_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.db import rows_changed
from web.models import Newcomer, ProblemReport, Proposal, Volunteer
from web.models.base import table_of
from web.models.proposals import DECLINE_CODES, END_REASONS, LOAD_STATUSES
from web.services import ServiceError, audit, bulk


class CapacityError(ServiceError):
    """The volunteer has no free place, or the newcomer already has an open proposal."""


def create_proposal(session: Session, now: datetime, newcomer_id: int, volunteer_id: int, *,
                    status: str = "proposed", score: float = 0.0, components=None, reasons=None,
                    match_run_id: int | None = None, source: str = "engine",
                    overridden: tuple = (), predicted_success: float | None = None) -> Proposal:
    """Reserve one of the volunteer's places and create the proposal, or raise CapacityError.

    `predicted_success`: the learned model's probability for the pair (`Pair.probability`),
    None when the default weights ranked it.

    Runs in a savepoint: a refusal by the database leaves the caller's transaction usable.
    """
    if status not in ("draft", "proposed"):
        raise ServiceError("status", "a new proposal is a draft or proposed")
    try:
        with session.begin_nested():
            reserved = rows_changed(
                session, update(Volunteer).where(Volunteer.id == volunteer_id)
                .values(load=Volunteer.load + 1))
            if reserved != 1:
                raise ServiceError("volunteer", "unknown volunteer")
            proposal = Proposal(newcomer_id=newcomer_id, volunteer_id=volunteer_id, status=status,
                                source=source, score=score, components=dict(components or {}),
                                reasons=dict(reasons or {}), match_run_id=match_run_id,
                                overridden_constraints=list(overridden), created_at=now,
                                predicted_success=predicted_success,
                                proposed_at=now if status == "proposed" else None)
            session.add(proposal)
            session.flush()
    except IntegrityError:
        raise CapacityError("volunteer", "no free place, or the newcomer already has an open "
                                         "proposal") from None
    session.refresh(proposal)
    return proposal


@dataclass
class PlannedPair:
    """A pair a matching run wants to propose, with what its proposal stores."""

    newcomer_id: int
    volunteer_id: int
    score: float
    components: dict
    reasons: dict
    #: the learned model's probability (`Pair.probability`); None with the default weights
    predicted_success: float | None = None


@dataclass
class BulkWrite:
    """What `write_run_proposals` stored: (proposal id, newcomer id, volunteer id) per new
    proposal, and the pairs it skipped because the data changed while the engine ran."""

    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)   # [(newcomer id, volunteer id, why)]


#: rows per statement: far below PostgreSQL's 65,535 parameters
CHUNK = 2000


def write_run_proposals(session: Session, now: datetime, planned: list[PlannedPair], *,
                        status: str, match_run_id: int) -> BulkWrite:
    """Store a run's proposals and reserve the volunteers' places with set-based statements.

    The engine worked on a snapshot read without locks; this is the run's only locking
    phase, kept short and in a fixed order so that a manual pairing or an answer never
    deadlocks with it:

    1. lock the volunteers concerned in id order (FOR NO KEY UPDATE on PostgreSQL; SQLite
       has one writer at a time) and re-check them: still vetted, active, not away, and
       how many places are still free — a pair beyond them is skipped, not forced;
    2. lock the newcomers concerned in id order (FOR KEY SHARE: they cannot be erased
       under us) and skip those no longer waiting;
    3. insert the proposals with INSERT … ON CONFLICT DO NOTHING (COPY into a scratch
       table first on PostgreSQL, web.services.bulk): a newcomer who got an open proposal
       meanwhile (the partial unique index) is skipped;
    4. add the proposals actually written to the volunteers' `load` with one UPDATE that
       counts them in the database; the CHECK (load <= capacity) still refuses anything
       too many, so a concurrent change is refused, never overwritten.
    """
    if status not in ("draft", "proposed"):
        raise ServiceError("status", "a new proposal is a draft or proposed")
    outcome = BulkWrite()
    if not planned:
        return outcome
    connection = session.connection()
    among = _among_for(session)
    free = {}
    for chunk in _chunks(sorted({p.volunteer_id for p in planned})):
        rows = connection.execute(
            select(Volunteer.id, Volunteer.load, Volunteer.capacity, Volunteer.status,
                   Volunteer.vetting_status, Volunteer.paused_until)
            .where(among(Volunteer.id, chunk)).order_by(Volunteer.id)
            .with_for_update(key_share=True))
        for row in rows:
            usable = (row.vetting_status == "approved" and row.status == "active"
                      and (row.paused_until is None or row.paused_until <= now.date()))
            free[row.id] = row.capacity - row.load if usable else 0
    waiting: set[int] = set()
    for chunk in _chunks(sorted({p.newcomer_id for p in planned})):
        waiting.update(connection.execute(
            select(Newcomer.id).where(among(Newcomer.id, chunk), Newcomer.status == "waiting")
            .order_by(Newcomer.id).with_for_update(read=True, key_share=True)).scalars())

    keep = []
    for pair in planned:
        if pair.newcomer_id not in waiting:
            outcome.skipped.append((pair.newcomer_id, pair.volunteer_id, "newcomer"))
        elif free.get(pair.volunteer_id, 0) < 1:
            outcome.skipped.append((pair.newcomer_id, pair.volunteer_id, "volunteer"))
        else:
            free[pair.volunteer_id] -= 1
            keep.append(pair)

    proposed_at = now if status == "proposed" else None
    new_rows: list[dict] = [
        dict(newcomer_id=p.newcomer_id, volunteer_id=p.volunteer_id, status=status,
             source="engine", score=p.score, components=dict(p.components),
             reasons=dict(p.reasons), overridden_constraints=[], match_run_id=match_run_id,
             predicted_success=p.predicted_success, created_at=now, proposed_at=proposed_at)
        for p in keep]
    outcome.created = sorted(bulk.insert_new_rows(session, table_of(Proposal), new_rows,
                                                  ("id", "newcomer_id", "volunteer_id")))
    written = {(n, v) for _, n, v in outcome.created}
    outcome.skipped += [(p.newcomer_id, p.volunteer_id, "newcomer") for p in keep
                        if (p.newcomer_id, p.volunteer_id) not in written]
    # Each volunteer's load grows by the proposals just written for them, counted by the
    # database itself; their rows are already locked.
    mine = Proposal.match_run_id == match_run_id
    taken = (select(func.count()).where(mine, Proposal.volunteer_id == Volunteer.id)
             .scalar_subquery())
    session.execute(update(Volunteer)
                    .where(Volunteer.id.in_(select(Proposal.volunteer_id).where(mine)))
                    .values(load=Volunteer.load + taken)
                    .execution_options(synchronize_session=False))
    return outcome


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _among_for(session: Session):
    """`column IN ids` for the dialect: one array parameter (= ANY) on PostgreSQL, where an
    IN list of thousands is costly to render; a plain IN list on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column, ids: column == any_(bindparam("ids", list(ids),
                                                            type_=postgresql.ARRAY(Integer)))
    return lambda column, ids: column.in_(ids)


def _move(session: Session, proposal: Proposal, allowed: tuple, status: str, **values) -> None:
    """Change the status only if it is still one of `allowed`; free the place if it ends."""
    moved = rows_changed(session, update(Proposal).where(Proposal.id == proposal.id,
                                                         Proposal.status.in_(allowed))
                         .values(status=status, **values))
    if moved != 1:
        session.refresh(proposal)
        raise ServiceError("status", f"this proposal is already {proposal.status}")
    if status not in LOAD_STATUSES:
        session.execute(update(Volunteer).where(Volunteer.id == proposal.volunteer_id)
                        .values(load=Volunteer.load - 1))
    session.flush()
    session.refresh(proposal)
    session.refresh(proposal.volunteer)


def of_person(session: Session, kind: str, person, proposal_id: int) -> Proposal | None:
    """The proposal `proposal_id` if it belongs to `person` (a "newcomer" or "volunteer"),
    else None: nobody reaches another person's proposal from their own page."""
    proposal = session.get(Proposal, proposal_id) if 0 < proposal_id < 2**31 else None
    if proposal is None:
        return None
    owner = proposal.newcomer_id if kind == "newcomer" else proposal.volunteer_id
    return proposal if owner == person.id else None


def send_proposal(session: Session, now: datetime, proposal: Proposal) -> None:
    """A draft approved by a coordinator goes to the volunteer."""
    _move(session, proposal, ("draft",), "proposed", proposed_at=now)
    _notify_volunteer_of_proposal(session, now, proposal)


def reject_proposal(session: Session, proposal: Proposal, note: str | None = None) -> None:
    """A coordinator rejects a draft: the pair is not proposed again, the place is freed."""
    _move(session, proposal, ("draft",), "rejected", end_note=(note or "").strip() or None)


def reasons_for(proposal: Proposal, locale: str) -> list[str]:
    """The engine's reasons in the reader's language; English for proposals stored before
    reasons came in every interface language (they held French and English only)."""
    reasons = proposal.reasons or {}
    return list(reasons.get(locale) or reasons.get("en") or reasons.get("fr") or [])


def _notify_volunteer_of_proposal(session, now, proposal):
    from web.services.notify import email_person

    email_person(session, now, proposal.volunteer, "proposal_volunteer",
                 **_proposal_context(proposal.newcomer, reasons_for(proposal,
                                                                     proposal.volunteer.locale)))


def _proposal_context(newcomer, reasons: list[str]) -> dict:
    from flask import current_app

    return dict(newcomer_name=newcomer.first_name, reasons=reasons,
                expiry_days=current_app.config.get("PROPOSAL_EXPIRY_DAYS", 7))


def proposal_message_row(now: datetime, volunteer, newcomer, reasons_by_lang: dict):
    """The outbox row telling `volunteer` about a proposal (what `send_proposal` queues),
    rendered without writing anything; None when the volunteer cannot be reached."""
    from web.services.notify import message_row

    reasons = list(reasons_by_lang.get(volunteer.locale) or reasons_by_lang.get("en")
                   or reasons_by_lang.get("fr") or [])
    return message_row(now, volunteer, "proposal_volunteer",
                       **_proposal_context(newcomer, reasons))


def announce_new_proposals(session: Session, now: datetime, proposals) -> None:
    """E-mail each volunteer the proposals a run just made (status proposed)."""
    for proposal in proposals:
        if proposal.status == "proposed":
            _notify_volunteer_of_proposal(session, now, proposal)


def volunteer_accepts(session: Session, now: datetime, proposal: Proposal) -> None:
    """The volunteer says yes; the newcomer is asked to confirm."""
    from web.services.notify import email_person

    _move(session, proposal, ("proposed",), "accepted", volunteer_answered_at=now)
    audit.record(session, now, "proposal.accepted", actor=f"volunteer:{proposal.volunteer_id}",
                 target_type="proposal", target_id=proposal.id)
    email_person(session, now, proposal.newcomer, "proposal_newcomer",
                 volunteer_name=proposal.volunteer.first_name,
                 reasons=reasons_for(proposal, proposal.newcomer.locale))


def _check_decline(code: str, text: str | None) -> None:
    if code not in DECLINE_CODES:
        raise ServiceError("decline_code", f"expected one of {', '.join(DECLINE_CODES)}")
    if code == "other" and not (text or "").strip():
        raise ServiceError("decline_reason", "say a few words when the reason is « other »")


def volunteer_declines(session: Session, now: datetime, proposal: Proposal, code: str,
                       text: str | None = None) -> None:
    """The volunteer says no; the pair is excluded and the newcomer keeps their place in line."""
    _check_decline(code, text)
    _move(session, proposal, ("proposed",), "declined_by_volunteer", volunteer_answered_at=now,
          decline_code=code, decline_reason=(text or "").strip() or None)
    audit.record(session, now, "proposal.declined_by_volunteer",
                 actor=f"volunteer:{proposal.volunteer_id}", target_type="proposal",
                 target_id=proposal.id, code=code)


def newcomer_confirms(session: Session, now: datetime, proposal: Proposal) -> None:
    """The newcomer says yes too: the pairing is active and both are introduced."""
    from web.services.introductions import introduce

    _move(session, proposal, ("accepted",), "active", newcomer_answered_at=now, activated_at=now)
    proposal.newcomer.status = "matched"
    audit.record(session, now, "proposal.activated", actor=f"newcomer:{proposal.newcomer_id}",
                 target_type="proposal", target_id=proposal.id)
    introduce(session, now, proposal)


def newcomer_declines(session: Session, now: datetime, proposal: Proposal, code: str,
                      text: str | None = None) -> None:
    """The newcomer prefers another buddy; they stay on the waiting list."""
    _check_decline(code, text)
    _move(session, proposal, ("accepted",), "declined_by_newcomer", newcomer_answered_at=now,
          decline_code=code, decline_reason=(text or "").strip() or None)
    audit.record(session, now, "proposal.declined_by_newcomer",
                 actor=f"newcomer:{proposal.newcomer_id}", target_type="proposal",
                 target_id=proposal.id, code=code)


def end_pairing(session: Session, now: datetime, proposal: Proposal, reason: str, *,
                by: str, note: str | None = None) -> None:
    """End an active pairing; the other person is told. `by` is "newcomer", "volunteer" or
    "coordinator:<id>"."""
    from web.services.notify import email_person

    if reason not in END_REASONS:
        raise ServiceError("end_reason", f"expected one of {', '.join(END_REASONS)}")
    _move(session, proposal, ("active",), "ended", ended_at=now, end_reason=reason,
          end_note=(note or "").strip() or None)
    if proposal.newcomer.status == "matched":
        # A pairing that did not work sends the newcomer back to the waiting list, keeping
        # their original waiting date and so their priority.
        proposal.newcomer.status = "waiting" if reason in ("not_working", "problem") else "done"
    audit.record(session, now, "proposal.ended", actor=by, target_type="proposal",
                 target_id=proposal.id, reason=reason)
    if by == "volunteer":
        email_person(session, now, proposal.newcomer, "pairing_ended",
                     other_name=proposal.volunteer.first_name)
    elif by == "newcomer":
        email_person(session, now, proposal.volunteer, "pairing_ended",
                     other_name=proposal.newcomer.first_name)


def report_problem(session: Session, now: datetime, proposal: Proposal, reporter, message: str
                   ) -> ProblemReport:
    """Record a problem about a pairing and alert every coordinator at once."""
    from web.services.notify import email_coordinators

    message = (message or "").strip()
    if not message:
        raise ServiceError("message", "describe the problem in a few words")
    reporter_type = reporter.kind
    report = ProblemReport(proposal_id=proposal.id, reporter_type=reporter_type,
                           reporter_id=reporter.id, message=message[:4000], created_at=now)
    session.add(report)
    session.flush()
    audit.record(session, now, "problem.reported", actor=f"{reporter_type}:{reporter.id}",
                 target_type="proposal", target_id=proposal.id, report_id=report.id)
    email_coordinators(session, now, "problem_alert", reporter_type=reporter_type,
                       reporter_name=reporter.first_name,
                       newcomer_name=proposal.newcomer.first_name,
                       volunteer_name=proposal.volunteer.first_name, message=message,
                       report_id=report.id)
    return report


def proposals_for(session: Session, person) -> Sequence[Proposal]:
    """A person's proposals, newest first."""
    column = Proposal.newcomer_id if person.kind == "newcomer" else Proposal.volunteer_id
    return session.scalars(select(Proposal).where(column == person.id)
                           .order_by(Proposal.created_at.desc(), Proposal.id.desc())).all()


def current_proposal(session: Session, newcomer: Newcomer) -> Proposal | None:
    """The newcomer's open proposal or active pairing, if any."""
    return session.scalar(select(Proposal).where(Proposal.newcomer_id == newcomer.id,
                                                 Proposal.status.in_(LOAD_STATUSES)))
