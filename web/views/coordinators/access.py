"""Who may see coordinator pages: the login session and the access decorators.

Use `@coordinator_required` on every coordinator page and `@admin_required` on pages
only admins may see; both put the logged-in account on `flask.g.coordinator`.
"""
from datetime import timedelta
from functools import wraps

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.i18n import SESSION_KEY as LANGUAGE_KEY
from web.models import Coordinator
from web.request_guard import same_site_path
from web.services import auth

#: keys this module keeps in the Flask session
KEYS = ("coordinator_id", "login_at", "seen_at", "auth_stamp")


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (never redirect elsewhere)."""
    return same_site_path(target, default)


def start_session(coordinator: Coordinator) -> None:
    """Open a fresh session for this account, keeping only the language (no session fixation)."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language
    now = clock.utcnow().timestamp()
    session["coordinator_id"] = coordinator.id
    session["login_at"] = now
    session["seen_at"] = now
    session["auth_stamp"] = auth.session_stamp(coordinator)


def end_session() -> None:
    """Forget the login (and everything else but the language)."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def _expired(now: float) -> bool:
    idle = timedelta(minutes=current_app.config.get("COORDINATOR_IDLE_MINUTES", 120))
    longest = timedelta(hours=current_app.config.get("COORDINATOR_MAX_HOURS", 12))
    login_at, seen_at = session.get("login_at"), session.get("seen_at")
    if not isinstance(login_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return True
    return now - seen_at > idle.total_seconds() or now - login_at > longest.total_seconds()


def current_coordinator() -> Coordinator | None:
    """The logged-in, active coordinator, or None; ends expired or stale sessions."""
    coordinator_id = session.get("coordinator_id")
    if coordinator_id is None:
        return None
    now = clock.utcnow().timestamp()
    if _expired(now):
        end_session()
        flash(_("Votre session a expiré. Reconnectez-vous."), "error")
        return None
    coordinator = get_session().get(Coordinator, coordinator_id)
    if (coordinator is None or not coordinator.active
            or session.get("auth_stamp") != auth.session_stamp(coordinator)):
        end_session()
        return None
    session["seen_at"] = now
    return coordinator


def _to_login():
    if request.method != "GET":
        # Coming back to a form submission by GET would fail: start from the dashboard.
        return redirect(url_for("coordinators.login"))
    here = request.full_path if request.query_string else request.path
    return redirect(url_for("coordinators.login", next=here))


def coordinator_required(view):
    """Coordinators and admins only; anonymous visitors go to the login page and come back."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        coordinator = current_coordinator()
        if coordinator is None:
            return _to_login()
        g.coordinator = coordinator
        return view(*args, **kwargs)
    return wrapped


def admin_required(view):
    """Admins only; other coordinators get a 403 page saying so."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        coordinator = current_coordinator()
        if coordinator is None:
            return _to_login()
        g.coordinator = coordinator
        if coordinator.role != "admin":
            return render_template("coordinators/forbidden.html"), 403
        return view(*args, **kwargs)
    return wrapped
