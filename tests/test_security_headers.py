"""Every page carries strict security headers; personal and coordinator pages are never cached."""
import factories
from conftest import NOW

from web import create_app
from web.services.links import LinkSettings, make_token

SETTINGS = LinkSettings("test-secret-key", 30)


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in policy.split(";") if part.strip()}


def _common_headers(response) -> None:
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Development and tests speak plain http: no HSTS, no redirect to https.
    assert "Strict-Transport-Security" not in response.headers


def test_a_public_page_has_the_headers_and_may_be_cached(client, session):
    response = client.get("/")
    assert response.status_code == 200
    _common_headers(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_personal_page_and_its_downloads_are_never_stored(client, session):
    newcomer = factories.newcomer(session, first_name="Aïcha")
    session.commit()
    page = f"/arrivee/{make_token(SETTINGS, NOW.now(NOW.tzinfo), newcomer)}"
    for url in (page, page + "/donnees"):
        response = client.get(url)
        assert response.status_code == 200, url
        _common_headers(response)
        assert response.headers["Cache-Control"] == "no-store", url
    # A wrong key is not cached either, nor a short link, nor coordinator pages.
    for url in ("/arrivee/not-a-key", "/l/zzzzzzzz", "/coordination/connexion"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_production_behind_the_proxy_sends_hsts_and_redirects_to_https(app_config):
    app = create_app({**app_config, "ENV_MODE": "production", "BEHIND_PROXY": True,
                      "SESSION_COOKIE_SECURE": True})
    try:
        client = app.test_client()
        plain = client.get("/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status_code == 302
        assert plain.headers["Location"].startswith("https://")
        secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == 200
        assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        app.extensions["db_engine"].dispose()
