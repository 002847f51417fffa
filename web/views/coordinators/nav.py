"""The coordinators' navigation bar: each page module adds its own entry.

    from web.views.coordinators.nav import add_nav_item
    add_nav_item("coordinators.volunteers", _l("Bénévoles"), order=30)

Entries are shown in `order`, admin-only entries only to admins.
"""
from dataclasses import dataclass

from flask import g

from web.views.coordinators import bp


@dataclass(frozen=True)
class NavItem:
    """One link of the bar: an endpoint without arguments and its (lazy) label."""

    endpoint: str
    label: object
    order: int = 50
    admin_only: bool = False


_items: dict[str, NavItem] = {}


def add_nav_item(endpoint: str, label, order: int = 50, admin_only: bool = False) -> None:
    """Show a link to `endpoint` in the bar; `label` is a lazy_gettext string."""
    _items[endpoint] = NavItem(endpoint, label, order, admin_only)


def nav_items(coordinator) -> list[NavItem]:
    """The entries this coordinator may follow, in order."""
    is_admin = coordinator is not None and coordinator.role == "admin"
    return sorted((item for item in _items.values() if is_admin or not item.admin_only),
                  key=lambda item: (item.order, item.endpoint))


@bp.app_context_processor
def _inject_nav():
    return {"coordinator_nav": lambda: nav_items(g.get("coordinator"))}
