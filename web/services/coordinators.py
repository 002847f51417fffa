"""Coordinator accounts: creation and password checks (argon2id)."""
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Coordinator
from web.models.staff import ROLES
from web.services import ServiceError, audit
from web.services.emails import is_email_address

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


def normalise_email(email: str) -> str:
    """Lower-case and trimmed; raises ServiceError when not an e-mail address."""
    email = (email or "").strip().lower()
    if not is_email_address(email):
        raise ServiceError("email", "expected an e-mail address such as name@example.org")
    return email


def create_coordinator(session: Session, now: datetime, email: str, password: str,
                       name: str = "", role: str = "coordinator",
                       actor: str = "cli", coordinator_id: int | None = None) -> Coordinator:
    """Create a coordinator account; the e-mail must be new and the password long enough."""
    email = normalise_email(email)
    if role not in ROLES:
        raise ServiceError("role", f"expected one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ServiceError("password", f"expected at least {MIN_PASSWORD_LENGTH} characters")
    taken = session.scalar(select(func.count()).select_from(Coordinator)
                           .where(Coordinator.email == email))
    if taken:
        raise ServiceError("email", f"a coordinator with the address {email} already exists")
    coordinator = Coordinator(email=email, name=name.strip(), role=role, created_at=now,
                              password_hash=_hasher.hash(password))
    session.add(coordinator)
    session.flush()
    audit.record(session, now, "coordinator.created", actor=actor, coordinator_id=coordinator_id,
                 target_type="coordinator", target_id=coordinator.id, role=role)
    return coordinator


def check_password(coordinator: Coordinator, password: str) -> bool:
    """True when the password matches the account's hash."""
    try:
        return _hasher.verify(coordinator.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
