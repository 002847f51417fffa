"""The intake in steps: the essentials register the newcomer; interests, free time and
details are optional pages of their own, skipped or completed later from the personal page;
a newcomer who skipped them is still matched."""
import re

import factories
from conftest import NOW
from journeys import field_errors, newcomer_form, submit
from sqlalchemy import select

from web.models import Newcomer, Proposal
from web.services.matching import run_matching

URL = "/arrivee/inscription"


def _essentials(client, session, **overrides):
    response = submit(client, URL, newcomer_form(session, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("?")[0]


def _links(html: str) -> list[str]:
    return re.findall(r'<a[^>]* href="([^"]+)"', html)


def test_step_one_alone_puts_the_newcomer_on_the_waiting_list(client, session):
    factories.load_villiers(session)
    session.commit()
    form = client.get(URL).get_data(as_text=True)
    # Only the essentials on the first screen.
    for name in ("first_name", "phone", "email", "neighbourhood", "address_hint", "languages",
                 "consent"):
        assert f'name="{name}"' in form
    for name in ("interests", "availability", "about", "birth_year", "shared_contact"):
        assert f'name="{name}"' not in form

    page = _essentials(client, session)
    newcomer = session.scalars(select(Newcomer)).one()
    assert newcomer.status == "waiting" and newcomer.waiting_since is not None
    assert (newcomer.interests, newcomer.availability, newcomer.about) == ([], 0, "")
    assert newcomer.shared_contact == "email"
    html = client.get(page + "?bienvenue=1").get_data(as_text=True)
    assert "Compléter mon profil" in html
    assert f"{page}/completer/2" in _links(html)
    assert f"{page}/completer/3" in _links(html) and f"{page}/completer/4" in _links(html)


def test_each_step_can_be_skipped_to_the_next_then_back_to_the_page(client, session):
    factories.load_villiers(session)
    session.commit()
    page = _essentials(client, session)
    expected = {2: f"{page}/completer/3", 3: f"{page}/completer/4", 4: page}
    for step, following in expected.items():
        html = client.get(f"{page}/completer/{step}").get_data(as_text=True)
        assert f"Étape {step} sur 4" in html
        skip = re.search(r'<a class="button button-secondary" href="([^"]+)">Passer</a>', html)
        assert skip and skip.group(1) == following
        assert "Enregistrer" in html
    assert client.get(f"{page}/completer/5").status_code == 404
    newcomer = session.scalars(select(Newcomer)).one()
    assert newcomer.status == "waiting" and newcomer.interests == []


def test_steps_completed_later_are_saved_and_leave_the_invitation(client, session):
    factories.load_villiers(session)
    session.commit()
    page = _essentials(client, session)
    response = submit(client, f"{page}/completer/3",
                      {"availability": ["sat-morning", "mon-evening"]})
    assert response.headers["Location"].endswith(f"{page}/completer/4")
    newcomer = session.scalars(select(Newcomer)).one()
    session.refresh(newcomer)
    assert newcomer.availability == (1 << 15) | (1 << 2)
    html = client.get(page).get_data(as_text=True)
    assert f"{page}/completer/3" not in _links(html)  # done: no longer offered
    assert f"{page}/completer/2" in _links(html)

    submit(client, f"{page}/completer/2", {"interests": ["cuisine", "randonnee"]})
    response = submit(client, f"{page}/completer/4", {
        "about": "J'aime marcher.", "shared_contact": "email", "birth_year": "1990",
        "household": "alone", "gender": "", "buddy_gender": "female", "practise_french": "y"})
    assert response.headers["Location"].endswith(page)
    session.refresh(newcomer)
    assert newcomer.interests == ["cuisine", "randonnee"]
    assert (newcomer.about, newcomer.birth_year, newcomer.household, newcomer.buddy_gender,
            newcomer.practise_french, newcomer.gender) == (
        "J'aime marcher.", 1990, "alone", "female", True, None)
    assert "Compléter mon profil" not in client.get(page).get_data(as_text=True)
    # The steps stay reachable and show what was saved.
    step_two = client.get(f"{page}/completer/2").get_data(as_text=True)
    assert re.search(r'<input checked[^>]* value="cuisine"', step_two)


def test_a_step_with_errors_keeps_what_was_typed(client, session):
    factories.load_villiers(session)
    session.commit()
    page = _essentials(client, session, email="", phone="06 11 22 33 44")
    response = submit(client, f"{page}/completer/4", {
        "about": "Je cuisine volontiers.", "shared_contact": "email", "birth_year": "19"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert set(field_errors(html)) == {"shared_contact", "birth_year"}
    assert "Vous n'avez pas donné d'adresse e-mail." in html
    assert "Je cuisine volontiers." in html and 'value="19"' in html
    assert 'id="erreurs" autofocus' in html
    newcomer = session.scalars(select(Newcomer)).one()
    session.refresh(newcomer)
    assert newcomer.about == "" and newcomer.shared_contact == "phone"


def test_a_newcomer_who_skipped_every_optional_step_is_matched(app, client, session):
    places = factories.load_villiers(session)
    session.commit()
    _essentials(client, session, languages=["uk", "fr"])
    volunteer = factories.volunteer(session, first_name="Claire", languages=["fr"],
                                    neighbourhood_id=places["les-nangues"].id)
    session.commit()
    with app.app_context():
        outcome = run_matching(session, NOW, review=False)
        session.commit()
    (proposal,) = outcome.proposals
    assert proposal.volunteer_id == volunteer.id and proposal.status == "proposed"
    # No free time given is not a mismatch: the reasons do not say so.
    assert not any("créneau" in reason for reason in proposal.reasons["fr"])
    assert session.scalars(select(Proposal)).one().score >= 0.5
