"""Login attempts on the coordinators' workspace, kept for rate limiting."""
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base, UtcDateTime, utcnow


class LoginAttempt(Base):
    """One try at logging in: shared by all web workers, so the limit holds across them."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: as typed, lower-cased and trimmed; it may match no account
    email: Mapped[str] = mapped_column(String(254))
    #: the client's address as the app sees it (IPv6 at most 45 characters)
    ip: Mapped[str] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(default=False)
    #: refused by the rate limit without checking the password; does not extend a lock-out
    refused: Mapped[bool] = mapped_column(default=False)
