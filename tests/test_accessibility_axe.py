"""axe-core finds no WCAG 2.1 A/AA violation on any page, on a 360 px phone.

Newcomers', volunteers' and public pages are scanned in French and in Arabic (right to
left); the coordinators' workspace, which stays French and English, in French. One browser
context per language; each page is loaded, sometimes driven (an empty intake submitted,
a search paused), then scanned. All violations are collected and reported together.
"""

import pytest
from a11y import report, violations
from browser_helpers import TOO_WIDE, every_state_town
from conftest import PASSWORD

#: browser tests run on SQLite only: the pages do not depend on the database engine
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture
def town(app, session):
    """Villiers with people in every state; the paths of the pages to scan."""
    return every_state_town(app, session)


def _context(browser, locale):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(5000)
    return context


def _scan(page, label, found):
    """Scan the page now shown; keep its violations under `label` (a page wider than the
    screen counts as one too: WCAG 1.4.10, reflow)."""
    result = violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        result.append({"id": "reflow", "impact": "serious", "help": f"{width} px wide at 360 px",
                       "nodes": [{"target": target, "summary": "goes past the screen's edge"}
                                 for target in page.evaluate(TOO_WIDE)]})
    if result:
        found[label] = result


def _visit(page, base, path, label, found):
    response = page.goto(base + path)
    assert response.status < 500, f"{label}: {path} answered {response.status}"
    _scan(page, label, found)


def test_the_scan_reports_what_it_finds(browser):
    """The helper itself: a field without a label and a low-contrast text are caught."""
    context = _context(browser, "fr-FR")
    page = context.new_page()
    try:
        page.set_content('<html lang="fr"><title>t</title><main><input type="text">'
                         '<p style="color:#bbb;background:#fff">pâle</p></main></html>')
        found = {v["id"]: v for v in violations(page)}
    finally:
        context.close()
    assert {"label", "color-contrast"} <= set(found)
    assert found["label"]["nodes"][0]["target"] == "input"
    assert "label" in report({"test": [found["label"]]})


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_public_newcomer_and_volunteer_pages(browser, live_server, town, language):
    context = _context(browser, "fr-FR")
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    try:
        page.goto(f"{live_server}/langue/{language}")
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir || 'ltr'") == \
            ("rtl" if language == "ar" else "ltr")
        for label, path in [
            ("home", "/"), ("intake", "/arrivee/inscription"),
            ("newcomer page, waiting", town["waiting"]),
            ("newcomer page, proposal accepted by a volunteer", town["accepted"]),
            ("newcomer page, paired", town["paired"]),
            ("profile edit", town["waiting"] + "/profil"),
            ("intake step 2, interests", town["waiting"] + "/completer/2"),
            ("intake step 3, free time", town["waiting"] + "/completer/3"),
            ("intake step 4, details", town["waiting"] + "/completer/4"),
            ("erase confirmation", town["waiting"] + "/supprimer"),
            ("welcome sheet", town["waiting"] + "/fiche"),
            ("weekly e-mail unsubscribe", town["waiting"] + "/lettre/desabonnement"),
            ("short link error", "/l/zzzzzz"),
            ("find my link", "/mon-lien"), ("privacy", "/confidentialite"),
            ("volunteer signup", "/benevole/inscription"),
            ("volunteer page, a proposal to answer", town["asked_volunteer"]),
            ("volunteer page, paired", town["buddy"]),
            ("volunteer profile edit", town["buddy"] + "/profil"),
            ("agenda", "/agenda"), ("places", "/lieux"), ("a place", town["place"]),
            ("follow-up confirmation", town["followup"]),
            ("follow-up link error", "/suivi/not-a-token"),
            ("personal link error", "/arrivee/not-a-token"),
            ("page not found", "/nulle-part"),
        ]:
            _visit(page, live_server, path, f"[{language}] {label}", found)

        page.goto(live_server + "/arrivee/inscription")
        page.locator("form[novalidate] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".field-error").count() > 0
        _scan(page, f"[{language}] intake, empty form sent", found)

        page.goto(live_server + town["waiting"])
        page.locator("button[name=action][value=pause]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] newcomer page, paused", found)

        page.goto(live_server + "/benevole/inscription")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".field-error").count() > 0
        _scan(page, f"[{language}] volunteer signup, empty form sent", found)

        page.goto(live_server + "/mon-lien")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] find my link, empty form sent", found)
        page.locator("main form input:not([type=hidden])").first.fill("amina@example.org")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] link sent", found)

        page.goto(live_server + town["followup"])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] follow-up answer recorded", found)

        page.goto(live_server + town["waiting"] + "/supprimer")
        page.locator("button[name=confirm][value=yes]").click()
        page.wait_for_load_state()
        _scan(page, f"[{language}] data erased", found)
    finally:
        context.close()
    assert not found, "\n" + report(found)


def test_coordinator_pages(browser, live_server, town):
    context = _context(browser, "fr-FR")
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    try:
        _visit(page, live_server, "/coordination/connexion", "login", found)
        page.get_by_label("Adresse e-mail").fill(town["admin"])
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server + "/coordination/")
        ids = town
        for label, path in [
            ("dashboard", "/coordination/"), ("people", "/coordination/personnes"),
            ("newcomer", f"/coordination/arrivants/{ids['newcomer_id']}"),
            ("volunteer", f"/coordination/benevoles/{ids['volunteer_id']}"),
            ("vetting", "/coordination/benevoles/a-valider"),
            ("vetting form", f"/coordination/benevoles/{ids['pending_id']}/validation"),
            ("review", "/coordination/propositions/a-valider"),
            ("pairing by hand", "/coordination/binome"),
            ("run the matching", "/coordination/appariement"),
            ("runs", "/coordination/passages"),
            ("a run", f"/coordination/passages/{ids['run_id']}"),
            ("jobs", "/coordination/taches"), ("outbox", "/coordination/messages"),
            ("a message", f"/coordination/messages/{ids['message_id']}"),
            ("audit", "/coordination/journal"), ("stats", "/coordination/statistiques"),
            ("follow-ups", "/coordination/suivis"), ("import", "/coordination/import"),
            ("intake by phone", "/coordination/inscription-telephone/arrivant"),
            ("places", "/coordination/lieux"),
            ("a place", f"/coordination/lieux/{ids['place_id']}"),
            ("new place", "/coordination/lieux/nouveau"),
            ("activities", "/coordination/activites"),
            ("an activity", f"/coordination/activites/{ids['activity_id']}"),
            ("activity edit", f"/coordination/activites/{ids['activity_id']}/modifier"),
            ("activity import", "/coordination/activites/import"),
            ("gatherings", "/coordination/rencontres"),
            ("a gathering", f"/coordination/rencontres/{ids['gathering_id']}"),
            ("new gathering", "/coordination/rencontres/nouvelle"),
            ("accounts", "/coordination/comptes"), ("engine", "/coordination/moteur"),
            ("password", "/coordination/mot-de-passe"),
        ]:
            _visit(page, live_server, path, f"[coordination] {label}", found)
    finally:
        context.close()
    assert not found, "\n" + report(found)
