""""Retrouver mon lien": send a person's link again, to the e-mail address or phone number
they typed, without telling anyone whether that address is registered.

The answer page is the same in every case, and so is the work: the lookup always scans the
same rows, and when nobody matches (or a limit is reached) the message is still rendered,
just not queued. Limits, kept in the database (web.services.ratelimit): PER_ADDRESS requests
per address or number and PER_IP per client address, in WINDOW.

A new link revokes the older ones (a new link key, and a new short code: the old code was
written in the earlier messages too), so a link found in an old e-mail, a forwarded text
or a lost phone stops working once the person asks for a new one.
"""
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Newcomer, Volunteer
from web.services import phones, ratelimit, sms
from web.services.people import revoke_links
from web.services.outbox import queue_email, render_email

PER_ADDRESS = 3
PER_IP = 20
WINDOW = timedelta(hours=1)


def send_link_again(session: Session, now: datetime, contact: str, ip: str, secret: str,
                    context_for) -> str:
    """Queue the "link" message to everyone registered with this e-mail address or number.

    `context_for(person)` gives the message's context (link_url, expires_days). Returns the channel used, "email" or "sms"
    (what the answer page says), whether or not anyone matched. Flushes, never commits.
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
        kind = "newcomer" if isinstance(person, Newcomer) else "volunteer"
        if channel == "sms":
            sms.queue_sms(session, now, kind="link", to_phone=number, to_name=person.first_name,
                          locale=person.locale, context=context, person_type=kind,
                          person_id=person.id)
        else:
            queue_email(session, now, kind="link", to_address=person.email,
                        to_name=person.first_name, locale=person.locale, context=context,
                        person_type=kind, person_id=person.id)
    if not people:  # the same rendering work as a real message, so timing tells nothing
        dummy = {"link_url": "https://example.org/l/xxxxxxxxxxx", "expires_days": 90,
                 "to_name": "", "to_address": address, "locale": "fr"}
        if channel == "sms":
            sms.render_sms("link", "fr", dummy)
        else:
            render_email("link", "fr", dummy)
    return channel


def _by_email(session: Session, email: str) -> list:
    found = []
    for model in (Newcomer, Volunteer):
        found += session.scalars(select(model).where(func.lower(model.email) == email,
                                                     model.status != "withdrawn")).all()
    return found


def _by_phone(session: Session, number: str) -> list:
    """People whose phone, however it was typed, is this number.

    Phones are stored as typed, so every phone is normalised here: one scan of a small
    table (a town's programme), the same whatever the number.
    """
    found = []
    for model in (Newcomer, Volunteer):
        rows = session.execute(select(model.id, model.phone).where(
            model.phone.is_not(None), model.status != "withdrawn")).all()
        ids = [row.id for row in rows if phones.normalise(row.phone) == number]
        if ids:
            found += session.scalars(select(model).where(model.id.in_(ids))).all()
    return found
