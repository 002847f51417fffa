"""In a real browser on a 320 px phone: the review page with long person labels and its
search fit the screen; the search is used with the keyboard alone, and approving a draft
found by the search comes back to the search."""
from datetime import timedelta

import factories
import pytest
from conftest import NOW
from playwright.sync_api import expect

from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
PASSWORD = "correct horse battery"
REVIEW = "/coordination/propositions/a-valider"


def test_search_and_approve_with_the_keyboard_at_320_px(browser, live_server, session):
    create_coordinator(session, NOW, "lea@villiers.example", PASSWORD, name="Léa")
    places = factories.load_villiers(session)
    for n, (name, slug) in enumerate((("Patrick", "le-bois-de-gaumont"),
                                      ("Patrick", "les-hautes-noues"), ("Olena", "la-gare"))):
        newcomer = factories.newcomer(session, first_name=name, birth_year=1950 + 20 * n,
                                      neighbourhood_id=places[slug].id,
                                      waiting_since=NOW - timedelta(days=10 - n))
        volunteer = factories.volunteer(session, first_name="Marie-Christine",
                                        birth_year=1961, neighbourhood_id=places[slug].id)
        create_proposal(session, NOW, newcomer.id, volunteer.id, status="draft")
    session.commit()

    context = browser.new_context(viewport={"width": 320, "height": 740}, locale="fr-FR")
    context.set_default_timeout(5000)
    page = context.new_page()
    try:
        page.goto(live_server + REVIEW)
        page.get_by_label("Adresse e-mail").fill("lea@villiers.example")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server + REVIEW)
        expect(page.get_by_text("3 propositions à valider")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

        search = page.get_by_label("Rechercher une proposition")
        search.focus()
        page.keyboard.type("patrick")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_text("2 propositions à valider")).to_be_visible()
        expect(page.get_by_role("link", name="Patrick · Le Bois de Gaumont · 75 ans et plus")
               ).to_be_visible()
        expect(page.get_by_role("link", name="Patrick · Les Hautes-Noues · 45–59 ans")
               ).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

        approve = page.get_by_role("button", name="Approuver : Patrick · Le Bois de Gaumont "
                                   "· 75 ans et plus avec Marie-Christine · Le Bois de Gaumont "
                                   "· 60–74 ans")
        approve.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == live_server + REVIEW + "?q=patrick"
        expect(page.get_by_text("1 proposition à valider")).to_be_visible()
        expect(page.get_by_label("Rechercher une proposition")).to_have_value("patrick")
    finally:
        context.close()
