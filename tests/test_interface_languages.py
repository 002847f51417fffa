"""Eight interface languages: the menu, right to left, coordinator pages in French or English,
and a person's choice remembered for their messages."""
import re
from datetime import UTC, datetime

import factories
import pytest

from web.models import Newcomer
from web.services.links import LinkSettings, make_token

LOCALES = ("fr", "en", "ar", "uk", "fa", "ps", "tr", "es")


def _page_url(app, person, kind="arrivee") -> str:
    settings = LinkSettings(app.config["SECRET_KEY"])
    return f"/{kind}/" + make_token(settings, datetime.now(UTC), person)


def test_the_menu_names_each_language_in_its_own_script(client, session):
    factories.load_villiers(session)
    session.commit()
    html = client.get("/").get_data(as_text=True)
    menu = html[html.index('class="lang-switch"'):]
    menu = menu[:menu.index("</nav>")]
    assert '<span lang="fr" aria-current="true">Français</span>' in menu
    for code, name in (("en", "English"), ("ar", "العربية"), ("uk", "Українська"),
                       ("fa", "دری"), ("ps", "پښتو"), ("tr", "Türkçe"), ("es", "Español")):
        assert re.search(rf'<a href="/langue/{code}\?next=/" lang="{code}" hreflang="{code}">'
                         rf'{name}</a>', menu), code


@pytest.mark.parametrize("code", LOCALES)
def test_every_public_page_renders_in_every_language(client, session, code):
    # Dates and numbers come from Babel's data for each locale (no crash for ps or fa).
    factories.load_villiers(session)
    session.commit()
    client.get(f"/langue/{code}")
    for url in ("/", "/agenda", "/lieux", "/arrivee/inscription", "/benevole/inscription"):
        response = client.get(url)
        assert response.status_code == 200, url
        direction = "rtl" if code in ("ar", "fa", "ps") else "ltr"
        assert f'<html lang="{code}" dir="{direction}">' in response.get_data(as_text=True)


def test_arabic_from_the_browser_reads_right_to_left(client, session):
    factories.load_villiers(session)
    session.commit()
    html = client.get("/", headers={"Accept-Language": "ar-MA,ar;q=0.9"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    html = client.get("/", headers={"Accept-Language": "prs,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in html


def test_coordinator_pages_stay_french_or_english(client, session):
    client.get("/langue/ar")
    html = client.get("/coordination/connexion").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    menu = html[html.index('class="lang-switch"'):]
    assert "English" in menu and "العربية" not in menu[:menu.index("</nav>")]
    html = client.get("/coordination/connexion",
                      headers={"Accept-Language": "ar,en;q=0.8,fr;q=0.5"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


def test_a_choice_on_ones_own_page_is_kept_for_messages(app, client, session):
    factories.load_villiers(session)
    newcomer = factories.newcomer(session)
    session.commit()
    page = _page_url(app, newcomer)
    assert '<html lang="fr"' in client.get(page).get_data(as_text=True)
    response = client.get(f"/langue/uk?next={page}")
    assert response.status_code == 302 and response.headers["Location"] == page
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).locale == "uk"
    # Another phone, no choice in its session: the page remembers Ukrainian.
    other = app.test_client()
    assert '<html lang="uk" dir="ltr">' in other.get(page).get_data(as_text=True)
    # A wrong link changes the page's language only.
    assert client.get("/langue/ar?next=/arrivee/not-a-token").status_code == 302
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).locale == "uk"


def test_an_unknown_language_or_a_foreign_next_changes_nothing(client, session):
    factories.load_villiers(session)
    session.commit()
    response = client.get("/langue/xx?next=https://example.com/")
    assert response.headers["Location"] == "/"
    assert '<html lang="fr" dir="ltr">' in client.get("/").get_data(as_text=True)
