"""What coordinators do about one person: manual pairing, notes, placing, pausing, erasing,
phone intake. Every action writes an audit entry with the coordinator's id.
"""
from dataclasses import dataclass
from datetime import date, datetime

import matcher
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from web.models import (AuditEntry, Coordinator, Gathering, GatheringInvitation, Neighbourhood,
                        Newcomer, Note, Participation, Proposal, Volunteer)
from web.models.people import LOCALES
from web.models.proposals import LOAD_STATUSES
from web.services import ServiceError, audit, people
from web.services.coordination import actor, paginate
from web.services.matching import all_labels, configured_engine, in_language, stored_reasons
from web.services.proposals import CapacityError, announce_new_proposals, create_proposal

MAX_CAPACITY = 3
NOTE_MAX = 4000


# --- Finding people ------------------------------------------------------------------------

def search(session: Session, model, text: str, page: int = 1, waiting_only: bool = False):
    """Newcomers or volunteers whose first name, e-mail or phone contains `text`, by name."""
    query = select(model)
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


def history(session: Session, person) -> list[Proposal]:
    """Every proposal and pairing of the person, newest first."""
    column = Proposal.newcomer_id if isinstance(person, Newcomer) else Proposal.volunteer_id
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


def notes(session: Session, kind: str, person_id: int) -> list[Note]:
    """The notes about a person, newest first."""
    return session.scalars(select(Note).where(Note.target_type == kind,
                                              Note.target_id == person_id)
                           .order_by(Note.created_at.desc(), Note.id.desc())).all()


def audit_trail(session: Session, kind: str, person_id: int, limit: int = 100) -> list:
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
    kind = people.person_kind(person)
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

    if kind == "newcomer":
        person = people.register_newcomer(session, now, data, locale)
    else:
        person = people.register_volunteer(session, now, data, locale)
    audit.record(session, now, f"{kind}.registered_by_phone", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type=kind, target_id=person.id,
                 consent="given by phone")
    email_person(session, now, person, f"{kind}_welcome")
    return person


# --- Manual pairing ------------------------------------------------------------------------

@dataclass
class Explanation:
    """The engine's view of one pair, in both languages, plus what the database allows."""

    fr: matcher.PairExplanation
    en: matcher.PairExplanation
    #: the volunteer has no free place: pairing needs a higher capacity
    full: bool
    #: the capacity can be raised by one (still at most MAX_CAPACITY)
    can_raise: bool


def explain(session: Session, now: datetime, newcomer: Newcomer, volunteer: Volunteer
            ) -> Explanation:
    """Score, reasons and broken constraints of a pair the coordinator is considering."""
    if newcomer.neighbourhood_id is None or volunteer.neighbourhood_id is None:
        raise ServiceError("neighbourhood", "place both people in a neighbourhood first")
    # Weighed as the weekly run weighs pairs: by the learned model when it is switched on.
    problem, learned = configured_engine(session, now, [newcomer], [volunteer])
    fr = matcher.explain_pair(problem, newcomer.id, volunteer.id, lang="fr", langs=LOCALES,
                              labels_by_lang=all_labels(), learned=learned)
    en = in_language(fr, "en")
    full = volunteer.load >= volunteer.capacity
    return Explanation(fr, en, full, full and volunteer.capacity < MAX_CAPACITY)


def pair_by_hand(session: Session, now: datetime, newcomer: Newcomer, volunteer: Volunteer,
                 coordinator: Coordinator, *, confirmed: bool = False,
                 raise_capacity: bool = False) -> Proposal:
    """Propose this volunteer to this newcomer at once (source "coordinator").

    Broken constraints need `confirmed` and are recorded on the proposal and in the audit
    log. A full volunteer needs `raise_capacity` (one more place, at most 3): the database
    never lets a volunteer accompany more people than their capacity.
    """
    if newcomer.status != "waiting":
        raise ServiceError("newcomer", f"the newcomer is {newcomer.status}")
    if volunteer.vetting_status != "approved" or volunteer.status != "active":
        raise ServiceError("volunteer", "only vetted, active volunteers can be proposed")
    explanation = explain(session, now, newcomer, volunteer)
    broken = list(explanation.fr.violations)
    if broken and not confirmed:
        raise ServiceError("confirm", "confirm the constraints you override")
    if explanation.full:
        if not explanation.can_raise:
            raise ServiceError("capacity", "the volunteer already accompanies 3 people")
        if not raise_capacity:
            raise ServiceError("raise_capacity", "raise the volunteer's capacity to pair them")
        raised = session.execute(update(Volunteer).where(
            Volunteer.id == volunteer.id, Volunteer.capacity < MAX_CAPACITY)
            .values(capacity=Volunteer.capacity + 1))
        if raised.rowcount != 1:
            raise ServiceError("capacity", "the volunteer already accompanies 3 people")
        session.refresh(volunteer)
        audit.record(session, now, "volunteer.capacity_raised", actor=actor(coordinator),
                     coordinator_id=coordinator.id, target_type="volunteer",
                     target_id=volunteer.id, capacity=volunteer.capacity)
    try:
        proposal = create_proposal(
            session, now, newcomer.id, volunteer.id, status="proposed",
            score=explanation.fr.score, components=dict(explanation.fr.components),
            reasons=stored_reasons(explanation.fr),
            source="coordinator", overridden=tuple(broken),
            predicted_success=explanation.fr.probability)
    except CapacityError:
        raise ServiceError("capacity", "the volunteer is full or the newcomer already has an "
                                       "open proposal") from None
    announce_new_proposals(session, now, [proposal])
    audit.record(session, now, "proposal.manual", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="newcomer", target_id=newcomer.id,
                 proposal_id=proposal.id, volunteer_id=volunteer.id, overridden=broken)
    return proposal
