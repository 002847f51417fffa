"""Coordinators' notes about a newcomer or a volunteer."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in

NOTE_TARGETS = ("newcomer", "volunteer")


class Note(Base):
    """A dated note a coordinator wrote on a person's page (after a call, an interview...)."""

    __tablename__ = "note"
    __table_args__ = (
        CheckConstraint(sql_in("target_type", NOTE_TARGETS), name="target_value"),
        Index("ix_note_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "newcomer" or "volunteer"; the notes go when the person is erased
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int]
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordinator.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
