"""A waiting newcomer on a 360 px phone sees the activities near her and adds one to her
calendar."""
from pathlib import Path

import factories
import pytest
from conftest import NOW
from icalendar import Calendar
from journeys import ical_start
from suggestion_helpers import small_programme

from web.services.links import LinkSettings, make_token

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
TUE_AFTERNOON = 1 << 4


def test_a_waiting_newcomer_adds_the_nangues_cafe_to_her_calendar(live_server, phone, session,
                                                                   tmp_path):
    small_programme(session)
    hoods = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Amina", languages=["ar", "fr"],
                                  interests=["cafe-rencontre"], availability=TUE_AFTERNOON,
                                  neighbourhood_id=hoods["les-nangues"].id, gender="female")
    session.commit()
    token = make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), newcomer)
    phone.goto(f"{live_server}/arrivee/{token}")
    section = phone.get_by_role("region", name="Près de chez vous cette semaine")
    assert section.is_visible()
    first = section.locator(".activity-card").first
    assert first.locator("h3").inner_text() == "Café-rencontre des Nangues"
    assert "12 rue des Nangues" in first.inner_text()
    assert "Dans votre quartier" in first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(tmp_path / "near-you.png"), full_page=True)

    link = first.get_by_role("link", name="Ajouter à mon agenda : Café-rencontre des Nangues")
    link.focus()
    assert phone.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    with phone.expect_download() as info:
        phone.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    event = Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Café-rencontre des Nangues"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    start = ical_start(event)
    assert (start.weekday(), start.hour) == (1, 14)

    first.get_by_role("button", name="J'y vais : Café-rencontre des Nangues").click()
    phone.wait_for_url("**#activite-*")
    card = phone.locator(".activity-card").first
    assert "Vous avez dit que vous y allez" in card.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
