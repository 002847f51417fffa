"""Coordinator accounts: creation, e-mail form, passwords, roles and the active flag.

Admins create accounts, change roles, deactivate and reactivate them. Two rules keep
someone able to administer the programme: an admin cannot demote or deactivate their
own account, and the last active admin can never be demoted or deactivated. Every
change is audited with the acting coordinator's id. Passwords are hashed with argon2id
by the one hasher here (login and password change in `web.services.auth` use it too).
"""
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
hasher = PasswordHasher()


def normalise_email(email: str | None) -> str:
    """The form of an address kept on accounts and used for look-ups: trimmed, lower-case."""
    return (email or "").strip().lower()


def actor(coordinator: Coordinator) -> str:
    """The audit log's actor string for a coordinator."""
    return f"coordinator:{coordinator.id}"


def check_password(coordinator: Coordinator, password: str) -> bool:
    """True when the password matches the account's hash."""
    try:
        return hasher.verify(coordinator.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(field: str, password: str | None) -> None:
    """Raise ServiceError on `field` when the password is too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ServiceError(field, f"expected at least {MIN_PASSWORD_LENGTH} characters")


def list_accounts(session: Session) -> list[Coordinator]:
    """Every coordinator account: active ones first, then by name and e-mail."""
    return list(session.scalars(select(Coordinator).order_by(
        Coordinator.active.desc(), Coordinator.name, Coordinator.email)))


def create_coordinator(session: Session, now: datetime, email: str, password: str,
                       name: str = "", role: str = "coordinator",
                       actor: str = "cli", coordinator_id: int | None = None) -> Coordinator:
    """Create a coordinator account; the e-mail must be new and the password long enough."""
    email = normalise_email(email)
    if not is_email_address(email):
        raise ServiceError("email", "expected an e-mail address such as name@example.org")
    if role not in ROLES:
        raise ServiceError("role", f"expected one of {', '.join(ROLES)}")
    check_new_password("password", password)
    taken = session.scalar(select(func.count()).select_from(Coordinator)
                           .where(Coordinator.email == email))
    if taken:
        raise ServiceError("email", f"a coordinator with the address {email} already exists")
    coordinator = Coordinator(email=email, name=name.strip(), role=role, created_at=now,
                              password_hash=hasher.hash(password))
    session.add(coordinator)
    session.flush()
    audit.record(session, now, "coordinator.created", actor=actor, coordinator_id=coordinator_id,
                 target_type="coordinator", target_id=coordinator.id, role=role)
    return coordinator


def create_account(session: Session, now: datetime, by: Coordinator, email: str,
                   name: str, role: str, password: str) -> Coordinator:
    """An admin creates an account with an initial password; raises ServiceError on bad input."""
    return create_coordinator(session, now, email, password, name=name, role=role,
                              actor=actor(by), coordinator_id=by.id)


def _is_last_active_admin(session: Session, account: Coordinator) -> bool:
    """True when `account` is the only active admin (rows locked against a concurrent change)."""
    if account.role != "admin" or not account.active:
        return False
    admins = session.scalars(select(Coordinator.id)
                             .where(Coordinator.role == "admin", Coordinator.active.is_(True))
                             .with_for_update()).all()
    return list(admins) == [account.id]


def _check_may_lose_admin(session: Session, by: Coordinator, account: Coordinator,
                          field: str) -> None:
    if _is_last_active_admin(session, account):
        raise ServiceError(field, "the last active admin cannot be demoted or deactivated")
    if account.id == by.id:
        raise ServiceError(field, "admins cannot demote or deactivate their own account")


def set_role(session: Session, now: datetime, by: Coordinator, account: Coordinator,
             role: str) -> bool:
    """Give `account` the role; False when it already had it. Raises ServiceError per the rules."""
    if role not in ROLES:
        raise ServiceError("role", f"expected one of {', '.join(ROLES)}")
    if account.role == role:
        return False
    if account.role == "admin":
        _check_may_lose_admin(session, by, account, "role")
    previous, account.role = account.role, role
    audit.record(session, now, "coordinator.role_changed", actor=actor(by),
                 coordinator_id=by.id, target_type="coordinator", target_id=account.id,
                 previous=previous, role=role)
    session.flush()
    return True


def set_active(session: Session, now: datetime, by: Coordinator, account: Coordinator,
               active: bool) -> bool:
    """Deactivate or reactivate `account`; False when nothing changed.

    A deactivated account can no longer log in, and its open sessions are refused on
    their next request (the access decorators check `active`). Both changes end the
    account's sessions, so a cookie kept from before a deactivation stays dead after
    the reactivation.
    """
    if account.active == active:
        return False
    if not active:
        _check_may_lose_admin(session, by, account, "active")
    account.active = active
    account.session_version = (account.session_version or 0) + 1
    audit.record(session, now,
                 "coordinator.reactivated" if active else "coordinator.deactivated",
                 actor=actor(by), coordinator_id=by.id, target_type="coordinator",
                 target_id=account.id)
    session.flush()
    return True
