"""Messages to people: personal links and e-mails queued in the outbox."""
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Coordinator, Newcomer
from web.services import links
from web.services.outbox import queue_email

#: where each kind of person's page lives
PAGE_PREFIX = {"newcomer": "/arrivee/", "volunteer": "/benevole/"}


def link_settings() -> links.LinkSettings:
    config = current_app.config
    return links.LinkSettings(config["SECRET_KEY"],
                              int(config.get("LINK_MAX_AGE_DAYS", links.DEFAULT_MAX_AGE_DAYS)))


def personal_url(now: datetime, person) -> str:
    """The absolute address of the person's own page, valid for LINK_MAX_AGE_DAYS."""
    kind = "newcomer" if isinstance(person, Newcomer) else "volunteer"
    token = links.make_token(link_settings(), now, person)
    return f"{current_app.config['BASE_URL']}{PAGE_PREFIX[kind]}{token}"


def email_person(session: Session, now: datetime, person, kind: str, **context):
    """Queue an e-mail to the person in their language; people without e-mail get none.

    Returns the outbox message, or None when the person has no e-mail address
    (coordinators then reach them by phone).
    """
    if not person.email:
        return None
    context.setdefault("link_url", personal_url(now, person))
    context.setdefault("expires_days", link_settings().max_age_days)
    person_type = "newcomer" if isinstance(person, Newcomer) else "volunteer"
    return queue_email(session, now, kind=kind, to_address=person.email,
                       to_name=person.first_name, locale=person.locale, context=context,
                       person_type=person_type, person_id=person.id)


def email_coordinators(session: Session, now: datetime, kind: str, **context) -> int:
    """Queue an e-mail to every active coordinator (in French); returns how many."""
    coordinators = session.scalars(select(Coordinator).where(Coordinator.active.is_(True))).all()
    for coordinator in coordinators:
        queue_email(session, now, kind=kind, to_address=coordinator.email,
                    to_name=coordinator.name or coordinator.email, locale="fr", context=context)
    return len(coordinators)
