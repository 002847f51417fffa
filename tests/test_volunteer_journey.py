"""A volunteer signs up, waits to be vetted, answers proposals, takes time away."""
from datetime import timedelta

import factories
from conftest import NOW
from journeys import csrf, field_errors, outbox, submit, volunteer_form
from sqlalchemy import select

from web.models import Volunteer
from web.services import proposals
from web.services.links import LinkSettings, make_token

URL = "/benevole/inscription"


def _page(volunteer):
    token = make_token(LinkSettings("test-secret-key"), NOW.now(NOW.tzinfo), volunteer)
    return "/benevole/" + token


def test_signup_stores_a_volunteer_to_be_vetted(client, session):
    factories.load_villiers(session)
    session.commit()
    response = submit(client, URL, volunteer_form(session))
    assert response.status_code == 302
    volunteer = session.scalars(select(Volunteer)).one()
    assert volunteer.vetting_status == "pending" and volunteer.capacity == 2
    assert volunteer.max_distance_km == 3.0 and volunteer.shared_contact == "both"
    assert volunteer.charter_accepted_at is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "va vous appeler pour faire connaissance" in page
    [welcome] = outbox(session, "volunteer_welcome")
    assert welcome.to_address == "claire@example.org"


def test_signup_requires_the_charter_and_a_motivation(client, session):
    factories.load_villiers(session)
    session.commit()
    html = submit(client, URL, volunteer_form(session, charter=None, motivation="",
                                              capacity="4")).get_data(as_text=True)
    assert set(field_errors(html)) == {"charter", "motivation", "capacity"}
    assert "Acceptez la charte pour vous inscrire." in html
    assert session.scalars(select(Volunteer)).all() == []


def _proposal(session, status="proposed", **volunteer_fields):
    newcomer = factories.newcomer(session, first_name="Olena", interests=["cuisine"])
    volunteer = factories.volunteer(session, first_name="Claire", capacity=2, **volunteer_fields)
    proposal = proposals.create_proposal(session, NOW, newcomer.id, volunteer.id, status=status,
                                         score=0.8, reasons={"fr": ["Même quartier : Les Nangues"],
                                                             "en": ["Same neighbourhood"]})
    session.commit()
    return proposal, newcomer, volunteer


def test_the_volunteer_sees_the_proposal_with_its_reasons_but_no_contact(client, session):
    proposal, newcomer, volunteer = _proposal(session)
    html = client.get(_page(volunteer)).get_data(as_text=True)
    assert "Accueillir Olena ?" in html and "Même quartier : Les Nangues" in html
    assert newcomer.email not in html


def test_accepting_asks_the_newcomer_to_confirm(client, session):
    proposal, newcomer, volunteer = _proposal(session)
    page = _page(volunteer)
    response = client.post(f"{page}/propositions/{proposal.id}/reponse",
                           data={"answer": "yes", "csrf_token": csrf(client, page)})
    assert response.status_code == 302
    session.refresh(proposal)
    assert proposal.status == "accepted" and proposal.volunteer_answered_at is not None
    [ask] = outbox(session, "proposal_newcomer")
    assert ask.to_address == newcomer.email and "Claire" in ask.subject
    assert volunteer.email not in ask.body
    # A second click is refused without changing anything.
    again = client.post(f"{page}/propositions/{proposal.id}/reponse",
                        data={"answer": "yes", "csrf_token": csrf(client, page)},
                        follow_redirects=True)
    assert "Cette proposition a déjà reçu une réponse." in again.get_data(as_text=True)
    assert len(outbox(session, "proposal_newcomer")) == 1


def test_declining_needs_a_reason_and_frees_the_place(client, session):
    proposal, newcomer, volunteer = _proposal(session)
    page = _page(volunteer)
    url = f"{page}/propositions/{proposal.id}/reponse"
    refused = client.post(url, data={"answer": "no", "code": "", "csrf_token": csrf(client, page)},
                          follow_redirects=True)
    assert "Choisissez une raison." in refused.get_data(as_text=True)
    other = client.post(url, data={"answer": "no", "code": "other", "reason": " ",
                                   "csrf_token": csrf(client, page)}, follow_redirects=True)
    assert "Dites-nous en quelques mots pourquoi." in other.get_data(as_text=True)
    session.refresh(proposal)
    assert proposal.status == "proposed"
    client.post(url, data={"answer": "no", "code": "too_far", "reason": "Je déménage",
                           "csrf_token": csrf(client, page)})
    session.refresh(proposal)
    session.refresh(volunteer)
    assert (proposal.status, proposal.decline_code, proposal.decline_reason) == (
        "declined_by_volunteer", "too_far", "Je déménage")
    assert volunteer.load == 0


def test_another_persons_proposal_is_out_of_reach(client, session):
    proposal, newcomer, volunteer = _proposal(session)
    stranger = factories.volunteer(session, first_name="Paul")
    session.commit()
    page = _page(stranger)
    response = client.post(f"{page}/propositions/{proposal.id}/reponse",
                           data={"answer": "yes", "csrf_token": csrf(client, page)})
    assert response.status_code == 404
    session.refresh(proposal)
    assert proposal.status == "proposed"


def test_time_away_stops_proposals_until_the_return_date(client, session):
    volunteer = factories.volunteer(session)
    session.commit()
    page = _page(volunteer)
    today = NOW.now(NOW.tzinfo).date()
    past = client.post(f"{page}/absence", data={"action": "away",
                                                "until": str(today - timedelta(days=1)),
                                                "csrf_token": csrf(client, page)},
                       follow_redirects=True)
    assert "La date de retour doit être dans le futur." in past.get_data(as_text=True)
    back_on = today + timedelta(days=20)
    client.post(f"{page}/absence", data={"action": "away", "until": str(back_on),
                                         "csrf_token": csrf(client, page)})
    session.refresh(volunteer)
    assert volunteer.paused_until == back_on
    assert "Je suis de retour" in client.get(page).get_data(as_text=True)
    client.post(f"{page}/absence", data={"action": "back", "csrf_token": csrf(client, page)})
    session.refresh(volunteer)
    assert volunteer.paused_until is None


def test_capacity_cannot_drop_below_current_load(client, session):
    factories.load_villiers(session)
    proposal, newcomer, volunteer = _proposal(session)
    second = factories.newcomer(session)
    proposals.create_proposal(session, NOW, second.id, volunteer.id)
    session.commit()
    page = _page(volunteer)
    form = volunteer_form(session, email=volunteer.email, capacity="1", motivation=None,
                          charter=None)
    html = submit(client, f"{page}/profil", form).get_data(as_text=True)
    assert field_errors(html) == ["capacity"], field_errors(html)
    assert "Vous accompagnez déjà 2 personnes" in html
    session.refresh(volunteer)
    assert volunteer.capacity == 2
