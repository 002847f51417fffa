"""What coordinators do about one person: find them, read their history, local life,
notes and audit trail; write a note; place, pause or erase them; register them from a
phone call; handle the problems reported about a pairing.

Every action writes an audit entry with the coordinator's id; functions flush, the
caller commits.
"""
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from web.db import rows_changed
from web.models import (
    AuditEntry,
    Coordinator,
    Gathering,
    GatheringInvitation,
    Neighbourhood,
    Newcomer,
    Note,
    Participation,
    ProblemReport,
    Proposal,
    Volunteer,
)
from web.models.proposals import LOAD_STATUSES
from web.services import ServiceError, audit, people
from web.services.accounts import actor
from web.services.pagination import Page, paginate

NOTE_MAX = 4000


# --- Finding people ------------------------------------------------------------------------

def search(session: Session, model, text: str, page: int = 1, waiting_only: bool = False
           ) -> Page:
    """Newcomers or volunteers whose first name, e-mail or phone contains `text`, by name."""
    query = select(model).options(joinedload(model.neighbourhood))
    text = (text or "").strip()[:100]
    if text:
        query = query.where(or_(model.first_name.icontains(text, autoescape=True),
                                model.email.icontains(text, autoescape=True),
                                model.phone.icontains(text, autoescape=True)))
    if waiting_only and model is Newcomer:
        busy = select(Proposal.newcomer_id).where(Proposal.status.in_(LOAD_STATUSES))
        query = query.where(Newcomer.status == "waiting", Newcomer.id.not_in(busy))
    if waiting_only and model is Volunteer:
        query = query.where(Volunteer.vetting_status == "approved", Volunteer.status == "active")
    return paginate(session, query.order_by(model.first_name, model.id), page)


def history(session: Session, person) -> Sequence[Proposal]:
    """Every proposal and pairing of the person, newest first."""
    column = Proposal.newcomer_id if person.kind == "newcomer" else Proposal.volunteer_id
    return session.scalars(select(Proposal).where(column == person.id)
                           .order_by(Proposal.created_at.desc(), Proposal.id.desc())).all()


def local_life(session: Session, newcomer: Newcomer) -> dict:
    """What a newcomer did beside the buddy search: the activities they said they go to
    and the gatherings they were suggested for or invited to, newest first."""
    going = session.scalars(
        select(Participation).options(selectinload(Participation.activity))
        .where(Participation.newcomer_id == newcomer.id)
        .order_by(Participation.occurrence_start.desc())).all()
    invitations = session.scalars(
        select(GatheringInvitation).options(selectinload(GatheringInvitation.gathering))
        .join(Gathering).where(GatheringInvitation.newcomer_id == newcomer.id,
                               GatheringInvitation.status != "suggested")
        .order_by(Gathering.starts_at.desc())).all()
    return {"participations": going, "invitations": invitations}


def notes(session: Session, kind: str, person_id: int) -> Sequence[Note]:
    """The notes about a person, newest first."""
    return session.scalars(select(Note).where(Note.target_type == kind,
                                              Note.target_id == person_id)
                           .order_by(Note.created_at.desc(), Note.id.desc())).all()


def audit_trail(session: Session, kind: str, person_id: int,
                limit: int = 100) -> Sequence[AuditEntry]:
    """The audit entries about a person, newest first."""
    return session.scalars(select(AuditEntry).where(AuditEntry.target_type == kind,
                                                    AuditEntry.target_id == person_id)
                           .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                           .limit(limit)).all()


def coordinator_names(session: Session, ids) -> dict[int, str]:
    """{coordinator id: name or e-mail} for showing authors."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {c.id: c.name or c.email
            for c in session.scalars(select(Coordinator).where(Coordinator.id.in_(ids)))}


# --- Actions on a person -------------------------------------------------------------------

def add_note(session: Session, now: datetime, person, coordinator: Coordinator, text: str) -> Note:
    """Write a dated note about the person."""
    text = (text or "").strip()
    if not text:
        raise ServiceError("text", "write the note")
    kind = person.kind
    note = Note(target_type=kind, target_id=person.id, coordinator_id=coordinator.id,
                text=text[:NOTE_MAX], created_at=now)
    session.add(note)
    session.flush()
    audit.record(session, now, f"{kind}.note_added", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type=kind, target_id=person.id,
                 note_id=note.id)
    return note


def place_newcomer(session: Session, now: datetime, newcomer: Newcomer,
                   coordinator: Coordinator, neighbourhood_id: int) -> None:
    """Put a newcomer in a neighbourhood (e.g. one who did not know theirs)."""
    neighbourhood = session.get(Neighbourhood, neighbourhood_id)
    if neighbourhood is None:
        raise ServiceError("neighbourhood", "unknown neighbourhood")
    previous = newcomer.neighbourhood_id
    newcomer.neighbourhood_id = neighbourhood.id
    newcomer.updated_at = now
    audit.record(session, now, "newcomer.placed", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="newcomer", target_id=newcomer.id,
                 neighbourhood=neighbourhood.slug, previous=previous,
                 address_hint=newcomer.address_hint)
    session.flush()


def pause_newcomer(session: Session, now: datetime, newcomer: Newcomer,
                   coordinator: Coordinator, paused: bool) -> None:
    """Leave a newcomer out of matching (keeping their wait), or put them back."""
    if newcomer.status not in ("waiting", "paused"):
        raise ServiceError("status", f"the newcomer is {newcomer.status}")
    newcomer.status = "paused" if paused else "waiting"
    audit.record(session, now, "newcomer.paused" if paused else "newcomer.resumed",
                 actor=actor(coordinator), coordinator_id=coordinator.id,
                 target_type="newcomer", target_id=newcomer.id)
    session.flush()


def pause_volunteer(session: Session, now: datetime, volunteer: Volunteer,
                    coordinator: Coordinator, until: date | None) -> None:
    """A volunteer away until a date (not proposed before it), or back now."""
    if until is not None and until <= now.date():
        raise ServiceError("paused_until", "the date must be in the future")
    volunteer.paused_until = until
    audit.record(session, now, "volunteer.paused" if until else "volunteer.resumed",
                 actor=actor(coordinator), coordinator_id=coordinator.id,
                 target_type="volunteer", target_id=volunteer.id,
                 until=until.isoformat() if until else None)
    session.flush()


def erase(session: Session, now: datetime, person, coordinator: Coordinator,
          secret: str | None = None) -> None:
    """Erase the person, their proposals, messages and notes (the audit keeps who did it)."""
    people.erase_person(session, now, person, actor(coordinator), coordinator_id=coordinator.id,
                        secret=secret)
    session.flush()


def intake(session: Session, now: datetime, kind: str, data: dict, locale: str,
           coordinator: Coordinator):
    """Register a newcomer or volunteer on their behalf, from a phone call.

    Their consent (or the charter) was given by phone: the audit entry says so. People
    with an e-mail address get the usual welcome message with their personal link.
    """
    from web.services.notify import email_person

    person: Newcomer | Volunteer
    if kind == "newcomer":
        person = people.register_newcomer(session, now, data, locale)
    else:
        person = people.register_volunteer(session, now, data, locale)
    audit.record(session, now, f"{kind}.registered_by_phone", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type=kind, target_id=person.id,
                 consent="given by phone")
    email_person(session, now, person, f"{kind}_welcome")
    return person


# --- Problem reports -----------------------------------------------------------------------

def handle_problem(session: Session, now: datetime, report: ProblemReport,
                   coordinator: Coordinator, note: str) -> None:
    """Mark a problem report handled, saying what was done."""
    note = (note or "").strip()
    if not note:
        raise ServiceError("note", "say what was done")
    done = rows_changed(session, update(ProblemReport).where(
        ProblemReport.id == report.id, ProblemReport.handled_at.is_(None)).values(
        handled_at=now, handled_by_id=coordinator.id, handling_note=note[:4000]))
    if done != 1:
        raise ServiceError("report", "already handled")
    session.refresh(report)
    audit.record(session, now, "problem.handled", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="proposal",
                 target_id=report.proposal_id, report_id=report.id)
    session.flush()
