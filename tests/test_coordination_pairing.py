"""Manual pairing: the engine's view of the pair, confirmation of broken constraints,
and a full volunteer (the database never lets load exceed capacity)."""

import factories
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator, outbox, regex_group
from sqlalchemy import select

from web.models import AuditEntry, Proposal, Setting, Volunteer
from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal

PASSWORD = "correct horse battery"
PAIRING = "/coordination/binome"


@pytest.fixture
def coordinator(session):
    account = create_coordinator(session, NOW, "yann@villiers.example", PASSWORD, name="Yann")
    session.commit()
    return account


@pytest.fixture
def pairing_client(client, coordinator):
    """The test client, logged in through the login page."""
    return log_in_coordinator(client, coordinator.email, PASSWORD)


@pytest.fixture
def place(session):
    return factories.load_villiers(session)["les-nangues"].id


def pair(client, newcomer, volunteer, **extra):
    url = f"{PAIRING}?newcomer={newcomer.id}&volunteer={volunteer.id}"
    data = {"newcomer": str(newcomer.id), "volunteer": str(volunteer.id),
            "csrf_token": csrf(client, url), **extra}
    return client.post(PAIRING, data=data)


def test_search_and_pick_then_pair_without_broken_constraint(pairing_client, session, place,
                                                             coordinator):
    newcomer = factories.newcomer(session, first_name="Olena", neighbourhood_id=place)
    volunteer = factories.volunteer(session, first_name="Bernard", neighbourhood_id=place)
    factories.volunteer(session, first_name="Pending", neighbourhood_id=place,
                        vetting_status="pending")
    session.commit()
    found = pairing_client.get(PAIRING, query_string={"qv": "bern"}).get_data(as_text=True)
    assert f"volunteer={volunteer.id}" in found and "Pending" not in found
    found = pairing_client.get(PAIRING, query_string={"qn": "OLE"}).get_data(as_text=True)
    assert f"newcomer={newcomer.id}" in found

    page = pairing_client.get(PAIRING, query_string={
        "newcomer": newcomer.id, "volunteer": volunteer.id}).get_data(as_text=True)
    assert "Même quartier : Les Nangues" in page
    assert "Ce binôme respecte toutes les règles du moteur." in page
    assert 'name="confirm"' not in page

    response = pair(pairing_client, newcomer, volunteer)
    assert response.status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    assert (proposal.status, proposal.source, proposal.overridden_constraints) == (
        "proposed", "coordinator", [])
    assert [m.to_address for m in outbox(session, "proposal_volunteer")] == [volunteer.email]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "proposal.manual")).one()
    assert entry.coordinator_id == coordinator.id and entry.details["overridden"] == []


def test_a_broken_constraint_needs_confirmation_and_is_recorded(pairing_client, session, place):
    newcomer = factories.newcomer(session, neighbourhood_id=place, languages=["uk"])
    volunteer = factories.volunteer(session, neighbourhood_id=place, languages=["fr"])
    session.commit()
    page = pairing_client.get(PAIRING, query_string={
        "newcomer": newcomer.id, "volunteer": volunteer.id}).get_data(as_text=True)
    assert "Ce binôme ne respecte pas ces règles" in page
    assert 'name="confirm"' in page

    refused = pair(pairing_client, newcomer, volunteer)
    assert refused.status_code == 200
    assert "Cochez la case pour confirmer" in refused.get_data(as_text=True)
    assert session.scalars(select(Proposal)).all() == []

    assert pair(pairing_client, newcomer, volunteer, confirm="1").status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    assert proposal.overridden_constraints and "langue" in proposal.overridden_constraints[0]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "proposal.manual")).one()
    assert entry.details["overridden"] == proposal.overridden_constraints
    person = pairing_client.get(f"/coordination/arrivants/{newcomer.id}").get_data(as_text=True)
    assert "Règles outrepassées" in person


def test_a_full_volunteer_needs_one_more_place(pairing_client, session, place):
    volunteer = factories.volunteer(session, neighbourhood_id=place, capacity=1)
    busy = factories.newcomer(session, neighbourhood_id=place)
    create_proposal(session, NOW, busy.id, volunteer.id, status="proposed")
    newcomer = factories.newcomer(session, neighbourhood_id=place)
    session.commit()
    page = pairing_client.get(PAIRING, query_string={
        "newcomer": newcomer.id, "volunteer": volunteer.id}).get_data(as_text=True)
    assert 'name="raise_capacity"' in page and "Passer" in page

    refused = pair(pairing_client, newcomer, volunteer, confirm="1")
    assert "cochez la case pour lui ajouter une place" in refused.get_data(as_text=True)
    assert len(session.scalars(select(Proposal)).all()) == 1

    assert pair(pairing_client, newcomer, volunteer, confirm="1",
                raise_capacity="1").status_code == 302
    session.expire_all()
    row = session.get(Volunteer, volunteer.id)
    assert (row.capacity, row.load) == (2, 2)
    assert session.scalars(select(AuditEntry.action).where(
        AuditEntry.action == "volunteer.capacity_raised")).one()


def test_a_volunteer_with_three_people_cannot_take_a_fourth(pairing_client, session, place):
    volunteer = factories.volunteer(session, neighbourhood_id=place, capacity=3)
    for _ in range(3):
        create_proposal(session, NOW, factories.newcomer(session, neighbourhood_id=place).id,
                        volunteer.id, status="proposed")
    newcomer = factories.newcomer(session, neighbourhood_id=place)
    session.commit()
    page = pairing_client.get(PAIRING, query_string={
        "newcomer": newcomer.id, "volunteer": volunteer.id}).get_data(as_text=True)
    assert "accompagne déjà 3 personnes, le maximum" in page
    assert 'name="raise_capacity"' not in page
    refused = pair(pairing_client, newcomer, volunteer, confirm="1", raise_capacity="1")
    assert refused.status_code == 200
    assert len(session.scalars(select(Proposal)).all()) == 3


def test_only_admins_switch_the_review_off(pairing_client, session):
    url = "/coordination/propositions/relecture"
    token = csrf(pairing_client, "/coordination/propositions/a-valider")
    page = pairing_client.get("/coordination/propositions/a-valider").get_data(as_text=True)
    assert url not in page
    response = pairing_client.post(url, data={"enabled": "0", "csrf_token": token})
    assert response.status_code == 403
    assert session.get(Setting, "review_proposals") is None


def test_run_preview_with_nobody_waiting(pairing_client, session, place):
    session.commit()
    page = pairing_client.get("/coordination/appariement")
    assert page.status_code == 200
    assert "0 arrivant attend un binôme" in page.get_data(as_text=True)
    token = regex_group(r'name="csrf_token" type="hidden" value="([^"]+)"',
                        page.get_data(as_text=True))
    html = pairing_client.post("/coordination/appariement/apercu",
                               data={"csrf_token": token}).get_data(as_text=True)
    assert '<h2 id="proposes">0 binôme' in html and "Lancer l'appariement pour de bon" in html
