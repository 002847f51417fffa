"""Coordinators: town hall or association staff who run the programme."""
from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in

ROLES = ("coordinator", "admin")


class Coordinator(Base):
    """A staff account; admins also manage coordinators and settings."""

    __tablename__ = "coordinator"
    __table_args__ = (CheckConstraint(sql_in("role", ROLES), name="role_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    #: argon2id hash
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12), default="coordinator")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: bumped at logout, (de)activation and password change: older sessions stop working
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<Coordinator {self.email}>"
