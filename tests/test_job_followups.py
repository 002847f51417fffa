"""Check-ins two weeks and three months after an introduction, answered in one click."""
import re
from datetime import timedelta

import factories
import pytest
from conftest import NOW
from journeys import outbox, regex_group
from sqlalchemy import select

from jobs.followups import send_followups
from web.models import Followup, Newcomer, Proposal, Volunteer

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def active_pairing(session, activated_at=NOW, n=""):
    """A newcomer and a volunteer introduced at `activated_at`."""
    places = factories.load_villiers(session)
    newcomer = factories.newcomer(session, first_name=f"Olena{n}", status="matched",
                                  neighbourhood_id=places["les-nangues"].id,
                                  waiting_since=NOW - timedelta(days=30))
    volunteer = factories.volunteer(session, first_name=f"Claire{n}", load=1, locale="en",
                                    neighbourhood_id=places["les-nangues"].id)
    proposal = Proposal(newcomer_id=newcomer.id, volunteer_id=volunteer.id, status="active",
                        created_at=activated_at, proposed_at=activated_at,
                        activated_at=activated_at)
    session.add(proposal)
    session.commit()
    return proposal


def answer_links(message) -> dict:
    """{"fine": path, "not_met": path, "not_working": path} from a follow-up e-mail."""
    paths = re.findall(r"http://[^/\s]+(/suivi/\S+)", message.body)
    assert len(paths) == 3, message.body
    return dict(zip(("fine", "not_met", "not_working"), paths, strict=True))


@pytest.fixture
def fixed_clock(monkeypatch):
    """The answer page reads the clock; here it is two weeks and a day after NOW."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW + timedelta(days=15))


def test_check_ins_go_to_both_after_two_weeks_once(app, session):
    proposal = active_pairing(session)
    assert send_followups(now=NOW + timedelta(days=13, hours=23), app=app) == {"followups": 0}
    assert send_followups(now=NOW + timedelta(days=14), app=app) == {"followups": 2}
    assert send_followups(now=NOW + timedelta(days=20), app=app) == {"followups": 0}
    rows = session.scalars(select(Followup).order_by(Followup.person_type)).all()
    assert [(f.person_type, f.stage, f.answer) for f in rows] == [
        ("newcomer", "2w", None), ("volunteer", "2w", None)]
    mails = {m.person_type: m for m in outbox(session, "followup")}
    assert mails["newcomer"].to_address == proposal.newcomer.email
    assert "Claire" in mails["newcomer"].subject and mails["newcomer"].locale == "fr"
    assert "Tout va bien" in mails["newcomer"].body
    assert mails["volunteer"].locale == "en" and "Olena" in mails["volunteer"].subject
    assert answer_links(mails["newcomer"]) != answer_links(mails["volunteer"])


def test_three_months_later_a_second_check_in(app, session):
    active_pairing(session)
    send_followups(now=NOW + timedelta(days=14), app=app)
    assert send_followups(now=NOW + timedelta(days=90), app=app) == {"followups": 0}
    assert send_followups(now=NOW + timedelta(days=91), app=app) == {"followups": 2}
    assert sorted(session.scalars(select(Followup.stage))) == ["2w", "2w", "3m", "3m"]


def test_an_old_pairing_gets_only_the_latest_check_in_and_ended_ones_none(app, session):
    active_pairing(session, activated_at=NOW - timedelta(days=100))
    ended = active_pairing(session, activated_at=NOW - timedelta(days=20), n="b")
    ended.status, ended.ended_at, ended.end_reason = "ended", NOW, "completed"
    session.commit()
    assert send_followups(now=NOW, app=app) == {"followups": 2}
    assert set(session.scalars(select(Followup.stage))) == {"3m"}


def test_opening_a_link_records_nothing_the_button_does(app, client, session, fixed_clock):
    active_pairing(session)
    send_followups(now=NOW + timedelta(days=14), app=app)
    [mail] = [m for m in outbox(session, "followup") if m.person_type == "newcomer"]
    link = answer_links(mail)["fine"]

    page = client.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "« Tout va bien »" in html and "Confirmer ma réponse" in html
    session.expire_all()
    assert session.scalar(select(Followup.answer).where(Followup.person_type == "newcomer")) is None

    assert client.post(link).status_code == 400  # no CSRF token
    token = regex_group(CSRF, html)
    done = client.post(link, data={"csrf_token": token})
    assert done.status_code == 200
    assert "Réponse enregistrée : « Tout va bien »" in done.get_data(as_text=True)
    session.expire_all()
    followup = session.scalar(select(Followup).where(Followup.person_type == "newcomer"))
    assert (followup.answer, followup.answered_at) == ("fine", NOW + timedelta(days=15))

    # A second click, even on another answer, keeps the first.
    other = answer_links(mail)["not_met"]
    again = client.post(other, data={"csrf_token": token}).get_data(as_text=True)
    assert "Vous aviez déjà répondu : « Tout va bien »" in again
    session.expire_all()
    assert session.get(Followup, followup.id).answer == "fine"


def test_not_working_ends_the_pairing_and_the_newcomer_waits_first_in_line(app, client, session,
                                                                          fixed_clock):
    proposal = active_pairing(session)
    since = proposal.newcomer.waiting_since
    send_followups(now=NOW + timedelta(days=14), app=app)
    [mail] = [m for m in outbox(session, "followup") if m.person_type == "volunteer"]
    link = answer_links(mail)["not_working"]
    html = client.get(link).get_data(as_text=True)
    assert "mettez fin au binôme" in html or "end the pairing" in html
    response = client.post(link, data={"csrf_token": regex_group(CSRF, html)})
    assert response.status_code == 200
    session.expire_all()
    ended = session.get(Proposal, proposal.id)
    assert (ended.status, ended.end_reason) == ("ended", "not_working")
    newcomer = session.get(Newcomer, proposal.newcomer_id)
    assert (newcomer.status, newcomer.waiting_since) == ("waiting", since)
    assert session.get(Volunteer, proposal.volunteer_id).load == 0
    [told] = outbox(session, "pairing_ended")
    assert told.to_address == newcomer.email
    assert send_followups(now=NOW + timedelta(days=91), app=app) == {"followups": 0}


def test_a_tampered_or_old_link_shows_an_error_page(app, client, session, monkeypatch):
    active_pairing(session)
    send_followups(now=NOW + timedelta(days=14), app=app)
    link = answer_links(outbox(session, "followup")[0])["fine"]
    assert client.get(link[:-3] + "xyz").status_code == 404
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW + timedelta(days=14 + 61))
    expired = client.get(link)
    assert expired.status_code == 410 and "Ce lien a expiré" in expired.get_data(as_text=True)
