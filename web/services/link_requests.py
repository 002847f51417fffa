""""Retrouver mon lien": send a person's link again, to the e-mail address or phone number
they typed, without telling anyone whether that address is registered.

The answer page is the same in every case, and so is the work: the lookup always scans the
same rows, and when nobody matches (or a limit is reached) the message is still rendered and
inserted, in a savepoint that is rolled back. Limits, kept in the database
(web.services.ratelimit): PER_ADDRESS requests per address or number and PER_IP per client
address, in WINDOW.

A new link revokes the older ones (a new link key, and a new short code: the old code was
written in the earlier messages too), so a link found in an old e-mail, a forwarded text
or a lost phone stops working once the person asks for a new one.
"""
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from web.models import Newcomer, Volunteer
from web.models.people import PersonT, new_link_code, new_link_key
from web.services import ServiceError, phones, ratelimit, sms
from web.services.outbox import queue_email
from web.services.people import revoke_links

PER_ADDRESS = 3
PER_IP = 20
WINDOW = timedelta(hours=1)


def send_link_again(session: Session, now: datetime, contact: str, ip: str, secret: str,
                    context_for) -> str:
    """Queue the "link" message to everyone registered with this e-mail address or number.

    `context_for(person)` gives the message's context (link_url, expires_days). Returns the
    channel used, "email" or "sms" (what the answer page says), whether or not anyone matched.
    Flushes, never commits.
    """
    number = phones.normalise(contact) if "@" not in contact else None
    channel = "sms" if number else "email"
    address = number or contact.strip().lower()
    allowed = ratelimit.hit(session, now, "findlink-ip", ip or "?", PER_IP, WINDOW)
    allowed = ratelimit.hit(session, now, "findlink-to", ratelimit.hashed(secret, address),
                            PER_ADDRESS, WINDOW) and allowed
    people = _by_phone(session, number) if number else _by_email(session, address)
    if not allowed:
        people = []
    for person in people:
        revoke_links(person)
        context = context_for(person)
        kind = person.kind
        if number:  # the channel is "sms"
            sms.queue_sms(session, now, kind="link", to_phone=number, to_name=person.first_name,
                          locale=person.locale, context=context, person_type=kind,
                          person_id=person.id)
        else:
            assert person.email is not None  # found by their e-mail address
            queue_email(session, now, kind="link", to_address=person.email,
                        to_name=person.first_name, locale=person.locale, context=context,
                        person_type=kind, person_id=person.id)
    if not people:
        _same_work_for_nobody(session, now, channel, number or address, context_for)
    return channel


def _same_work_for_nobody(session: Session, now: datetime, channel: str, to: str,
                          context_for) -> None:
    """What a real request costs, for an address nobody has (or a refused one), so that the
    response time tells nothing: a stand-in's new link, an UPDATE by primary key that
    matches no row, and the message rendered and inserted in a savepoint rolled back."""
    stand_in = Newcomer(id=0, first_name="", locale="fr", link_key=new_link_key(),
                        link_code=new_link_code())
    context = context_for(stand_in)
    session.execute(update(Newcomer).where(Newcomer.id == -1)
                    .values(link_key=stand_in.link_key, link_code=stand_in.link_code))
    nested = session.begin_nested()
    try:
        if channel == "sms":
            sms.queue_sms(session, now, kind="link", to_phone=to, to_name="", locale="fr",
                          context=context)
        else:
            queue_email(session, now, kind="link", to_address=to, to_name="", locale="fr",
                        context=context)
    except ServiceError:
        pass  # an address the outbox refuses: the work above still happened
    finally:
        nested.rollback()


def _by_email(session: Session, email: str) -> list[Newcomer | Volunteer]:
    return [*_with_email(session, Newcomer, email), *_with_email(session, Volunteer, email)]


def _with_email(session: Session, model: type[PersonT], email: str) -> Sequence[PersonT]:
    return session.scalars(select(model).where(func.lower(model.email) == email,
                                               model.status != "withdrawn")).all()


def _by_phone(session: Session, number: str) -> list[Newcomer | Volunteer]:
    """People whose phone, however it was typed, is this number.

    Phones are stored as typed, so every phone is normalised here: one scan of a small
    table (a town's programme), the same whatever the number.
    """
    return [*_with_phone(session, Newcomer, number), *_with_phone(session, Volunteer, number)]


def _with_phone(session: Session, model: type[PersonT], number: str) -> Sequence[PersonT]:
    rows = session.execute(select(model.id, model.phone).where(
        model.phone.is_not(None), model.status != "withdrawn")).all()
    ids = [row.id for row in rows if phones.normalise(row.phone) == number]
    return session.scalars(select(model).where(model.id.in_(ids))).all() if ids else []
