"""The coordinators' navigation, grouped by task: each page module adds its own entry.

    from web.views.coordinators.nav import add_nav_item
    add_nav_item("coordinators.volunteers", _l("Bénévoles"), group="people", order=30)

Groups come in the order of `GROUPS`; entries in `order` inside their group;
admin-only entries only to admins; a group with no entry left is not shown.
"""
from dataclasses import dataclass

from flask import g
from flask_babel import lazy_gettext as _l

from web.views.coordinators import bp

#: The task groups, in the order of the bar: (key, lazy label).
GROUPS = (
    ("today", _l("Aujourd'hui")),
    ("people", _l("Personnes")),
    ("matching", _l("Appariement")),
    ("town", _l("La ville")),
    ("admin", _l("Administration")),
)


@dataclass(frozen=True)
class NavItem:
    """One link of the bar: an endpoint without arguments, its (lazy) label, its group."""

    endpoint: str
    label: object
    order: int = 50
    admin_only: bool = False
    group: str = "admin"


@dataclass(frozen=True)
class NavGroup:
    """One task group of the bar and the entries this coordinator may follow in it."""

    key: str
    label: object
    items: tuple[NavItem, ...]

    def holds(self, endpoint: str | None) -> bool:
        """Is the page `endpoint` one of this group's entries (then it is shown open)?"""
        return any(item.endpoint == endpoint for item in self.items)


_items: dict[str, NavItem] = {}


def add_nav_item(endpoint: str, label, order: int = 50, admin_only: bool = False,
                 group: str = "admin") -> None:
    """Show a link to `endpoint` in `group` of the bar; `label` is a lazy_gettext string."""
    if group not in dict(GROUPS):
        raise ValueError(f"unknown navigation group {group!r}")
    _items[endpoint] = NavItem(endpoint, label, order, admin_only, group)


def nav_items(coordinator) -> list[NavItem]:
    """The entries this coordinator may follow, group by group, in order."""
    rank = {key: i for i, (key, _label) in enumerate(GROUPS)}
    is_admin = coordinator is not None and coordinator.role == "admin"
    return sorted((item for item in _items.values() if is_admin or not item.admin_only),
                  key=lambda item: (rank[item.group], item.order, item.endpoint))


def nav_groups(coordinator) -> list[NavGroup]:
    """The groups of the bar with this coordinator's entries; empty groups left out."""
    items = nav_items(coordinator)
    groups = (NavGroup(key, label, tuple(i for i in items if i.group == key))
              for key, label in GROUPS)
    return [group for group in groups if group.items]


@bp.app_context_processor
def _inject_nav():
    return {"coordinator_nav": lambda: nav_groups(g.get("coordinator"))}
