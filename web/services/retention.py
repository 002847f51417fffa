"""Data retention: erase the people who withdrew or have been inactive too long, and delete
sent messages after a while (they hold names, contacts and links).

Before a person is erased, anonymous counts (how many people of each kind, how many of
their proposals in each status) are added to the `anonymous_counts` setting, so the
programme's statistics survive the erasure without a name, a date or an id.
"""
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from web.db import rows_changed
from web.models import Newcomer, OutboxMessage, Proposal, Setting, Volunteer
from web.models.people import PersonT
from web.services.auth import purge_attempts
from web.services.people import erase_person

DEFAULT_MONTHS = 24
#: sent messages are kept this long (SENT_RETENTION_DAYS)
DEFAULT_SENT_DAYS = 90
COUNTS_SETTING = "anonymous_counts"


def months_before(now: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][month - 1]
    return now.replace(year=year, month=month, day=min(now.day, days))


def configured_months(config) -> int:
    """The retention period the town set (RETENTION_MONTHS), in months."""
    return int(config.get("RETENTION_MONTHS") or DEFAULT_MONTHS)


def due_for_erasure(session: Session, now: datetime,
                    months: int = DEFAULT_MONTHS) -> list[Newcomer | Volunteer]:
    """Newcomers and volunteers who withdrew or have done nothing for `months` months."""
    cutoff = months_before(now, months)
    return [*_gone(session, Newcomer, cutoff), *_gone(session, Volunteer, cutoff)]


def _gone(session: Session, model: type[PersonT], cutoff: datetime) -> Sequence[PersonT]:
    return session.scalars(select(model).where(or_(
        model.status == "withdrawn", model.last_active_at < cutoff))
        .order_by(model.id)).all()


def _add_counts(session: Session, person) -> None:
    kind = person.kind
    column = Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id
    setting = session.get(Setting, COUNTS_SETTING)
    if setting is None:
        setting = Setting(key=COUNTS_SETTING, value={})
        session.add(setting)
    counts = _counts(setting)
    counts[f"{kind}s_erased"] = counts.get(f"{kind}s_erased", 0) + 1
    # Erasure deletes the person's proposals, so each one is counted once, with the first
    # of its two people to go.
    by_status = session.execute(select(Proposal.status, func.count()).where(column == person.id)
                                .group_by(Proposal.status)).all()
    for status, n in by_status:
        counts[f"proposals_{status}"] = counts.get(f"proposals_{status}", 0) + n
    setting.value = counts


def purge_sent_messages(session: Session, now: datetime, days: int = DEFAULT_SENT_DAYS) -> int:
    """Delete messages sent (or given up on) more than `days` days ago; returns how many."""
    cutoff = now - timedelta(days=days)
    return rows_changed(session, delete(OutboxMessage).where(or_(
        and_(OutboxMessage.status == "sent", OutboxMessage.sent_at < cutoff),
        and_(OutboxMessage.status == "failed", OutboxMessage.created_at < cutoff))))


def apply_retention(session: Session, now: datetime, months: int = DEFAULT_MONTHS,
                    sent_days: int = DEFAULT_SENT_DAYS, secret: str | None = None) -> dict:
    """Erase the people due for erasure, purge old login attempts and sent messages; returns
    the counts. `secret` lets erasure find the rate-limit counts kept for their addresses."""
    erased = {"newcomers": 0, "volunteers": 0}
    for person in due_for_erasure(session, now, months):
        _add_counts(session, person)
        kind = person.kind + "s"
        erase_person(session, now, person, actor="retention", secret=secret)
        erased[kind] += 1
    erased["login_attempts"] = purge_attempts(session, now)
    erased["messages"] = purge_sent_messages(session, now, sent_days)
    session.flush()
    return erased


def anonymous_counts(session: Session) -> dict:
    """What retention kept of the people it erased: counts only."""
    return _counts(session.get(Setting, COUNTS_SETTING))


def _counts(setting: Setting | None) -> dict[str, int]:
    """A copy of the counts kept in the setting (none before the first erasure)."""
    value = setting.value if setting is not None else None
    return dict(value) if isinstance(value, dict) else {}
