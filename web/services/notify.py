"""Messages to people: personal links, and e-mails or text messages queued in the outbox.

One channel per message, e-mail first: a person with an e-mail address gets e-mails; a
person without one but with a phone number gets text messages (web.services.sms); the
weekly digest of activities is never sent as a text message (too long, too frequent to
pay for). Coordinators see both channels in the outbox and reach everyone else by phone.
Every message carries the person's short link (https://…/l/<code>).
"""
from datetime import datetime

from flask import current_app, has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Coordinator, OutboxMessage
from web.services import links, phones, sms
from web.services.outbox import email_row, queue_email

#: where each kind of person's page lives
PAGE_PREFIX = {"newcomer": "/arrivee/", "volunteer": "/benevole/"}


def link_settings() -> links.LinkSettings:
    config = current_app.config
    return links.LinkSettings(config["SECRET_KEY"],
                              int(config.get("LINK_IDLE_DAYS", links.DEFAULT_IDLE_DAYS)))


def public_base_url() -> str:
    """The address links sent out start with (no trailing slash).

    Production: BIENVENUE_BASE_URL, always (the Host header of a request is the
    visitor's to choose). Development: the address the current request came to, so
    links work on whatever host and port `bienvenue serve` uses; BASE_URL outside
    requests (jobs, commands).
    """
    config = current_app.config
    if config.get("ENV_MODE") != "production" and has_request_context():
        return request.host_url.rstrip("/")
    return config["BASE_URL"]


#: kinds never sent as text messages
EMAIL_ONLY = frozenset({"weekly_digest"})


def personal_url(now: datetime, person) -> str:
    """The person's short link (https://…/l/<code>); it opens their page while they use it.

    Creates the short code of people registered before codes existed (flushed with the
    caller's transaction).
    """
    return f"{public_base_url()}/l/{links.ensure_code(person)}"


def page_url(now: datetime, person) -> str:
    """The long, signed address of the person's page (what the short link redirects to)."""
    kind = person.kind
    token = links.make_token(link_settings(), now, person)
    return f"{public_base_url()}{PAGE_PREFIX[kind]}{token}"


def channel_for(person, kind: str) -> str | None:
    """"email", "sms" or None: how the `kind` message reaches this person, if it can."""
    if person.email:
        return "email"
    if (person.phone and kind not in EMAIL_ONLY and phones.normalise(person.phone)
            and sms.has_template(kind)):
        return "sms"
    return None


def message_person(session: Session, now: datetime, person, kind: str, **context):
    """Queue the `kind` message to the person in their language, by e-mail or else by SMS.

    Returns the outbox message, or None when the person cannot get this message (no
    e-mail, and no phone or no text version of it): coordinators reach them by phone.
    """
    row = message_row(now, person, kind, **context)
    if row is None:
        return None
    message = OutboxMessage(**row)
    session.add(message)
    session.flush()
    return message


def message_row(now: datetime, person, kind: str, **context) -> dict | None:
    """The outbox row `message_person` would queue (e-mail first, else SMS), or None.

    A matching run renders its proposal messages with this before it takes any lock, then
    inserts them in one statement (`outbox.insert_rows`).
    """
    channel = channel_for(person, kind)
    if channel is None:
        return None
    context.setdefault("link_url", personal_url(now, person))
    context.setdefault("expires_days", link_settings().idle_days)
    person_type = person.kind
    if channel == "sms":
        return sms.sms_row(now, kind=kind, to_phone=person.phone, to_name=person.first_name,
                           locale=person.locale, context=context, person_type=person_type,
                           person_id=person.id)
    return email_row(now, kind=kind, to_address=person.email, to_name=person.first_name,
                     locale=person.locale, context=context, person_type=person_type,
                     person_id=person.id, address_checked=True)


#: its former name: every service calls it; it now texts people without e-mail
email_person = message_person


def email_coordinators(session: Session, now: datetime, kind: str, **context) -> int:
    """Queue an e-mail to every active coordinator (in French); returns how many."""
    coordinators = session.scalars(select(Coordinator).where(Coordinator.active.is_(True))).all()
    for coordinator in coordinators:
        queue_email(session, now, kind=kind, to_address=coordinator.email,
                    to_name=coordinator.name or coordinator.email, locale="fr", context=context)
    return len(coordinators)
