"""A coordinator logs in with the keyboard only, on a phone-sized screen."""
import pytest
from conftest import NOW

from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
LOGIN = "/coordination/connexion"
DASHBOARD = "/coordination/"

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def claire(session):
    account = create_coordinator(session, NOW, "Claire.Martin@villiers.example", PASSWORD,
                                 name="Claire Martin")
    session.commit()
    return account


@pytest.mark.browser
def test_log_in_with_the_keyboard_only(live_server, phone, claire):
    phone.goto(live_server + DASHBOARD)
    assert phone.url.startswith(live_server + LOGIN)
    for _ in range(20):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "email":
            break
    assert phone.evaluate("document.activeElement.id") == "email"
    phone.keyboard.type(claire.email)
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.id") == "password"
    phone.keyboard.type(PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(live_server + DASHBOARD)
    assert phone.locator("h1").inner_text() == "Bonjour Claire Martin"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
