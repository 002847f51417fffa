"""The pair's first outing: a real dated activity in the introduction and on both pages;
either person may choose another, the other sees the choice."""
import re

import factories
import pytest
from conftest import NOW
from journeys import outbox, regex_group
from sqlalchemy import select
from suggestion_helpers import small_programme

from web.models import Proposal
from web.services import proposals
from web.services.links import LinkSettings, make_token
from web.services.matching import run_matching

SAT_MORNING, TUE_AFTERNOON = 1 << 15, 1 << 4


def _page(person, kind):
    return f"/{kind}/" + make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), person)


def _csrf(client, url):
    html = client.get(url).get_data(as_text=True)
    return regex_group(r'name="csrf_token" value="([^"]+)"', html)


@pytest.fixture
def pair(app, client, session):
    """An active pair who both like gardening and are free on Saturday and Tuesday."""
    activities = small_programme(session)
    hoods = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name="Olena", languages=["uk", "fr"],
                                  interests=["jardinage", "cafe-rencontre"],
                                  availability=SAT_MORNING | TUE_AFTERNOON,
                                  neighbourhood_id=hoods["les-nangues"].id)
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr"],
                                    interests=["jardinage"],
                                    availability=SAT_MORNING | TUE_AFTERNOON,
                                    neighbourhood_id=hoods["les-perroquets"].id)
    session.commit()
    with app.app_context():
        [proposal] = run_matching(session, NOW, review=False).proposals
        proposals.volunteer_accepts(session, NOW, proposal)
        session.commit()
    page = _page(newcomer, "arrivee")
    response = client.post(f"{page}/propositions/{proposal.id}/reponse",
                           data={"answer": "yes", "csrf_token": _csrf(client, page)})
    assert response.status_code == 302
    return activities, newcomer, volunteer, proposal


def test_the_introduction_names_a_dated_activity_with_its_address(client, session, pair):
    activities, newcomer, volunteer, proposal = pair
    intros = {m.person_type: m for m in outbox(session, "introduction")}
    body = intros["volunteer"].body
    assert "Idée pour une première rencontre : Jardin partagé" in body
    assert re.search(r"samedi \d{1,2} \w+, 10:00 – 12:00", body)
    assert "Espace des Perroquets, 3 allée des Perroquets, 94350 Villiers" in body
    calendar = regex_group(r"http://[^/\s]+(/benevole/[^\s]+/agenda/[^\s]+\.ics)", body)
    response = client.get(calendar)
    assert response.status_code == 200 and b"SUMMARY:Jardin partag" in response.data
    assert "/l/" in intros["newcomer"].body and "Jardin partagé" in intros["newcomer"].body


def test_choosing_another_outing_shows_on_both_pages(client, session, pair):
    activities, newcomer, volunteer, proposal = pair
    n_page, v_page = _page(newcomer, "arrivee"), _page(volunteer, "benevole")
    html = client.get(n_page).get_data(as_text=True)
    assert "Idée pour une première rencontre : Jardin partagé" in html
    assert "Choisir celle-ci" in html and "Café-rencontre des Nangues" in html
    cafe = activities["Café-rencontre des Nangues"]
    key = regex_group(rf'name="key" value="({cafe.id}-[0-9T]+)"', html)
    response = client.post(f"{n_page}/propositions/{proposal.id}/sortie",
                           data={"key": key, "csrf_token": _csrf(client, n_page)})
    assert response.status_code == 302
    session.expire_all()
    chosen = session.get(Proposal, proposal.id)
    assert chosen.outing_activity_id == cafe.id and chosen.outing_start.hour == 14
    for page in (n_page, v_page):
        html = client.get(page).get_data(as_text=True)
        assert "Idée pour une première rencontre : Café-rencontre des Nangues" in html
        assert "Sortie choisie" in html
        assert re.search(r"mardi \d{1,2} \w+, 14:00 – 16:00", html)
    # the volunteer can change it back
    html = client.get(v_page).get_data(as_text=True)
    garden = activities["Jardin partagé"]
    key = regex_group(rf'name="key" value="({garden.id}-[0-9T]+)"', html)
    client.post(f"{v_page}/propositions/{proposal.id}/sortie",
                data={"key": key, "csrf_token": _csrf(client, v_page)})
    session.expire_all()
    assert session.get(Proposal, proposal.id).outing_activity_id == garden.id


@pytest.mark.parametrize("key", ["nope", "1-20261202T1400", "99999999999-20261201T1400"])
def test_a_bad_choice_or_someone_elses_pair_is_a_404(client, session, pair, key):
    activities, newcomer, volunteer, proposal = pair
    n_page = _page(newcomer, "arrivee")
    token = _csrf(client, n_page)
    response = client.post(f"{n_page}/propositions/{proposal.id}/sortie",
                           data={"key": key, "csrf_token": token})
    assert response.status_code == 404
    other = factories.newcomer(session, first_name="Ana")
    session.commit()
    good = f"{activities['Jardin partagé'].id}-20261205T1000"
    response = client.post(f"{_page(other, 'arrivee')}/propositions/{proposal.id}/sortie",
                           data={"key": good, "csrf_token": token})
    assert response.status_code == 404
    response = client.post(f"{n_page}/propositions/99999999999/sortie",
                           data={"key": good, "csrf_token": token})
    assert response.status_code == 404
    session.expire_all()
    assert session.scalar(select(Proposal.outing_activity_id)) is None
