"""Coordinators' login: log in, lock-out after failures, sessions, log out, password change.

Failed attempts are kept in the `login_attempt` table, so the limit holds across all
web workers. After MAX_FAILURES_PER_EMAIL failures for one address (or
MAX_FAILURES_PER_IP from one client address) within WINDOW, further attempts are
refused for LOCKOUT without the password even being checked.
"""
import contextlib
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2.exceptions import VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from web.db import rows_changed
from web.models import Coordinator, LoginAttempt
from web.services import ServiceError, audit
from web.services.accounts import actor, check_new_password, check_password, hasher, normalise_email
from web.services.emails import MAX_LENGTH

MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

_dummy_hash: str | None = None


@dataclass
class LoginResult:
    """What a login attempt gave: `outcome` is "ok", "invalid", "inactive" or "locked"."""

    outcome: str
    coordinator: Coordinator | None = None


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _locked_until(moments: list[datetime], threshold: int) -> datetime | None:
    """End of the latest lock-out: LOCKOUT after any failure that was the threshold-th in WINDOW."""
    moments = sorted(_aware(m) for m in moments)
    until = None
    for i in range(threshold - 1, len(moments)):
        if moments[i] - moments[i - threshold + 1] <= WINDOW:
            until = moments[i] + LOCKOUT
    return until


def _failures(session: Session, now: datetime, column, value: str, after=None) -> list[datetime]:
    since = now - WINDOW - LOCKOUT
    if after is not None and _aware(after) > since:
        since = _aware(after)
    query = (select(LoginAttempt.at)
             .where(column == value, LoginAttempt.at > since, LoginAttempt.at <= now,
                    LoginAttempt.succeeded.is_(False), LoginAttempt.refused.is_(False)))
    return list(session.scalars(query))


def locked_until(session: Session, now: datetime, email: str, ip: str) -> datetime | None:
    """When logins for this e-mail or from this address are allowed again; None if they are."""
    email = _attempt_email(email)
    last_success = session.scalar(select(func.max(LoginAttempt.at))
                                  .where(LoginAttempt.email == email,
                                         LoginAttempt.succeeded.is_(True)))
    ends = [_locked_until(_failures(session, now, LoginAttempt.email, email, last_success),
                          MAX_FAILURES_PER_EMAIL),
            _locked_until(_failures(session, now, LoginAttempt.ip, ip), MAX_FAILURES_PER_IP)]
    locked = [end for end in ends if end is not None and end > now]
    return max(locked) if locked else None


def _attempt_email(email: str) -> str:
    """The address as looked up and written to the attempts log (its column holds 254)."""
    return normalise_email(email)[:MAX_LENGTH]


def _verify_nothing(password: str) -> None:
    """Spend the time of a real check, so unknown addresses cannot be told apart by timing."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hasher.hash("not a password of anyone")
    with contextlib.suppress(VerificationError):  # it never matches: only its time counts
        hasher.verify(_dummy_hash, password or "")


def authenticate(session: Session, now: datetime, email: str, password: str,
                 ip: str) -> LoginResult:
    """Check a login and record the attempt; on success update last_login_at and audit it."""
    email = _attempt_email(email)
    ip = (ip or "unknown")[:45]
    if locked_until(session, now, email, ip) is not None:
        session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=False, refused=True))
        session.flush()
        return LoginResult("locked")
    coordinator = session.scalar(select(Coordinator).where(Coordinator.email == email))
    if coordinator is None:
        _verify_nothing(password)
        outcome = "invalid"
    elif not check_password(coordinator, password):
        outcome = "invalid"
    elif not coordinator.active:
        outcome = "inactive"
    else:
        outcome = "ok"
    session.add(LoginAttempt(email=email, ip=ip, at=now, succeeded=outcome == "ok"))
    if outcome != "ok":
        session.flush()
        return LoginResult(outcome)
    assert coordinator is not None  # "ok" is only reached with a coordinator
    coordinator.last_login_at = now
    audit.record(session, now, "coordinator.login", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="coordinator",
                 target_id=coordinator.id)
    session.flush()
    return LoginResult("ok", coordinator)


def end_sessions(coordinator: Coordinator) -> None:
    """Make every session opened so far for this account stop working (caller flushes)."""
    coordinator.session_version = (coordinator.session_version or 0) + 1


def record_logout(session: Session, now: datetime, coordinator: Coordinator) -> None:
    """Audit a logout and end the account's sessions (a copied cookie no longer works)."""
    end_sessions(coordinator)
    audit.record(session, now, "coordinator.logout", actor=actor(coordinator),
                 coordinator_id=coordinator.id, target_type="coordinator",
                 target_id=coordinator.id)
    session.flush()


def change_password(session: Session, now: datetime, coordinator: Coordinator,
                    current: str, new: str) -> None:
    """Replace the password after checking the current one; raises ServiceError on bad input."""
    if not check_password(coordinator, current or ""):
        raise ServiceError("current", "the current password is not right")
    check_new_password("new", new)
    coordinator.password_hash = hasher.hash(new)
    end_sessions(coordinator)
    audit.record(session, now, "coordinator.password_changed",
                 actor=actor(coordinator), coordinator_id=coordinator.id,
                 target_type="coordinator", target_id=coordinator.id)
    session.flush()


def purge_attempts(session: Session, now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Delete login attempts older than `keep` (for a periodic job); returns how many."""
    deleted = rows_changed(session, delete(LoginAttempt).where(LoginAttempt.at < now - keep))
    session.flush()
    return deleted


def session_stamp(coordinator: Coordinator) -> str:
    """A short fingerprint of the password hash and session version.

    Sessions opened before a password change, a logout or a (de)activation stop working.
    """
    material = f"{coordinator.session_version or 0}:{coordinator.password_hash}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]
