"""The agenda and place pages in a real browser on a 320 px phone: nothing overflows
sideways, the filters work without JavaScript, the map's places are links."""
from pathlib import Path

import factories
import pytest
from conftest import NOW

from web.services.programme_file import load_programme

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR",
                                  java_script_enabled=False, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_agenda_and_places_on_a_320px_phone_without_javascript(live_server, narrow, session,
                                                                monkeypatch):
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    factories.load_villiers(session)
    load_programme(session, str(Path("data/towns/villiers-programme.json")), "Europe/Paris")
    session.commit()
    for path in ("/agenda?semaine=2026-W49", "/agenda?semaine=2026-W53", "/lieux",
                 "/lieux/maison-de-quartier-des-nangues", "/lieux/accueil-solidarite-villiers"):
        narrow.goto(live_server + path)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 320, path

    # the filter form is a plain GET form: choose, submit, the choice is in the URL
    narrow.goto(live_server + "/agenda?semaine=2026-W49")
    narrow.get_by_label("Quartier").select_option("les-nangues")
    narrow.get_by_label("Jour").select_option("2")
    narrow.get_by_role("button", name="Afficher").click()
    assert "quartier=les-nangues" in narrow.url and "jour=2" in narrow.url
    assert "semaine=2026-W49" in narrow.url
    titles = narrow.locator(".occ-title").all_inner_texts()
    assert "Café-rencontre des Nangues" in titles
    assert narrow.locator(".agenda-day h2").all_inner_texts() == ["Mardi 1 décembre"]

    # the place's link leads to its page
    narrow.get_by_role("link", name="Maison de quartier des Nangues").first.click()
    assert narrow.locator("h1").inner_text() == "Maison de quartier des Nangues"

    # on the map, each place is a link (the same links are listed below it)
    narrow.goto(live_server + "/lieux")
    assert narrow.locator("svg.town-map a").count() == 22
    narrow.locator("svg.town-map a[href='/lieux/mediatheque-jacques-prevert']").click()
    assert narrow.locator("h1").inner_text() == "Médiathèque Jacques-Prévert"
