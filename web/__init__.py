"""The Bienvenue web application."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

# Flask, SQLAlchemy and the extensions are imported by `create_app`, not here: commands
# that need no app (`bienvenue match-file`) import the `web` package in 0.05 s, not 0.6 s.


def __getattr__(name: str):
    """`web.csrf`, the CSRF extension, created on first use."""
    if name == "csrf":
        from flask_wtf import CSRFProtect

        globals()["csrf"] = CSRFProtect()
        return globals()["csrf"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides values read from the environment (tests use it)."""
    from flask import Flask

    from web import csrf, db, errors, i18n, log_filters, request_guard, security_headers
    from web.config import load_config

    app = Flask(__name__)
    app.config.update(load_config())
    if config:
        app.config.update(config)
    if app.config.get("BEHIND_PROXY"):
        # The client's own address, not the proxy's, so that login limits count per person.
        from werkzeug.middleware.proxy_fix import ProxyFix

        # (Flask's documented way to add WSGI middleware, though mypy sees a method)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    request_guard.init_app(app)  # before the blueprints: it sets the <int:...> converter
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    security_headers.init_app(app)
    errors.init_app(app)
    log_filters.init_app(app)

    from web.views import (
        agenda,  # noqa: F401 - adds the agenda and place pages to `public`
        coordinators,
        followups,
        newcomers,
        personal_agenda,  # noqa: F401 - activities on the personal pages
        public,
        shortlinks,
        volunteers,
    )

    for blueprint in (public.bp, newcomers.bp, volunteers.bp, coordinators.bp, followups.bp,
                      shortlinks.bp):
        app.register_blueprint(blueprint)
    from web.forms import field_attrs

    app.jinja_env.globals["town"] = lambda: _town(app)
    app.jinja_env.globals["field_attrs"] = field_attrs
    from web.services.notify import public_base_url

    app.jinja_env.globals["public_base_url"] = public_base_url
    return app


def _town(app):
    from web.services.reference import load_town

    return load_town(app.config["TOWN_FILE"])
