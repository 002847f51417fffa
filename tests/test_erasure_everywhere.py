"""Erasure erases: after a newcomer with a full history is erased (from her page, or by a
coordinator), no table holds her name, contacts, street or words; nor does the SQLite file."""
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import factories
import pytest
from conftest import NOW
from journeys import csrf, log_in_coordinator, outbox
from sqlalchemy import select

from web.models import (
    Activity,
    Base,
    Followup,
    Gathering,
    GatheringInvitation,
    LoginAttempt,
    Newcomer,
    Participation,
    RateEvent,
)
from web.services import casework, followups, proposals
from web.services.accounts import create_coordinator
from web.services.links import LinkSettings, make_token
from web.services.matching import run_matching

PASSWORD = "correct horse battery"
SECRET = "test-secret-key"
#: what must be gone: her first name, e-mail, phone (typed and E.164), street, her own words
NAME, EMAIL, PHONE, E164 = "Zéphyrine", "zephyrine.q@example.org", "06 98 76 54 32", "+33698765432"
STREET, WORD, REPORT_WORD = "rue des Quokkas", "xylocarpe", "tambourinaire"
SECRETS = (NAME, EMAIL, PHONE, E164, STREET, WORD, REPORT_WORD)


def _page(person):
    return "/arrivee/" + make_token(LinkSettings(SECRET), NOW.now(NOW.tzinfo), person)


def _history(app, client, session):
    """Zéphyrine, her buddy Bertrand, a coordinator, and everything that happened to her."""
    places = factories.load_villiers(session)
    coordinator = create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    newcomer = factories.newcomer(
        session, first_name=NAME, email=EMAIL, phone=PHONE, shared_contact="both",
        languages=["uk", "fr"], interests=["cuisine"], availability=0b1 << 15,
        address_hint=f"12 {STREET}", about=f"J'aime le {WORD} et la musique.", created_at=NOW,
        last_active_at=NOW)
    volunteer = factories.volunteer(session, first_name="Bertrand", languages=["fr", "uk"],
                                    interests=["cuisine"], availability=0b1 << 15, capacity=2,
                                    neighbourhood_id=places["les-nangues"].id, created_at=NOW)
    session.commit()
    later = NOW + timedelta(minutes=1)
    with app.app_context():
        casework.pause_newcomer(session, later, newcomer, coordinator, True)
        casework.pause_newcomer(session, later, newcomer, coordinator, False)
        casework.place_newcomer(session, later, newcomer, coordinator,
                                    places["les-nangues"].id)
        casework.add_note(session, later, newcomer, coordinator, f"{NAME} a appelé.")
        casework.add_note(session, later, volunteer, coordinator,
                              f"Bertrand accompagne {NAME} ({PHONE}).")
        [proposal] = run_matching(session, later, review=False).proposals
        proposals.volunteer_accepts(session, later, proposal)
        proposals.newcomer_confirms(session, later, proposal)
        proposals.report_problem(session, later, proposal, newcomer,
                                 f"Le {REPORT_WORD} du voisin, {STREET}.")
        followup = Followup(proposal_id=proposal.id, person_type="newcomer",
                            person_id=newcomer.id, stage="2w", sent_at=later)
        session.add(followup)
        session.flush()
        followups.record_answer(session, later, followup, "fine")
        activity = Activity(title="Café des langues", kind="cafe_rencontre",
                            starts_at=datetime(2026, 12, 5, 10, 0))
        gathering = Gathering(title="Accueil de décembre", starts_at=NOW + timedelta(days=9))
        session.add_all([activity, gathering])
        session.flush()
        session.add_all([
            Participation(newcomer_id=newcomer.id, activity_id=activity.id,
                          occurrence_start=activity.starts_at, created_at=later),
            GatheringInvitation(gathering_id=gathering.id, newcomer_id=newcomer.id,
                                status="invited", invited_at=later,
                                reasons={"fr": [f"{NAME} parle ukrainien"]}),
            LoginAttempt(email=EMAIL, ip="10.0.0.9", at=later)])
        session.commit()
    # She asks for her link again by text message: an SMS, and a rate count for her number.
    url = "/mon-lien"
    client.post(url, data={"contact": PHONE, "csrf_token": csrf(client, url)})
    assert {"introduction", "problem_alert", "link"} <= {m.kind for m in outbox(session)}
    assert "sms" in {m.channel for m in outbox(session)}
    session.expire_all()  # asking for the link again gave her a new one
    return newcomer, volunteer, coordinator


def _rows_mentioning(session) -> list[str]:
    """Every row of every table, as text, that holds one of SECRETS (case-insensitive)."""
    session.expire_all()
    found = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)).all():
            text = json.dumps([str(value) for value in row], ensure_ascii=False)
            found += [f"{table.name}: {s}" for s in SECRETS if s.lower() in text.lower()]
    return found


def _file_bytes(app) -> bytes:
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _check_erased(app, session):
    assert _rows_mentioning(session) == []
    # The buddy's introduction is kept, redacted; the erasure itself is in the audit.
    kept = [m.body for m in outbox(session) if m.person_type == "volunteer"]
    assert kept and any("[effacé]" in body for body in kept)
    if app.config["DATABASE_URL"].startswith("sqlite"):
        data = _file_bytes(app)
        for secret in SECRETS:
            assert secret.encode() not in data, secret


@pytest.mark.parametrize("by", ["herself", "coordinator"])
def test_erasure_leaves_no_trace(app, client, session, by):
    newcomer, volunteer, coordinator = _history(app, client, session)
    newcomer_id = newcomer.id
    assert _rows_mentioning(session)  # the check finds what is there
    if by == "herself":
        url = _page(newcomer) + "/supprimer"
        response = client.post(url, data={"confirm": "yes", "csrf_token": csrf(client, url)})
    else:
        log_in_coordinator(client, coordinator.email, PASSWORD)
        url = f"/coordination/arrivants/{newcomer.id}/effacer"
        response = client.post(url, data={"confirm": "y", "csrf_token": csrf(client, url)})
    assert response.status_code in (200, 302)
    session.expunge_all()
    assert session.get(Newcomer, newcomer_id) is None
    # Her number's rate count is gone (the one for the client's address is not about her).
    assert [e.bucket for e in session.scalars(select(RateEvent))] == ["findlink-ip"]
    _check_erased(app, session)


def test_retention_purges_sent_messages_after_the_towns_period(app, client, session):
    from jobs.retention import erase_inactive

    _history(app, client, session)
    for message in outbox(session):
        message.status, message.sent_at = "sent", NOW
    session.commit()
    app.config["SENT_RETENTION_DAYS"] = 30
    assert erase_inactive(now=NOW + timedelta(days=29), app=app)["messages"] == 0
    counts = erase_inactive(now=NOW + timedelta(days=31), app=app)
    assert counts["messages"] > 0
    assert outbox(session) == []


def test_the_data_download_holds_everything_about_her(app, client, session):
    newcomer, *_ = _history(app, client, session)
    response = client.get(_page(newcomer) + "/donnees")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = json.loads(response.data)
    assert data["first_name"] == NAME and data["address_hint"] == f"12 {STREET}"
    [proposal] = data["proposals"]
    assert proposal["status"] == "active" and proposal["reasons"]
    assert proposal["volunteer"] == "Bertrand"
    reports = [r["message"] for r in data["problem_reports"]]
    assert reports == [f"Le {REPORT_WORD} du voisin, {STREET}."]
    assert [n["text"] for n in data["notes"]] == [f"{NAME} a appelé."]
    kinds = {m["kind"] for m in data["messages"]}
    assert "introduction" in kinds
    assert all({"subject", "body", "channel", "created_at"} <= set(m) for m in data["messages"])
    actions = [a["action"] for a in data["audit"]]
    assert {"newcomer.paused", "newcomer.resumed", "newcomer.placed"} <= set(actions)
    assert [f["answer"] for f in data["followups"]] == ["fine"]
    assert [p["activity"] for p in data["participations"]] == ["Café des langues"]
    assert [i["status"] for i in data["gathering_invitations"]] == ["invited"]
    assert "sms" in {m["channel"] for m in data["messages"]}
    summary = client.get(_page(newcomer) + "/donnees/resume").get_data(as_text=True)
    assert NAME in summary and re.search(r"\b1\b", summary)
