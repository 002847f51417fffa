"""Newcomers and volunteers: registration, profile changes, pause, export and erasure."""
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, object_session

from matcher.slots import mask_to_slots, slots_to_mask
from web.db import rows_changed
from web.models import (
    Neighbourhood,
    Newcomer,
    Note,
    OutboxMessage,
    Participation,
    Proposal,
    Volunteer,
)
from web.models.people import LOCALES, new_link_code, new_link_key
from web.models.proposals import LOAD_STATUSES
from web.services import ServiceError, audit
from web.services.gathering_people import erase_gathering_links, gathering_data
from web.services.personal_data import history_data
from web.services.suggestions import participation_data

UNKNOWN_NEIGHBOURHOOD = "unknown"
PROFILE_FIELDS = ("first_name", "last_initial", "email", "phone", "shared_contact", "languages",
                  "interests", "about", "birth_year", "gender", "household")
NEWCOMER_FIELDS = ("arrival_date", "practise_french", "buddy_gender", "intergenerational",
                   "heard_from")
VOLUNTEER_FIELDS = ("capacity", "max_distance_km", "newcomer_gender", "motivation")
#: the age bands coordinators see beside a name: (lowest age, highest age or None)
AGE_BANDS = ((0, 17), (18, 29), (30, 44), (45, 59), (60, 74), (75, None))


def age_band(birth_year: int | None, now: datetime) -> tuple[int, int | None] | None:
    """The band of AGE_BANDS the person's age falls in this year, None when the birth year
    is unknown. The intake asks a birth year, not a date: the age may be a year off, which
    a band absorbs."""
    if birth_year is None:
        return None
    age = now.year - birth_year
    return next(band for band in reversed(AGE_BANDS) if age >= band[0]) if age >= 0 else None


def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _apply_profile(session: Session, person, data: dict, fields: tuple) -> None:
    """Copy validated form data onto the row, normalising blanks and the neighbourhood."""
    for name in fields:
        if name in data:
            setattr(person, name, _blank_to_none(data[name]))
    person.first_name = (data.get("first_name") or "").strip()
    if person.last_initial:
        # in capitals where that stays one letter ("ß" would become "SS")
        upper = person.last_initial.upper()
        person.last_initial = upper if len(upper) == 1 else person.last_initial
    person.about = (data.get("about") or "").strip()
    person.email = person.email.lower() if person.email else None
    person.languages = list(data.get("languages") or [])
    person.interests = list(data.get("interests") or [])
    # The intake's first step does not ask: the e-mail if given, else the phone.
    person.shared_contact = data.get("shared_contact") or ("email" if person.email else "phone")
    if not person.email and not person.phone:
        raise ServiceError("email", "an e-mail address or a phone number is required")
    try:
        person.availability = slots_to_mask(data.get("availability") or [])
    except ValueError as exc:
        raise ServiceError("availability", str(exc)) from None
    choice = data.get("neighbourhood")
    if choice in (None, "", UNKNOWN_NEIGHBOURHOOD):
        person.neighbourhood_id = None
        if person.kind == "newcomer":
            person.address_hint = _blank_to_none(data.get("address_hint"))
    else:
        neighbourhood = session.get(Neighbourhood, int(choice))
        if neighbourhood is None:
            raise ServiceError("neighbourhood", "unknown neighbourhood")
        person.neighbourhood_id = neighbourhood.id
        if person.kind == "newcomer":
            person.address_hint = None


def register_newcomer(session: Session, now: datetime, data: dict, locale: str) -> Newcomer:
    """Record an intake; the newcomer starts waiting now."""
    newcomer = Newcomer(locale=locale, consent_at=now, waiting_since=now, created_at=now,
                        updated_at=now, last_active_at=now, status="waiting")
    _apply_profile(session, newcomer, data, PROFILE_FIELDS + NEWCOMER_FIELDS)
    newcomer.practise_french = bool(data.get("practise_french"))
    newcomer.intergenerational = bool(data.get("intergenerational"))
    session.add(newcomer)
    session.flush()
    audit.record(session, now, "newcomer.registered", actor=f"newcomer:{newcomer.id}",
                 target_type="newcomer", target_id=newcomer.id)
    return newcomer


def register_volunteer(session: Session, now: datetime, data: dict, locale: str) -> Volunteer:
    """Record a volunteer's signup; they wait to be vetted by a coordinator."""
    volunteer = Volunteer(locale=locale, charter_accepted_at=now, created_at=now, updated_at=now,
                          last_active_at=now, vetting_status="pending", status="active", load=0)
    _apply_profile(session, volunteer, data, PROFILE_FIELDS + VOLUNTEER_FIELDS)
    volunteer.capacity = int(data["capacity"])
    volunteer.max_distance_km = (float(data["max_distance_km"]) if data.get("max_distance_km")
                                 else None)
    session.add(volunteer)
    session.flush()
    audit.record(session, now, "volunteer.registered", actor=f"volunteer:{volunteer.id}",
                 target_type="volunteer", target_id=volunteer.id)
    return volunteer


def update_profile(session: Session, now: datetime, person, data: dict) -> None:
    """Change a person's profile from their own page."""
    extra = NEWCOMER_FIELDS if person.kind == "newcomer" else ("max_distance_km", "newcomer_gender")
    _apply_profile(session, person, data, PROFILE_FIELDS + extra)
    if person.kind == "newcomer":
        person.practise_french = bool(data.get("practise_french"))
        person.intergenerational = bool(data.get("intergenerational"))
        if "weekly_digest" in data:
            person.weekly_digest = bool(data["weekly_digest"])
    else:
        person.max_distance_km = (float(data["max_distance_km"]) if data.get("max_distance_km")
                                  else None)
    person.updated_at = person.last_active_at = now
    session.flush()
    if person.kind != "newcomer":
        # One conditional UPDATE: a place taken by someone else since the page was read
        # cannot be lost (the database also refuses load > capacity).
        capacity = int(data.get("capacity") or person.capacity)
        changed = rows_changed(session, update(Volunteer).where(
            Volunteer.id == person.id, Volunteer.load <= capacity).values(capacity=capacity))
        session.refresh(person)
        if changed != 1:
            raise ServiceError("capacity", f"you already accompany {person.load} people")
    kind = person.kind
    audit.record(session, now, f"{kind}.profile_updated", actor=f"{kind}:{person.id}",
                 target_type=kind, target_id=person.id)


def profile_data(person) -> dict:
    """The person's current values, shaped like the form's data (to pre-fill it)."""
    data = {name: getattr(person, name) for name in PROFILE_FIELDS}
    data["availability"] = mask_to_slots(person.availability)
    data["neighbourhood"] = str(person.neighbourhood_id) if person.neighbourhood_id else (
        UNKNOWN_NEIGHBOURHOOD if getattr(person, "address_hint", None) else "")
    for name in ("gender", "household"):
        data[name] = data[name] or ""
    if person.kind == "newcomer":
        data.update({name: getattr(person, name) for name in NEWCOMER_FIELDS})
        data["address_hint"] = person.address_hint
        data["buddy_gender"] = person.buddy_gender or ""
        data["weekly_digest"] = person.weekly_digest
    else:
        data.update(capacity=str(person.capacity), newcomer_gender=person.newcomer_gender or "",
                    max_distance_km=(str(int(person.max_distance_km)) if person.max_distance_km
                                     else ""),
                    motivation=person.motivation)
    return data


def set_newcomer_paused(session: Session, now: datetime, newcomer: Newcomer, paused: bool) -> None:
    """A paused newcomer is left out of matching until they resume (keeping their wait)."""
    if newcomer.status == "withdrawn":
        raise ServiceError("status", "withdrawn")
    newcomer.status = "paused" if paused else "waiting"
    newcomer.last_active_at = now
    audit.record(session, now, "newcomer.paused" if paused else "newcomer.resumed",
                 actor=f"newcomer:{newcomer.id}", target_type="newcomer", target_id=newcomer.id)


def set_volunteer_paused(session: Session, now: datetime, volunteer: Volunteer,
                         until: date | None) -> None:
    """Away until a date (not proposed before it), or back now with `until=None`."""
    if until is not None and until <= now.date():
        raise ServiceError("paused_until", "the date must be in the future")
    volunteer.paused_until = until
    volunteer.last_active_at = now
    audit.record(session, now, "volunteer.paused" if until else "volunteer.resumed",
                 actor=f"volunteer:{volunteer.id}", target_type="volunteer",
                 target_id=volunteer.id, until=until.isoformat() if until else None)


def set_locale(session: Session, now: datetime, person, locale: str) -> None:
    """The language a person reads their page, e-mails and text messages in."""
    if locale not in LOCALES:
        raise ServiceError("locale", f"expected one of {', '.join(LOCALES)}")
    person.locale = locale
    person.last_active_at = now


def revoke_links(person) -> None:
    """Invalidate every personal link sent so far (signed tokens and the short code)."""
    person.link_key = new_link_key()
    person.link_code = new_link_code()


def export_data(person) -> dict:
    """Everything stored about the person, for them to download (JSON-ready)."""
    kind = person.kind
    data = {"kind": kind, "id": person.id}
    for column in type(person).__table__.columns:
        if column.name in ("link_key", "link_code"):
            continue
        value = getattr(person, column.name)
        data[column.name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["availability"] = mask_to_slots(person.availability)
    data["neighbourhood"] = person.neighbourhood.name if person.neighbourhood else None
    data.update(gathering_data(person))
    if kind == "newcomer":
        data.update(participation_data(person))
    session = object_session(person)
    assert session is not None  # the person was loaded from the database
    data.update(history_data(session, person))
    return data


def erase_person(session: Session, now: datetime, person, actor: str,
                 coordinator_id: int | None = None, secret: str | None = None) -> None:
    """Delete the person, their proposals, messages and coordinators' notes; keep an anonymous
    audit entry.

    What other rows say about them (messages to their buddy or to coordinators, audit
    details, login attempts, rate-limit counts with `secret`) is redacted or deleted too
    (web.services.erasure). A volunteer's capacity freed by an erased newcomer is given back.
    """
    from web.services.erasure import erase_traces
    from web.services.notify import email_person

    kind = person.kind
    active = session.scalars(select(Proposal).where(
        (Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id) == person.id,
        Proposal.status == "active")).all()
    for proposal in active:
        # The buddy learns the pairing ended; a newcomer left alone goes back to the list.
        other = proposal.volunteer if kind == "newcomer" else proposal.newcomer
        email_person(session, now, other, "pairing_ended", other_name=person.first_name)
        if kind == "volunteer" and other.status == "matched":
            other.status = "waiting"
    if kind == "newcomer":
        held = session.execute(select(Proposal.volunteer_id).where(
            Proposal.newcomer_id == person.id, Proposal.status.in_(LOAD_STATUSES))).scalars().all()
        for volunteer_id in held:
            session.execute(update(Volunteer).where(Volunteer.id == volunteer_id)
                            .values(load=Volunteer.load - 1))
    # Before the proposals go: their decline reasons and problem reports are searched for.
    erase_traces(session, person, secret)
    session.execute(delete(Proposal).where(
        (Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id) == person.id))
    session.execute(delete(OutboxMessage).where(OutboxMessage.person_type == kind,
                                                OutboxMessage.person_id == person.id))
    session.execute(delete(Note).where(Note.target_type == kind, Note.target_id == person.id))
    erase_gathering_links(session, person)
    if kind == "newcomer":
        session.execute(delete(Participation).where(Participation.newcomer_id == person.id))
    person_id = person.id
    session.delete(person)
    session.flush()
    audit.record(session, now, f"{kind}.erased", actor=actor, coordinator_id=coordinator_id,
                 target_type=kind, target_id=person_id)
