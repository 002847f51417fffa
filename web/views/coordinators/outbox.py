"""The outbox: every e-mail the app wrote, readable here even without a mail server.

Personal links in the messages are masked (web.log_filters): a coordinator sees where a
message leads, not the key to the person's page. For support, "Afficher le lien" shows one
message whole, and the audit log records who looked.
"""
from flask import g, render_template, request
from flask_babel import lazy_gettext as _l

from web import clock
from web.db import get_session
from web.log_filters import LINK_RE, mask_links
from web.models import OutboxMessage
from web.models.records import MESSAGE_STATUSES
from web.services import sent_messages
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import get_or_404, page_arg

add_nav_item("coordinators.outbox", _l("Boîte d'envoi"), order=80, group="admin")
bp.add_app_template_filter(mask_links, "mask_links")


@bp.get("/messages")
@coordinator_required
def outbox():
    """Messages newest first, 50 a page, filtered by status and searched by recipient or subject."""
    status = request.args.get("status", "")
    status = status if status in MESSAGE_STATUSES else ""
    search = request.args.get("q", "").strip()[:200]
    found = sent_messages.messages(get_session(), status, search, page_arg())
    return render_template("coordinators/outbox.html", messages=found.items, found=found,
                           total=found.total, status=status, search=search,
                           statuses=MESSAGE_STATUSES)


@bp.get("/messages/<int:message_id>")
@coordinator_required
def outbox_message(message_id: int):
    """One message in full: headers, delivery state and the body, personal links masked."""
    message = get_or_404(OutboxMessage, message_id)
    return render_template("coordinators/message.html", message=message,
                           has_links=bool(LINK_RE.search(message.body or "")), shown=False)


@bp.post("/messages/<int:message_id>/lien")
@coordinator_required
def outbox_message_link(message_id: int):
    """The message with its personal links visible, for support; the audit log says who saw."""
    message = get_or_404(OutboxMessage, message_id)
    db = get_session()
    sent_messages.record_link_shown(db, clock.utcnow(), g.coordinator, message)
    db.commit()
    return render_template("coordinators/message.html", message=message, has_links=True,
                           shown=True)
