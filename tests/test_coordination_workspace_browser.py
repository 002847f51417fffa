"""The coordinators' workspace in a real browser: no page scrolls sideways on a 320 px
phone (record tables become stacked cards, statistics scroll in a labelled box), the
statistics fit a 1280 px screen, and the grouped navigation opens with the keyboard."""
import pytest
from browser_helpers import TOO_WIDE, every_state_town
from conftest import PASSWORD
from playwright.sync_api import expect

#: browser tests run on SQLite only: the pages do not depend on the database engine
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture
def town(app, session):
    """Villiers with people in every state."""
    return every_state_town(app, session)


def _pages(ids):
    return [
        "/coordination/", "/coordination/personnes",
        f"/coordination/arrivants/{ids['newcomer_id']}",
        f"/coordination/benevoles/{ids['volunteer_id']}", "/coordination/benevoles/a-valider",
        f"/coordination/benevoles/{ids['pending_id']}/validation",
        "/coordination/propositions/a-valider", "/coordination/binome",
        "/coordination/appariement", "/coordination/passages",
        f"/coordination/passages/{ids['run_id']}", "/coordination/taches",
        "/coordination/messages", f"/coordination/messages/{ids['message_id']}",
        "/coordination/journal", "/coordination/statistiques", "/coordination/suivis",
        "/coordination/import", "/coordination/inscription-telephone/arrivant",
        "/coordination/lieux", f"/coordination/lieux/{ids['place_id']}",
        "/coordination/activites", f"/coordination/activites/{ids['activity_id']}",
        "/coordination/activites/import", "/coordination/rencontres",
        f"/coordination/rencontres/{ids['gathering_id']}", "/coordination/comptes",
        "/coordination/moteur", "/coordination/mot-de-passe",
    ]


def _log_in(browser, live_server, town, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR")
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(live_server + "/coordination/connexion")
    page.get_by_label("Adresse e-mail").fill(town["admin"])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/coordination/")
    return context, page


def test_no_coordinator_page_scrolls_sideways_at_320_px(browser, live_server, town):
    context, page = _log_in(browser, live_server, town, 320)
    too_wide = {}
    try:
        for path in _pages(town):
            assert page.goto(live_server + path).status < 500, path
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                too_wide[path] = page.evaluate(TOO_WIDE.replace("361", "321"))
        # A record table is a pile of cards: each cell says which column it is.
        page.goto(live_server + "/coordination/passages")
        cell = page.locator(".data-table td[data-label]").first
        assert page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle()
                             ).startswith('"Date')
    finally:
        context.close()
    assert not too_wide, too_wide


def test_statistics_fit_a_1280_px_screen(browser, live_server, town):
    context, page = _log_in(browser, live_server, town, 1280)
    try:
        page.goto(live_server + "/coordination/statistiques")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        cut = page.evaluate("""() => [...document.querySelectorAll('.stat-table')]
            .filter(box => box.scrollWidth > box.clientWidth).length""")
        assert cut == 0, f"{cut} statistics tables cut off at 1280 px"
    finally:
        context.close()


def test_the_navigation_opens_with_the_keyboard(browser, live_server, town):
    context, page = _log_in(browser, live_server, town, 320)
    try:
        places = page.get_by_role("link", name="Lieux et activités")
        expect(places).to_be_hidden()
        page.locator("summary", has_text="La ville").focus()
        page.keyboard.press("Enter")
        expect(places).to_be_visible()
        places.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator('.coord-nav [aria-current="page"]')).to_have_text(
            "Lieux et activités")
        expect(page.locator("details[open] > summary")).to_have_text("La ville")
    finally:
        context.close()
