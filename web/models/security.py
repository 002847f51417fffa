"""Login attempts on the coordinators' workspace, kept for rate limiting."""
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from web.clock import utcnow
from web.models.base import Base, UtcDateTime


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


class RateEvent(Base):
    """One counted request for a public rate limit (short links tried, links asked for).

    Kept in the database, like login attempts, so a limit holds across all web workers.
    """

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what is limited, e.g. "shortlink-ip", "findlink-ip", "findlink-to"
    bucket: Mapped[str] = mapped_column(String(20))
    #: whom it is counted for: a client address, or a hash of an e-mail address or number
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
