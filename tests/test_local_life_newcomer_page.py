"""A newcomer sees activities that fit her from the day of the intake, adds one to her
calendar, says she goes (and changes her mind); bad keys give a 404 page."""
import json
import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from journeys import csrf, ical_start, intake_in_steps, newcomer_form, outbox, regex_group
from sqlalchemy import func, select, update
from suggestion_helpers import small_programme

from web.models import Newcomer, Participation

CAFE = "Café-rencontre des Nangues"


@pytest.fixture
def programme(session):
    activities = small_programme(session)
    session.commit()
    return activities


def _intake(client, session, **fields):
    data = newcomer_form(session, interests=["cafe-rencontre", "langues"],
                         availability=["tue-afternoon"], languages=["ar", "fr"], **fields)
    response = intake_in_steps(client, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("?")[0]


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="activity-card" id="activite-[^"]+">\s*<h3>([^<]+)</h3>', html)


def test_right_after_the_intake_the_nangues_cafe_comes_first(client, session, programme):
    page = _intake(client, session)
    html = client.get(page).get_data(as_text=True)
    assert "Près de chez vous cette semaine" in html
    cards = _cards(html)
    assert cards[0] == CAFE and 3 <= len(cards) <= 5
    assert "Yoga entre femmes" in cards  # she is a woman (the form's gender)
    first = html[html.index(f"<h3>{CAFE}</h3>"):html.index(f"<h3>{cards[1]}</h3>")]
    assert re.search(r"mardi \d{1,2} \w+, 14:00 – 16:00", first)
    assert "12 rue des Nangues, 94350 Villiers" in first
    assert 'href="/lieux/maison-de-quartier-des-nangues"' in first
    assert "français, arabe" in first and "Gratuit" in first
    assert "<li>Dans votre quartier</li>" in first
    assert "<li>Vous aimez : cafés-rencontres, échanges de langues</li>" in first

    welcome = outbox(session, "newcomer_welcome")[0]
    assert CAFE in welcome.body and "12 rue des Nangues" in welcome.body
    assert re.search(r"mardi \d{1,2} \w+, 14:00 – 16:00", welcome.body)


def test_in_english_and_for_a_man(client, session, programme):
    page = _intake(client, session, gender="male")
    session.execute(update(Newcomer).values(locale="en"))
    session.commit()
    html = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    cards = _cards(html)
    assert cards[0] == CAFE and "Yoga entre femmes" not in cards
    assert re.search(r"Tuesday \d{1,2} \w+, 2:00\sPM – 4:00\sPM", html)
    assert "In your neighbourhood" in html


def test_the_calendar_file_of_an_occurrence(client, session, programme):
    page = _intake(client, session)
    html = client.get(page).get_data(as_text=True)
    link = r'href="(/arrivee/[^"]+/agenda/([^"]+)\.ics)"'
    response = client.get(regex_group(link, html))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == CAFE
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    start = ical_start(event)
    assert (start.weekday(), start.hour, start.minute) == (1, 14, 0)
    assert start > datetime.now(UTC)
    assert "12 rue des Nangues" in str(event["LOCATION"])
    assert regex_group(link, html, group=2) == f"{programme[CAFE].id}-{start:%Y%m%dT%H%M}"


def _going(session):
    return session.scalar(select(func.count()).select_from(Participation))


def test_j_y_vais_is_recorded_once_and_can_be_undone(client, session, programme):
    page = _intake(client, session)
    html = client.get(page).get_data(as_text=True)
    key = regex_group(r'id="activite-([^"]+)"', html)
    url = f"{page}/activites/{key}/j-y-vais"
    token = csrf(client, page)
    for _ in range(2):  # a double click records one participation
        response = client.post(url, data={"csrf_token": token, "action": "go"})
        assert response.status_code == 302
    assert _going(session) == 1
    html = client.get(page).get_data(as_text=True)
    assert "Vous avez dit que vous y allez" in html
    assert 'name="action" value="undo"' in html and "y vais plus" in html

    data = json.loads(client.get(f"{page}/donnees").data)
    assert data["participations"][0]["activity"] == CAFE

    client.post(url, data={"csrf_token": token, "action": "undo"})
    assert _going(session) == 0
    assert "Vous avez dit que vous y allez" not in client.get(page).get_data(as_text=True)


def test_participations_are_erased_with_the_newcomer(client, session, programme):
    page = _intake(client, session)
    html = client.get(page).get_data(as_text=True)
    key = regex_group(r'id="activite-([^"]+)"', html)
    token = csrf(client, page)
    client.post(f"{page}/activites/{key}/j-y-vais", data={"csrf_token": token, "action": "go"})
    assert _going(session) == 1
    client.post(f"{page}/supprimer", data={"csrf_token": token, "confirm": "yes"})
    session.expire_all()
    assert _going(session) == 0 and session.scalar(select(func.count(Newcomer.id))) == 0


@pytest.mark.parametrize("key", ["abc", "12", "1-", "1-2026", "99999999999-20261201T1400",
                                 "999999999999-20261201T1400", "1-20261202T1400",
                                 "1-20261301T1400", "x" * 80, "-1-20261201T1400"])
def test_bad_keys_are_a_404_page(client, session, programme, key):
    page = _intake(client, session)
    response = client.get(f"{page}/agenda/{key}.ics")
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]
    token = csrf(client, page)
    response = client.post(f"{page}/activites/{key}/j-y-vais",
                           data={"csrf_token": token, "action": "go"})
    assert response.status_code == 404
    assert _going(session) == 0


def test_someone_elses_link_is_refused(client, session, programme):
    _intake(client, session)
    key = f"{programme[CAFE].id}-20261201T1400"
    assert client.get(f"/arrivee/not-a-token/agenda/{key}.ics").status_code == 404
