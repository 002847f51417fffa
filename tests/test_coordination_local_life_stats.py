"""Local life in the statistics: who among the waiting newcomers joined an activity or a
gathering, by neighbourhood, and attendance per place, over a chosen period."""
import re
from datetime import UTC, datetime

import pytest
from conftest import NOW
from factories import load_villiers, newcomer
from journeys import log_in_coordinator
from sqlalchemy import select

from web import clock
from web.models import (
    Activity,
    ActivityChange,
    Gathering,
    GatheringInvitation,
    Neighbourhood,
    Participation,
    Place,
)
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
STATS = "/coordination/statistiques"
NOVEMBER = "du=2026-11-01&au=2026-11-30"


@pytest.fixture
def logged_in(client, session, monkeypatch):
    """The client logged in through the login form, with the pages' clock at NOW."""
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def gathering(session, place, when, invitations, status="done"):
    """A gathering at `place` (UTC `when`) with (newcomer, answer, attended) invitations."""
    row = Gathering(title="Café d'accueil", place_id=place.id, starts_at=when, status=status)
    session.add(row)
    session.flush()
    for person, answer, attended in invitations:
        session.add(GatheringInvitation(gathering_id=row.id, newcomer_id=person.id,
                                        status=answer, attended=attended))
    session.flush()


@pytest.fixture
def dataset(session):
    """Centre-ville: 3 waiting (one went to the café on 17 November, one signed up for a
    cancelled session, one went in September); La Gare: 2 waiting (one came to the
    library's gathering, one said yes but was marked absent); two matched newcomers who
    went too (they count for the places, not among the waiting)."""
    quarters = load_villiers(session)
    centre, gare = quarters["centre-ville"], quarters["la-gare"]
    mdq = Place(slug="mdq-centre", name="MdQ du Centre", kind="maison_de_quartier",
                neighbourhood_id=centre.id)
    library = Place(slug="mediatheque", name="Médiathèque", kind="library",
                    neighbourhood_id=gare.id)
    session.add_all([mdq, library, Place(slug="club", name="Club de judo", kind="sports_club")])
    session.flush()
    cafe = Activity(title="Café-rencontre", kind="cafe_rencontre", place_id=mdq.id,
                    starts_at=datetime(2026, 9, 1, 14), rrule="FREQ=WEEKLY;BYDAY=TU")
    session.add(cafe)
    session.flush()
    session.add(ActivityChange(activity_id=cafe.id, original_start=datetime(2026, 11, 24, 14),
                               kind="cancelled", note="Salle prise"))
    went, cancelled, in_september = (newcomer(session, neighbourhood_id=centre.id)
                                      for _ in range(3))
    came, absent = (newcomer(session, neighbourhood_id=gare.id) for _ in range(2))
    matched = newcomer(session, neighbourhood_id=centre.id, status="matched")
    other = newcomer(session, neighbourhood_id=gare.id, status="matched")
    for person, start in ((went, datetime(2026, 11, 17, 14)),
                          (matched, datetime(2026, 11, 17, 14)),
                          (cancelled, datetime(2026, 11, 24, 14)),
                          (in_september, datetime(2026, 9, 8, 14))):
        session.add(Participation(newcomer_id=person.id, activity_id=cafe.id,
                                  occurrence_start=start))
    gathering(session, library, datetime(2026, 11, 14, 9, tzinfo=UTC),
              [(came, "coming", True), (absent, "coming", False), (other, "coming", True)])
    # A cancelled gathering counts for nobody, even with a stray "present".
    gathering(session, mdq, datetime(2026, 11, 21, 9, tzinfo=UTC),
              [(cancelled, "coming", True)], status="cancelled")
    session.commit()


def csv_lines(client, name, query=NOVEMBER) -> list[str]:
    response = client.get(f"{STATS}/{name}.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return raw.decode("utf-8-sig").splitlines()


def test_share_of_waiting_newcomers_who_joined_by_neighbourhood(logged_in, dataset):
    lines = csv_lines(logged_in, "joined")
    assert lines[0] == ("Quartier;Nouveaux arrivants en attente;"
                        "Inscrits à une activité ou venus à une rencontre;Part")
    assert "Centre-ville;3;1;0,3333" in lines
    assert "La Gare;2;1;0,5" in lines
    assert "Le Plateau;0;0;" in lines


def test_a_newcomer_who_said_yes_counts_until_marked_absent(logged_in, dataset, session):
    gare = session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "la-gare"))
    later = newcomer(session, neighbourhood_id=gare)
    library = session.scalar(select(Place).where(Place.slug == "mediatheque"))
    gathering(session, library, datetime(2026, 11, 28, 9, tzinfo=UTC),
              [(later, "coming", None)], status="scheduled")
    session.commit()
    assert "La Gare;3;2;0,6667" in csv_lines(logged_in, "joined")


def test_attendance_per_place(logged_in, dataset):
    lines = csv_lines(logged_in, "places")
    assert lines == ["Lieu;Quartier;Inscriptions aux activités;Présences aux rencontres;Total",
                     "MdQ du Centre;Centre-ville;2;0;2",
                     "Médiathèque;La Gare;0;2;2",
                     "Club de judo;Quartier non renseigné;0;0;0"]


def test_default_period_is_the_last_ninety_days(logged_in, dataset):
    # NOW is 23 November 2026: 26 August to 23 November takes in the September café.
    lines = csv_lines(logged_in, "places", query="")
    assert lines[1] == "MdQ du Centre;Centre-ville;3;0;3"
    assert "Centre-ville;3;2;0,6667" in csv_lines(logged_in, "joined", query="")
    page = logged_in.get(STATS).get_data(as_text=True)
    assert "du 26 août 2026 au 23 novembre 2026" in page


def test_page_draws_the_local_life_charts_and_links_the_period(logged_in, dataset):
    page = logged_in.get(f"{STATS}?{NOVEMBER}").get_data(as_text=True)
    for name in ("joined", "places"):
        assert f'aria-labelledby="chart-{name}-title chart-{name}-desc"' in page
        assert f'href="{STATS}/{name}.csv?du=2026-11-01&amp;au=2026-11-30"' in page
    assert re.search(r'<desc id="chart-joined-desc">[^<]*Centre-ville : Part 33,3', page)
    assert 'value="2026-11-01"' in page and 'value="2026-11-30"' in page


def test_a_wrong_period_is_explained_and_kept(logged_in, dataset):
    page = logged_in.get(f"{STATS}?du=2026-13-01&au=2026-11-30")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Une date, par exemple" in html and 'value="2026-13-01"' in html
    backwards = logged_in.get(f"{STATS}?du=2026-11-30&au=2026-11-01")
    assert backwards.status_code == 400
    assert "La date de fin doit être après la date de début." in backwards.get_data(as_text=True)
    assert logged_in.get(f"{STATS}/joined.csv?du=hier").status_code == 400
