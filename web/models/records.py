"""The outbox of messages to send and the audit log of coordinator actions."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in

MESSAGE_STATUSES = ("pending", "sent", "failed")
#: e-mail, or text message (SMS: `to_address` is then the phone number in E.164, +33612345678)
CHANNELS = ("email", "sms")
#: delivery order, lower goes sooner (web.services.priorities decides it from the kind):
#: 0 someone waits at the screen, 1 urgent, 2 normal, 3 bulk
PRIORITIES = range(4)
NORMAL_PRIORITY = 2


class OutboxMessage(Base):
    """An e-mail waiting to be sent, or sent; delivery retries until it succeeds or gives up."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(sql_in("status", MESSAGE_STATUSES), name="status_value"),
        CheckConstraint(sql_in("channel", CHANNELS), name="channel_value"),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_date"),
        CheckConstraint(f"priority BETWEEN {PRIORITIES[0]} AND {PRIORITIES[-1]}",
                        name="priority_range"),
        # delivery lists the due messages of each priority in turn (web.services.delivery)
        Index("ix_outbox_message_due", "status", "priority", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the message is, e.g. "proposal_to_volunteer", "introduction"
    kind: Mapped[str] = mapped_column(String(40))
    #: one of CHANNELS
    channel: Mapped[str] = mapped_column(String(8), default="email", server_default="email")
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    #: the recipient's language, in which the message was written
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    #: one of PRIORITIES, lower is sent sooner; set from the kind when queued
    priority: Mapped[int] = mapped_column(SmallInteger, default=NORMAL_PRIORITY,
                                          server_default=str(NORMAL_PRIORITY))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: "newcomer" or "volunteer" and id, so erasing a person can erase their messages
    person_type: Mapped[str | None] = mapped_column(String(12))
    person_id: Mapped[int | None]


class AuditEntry(Base):
    """Who did what, when: every coordinator action on a person, and notable system actions."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordinator.id", ondelete="SET NULL"))
    #: who acted when not a coordinator: "system", "newcomer:12", "volunteer:3", "cli"
    actor: Mapped[str] = mapped_column(String(40), default="system")
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[int | None]
    details: Mapped[dict] = mapped_column(JSON, default=dict)
