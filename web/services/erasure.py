"""Erasure that erases: the traces a person leaves outside their own row.

`erase_person` (web.services.people) deletes the person, their proposals (with their
follow-ups and problem reports), their notes, invitations and participations. What is left
is what *other* rows say about them: the introduction e-mail sent to their buddy, the
proposal sent to a volunteer, the problem alert sent to coordinators, an audit entry that
kept the street they gave, a coordinator's note about the buddy that names them, a login
attempt typed with their e-mail. `erase_traces` deletes or redacts those, replacing the
person's name, contacts, street and free text with PLACEHOLDER.
"""
import re

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from web.models import (
    AuditEntry,
    Gathering,
    LoginAttempt,
    Note,
    OutboxMessage,
    ProblemReport,
    Proposal,
    RateEvent,
)
from web.services import phones, ratelimit

PLACEHOLDER = "[effacé]"
#: free texts shorter than this are too common to be searched for on their own
MIN_FREE_TEXT = 4


def personal_strings(session: Session, person) -> list[str]:
    """What identifies the person in other rows: name, contacts, street, their own words."""
    kind = person.kind
    values = [person.first_name, person.email, person.phone, phones.normalise(person.phone),
              getattr(person, "address_hint", None), person.about,
              getattr(person, "motivation", None)]
    column = Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id
    values += session.scalars(select(Proposal.decline_reason).where(column == person.id)).all()
    values += session.scalars(select(ProblemReport.message).where(
        ProblemReport.reporter_type == kind, ProblemReport.reporter_id == person.id)).all()
    strings = {value.strip() for value in values if isinstance(value, str) and value.strip()}
    # The longest first, so "Anne-Marie" is not left as "[effacé]-Marie".
    return sorted((s for s in strings if len(s) >= MIN_FREE_TEXT or s == person.first_name),
                  key=len, reverse=True)


def _pattern(strings: list[str]) -> re.Pattern | None:
    if not strings:
        return None
    # Whole words only: erasing "Léa" must not damage "Léandre" or "Léane".
    return re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in strings), re.IGNORECASE)


def redact(value, pattern: re.Pattern):
    """The value with every personal string replaced (strings, and lists/dicts of them)."""
    if isinstance(value, str):
        return pattern.sub(PLACEHOLDER, value)
    if isinstance(value, list):
        return [redact(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, pattern) for key, item in value.items()}
    return value


def _redact_rows(session: Session, model, columns: tuple, pattern: re.Pattern,
                 strings: list[str], since=None, json: bool = False, where=None) -> int:
    """Redact the columns of `model` rows that mention the person; returns how many changed.

    `since` (the person's registration) skips older rows: nothing before it can name them;
    `where` narrows the rows to those that can be about them.
    """
    query = select(model) if where is None else select(model).where(where)
    if since is not None:
        query = query.where((model.at if model is AuditEntry else model.created_at) >= since)
    if not json:
        # SQL narrows the scan; the whole-word, case-insensitive match is done below.
        query = query.where(or_(*[getattr(model, name).contains(s, autoescape=True)
                                  for name in columns for s in strings]))
    changed = 0
    for row in session.scalars(query):
        for name in columns:
            value = getattr(row, name)
            new = redact(value, pattern)
            if new != value:
                setattr(row, name, new)
                changed += 1
    return changed


def erase_traces(session: Session, person, secret: str | None = None) -> None:
    """Delete or redact what other rows hold about the person (call before deleting it).

    `secret` is the key of the rate limits' hashed addresses: with it, the rate events
    counted for the person's e-mail address and number go too.
    """
    kind = person.kind
    strings = personal_strings(session, person)
    pattern = _pattern(strings)
    session.execute(delete(OutboxMessage).where(OutboxMessage.person_type == kind,
                                                OutboxMessage.person_id == person.id))
    addresses = [a for a in (person.email and person.email.lower(), person.phone,
                             phones.normalise(person.phone)) if a]
    session.execute(delete(OutboxMessage).where(OutboxMessage.to_address.in_(addresses)))
    session.execute(delete(ProblemReport).where(ProblemReport.reporter_type == kind,
                                                ProblemReport.reporter_id == person.id))
    if person.email:
        session.execute(delete(LoginAttempt).where(LoginAttempt.email == person.email.lower()))
    if secret:
        keys = [ratelimit.hashed(secret, a)[:64] for a in addresses]
        session.execute(delete(RateEvent).where(RateEvent.key.in_(keys)))
    # Entries about the person keep what happened and when, not what they said or where
    # they live (e.g. "newcomer.placed" recorded the street they gave).
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.target_type == kind,
                                                          AuditEntry.target_id == person.id)):
        entry.details = {key: value for key, value in (entry.details or {}).items()
                         if not isinstance(value, str) or key == "neighbourhood"}
    if pattern is None:
        return
    # Only messages to coordinators and to the people they were paired or proposed with,
    # and notes about those people, can be about them: another Marie keeps her name.
    other = "volunteer" if kind == "newcomer" else "newcomer"
    column = Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id
    partners = select(Proposal.volunteer_id if kind == "newcomer" else Proposal.newcomer_id
                      ).where(column == person.id).scalar_subquery()
    to_them = or_(OutboxMessage.person_type.is_(None), and_(
        OutboxMessage.person_type == other, OutboxMessage.person_id.in_(partners)))
    since = person.created_at
    _redact_rows(session, OutboxMessage, ("subject", "body", "to_name"), pattern, strings, since,
                 where=to_them)
    _redact_rows(session, Note, ("text",), pattern, strings, since,
                 where=and_(Note.target_type == other, Note.target_id.in_(partners)))
    _redact_rows(session, ProblemReport, ("message", "handling_note"), pattern, strings, since)
    _redact_rows(session, Gathering, ("title", "description"), pattern, strings, since)
    _redact_rows(session, AuditEntry, ("details",), pattern, strings, since, json=True)
