"""Admins manage coordinator accounts: create, change role, deactivate and reactivate.

Two rules keep someone able to administer the programme: an admin cannot demote or
deactivate their own account, and the last active admin can never be demoted or
deactivated. Every change is audited with the acting coordinator's id.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Coordinator
from web.models.staff import ROLES
from web.services import ServiceError, audit
from web.services.coordinators import create_coordinator


def list_accounts(session: Session) -> list[Coordinator]:
    """Every coordinator account: active ones first, then by name and e-mail."""
    return list(session.scalars(select(Coordinator).order_by(
        Coordinator.active.desc(), Coordinator.name, Coordinator.email)))


def _actor(coordinator: Coordinator) -> str:
    return f"coordinator:{coordinator.id}"


def create_account(session: Session, now: datetime, actor: Coordinator, email: str,
                   name: str, role: str, password: str) -> Coordinator:
    """Create an account with an initial password; raises ServiceError on bad input."""
    return create_coordinator(session, now, email, password, name=name, role=role,
                              actor=_actor(actor), coordinator_id=actor.id)


def _is_last_active_admin(session: Session, account: Coordinator) -> bool:
    """True when `account` is the only active admin (rows locked against a concurrent change)."""
    if account.role != "admin" or not account.active:
        return False
    admins = session.scalars(select(Coordinator.id)
                             .where(Coordinator.role == "admin", Coordinator.active.is_(True))
                             .with_for_update()).all()
    return list(admins) == [account.id]


def _check_may_lose_admin(session: Session, actor: Coordinator, account: Coordinator,
                          field: str) -> None:
    if _is_last_active_admin(session, account):
        raise ServiceError(field, "the last active admin cannot be demoted or deactivated")
    if account.id == actor.id:
        raise ServiceError(field, "admins cannot demote or deactivate their own account")


def set_role(session: Session, now: datetime, actor: Coordinator, account: Coordinator,
             role: str) -> bool:
    """Give `account` the role; False when it already had it. Raises ServiceError per the rules."""
    if role not in ROLES:
        raise ServiceError("role", f"expected one of {', '.join(ROLES)}")
    if account.role == role:
        return False
    if account.role == "admin":
        _check_may_lose_admin(session, actor, account, "role")
    previous, account.role = account.role, role
    audit.record(session, now, "coordinator.role_changed", actor=_actor(actor),
                 coordinator_id=actor.id, target_type="coordinator", target_id=account.id,
                 previous=previous, role=role)
    session.flush()
    return True


def set_active(session: Session, now: datetime, actor: Coordinator, account: Coordinator,
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
        _check_may_lose_admin(session, actor, account, "active")
    account.active = active
    account.session_version = (account.session_version or 0) + 1
    audit.record(session, now,
                 "coordinator.reactivated" if active else "coordinator.deactivated",
                 actor=_actor(actor), coordinator_id=actor.id, target_type="coordinator",
                 target_id=account.id)
    session.flush()
    return True
