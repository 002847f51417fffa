"""Error pages in the site's layout and the visitor's language, never a bare server page."""
from urllib.parse import urlparse

from flask import render_template, request, session
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _page_to_reload() -> str:
    """Where "reload and try again" leads: this page if it can be shown, else the page the
    form was on (same site only), else the person's own page, else the home page."""
    if request.url_rule is not None and "GET" in request.url_rule.methods:
        return request.path
    referrer = urlparse(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path
    parts = request.path.split("/")
    if len(parts) > 2 and parts[1] in ("arrivee", "benevole", "coordination"):
        return "/".join(parts[:3])
    return "/"


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

    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.response is not None or error.code is None or error.code < 400 \
                or request.path.startswith("/static/"):
            return error  # a page already written for this case, or not an error
        return render_template("errors/http.html", code=error.code), error.code
