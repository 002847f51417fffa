"""Error pages in the site's layout and the visitor's language, never a bare server page."""
import logging
from urllib.parse import urlparse

from flask import jsonify, make_response, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from web.log_filters import LOG_MASK, mask_links

log = logging.getLogger("bienvenue.database")
#: seconds a visitor (or a monitor) is asked to wait when the database does not answer
RETRY_AFTER = 60
#: endpoints that answer JSON, so they answer JSON when the database is down too
JSON_ENDPOINTS = frozenset({"public.health"})
#: SQLite's primary result code for "SQL error or missing database object"
SQLITE_ERROR = 1


def _page_to_reload() -> str:
    """Where "reload and try again" leads: this page if it can be shown, else the page the
    form was on (same site only), else the person's own page, else the home page."""
    rule = request.url_rule
    # A rule without methods answers every method (Flask always lists them).
    if rule is not None and (rule.methods is None or "GET" in rule.methods):
        return request.path
    referrer = urlparse(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path
    parts = request.path.split("/")
    if len(parts) > 2 and parts[1] in ("arrivee", "benevole", "coordination"):
        return "/".join(parts[:3])
    return "/"


def is_outage(error: Exception) -> bool:
    """True when the database cannot be reached or the connection broke: the server is
    down, refuses connections, was restarted, the pool waited too long for a connection.
    A wrong query or a broken constraint is not an outage: it stays a 500."""
    if isinstance(error, sa_exc.OperationalError):
        # SQLite reports a missing table or a syntax error as an OperationalError too, with
        # the generic code SQLITE_ERROR; the outages (cannot open, busy, I/O...) have others.
        code = getattr(error.orig, "sqlite_errorcode", None)
        return code is None or code & 0xFF != SQLITE_ERROR
    if isinstance(error, (sa_exc.InterfaceError, sa_exc.TimeoutError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated


def _unavailable(error: Exception):
    """503 with Retry-After: a short page in the visitor's language, or JSON for monitors.

    Nothing here reads the database: the language comes from the session cookie or the
    browser (web.i18n.select_locale), the town from its file.
    """
    cause = getattr(error, "orig", None) or error
    # One line per request: the outage is known, a traceback per visitor would bury the log.
    log.warning("database unavailable (%s %s): %s: %s", request.method,
                mask_links(request.path, LOG_MASK),
                type(cause).__name__, (str(cause).strip().splitlines() or [""])[0])
    if request.endpoint in JSON_ENDPOINTS or (
            request.accept_mimetypes.best_match(["text/html", "application/json"])
            == "application/json"):
        response = jsonify(status="unavailable")
    else:
        response = make_response(render_template("errors/unavailable.html",
                                                 retry=_page_to_reload()))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    """Register the error pages, and keep visitors' session cookies across browser restarts."""

    @app.before_request
    def _remember_visitor():
        # A form left open, or a page reopened from a phone's mail app, keeps its session
        # (and so its CSRF token) instead of failing after the browser was closed.
        if not session.permanent and request.endpoint != "static":
            session.permanent = True

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_template("errors/expired_form.html", back=_page_to_reload()), 400

    @app.errorhandler(sa_exc.DBAPIError)
    @app.errorhandler(sa_exc.TimeoutError)
    def _database_error(error):
        if not is_outage(error):
            raise error  # an integrity or programming error: the usual 500
        return _unavailable(error)

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.response is not None or error.code is None or error.code < 400 \
                or request.path.startswith("/static/"):
            return error  # a page already written for this case, or not an error
        return render_template("errors/http.html", code=error.code), error.code
