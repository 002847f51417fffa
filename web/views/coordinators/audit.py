"""The audit log page: who did what, newest first, searchable, 50 entries a page."""
from datetime import date, datetime, time, timedelta, timezone
from math import ceil

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from web.db import get_session
from web.models import AuditEntry, Coordinator
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

PER_PAGE = 50

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


def conditions(filters: dict) -> list:
    """SQL conditions for the criteria: text in the action or actor, target, who, dates."""
    where = []
    if filters["q"]:
        where.append(or_(AuditEntry.action.icontains(filters["q"], autoescape=True),
                         AuditEntry.actor.icontains(filters["q"], autoescape=True)))
    if filters["target_type"]:
        where.append(AuditEntry.target_type == filters["target_type"])
    if filters["target_id"] is not None:
        where.append(AuditEntry.target_id == filters["target_id"])
    if filters["coordinator"] is not None:
        where.append(AuditEntry.coordinator_id == filters["coordinator"])
    if filters["start"]:
        where.append(AuditEntry.at >= datetime.combine(filters["start"], time(), timezone.utc))
    if filters["end"]:
        where.append(AuditEntry.at < datetime.combine(filters["end"] + timedelta(days=1), time(),
                                                      timezone.utc))
    return where


@bp.get("/journal")
@coordinator_required
def audit_log():
    """Audit entries newest first, filtered by text, target, coordinator and date range."""
    filters = read_filters(request.args)
    where = conditions(filters)
    db = get_session()
    total = db.scalar(select(func.count()).select_from(AuditEntry).where(*where))
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(1, _number(request.args.get("page")) or 1), pages)
    entries = db.execute(
        select(AuditEntry, Coordinator.name, Coordinator.email)
        .outerjoin(Coordinator, Coordinator.id == AuditEntry.coordinator_id).where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    coordinators = db.execute(select(Coordinator.id, Coordinator.name, Coordinator.email)
                              .order_by(Coordinator.name, Coordinator.email)).all()
    target_types = db.scalars(select(AuditEntry.target_type).distinct()
                              .where(AuditEntry.target_type.is_not(None))
                              .order_by(AuditEntry.target_type)).all()
    query = {key: (value.isoformat() if hasattr(value, "isoformat") else value)
             for key, value in filters.items() if value not in (None, "")}
    return render_template("coordinators/audit.html", entries=entries, total=total, page=page,
                           pages=pages, filters=filters, query=query,
                           coordinators=coordinators, target_types=target_types)
