"""The outbox: every e-mail the app wrote, readable here even without a mail server.

Personal links in the messages are masked (web.log_filters): a coordinator sees where a
message leads, not the key to the person's page. For support, "Afficher le lien" shows one
message whole, and the audit log records who looked.
"""
from math import ceil

from flask import abort, g, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from web import clock
from web.db import get_session
from web.log_filters import LINK_RE, mask_links
from web.models import OutboxMessage
from web.models.records import MESSAGE_STATUSES
from web.services import audit
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

PER_PAGE = 50

add_nav_item("coordinators.outbox", _l("Boîte d'envoi"), order=80, group="admin")
bp.add_app_template_filter(mask_links, "mask_links")


def _filters(status: str, search: str) -> list:
    conditions = []
    if status in MESSAGE_STATUSES:
        conditions.append(OutboxMessage.status == status)
    if search:
        conditions.append(or_(OutboxMessage.to_address.icontains(search, autoescape=True),
                              OutboxMessage.to_name.icontains(search, autoescape=True),
                              OutboxMessage.subject.icontains(search, autoescape=True)))
    return conditions


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


@bp.get("/messages")
@coordinator_required
def outbox():
    """Messages newest first, 50 a page, filtered by status and searched by recipient or subject."""
    status = request.args.get("status", "")
    status = status if status in MESSAGE_STATUSES else ""
    search = request.args.get("q", "").strip()[:200]
    conditions = _filters(status, search)
    db = get_session()
    total = db.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions))
    pages = max(1, ceil(total / PER_PAGE))
    page = min(_page_number(request.args.get("page")), pages)
    messages = db.scalars(select(OutboxMessage).where(*conditions)
                          .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                          .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template("coordinators/outbox.html", messages=messages, total=total,
                           page=page, pages=pages, status=status, search=search,
                           statuses=MESSAGE_STATUSES)


@bp.get("/messages/<int:message_id>")
@coordinator_required
def outbox_message(message_id: int):
    """One message in full: headers, delivery state and the body, personal links masked."""
    message = get_session().get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("coordinators/message.html", message=message,
                           has_links=bool(LINK_RE.search(message.body or "")), shown=False)


@bp.post("/messages/<int:message_id>/lien")
@coordinator_required
def outbox_message_link(message_id: int):
    """The message with its personal links visible, for support; the audit log says who saw."""
    db = get_session()
    message = db.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    audit.record(db, clock.utcnow(), "outbox.link_shown", actor=f"coordinator:{g.coordinator.id}",
                 coordinator_id=g.coordinator.id, target_type="outbox_message",
                 target_id=message.id, person_type=message.person_type,
                 person_id=message.person_id)
    db.commit()
    return render_template("coordinators/message.html", message=message, has_links=True,
                           shown=True)
