"""A real browser finds nothing the Content-Security-Policy blocks: no inline script or
style on the pages with the most in them (town map, QR code, forms, coordinator pages)."""
import factories
import pytest
from conftest import NOW
from journeys import newcomer_form

from web.services.accounts import create_coordinator
from web.services.links import LinkSettings, make_token

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_no_page_breaks_the_content_security_policy(live_server, phone, session):
    factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Aïcha")
    create_coordinator(session, NOW, "claire@villiers.example", "correct horse battery",
                       name="Claire")
    session.commit()
    assert newcomer_form(session)  # the reference data the intake form needs is loaded
    messages = []
    phone.on("console", lambda message: messages.append(message.text))
    token = make_token(LinkSettings("test-secret-key", 30), NOW.now(NOW.tzinfo), newcomer)
    for path in ("/", "/lieux", "/agenda", "/arrivee/inscription", "/benevole/inscription",
                 f"/arrivee/{token}", f"/arrivee/{token}/fiche", "/coordination/connexion"):
        response = phone.goto(live_server + path)
        assert response.status < 400, path
        # Stylesheets load (a blocked one would leave the page unstyled).
        assert phone.evaluate("document.styleSheets.length") >= 1, path
    phone.fill("#email", "claire@villiers.example")
    phone.fill("#password", "correct horse battery")
    phone.locator("form button[type=submit], form input[type=submit]").last.click()
    phone.wait_for_url(live_server + "/coordination/")
    for path in ("/coordination/", "/coordination/statistiques", "/coordination/lieux"):
        phone.goto(live_server + path)
    blocked = [text for text in messages if "Content Security Policy" in text]
    assert blocked == []
