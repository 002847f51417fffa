"""The audit log: one call records who did what to whom."""
from datetime import datetime

from sqlalchemy.orm import Session

from web.models import AuditEntry


def record(session: Session, now: datetime, action: str, *, actor: str = "system",
           coordinator_id: int | None = None, target_type: str | None = None,
           target_id: int | None = None, **details) -> AuditEntry:
    """Add an audit entry (flushed with the caller's transaction)."""
    entry = AuditEntry(at=now, action=action, actor=actor, coordinator_id=coordinator_id,
                       target_type=target_type, target_id=target_id, details=details)
    session.add(entry)
    return entry
