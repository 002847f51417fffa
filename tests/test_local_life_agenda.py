"""The public agenda (/agenda), place pages (/lieux) and calendar files, on the shipped
Villiers programme. Weeks are given in the URL: the pages read the real clock."""
import html
import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import factories
import pytest
from conftest import NOW
from icalendar import Calendar
from journeys import regex_group
from sqlalchemy import select

from web.models import Activity, ActivityChange, Place
from web.services.programme_file import load_programme

PROGRAMME = Path("data/towns/villiers-programme.json")
#: Monday 30 November to Sunday 6 December 2026
WEEK = "2026-W49"
#: the Christmas holidays: Monday 28 December 2026 to Sunday 3 January 2027
HOLIDAY_WEEK = "2026-W53"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Today is Monday 23 November 2026 for the pages (they reach two years around it)."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)


@pytest.fixture
def town(session):
    factories.load_villiers(session)
    load_programme(session, str(PROGRAMME), "Europe/Paris")
    session.commit()
    return session


def _page(client, url, **headers):
    response = client.get(url, headers=headers or {"Accept-Language": "fr"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _items(page: str) -> list[dict]:
    """The occurrences listed on a page: title, day, time, place, neighbourhood, raw text."""
    items, day = [], None
    for chunk in re.split(r'(?=<li class="occurrence)|(?=<section class="agenda-day")', page):
        if chunk.startswith("<section"):
            day = regex_group(r'id="jour-([\d-]+)"', chunk)
            continue
        if not chunk.startswith('<li class="occurrence'):
            continue
        chunk = chunk.split("</li>\n\n", 1)[0]
        title = regex_group(r'class="occ-title">(?:<del>)?(.*?)(?:</del>)?</h\d>', chunk)
        place = re.search(r'<a href="/lieux/([a-z0-9-]+)">', chunk)
        nbhd = re.search(r'class="occ-nbhd">— (.*?)</span>', chunk)
        time = re.search(r'<time datetime="[^"]+">(\d\d:\d\d)</time>', chunk)
        text = html.unescape(re.sub(r"<[^>]+>", " ", chunk))
        items.append(dict(title=html.unescape(title), day=day, time=time and time[1],
                          place=place and place[1], neighbourhood=nbhd and nbhd[1],
                          cancelled="is-cancelled" in chunk.split(">", 1)[0],
                          text=" ".join(text.split())))
    return items


def test_the_week_shows_the_nangues_cafe_on_tuesday_at_two(client, town):
    page = _page(client, f"/agenda?semaine={WEEK}")
    assert "Semaine du 30 novembre au 6 décembre 2026" in page
    items = _items(page)
    assert len(items) >= 25
    cafes = [i for i in items if i["title"] == "Café-rencontre des Nangues"]
    assert len(cafes) == 1
    cafe = cafes[0]
    assert (cafe["day"], cafe["time"], cafe["place"], cafe["neighbourhood"]) == (
        "2026-12-01", "14:00", "maison-de-quartier-des-nangues", "Les Nangues")
    assert "12 rue des Nangues, 94350 Villiers" in cafe["text"]
    assert "Café-rencontre" in cafe["text"] and "Gratuit" in cafe["text"]
    assert "Langues parlées : français, arabe" in cafe["text"]
    assert not cafe["cancelled"]
    # days in order, times in order within a day
    keys = [(i["day"], i["time"] or "") for i in items]
    assert keys == sorted(keys)
    assert '<h2 id="jour-2026-12-01">Mardi 1 décembre</h2>' in page
    # prices and audiences
    badminton = next(i for i in items if i["title"].startswith("Badminton"))
    assert "3,50 €" in badminton["text"]
    women = next(i for i in items if i["title"] == "Café des femmes")
    assert "Entre femmes" in women["text"]


def test_filters_narrow_the_week_and_stay_in_the_links(client, town):
    everything = _items(_page(client, f"/agenda?semaine={WEEK}"))
    nangues = _items(_page(client, f"/agenda?semaine={WEEK}&quartier=les-nangues"))
    assert 0 < len(nangues) < len(everything)
    assert {i["neighbourhood"] for i in nangues} == {"Les Nangues"}

    civic = _items(_page(client, f"/agenda?semaine={WEEK}&type=citoyen"))
    assert {i["title"] for i in civic} >= {"Conseil de quartier des Nangues"}
    assert all("Conseil de quartier" in i["text"] or "Budget participatif" in i["text"]
               or "Consultation" in i["text"] for i in civic)
    classes = _items(_page(client, f"/agenda?semaine={WEEK}&type=french_class"))
    assert classes and all(i["text"].count("Cours de français") for i in classes)

    arabic = _items(_page(client, f"/agenda?semaine={WEEK}&langue=ar"))
    assert 0 < len(arabic) < len(everything)
    assert all("arabe" in i["text"].split("Langues parlées :")[1] for i in arabic)

    page = _page(client, f"/agenda?semaine={WEEK}&jour=2&quartier=les-nangues")
    tuesday = _items(page)
    assert {i["day"] for i in tuesday} == {"2026-12-01"}
    assert "Café-rencontre des Nangues" in {i["title"] for i in tuesday}
    # the form shows the choices made; the week links keep them
    assert '<option value="les-nangues" selected>' in page
    assert '<option value="2" selected>' in page
    assert 'href="/agenda?semaine=2026-W50&amp;quartier=les-nangues&amp;jour=2"' in page
    assert 'href="/agenda?semaine=2026-W49"' in page  # remove the filters

    none = _page(client, f"/agenda?semaine={WEEK}&quartier=les-stades&type=citoyen")
    assert _items(none) == []
    assert "Aucune activité ne correspond à votre recherche cette semaine." in none


def test_cancelled_and_moved_occurrences_are_shown_as_such(client, town):
    cafe = town.scalar(select(Activity).where(Activity.source_uid == "cafe-rencontre-nangues"))
    help_desk = town.scalar(select(Activity).where(Activity.source_uid == "aide-numerique"))
    help_desk.changes.append(ActivityChange(original_start=datetime(2026, 12, 29, 15, 0),
                                            kind="moved", new_start=datetime(2026, 12, 31, 10, 0),
                                            note="Salle prise le mardi"))
    town.commit()
    items = _items(_page(client, f"/agenda?semaine={HOLIDAY_WEEK}"))
    closed = next(i for i in items if i["title"] == cafe.title)
    assert closed["cancelled"] and closed["day"] == "2026-12-29"
    assert "Annulé : Fermé pendant les vacances de Noël" in closed["text"]
    assert "Ajouter à mon agenda" not in closed["text"]
    moved = [i for i in items if i["title"] == help_desk.title]
    assert len(moved) == 1
    assert (moved[0]["day"], moved[0]["time"], moved[0]["cancelled"]) == (
        "2026-12-31", "10:00", False)
    assert "Horaire modifié : Salle prise le mardi" in moved[0]["text"]
    page = _page(client, f"/agenda?semaine={HOLIDAY_WEEK}")
    assert f"<del>{cafe.title}</del>" in page


def test_week_navigation_goes_back_and_forth(client, town):
    page = _page(client, f"/agenda?semaine={WEEK}")
    assert 'href="/agenda?semaine=2026-W48" rel="prev"' in page
    assert 'href="/agenda?semaine=2026-W50" rel="next"' in page
    following = _page(client, "/agenda?semaine=2026-W50")
    assert "Semaine du 7 décembre au 13 décembre 2026" in following
    # a date picks its week; the year's last week leads to the next year's first
    by_date = _page(client, "/agenda?semaine=2026-12-03")
    assert "Semaine du 30 novembre au 6 décembre 2026" in by_date
    holidays = _page(client, f"/agenda?semaine={HOLIDAY_WEEK}")
    assert 'href="/agenda?semaine=2027-W01" rel="next"' in holidays
    # no week: this week, with a link back to it from other weeks
    assert "Semaine du 23 novembre au 29 novembre 2026" in _page(client, "/agenda")
    assert 'href="/agenda?semaine=2026-W48">Cette semaine' in following
    assert "Cette semaine" not in _page(client, "/agenda?semaine=2026-W48").split("<form")[0]


def test_one_occurrence_and_the_whole_week_as_calendar_files(client, town):
    cafe = town.scalar(select(Activity).where(Activity.source_uid == "cafe-rencontre-nangues"))
    response = client.get(f"/agenda/{cafe.id}-20261201T1400.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Café-rencontre des Nangues"
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2026, 12, 1, 14, 0)
    assert str(start.tzinfo) == "Europe/Paris"
    assert "12 rue des Nangues" in str(event["LOCATION"])
    assert str(event["URL"]).endswith("/lieux/maison-de-quartier-des-nangues")

    page = _page(client, f"/agenda?semaine={WEEK}&quartier=les-nangues")
    assert f'href="/agenda/{cafe.id}-20261201T1400.ics"' in page
    week = client.get(f"/agenda/semaine.ics?semaine={WEEK}&quartier=les-nangues")
    assert week.status_code == 200
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(week.data).walk("VEVENT")]
    assert sorted(titles) == sorted(i["title"] for i in _items(page))

    for bad in ("abc", f"{cafe.id}-20261202T1400", "99999999999-20261201T1400",
                f"{cafe.id}-20269999T1400", "1" * 60):
        assert client.get(f"/agenda/{bad}.ics").status_code == 404, bad


def test_place_page_and_index(client, town):
    page = _page(client, "/lieux/maison-de-quartier-des-nangues")
    for text in ("<h1>Maison de quartier des Nangues</h1>", "Maison de quartier",
                 "12 rue des Nangues, 94350 Villiers", "Les Nangues",
                 "Du mardi au samedi, 9 h – 12 h et 14 h – 18 h",
                 "Oui, accessible en fauteuil et en poussette", "français, arabe, anglais",
                 "01 23 45 67 10", 'href="https://nangues.villiers.example"',
                 "Dans les 4 prochaines semaines"):
        assert text in page, text
    # the next four weeks: the Tuesday café (not on 29 December: holidays) and the council
    ahead = _items(page)
    assert [i["day"] for i in ahead if i["title"] == "Café-rencontre des Nangues"] == [
        "2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"]
    assert [i["day"] for i in ahead if i["title"] == "Conseil de quartier des Nangues"] == [
        "2026-12-03"]
    assert all(i["place"] is None for i in ahead)  # no link to the page itself
    unknown = _page(client, "/lieux/rando-villiers")
    assert "Nous ne savons pas" in unknown

    index = _page(client, "/lieux")
    places = town.scalars(select(Place)).all()
    for place in places:
        assert index.count(f'href="/lieux/{place.slug}"') == 2  # on the map and in the list
    assert '<h2 id="quartier-les-stades">Les Stades</h2>' in index

    for slug in ("inconnu", "x" * 300, "%3Cscript%3E"):
        response = client.get(f"/lieux/{slug}")
        assert response.status_code == 404
        assert "Page introuvable" in response.get_data(as_text=True)


def test_the_map_links_every_place(client, town):
    index = _page(client, "/lieux")
    svg_text = regex_group(r"<svg.*?</svg>", index, re.S, group=0)
    svg = ElementTree.fromstring(svg_text)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "group"  # it holds links: not an image (axe: nested-interactive)
    title = svg.find("svg:title", ns)
    assert title is not None
    assert svg.attrib["aria-labelledby"].split()[0] == title.get("id")
    links = svg.findall("svg:a", ns)
    slugs = {link.attrib["href"].rsplit("/", 1)[1] for link in links}
    assert slugs == set(town.scalars(select(Place.slug)))
    names = {link.findtext("svg:title", namespaces=ns) for link in links}
    assert None not in names  # every link has a title
    assert "Médiathèque Jacques-Prévert" in names
    areas = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert len(areas) == 10 and "Les Nangues" in areas


def test_english_readers_get_names_in_english(client, town):
    page = _page(client, f"/agenda?semaine={WEEK}", **{"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr">' in page
    cafe = next(i for i in _items(page) if i["title"] == "Café-rencontre des Nangues")
    assert "French, Arabic" in cafe["text"]
    assert '<h2 id="jour-2026-12-01">Tuesday 1 December</h2>' in page
    assert '<option value="ar">Arabic</option>' in page
    badminton = next(i for i in _items(page) if i["title"].startswith("Badminton"))
    assert "€3.50" in badminton["text"]
    place = _page(client, "/lieux/mediatheque-jacques-prevert",
                  **{"Accept-Language": "en"})
    assert "French, English, Spanish" in place


HOSTILE = [
    ("semaine=9999-W99", 400), ("semaine=2026-W54", 400), ("semaine=2026-W00", 400),
    ("semaine=<script>alert(1)</script>", 400), ("semaine=2026-02-30", 400),
    ("semaine=" + "9" * 500, 400), ("semaine=1-W1", 400), ("semaine=2030-W01", 400),
    ("semaine=2100-12-01", 400),
    (f"semaine={WEEK}&quartier=<script>alert(1)</script>", 200),
    (f"semaine={WEEK}&type=bobsleigh&langue=xx", 200),
    (f"semaine={WEEK}&jour=99999999999999999999", 200), (f"semaine={WEEK}&jour=-1", 200),
    (f"semaine={WEEK}&page=99999999999999999999", 200), (f"semaine={WEEK}&page=-3", 200),
    (f"semaine={WEEK}&quartier=les-nangues&quartier=la-gare", 200),
]


def test_hostile_inputs_never_break_the_page(client, town):
    for query, status in HOSTILE:
        response = client.get(f"/agenda?{query}", headers={"Accept-Language": "fr"})
        assert response.status_code == status, query
        page = response.get_data(as_text=True)
        assert "<script>alert" not in page
        if status == 400:
            assert "Semaine introuvable" in page and "2026-W48" in page and "2026-11-23" in page
        assert client.get(f"/agenda/semaine.ics?{query}").status_code == status, query


def test_unknown_filter_values_are_dropped(client, town):
    everything = _items(_page(client, f"/agenda?semaine={WEEK}"))
    odd = _items(_page(client, f"/agenda?semaine={WEEK}&quartier=atlantide&type=bobsleigh"))
    assert len(odd) == len(everything)


def test_home_page_and_header_link_to_the_agenda(client, town):
    home = _page(client, "/")
    assert 'href="/agenda"' in home and "Que faire à Villiers ?" in home
    assert 'href="/lieux"' in home


def test_agenda_benchmark_fills_and_measures_a_small_week(app, session):
    """benchmarks.agenda_page on a small size: every page answers (no timing)."""
    from benchmarks.agenda_page import PATHS, Sizes, fill, measure, table, week_occurrences

    fill(session, Sizes(one_off=120, recurring=5, places=5))
    session.close()
    total = week_occurrences(app)
    assert total >= 120 + 25
    results = measure(app, repeats=1)
    assert [r.path for r in results] == list(PATHS)
    assert {r.status for r in results} == {200}
    assert f"| {PATHS[0]} | 200 | 1 |" in table(results)

    # a busy week comes in pages of 50, in order of start
    client = app.test_client()
    first = _page(client, f"/agenda?semaine={WEEK}")
    assert f"{total} activités." in first and "Activités 1 à 50." in first
    assert f'href="/agenda?semaine={WEEK}&amp;page=2" rel="next"' in first
    pages, seen = -(-total // 50), []
    for number in range(1, pages + 1):
        page = _page(client, f"/agenda?semaine={WEEK}&page={number}")
        seen += _items(page)
        pager = page.split('class="pager"')[-1]
        assert ('rel="next"' in pager, 'rel="prev"' in pager) == (number < pages, number > 1)
    assert len(seen) == total
    keys = [(i["day"], i["time"] or "") for i in seen]
    assert keys == sorted(keys)
