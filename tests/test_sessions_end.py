"""Coordinator sessions end for good: a cookie copied before logout, deactivation or a
password change no longer opens coordinator pages."""
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator

from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
PAGES = ("/coordination/", "/coordination/comptes")


@pytest.fixture
def admins(session):
    """Two admins: Claire, whose sessions we end, and Omar, who manages her account."""
    claire = create_coordinator(session, NOW, "claire@villiers.example", PASSWORD,
                                name="Claire", role="admin")
    omar = create_coordinator(session, NOW, "omar@villiers.example", PASSWORD,
                              name="Omar", role="admin")
    session.commit()
    return claire, omar


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie (say, a stolen one)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def opens(client, url: str) -> bool:
    return client.get(url).status_code == 200


def test_a_copied_cookie_works_until_logout_and_never_after(app, client, admins):
    log_in_coordinator(client, "claire@villiers.example", PASSWORD)
    copied = copy_of(app, client)
    assert all(opens(copied, url) for url in PAGES)
    response = client.post("/coordination/deconnexion",
                           data={"csrf_token": csrf(client, "/coordination/")})
    assert response.status_code == 302
    for url in PAGES:
        response = copied.get(url)
        assert response.status_code == 302
        assert "/coordination/connexion" in response.headers["Location"]


def test_deactivation_then_reactivation_does_not_revive_old_sessions(app, client, admins):
    claire, omar = admins
    log_in_coordinator(client, "claire@villiers.example", PASSWORD)
    copied = copy_of(app, client)
    manager = log_in_coordinator(app.test_client(), "omar@villiers.example", PASSWORD)
    for action in ("desactiver", "reactiver"):
        response = manager.post(f"/coordination/comptes/{claire.id}/{action}",
                                data={"csrf_token": csrf(manager, "/coordination/comptes"),
                                      "confirm": "yes"})
        assert response.status_code == 302
    assert not any(opens(browser, url) for browser in (client, copied) for url in PAGES)
    # Reactivated, Claire logs in again normally.
    log_in_coordinator(client, "claire@villiers.example", PASSWORD)
    assert all(opens(client, url) for url in PAGES)


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, client, admins):
    log_in_coordinator(client, "claire@villiers.example", PASSWORD)
    copied = copy_of(app, client)
    new_password = "a much longer new secret"
    response = client.post("/coordination/mot-de-passe", data={
        "csrf_token": csrf(client, "/coordination/mot-de-passe"), "current": PASSWORD,
        "new": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert all(opens(client, url) for url in PAGES)
    assert not any(opens(copied, url) for url in PAGES)
