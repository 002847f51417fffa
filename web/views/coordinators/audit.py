"""The audit log page: who did what, newest first, searchable, 50 entries a page."""
from datetime import date

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from web.db import get_session
from web.services import audit_log as audit_log_service
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import page_arg

add_nav_item("coordinators.audit_log", _l("Journal"), order=85, group="admin")


def _number(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def read_filters(args) -> dict:
    """The search criteria from the query string; unreadable values are ignored."""
    return {"q": args.get("q", "").strip()[:100],
            "target_type": args.get("target_type", "").strip()[:20],
            "target_id": _number(args.get("target_id")),
            "coordinator": _number(args.get("coordinator")),
            "start": _day(args.get("start")),
            "end": _day(args.get("end"))}


@bp.get("/journal")
@coordinator_required
def audit_log():
    """Audit entries newest first, filtered by text, target, coordinator and date range."""
    filters = read_filters(request.args)
    db = get_session()
    found = audit_log_service.search(db, filters, page_arg())
    query = {key: (value.isoformat() if hasattr(value, "isoformat") else value)
             for key, value in filters.items() if value not in (None, "")}
    return render_template("coordinators/audit.html", entries=found.items, found=found,
                           total=found.total, filters=filters, query=query,
                           coordinators=audit_log_service.coordinators(db),
                           target_types=audit_log_service.target_types(db))
