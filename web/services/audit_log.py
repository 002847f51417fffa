"""Reading the audit log: entries newest first, searched by text, target, coordinator and
dates, and what the search form offers (coordinators, kinds of target).

Writing an entry is `web.services.audit.record`.
"""
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from web.models import AuditEntry, Coordinator
from web.services.pagination import Page, paginate

PER_PAGE = 50


def _conditions(filters: dict) -> list:
    """SQL conditions for the criteria: text in the action or actor, target, who, dates."""
    where = []
    if filters.get("q"):
        where.append(or_(AuditEntry.action.icontains(filters["q"], autoescape=True),
                         AuditEntry.actor.icontains(filters["q"], autoescape=True)))
    if filters.get("target_type"):
        where.append(AuditEntry.target_type == filters["target_type"])
    if filters.get("target_id") is not None:
        where.append(AuditEntry.target_id == filters["target_id"])
    if filters.get("coordinator") is not None:
        where.append(AuditEntry.coordinator_id == filters["coordinator"])
    start: date | None = filters.get("start")
    end: date | None = filters.get("end")
    if start:
        where.append(AuditEntry.at >= datetime.combine(start, time(), UTC))
    if end:
        where.append(AuditEntry.at < datetime.combine(end + timedelta(days=1), time(),
                                                      UTC))
    return where


def search(session: Session, filters: dict, page: int = 1) -> Page:
    """One page of entries matching `filters`, newest first: (entry, coordinator's name,
    coordinator's e-mail) tuples.

    `filters` keys: q (text), target_type, target_id, coordinator (id), start and end (dates).
    """
    query = (select(AuditEntry, Coordinator.name, Coordinator.email)
             .outerjoin(Coordinator, Coordinator.id == AuditEntry.coordinator_id)
             .where(*_conditions(filters))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    return paginate(session, query, page, PER_PAGE)


def coordinators(session: Session) -> Sequence[Row[int, str, str]]:
    """(id, name, e-mail) of every coordinator, by name, for the "who" filter."""
    return session.execute(select(Coordinator.id, Coordinator.name, Coordinator.email)
                           .order_by(Coordinator.name, Coordinator.email)).all()


def target_types(session: Session) -> list[str]:
    """The kinds of target the log names, in alphabetical order."""
    return list(session.scalars(select(AuditEntry.target_type).distinct()
                                .where(AuditEntry.target_type.is_not(None))
                                .order_by(AuditEntry.target_type)))
