"""Rate limits for public pages that could be abused (short links, asking for one's link).

Counted requests are rows of `rate_event`, so a limit holds across all web workers and
processes (an in-memory counter would not). `hit` records one request and tells whether it
is still within the limit; old rows are pruned as we go. Keys that are personal data (an
e-mail address, a phone number) are stored as a keyed hash, never in clear.
"""
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from web.models import RateEvent

#: rows older than this are useless to every limit below
KEEP = timedelta(days=1)


def hashed(secret: str, value: str) -> str:
    """A stable, non-reversible key for a personal value (HMAC-SHA256, hex)."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def hit(session: Session, now: datetime, bucket: str, key: str, limit: int,
        window: timedelta) -> bool:
    """Count one request for (bucket, key); True while at most `limit` fall within `window`.

    Refused requests are counted too: hammering keeps the door shut. Flushes, never commits.
    """
    now = now.astimezone(UTC)
    key = key[:64]
    session.execute(delete(RateEvent).where(RateEvent.bucket == bucket,
                                            RateEvent.at < now - KEEP))
    session.add(RateEvent(bucket=bucket, key=key, at=now))
    session.flush()
    recent = session.scalar(select(func.count()).select_from(RateEvent).where(
        RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.at > now - window)) or 0
    return recent <= limit
