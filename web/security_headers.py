"""Security headers on every response (Flask-Talisman) and no caching of personal pages.

- A strict Content-Security-Policy: scripts, styles, images and forms from this site
  only, nothing inline (templates link static files), no framing by other sites.
- `Referrer-Policy: no-referrer`: a personal link (/arrivee/<token>) must never leak to
  another site through the Referer header of a followed link.
- HSTS and the redirect to https only in production; the redirect only behind the TLS
  proxy (BIENVENUE_BEHIND_PROXY), where X-Forwarded-Proto tells what the visitor used.
- `Cache-Control: no-store` on pages whose address is a key (personal pages, their
  data downloads and calendar files, short links, follow-up links) and on coordinator
  pages, so that no shared cache or browser history keeps them.
"""
from flask import Flask, request
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

#: endpoints whose address carries a key although its argument is not called `token`
KEYED_ENDPOINTS = {"shortlinks.open_link"}


def is_private() -> bool:
    """True when the current request is for a token-bearing personal page or a coordinator page."""
    endpoint = request.endpoint or ""
    return (bool(request.view_args and "token" in request.view_args)
            or endpoint in KEYED_ENDPOINTS or endpoint.startswith("coordinators."))


def _no_store(response):
    if is_private():
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    """Send the security headers; keep the session cookie settings of web/config.py."""
    production = app.config.get("ENV_MODE") == "production"
    # One Talisman per app: it keeps its options on itself, and tests build many apps.
    app.extensions["talisman"] = Talisman(
        app,
        content_security_policy=CSP,
        force_https=production and bool(app.config.get("BEHIND_PROXY")),
        strict_transport_security=production,
        frame_options="DENY",
        referrer_policy="no-referrer",
        # Talisman would otherwise overwrite these (secure cookies break plain-http dev).
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    )
    app.after_request(_no_store)
