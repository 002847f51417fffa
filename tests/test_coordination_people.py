"""Person pages and decisions on people: vetting, notes, placing, pausing, erasing, phone
intake, problem reports, the dashboard's lists."""
from datetime import timedelta

import factories
import pytest
from conftest import NOW
from journeys import (
    csrf,
    log_in_coordinator,
    neighbourhood_id,
    newcomer_form,
    outbox,
    volunteer_form,
)
from sqlalchemy import func, select

from web.models import AuditEntry, Newcomer, Note, ProblemReport, Volunteer
from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal

PASSWORD = "correct horse battery"


@pytest.fixture
def coordinator(session):
    account = create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    session.commit()
    return account


@pytest.fixture
def staff(client, coordinator, session):
    """The test client logged in through the login page, with the town loaded."""
    factories.load_villiers(session)
    session.commit()
    return log_in_coordinator(client, coordinator.email, PASSWORD)


def send(client, url, data, page):
    """Post `data` to `url` with the CSRF token of the form on `page`."""
    return client.post(url, data={**data, "csrf_token": csrf(client, page)})


def actions(session, coordinator):
    return session.scalars(select(AuditEntry.action).where(
        AuditEntry.coordinator_id == coordinator.id, AuditEntry.action != "coordinator.login")
        .order_by(AuditEntry.id)).all()


def test_vetting_approve_emails_the_volunteer(staff, session, coordinator):
    volunteer = factories.volunteer(session, vetting_status="pending", first_name="Paul")
    session.commit()
    listing = staff.get("/coordination/benevoles/a-valider").get_data(as_text=True)
    assert "Paul" in listing
    url = f"/coordination/benevoles/{volunteer.id}/validation"
    response = send(staff, url, {"decision": "approved", "note": "Très motivé."}, url)
    assert response.status_code == 302
    session.expire_all()
    row = session.get(Volunteer, volunteer.id)
    assert (row.vetting_status, row.vetting_note, row.vetted_by_id) == (
        "approved", "Très motivé.", coordinator.id)
    assert row.vetted_at is not None
    assert [m.to_address for m in outbox(session, "volunteer_approved")] == [volunteer.email]
    assert actions(session, coordinator) == ["volunteer.approved"]


def test_vetting_refusal_needs_a_note(staff, session, coordinator):
    volunteer = factories.volunteer(session, vetting_status="pending")
    session.commit()
    url = f"/coordination/benevoles/{volunteer.id}/validation"
    page = send(staff, url, {"decision": "refused", "note": ""}, url)
    assert page.status_code == 200
    assert "Dites pourquoi ce bénévole est refusé." in page.get_data(as_text=True)
    assert 'aria-describedby="note-hint note-error"' in page.get_data(as_text=True)
    send(staff, url, {"decision": "refused", "note": "Pas disponible."}, url)
    session.expire_all()
    assert session.get(Volunteer, volunteer.id).vetting_status == "refused"
    assert outbox(session, "volunteer_approved") == []
    assert actions(session, coordinator) == ["volunteer.refused"]


def test_notes_on_a_person_page(staff, session, coordinator):
    newcomer = factories.newcomer(session, first_name="Olena")
    session.commit()
    url = f"/coordination/arrivants/{newcomer.id}"
    empty = send(staff, url + "/notes", {"note-text": "  "}, url)
    assert empty.status_code == 400 and "Écrivez la note." in empty.get_data(as_text=True)
    send(staff, url + "/notes", {"note-text": "Appelée le 24, préfère le samedi."}, url)
    note = session.scalars(select(Note)).one()
    assert (note.target_type, note.target_id, note.coordinator_id) == (
        "newcomer", newcomer.id, coordinator.id)
    page = staff.get(url).get_data(as_text=True)
    assert "Appelée le 24, préfère le samedi." in page and "Inès" in page
    assert "newcomer.note_added" in page


def test_placing_a_newcomer_whose_neighbourhood_is_unknown(staff, session, coordinator):
    newcomer = factories.newcomer(session, neighbourhood_id=None, address_hint="rue des Lilas")
    session.commit()
    url = f"/coordination/arrivants/{newcomer.id}"
    page = staff.get(url).get_data(as_text=True)
    assert "rue des Lilas" in page and "inconnu" in page
    target = neighbourhood_id(session, "Le Plateau")
    assert send(staff, url + "/quartier", {"place-neighbourhood": target}, url).status_code == 302
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).neighbourhood.name == "Le Plateau"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "newcomer.placed")).one()
    assert (entry.coordinator_id, entry.target_id) == (coordinator.id, newcomer.id)


def test_pause_and_resume_a_newcomer(staff, session, coordinator):
    newcomer = factories.newcomer(session)
    session.commit()
    url = f"/coordination/arrivants/{newcomer.id}"
    send(staff, url + "/pause", {"paused": "1"}, url)
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).status == "paused"
    send(staff, url + "/pause", {"paused": "0"}, url)
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).status == "waiting"
    assert actions(session, coordinator) == ["newcomer.paused", "newcomer.resumed"]


def test_erase_needs_confirmation(staff, session, coordinator):
    volunteer = factories.volunteer(session)
    session.add(Note(target_type="volunteer", target_id=volunteer.id, text="x", created_at=NOW))
    session.commit()
    volunteer_id = volunteer.id
    url = f"/coordination/benevoles/{volunteer_id}/effacer"
    assert send(staff, url, {}, url).status_code == 200
    assert session.get(Volunteer, volunteer_id) is not None
    assert send(staff, url, {"confirm": "y"}, url).status_code == 302
    session.expunge_all()
    assert session.get(Volunteer, volunteer_id) is None
    assert session.scalar(select(func.count()).select_from(Note)) == 0
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "volunteer.erased")).one()
    assert entry.coordinator_id == coordinator.id


def test_phone_intake_of_a_newcomer_without_email(staff, session, coordinator):
    url = "/coordination/inscription-telephone/arrivant"
    page = staff.get(url).get_data(as_text=True)
    assert "accord par téléphone" in page
    data = newcomer_form(session, email="", phone="06 11 22 33 44", shared_contact="phone",
                         person_locale="en")
    response = send(staff, url, data, url)
    assert response.status_code == 302
    newcomer = session.scalars(select(Newcomer)).one()
    assert (newcomer.first_name, newcomer.email, newcomer.locale) == ("Olena", None, "en")
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "newcomer.registered_by_phone")).one()
    assert (entry.coordinator_id, entry.details["consent"]) == (coordinator.id, "given by phone")
    (welcome,) = outbox(session)  # no e-mail: the welcome goes by SMS, in English
    assert (welcome.channel, welcome.locale, welcome.kind) == ("sms", "en", "newcomer_welcome")


def test_phone_intake_of_a_volunteer_sends_the_welcome(staff, session, coordinator):
    url = "/coordination/inscription-telephone/benevole"
    response = send(staff, url, volunteer_form(session), url)
    assert response.status_code == 302
    volunteer = session.scalars(select(Volunteer)).one()
    assert volunteer.vetting_status == "pending"
    assert [m.kind for m in outbox(session)] == ["volunteer_welcome"]
    assert "volunteer.registered_by_phone" in actions(session, coordinator)


def test_dashboard_lists_and_problem_handled(staff, session, coordinator):
    place = neighbourhood_id(session, "Les Nangues")
    factories.newcomer(session, first_name="Ancienne", neighbourhood_id=int(place),
                       waiting_since=NOW - timedelta(days=40))
    factories.newcomer(session, first_name="Recente", neighbourhood_id=int(place),
                       waiting_since=NOW - timedelta(days=1))
    factories.volunteer(session, first_name="Avalider", vetting_status="pending")
    volunteer = factories.volunteer(session, neighbourhood_id=int(place))
    pending = factories.newcomer(session, neighbourhood_id=int(place))
    proposal = create_proposal(session, NOW - timedelta(days=6), pending.id, volunteer.id,
                               status="proposed")
    report = ProblemReport(proposal_id=proposal.id, reporter_type="volunteer",
                           reporter_id=volunteer.id, message="Pas de réponse.", created_at=NOW)
    session.add(report)
    session.commit()
    page = staff.get("/coordination/").get_data(as_text=True)
    assert page.index("Ancienne") < page.index("Recente")
    assert "Pas encore passé dans un appariement" in page
    assert "Expire bientôt" in page
    assert "Avalider" in page
    assert "Pas de réponse." in page
    url = f"/coordination/problemes/{report.id}/traite"
    send(staff, url, {f"p{report.id}-note": "Appelé, tout va bien."}, "/coordination/")
    session.expire_all()
    handled = session.get(ProblemReport, report.id)
    assert (handled.handled_by_id, handled.handling_note) == (coordinator.id,
                                                              "Appelé, tout va bien.")
    assert "Pas de réponse." not in staff.get("/coordination/").get_data(as_text=True)


def test_dashboard_waiting_list_is_paginated(staff, session):
    for n in range(27):
        factories.newcomer(session, first_name=f"Attente{n:02d}",
                           waiting_since=NOW - timedelta(days=100 - n))
    session.commit()
    first = staff.get("/coordination/").get_data(as_text=True)
    assert "27 personnes attendent un binôme" in first
    assert "Attente24" in first and "Attente25" not in first
    second = staff.get("/coordination/?attente=2").get_data(as_text=True)
    assert "Attente25" in second and "Attente26" in second and "Attente00" not in second
