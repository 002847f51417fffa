"""Reading the outbox: the messages the app wrote, newest first, filtered by status and
searched by recipient or subject; and the audit entry when a coordinator shows a
message's personal links for support.

Writing a message is `web.services.outbox.queue_email`.
"""
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from web.models import Coordinator, OutboxMessage
from web.models.records import MESSAGE_STATUSES
from web.services import audit
from web.services.accounts import actor
from web.services.pagination import Page, paginate

PER_PAGE = 50


def messages(session: Session, status: str, search: str, page: int = 1) -> Page:
    """One page of messages newest first; `status` "" for all, `search` "" for no search."""
    query = select(OutboxMessage)
    if status in MESSAGE_STATUSES:
        query = query.where(OutboxMessage.status == status)
    if search:
        query = query.where(or_(OutboxMessage.to_address.icontains(search, autoescape=True),
                                OutboxMessage.to_name.icontains(search, autoescape=True),
                                OutboxMessage.subject.icontains(search, autoescape=True)))
    query = query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return paginate(session, query, page, PER_PAGE)


def record_link_shown(session: Session, now: datetime, coordinator: Coordinator,
                      message: OutboxMessage) -> None:
    """Audit that a coordinator saw a message's personal links."""
    audit.record(session, now, "outbox.link_shown", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="outbox_message",
                 target_id=message.id, person_type=message.person_type,
                 person_id=message.person_id)
    session.flush()
