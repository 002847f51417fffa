"""Statistics page: numbers on a crafted dataset at a fixed clock, charts, CSV exports."""
import re
from datetime import timedelta

import pytest
from conftest import NOW
from factories import load_villiers, newcomer, volunteer
from journeys import log_in_coordinator

from web import clock
from web.models import Proposal
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
STATS = "/coordination/statistiques"


@pytest.fixture
def logged_in(client, session, monkeypatch):
    """The client logged in through the login form, with the pages' clock at NOW."""
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def pairing(session, helper, status, activated_days=None, wait_days=0, ended_after=None,
            answered=False):
    """A proposal in `status`, activated `activated_days` before NOW after a wait."""
    activated = NOW - timedelta(days=activated_days) if activated_days is not None else None
    since = (activated or NOW) - timedelta(days=wait_days)
    person = newcomer(session, status="matched" if activated else "done", waiting_since=since)
    proposal = Proposal(
        newcomer_id=person.id, volunteer_id=helper.id, status=status, created_at=since,
        activated_at=activated, volunteer_answered_at=NOW if answered or activated else None,
        ended_at=(activated + timedelta(days=ended_after)
                  if activated is not None and ended_after is not None else None),
        end_reason="completed" if ended_after is not None else None)
    session.add(proposal)
    session.flush()


@pytest.fixture
def dataset(session):
    places = load_villiers(session)
    centre, gare = places["centre-ville"].id, places["la-gare"].id
    for days in (1, 3, 5):
        newcomer(session, neighbourhood_id=centre, waiting_since=NOW - timedelta(days=days))
    newcomer(session, neighbourhood_id=gare, waiting_since=NOW - timedelta(days=7))
    volunteer(session, neighbourhood_id=centre, capacity=2)
    volunteer(session, neighbourhood_id=gare, vetting_status="pending")
    helper = volunteer(session, vetting_status="pending", capacity=3)
    pairing(session, helper, "active", activated_days=1 / 24, wait_days=10)
    pairing(session, helper, "ended", activated_days=100, wait_days=20, ended_after=50)
    pairing(session, helper, "active", activated_days=40, wait_days=30)
    pairing(session, helper, "ended", activated_days=95, wait_days=40, ended_after=10)
    pairing(session, helper, "declined_by_volunteer", answered=True)
    pairing(session, helper, "expired")
    pairing(session, helper, "expired", answered=True)
    pairing(session, helper, "declined_by_newcomer", answered=True)
    pairing(session, helper, "accepted", answered=True)
    pairing(session, helper, "rejected")
    session.commit()


def csv_lines(client, name) -> list[str]:
    response = client.get(f"{STATS}/{name}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return raw.decode("utf-8-sig").splitlines()


def test_neighbourhoods_show_the_gap(logged_in, dataset):
    lines = csv_lines(logged_in, "neighbourhoods")
    assert lines[0] == ("Quartier;Nouveaux arrivants en attente;Bénévoles disponibles;"
                        "Places libres;Manque")
    assert "Centre-ville;3;1;2;1" in lines
    assert "La Gare;1;0;0;1" in lines
    assert "Le Plateau;0;0;0;0" in lines


def test_pairings_per_iso_week_over_twelve_weeks(logged_in, dataset):
    lines = csv_lines(logged_in, "weeks")
    assert lines[0] == "Semaine;Lundi;Binômes formés"
    assert len(lines) == 13
    assert lines[1] == "2026-W37;2026-09-07;0"
    assert "2026-W42;2026-10-12;1" in lines
    assert lines[-1] == "2026-W48;2026-11-23;1"
    assert sum(int(line.split(";")[2]) for line in lines[1:]) == 2


def test_acceptance_rates_of_volunteers_and_newcomers(logged_in, dataset):
    lines = csv_lines(logged_in, "acceptance")
    assert lines[1] == "Bénévoles (réponse à la proposition);6;1;1;0,75"
    assert lines[2] == "Nouveaux arrivants (confirmation);4;1;1;0,6667"


def test_median_waits(logged_in, dataset):
    lines = csv_lines(logged_in, "waits")
    assert lines[1] == "Attente avant un binôme (binômes activés);4;25"
    assert lines[2] == "Attente en cours (personnes encore en attente);4;4"


def test_pairings_still_active_after_one_and_three_months(logged_in, dataset):
    lines = csv_lines(logged_in, "retention")
    assert lines[1:] == ["1 mois;3;2;0,6667", "3 mois;2;0;0"]


def test_page_draws_each_table_as_an_accessible_chart(logged_in, dataset):
    page = logged_in.get(STATS).get_data(as_text=True)
    assert page.count('role="img"') == 7  # and the two local-life charts
    assert page.count("<table>") == 7
    assert re.search(r"<desc id=\"chart-acceptance-desc\">[^<]*75,0", page)
    for name in ("neighbourhoods", "weeks", "acceptance", "waits", "retention"):
        assert f'aria-labelledby="chart-{name}-title chart-{name}-desc"' in page
        assert f'href="{STATS}/{name}.csv"' in page
    assert 'href="/coordination/statistiques"' in page  # in the navigation bar


def test_empty_programme_and_unknown_table(logged_in):
    page = logged_in.get(STATS)
    assert page.status_code == 200
    assert csv_lines(logged_in, "acceptance")[1].endswith(";0;0;0;")
    assert logged_in.get(f"{STATS}/nothing.csv").status_code == 404


def test_statistics_need_a_login(client):
    response = client.get(STATS)
    assert response.status_code == 302
    assert "/coordination/connexion" in response.headers["Location"]


def test_page_benchmark_fills_and_measures_a_small_town(app, session):
    """benchmarks.coordination_pages on a small size: every page is requested (no timing)."""
    from benchmarks.coordination_pages import Sizes, fill, measure, pages, table

    fill(session, Sizes(newcomers=200, volunteers=100, proposals=150, audit=300, outbox=100))
    session.close()
    results = measure(app, repeats=1)
    assert [r.path for r in results] == pages(app)
    statuses = {r.path: r.status for r in results}
    for path in ("/coordination/statistiques", "/coordination/journal", "/coordination/import",
                 "/coordination/messages", "/coordination/"):
        assert path in statuses
    for path in ("/coordination/statistiques", "/coordination/journal", "/coordination/import"):
        assert statuses[path] == 200
    assert "| /coordination/statistiques | 200 |" in table(results)
