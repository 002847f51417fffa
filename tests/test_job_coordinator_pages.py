"""Coordinators see every matching run, start any job by hand and read follow-up answers."""
import html
import re
from datetime import UTC, datetime, timedelta

import factories
from conftest import NOW
from journeys import regex_group
from sqlalchemy import select
from test_job_followups import active_pairing
from test_job_weekly_matching import arrange_pairs

from jobs.followups import send_followups
from jobs.weekly import weekly_matching
from web.models import AuditEntry, Coordinator, MatchRun, Newcomer, OutboxMessage, Proposal
from web.services.followups import record_answer

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_pages_need_a_login(client):
    for path in ("/coordination/passages", "/coordination/taches", "/coordination/suivis"):
        response = client.get(path)
        assert response.status_code == 302 and "/coordination/connexion" in response.location


def test_runs_newest_first_with_their_figures_and_who_stayed_unmatched(app, session, claire_client):
    arrange_pairs(session)
    weekly_matching(now=NOW, app=app)
    weekly_matching(now=NOW + timedelta(days=7), app=app)
    html = claire_client.get("/coordination/passages").get_data(as_text=True)
    assert "2 passages" in html
    assert html.index("2026-W49") < html.index("2026-W48")
    assert "Planifié" in html and 'class="num">3</td>' in html
    [first] = session.scalars(select(MatchRun).where(MatchRun.week == "2026-W48")).all()
    detail = claire_client.get(f"/coordination/passages/{first.id}").get_data(as_text=True)
    assert "Personnes restées sans binôme" in detail
    assert "Zeynep" in detail and "turc" in detail
    assert claire_client.get("/coordination/passages/999").status_code == 404


def test_runs_are_paginated(app, session, claire_client):
    for week in range(25):
        session.add(MatchRun(started_at=NOW + timedelta(days=7 * week), week=f"W{week:02d}",
                             trigger="schedule", status="done", stats={"proposals": week}))
    session.commit()
    first = claire_client.get("/coordination/passages").get_data(as_text=True)
    assert "W24" in first and "W05" in first and "W04" not in first
    assert "Page 1 sur 2" in first
    second = claire_client.get("/coordination/passages?page=2").get_data(as_text=True)
    assert "W04" in second and "W05" not in second


def test_a_coordinator_starts_the_weekly_matching_by_hand(app, session, claire_client):
    arrange_pairs(session)
    page = claire_client.get("/coordination/taches").get_data(as_text=True)
    assert page.count("Lancer maintenant") == 7 and "weekly-matching" in page
    token = regex_group(CSRF, page)
    assert claire_client.post("/coordination/taches/weekly-matching").status_code == 400  # no CSRF
    assert session.scalars(select(Proposal)).all() == []

    # The first post asks first and runs nothing.
    asked = claire_client.post("/coordination/taches/weekly-matching", data={"csrf_token": token})
    question = html_text(asked)
    assert asked.status_code == 200 and "Lancer cette tâche maintenant ?" in question
    assert "Passage d'appariement de la semaine" in question
    assert session.scalars(select(Proposal)).all() == []

    response = claire_client.post("/coordination/taches/weekly-matching",
                              data={"csrf_token": token, "confirm": "yes"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Tâche « weekly-matching » terminée" in html and "proposals : 3" in html
    session.expire_all()
    assert len(session.scalars(select(Proposal)).all()) == 3
    coordinator = session.scalar(select(Coordinator))
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "job.run")).all()
    assert entry.coordinator_id == coordinator.id and entry.details["job"] == "weekly-matching"

    again = claire_client.post("/coordination/taches/weekly-matching",
                           data={"csrf_token": token, "confirm": "yes"},
                           follow_redirects=True).get_data(as_text=True)
    assert "skipped : True" in again
    assert len(session.scalars(select(Proposal)).all()) == 3
    assert claire_client.post("/coordination/taches/nothing", data={"csrf_token": token}
                          ).status_code == 404


def html_text(response) -> str:
    """The page's HTML with entities decoded (Jinja writes an apostrophe as &#39;)."""
    return html.unescape(response.get_data(as_text=True))


def test_running_retention_by_hand_says_how_many_people_will_be_erased(session, claire_client):
    factories.newcomer(session, first_name="Ancien", last_active_at=NOW - timedelta(days=1200))
    factories.newcomer(session, first_name="Parti", status="withdrawn", last_active_at=NOW)
    factories.newcomer(session, first_name="Recent", last_active_at=NOW)
    session.commit()
    token = regex_group(CSRF, claire_client.get("/coordination/taches").get_data(as_text=True))

    asked = claire_client.post("/coordination/taches/retention", data={"csrf_token": token})
    assert "Les données de 2 personnes seront effacées. C'est définitif." in html_text(asked)
    session.expire_all()
    assert len(session.scalars(select(Newcomer)).all()) == 3  # nothing erased yet

    claire_client.post("/coordination/taches/retention",
                       data={"csrf_token": token, "confirm": "yes"})
    session.expire_all()
    assert session.scalars(select(Newcomer.first_name)).all() == ["Recent"]


def test_sending_the_outbox_by_hand_counts_only_the_messages_due(session, claire_client):
    later = datetime.now(UTC) + timedelta(hours=2)  # the page reads the real clock
    for n, (status, next_attempt) in enumerate([("pending", NOW), ("pending", NOW),
                                                ("pending", later), ("sent", NOW)]):
        session.add(OutboxMessage(
            kind="proposal_to_volunteer", to_address=f"p{n}@example.org", to_name="P",
            locale="fr", subject="S", body="B", status=status, created_at=NOW,
            next_attempt_at=next_attempt, sent_at=NOW if status == "sent" else None))
    session.commit()
    token = regex_group(CSRF, claire_client.get("/coordination/taches").get_data(as_text=True))
    asked = claire_client.post("/coordination/taches/deliver-outbox", data={"csrf_token": token})
    assert "2 messages (e-mails ou SMS) sont prêts à partir." in html_text(asked)


def test_follow_up_answers_are_listed_for_coordinators(app, session, claire_client):
    active_pairing(session)
    send_followups(now=NOW + timedelta(days=14), app=app)
    html = claire_client.get("/coordination/suivis").get_data(as_text=True)
    assert "0 réponse" in html and "Aucune réponse pour l'instant." in html
    from web.models import Followup

    with app.app_context():
        for followup in session.scalars(select(Followup)).all():
            answer = "not_met" if followup.person_type == "newcomer" else "fine"
            record_answer(session, NOW + timedelta(days=15), followup, answer)
        session.commit()
    html = claire_client.get("/coordination/suivis").get_data(as_text=True)
    assert "2 réponses" in html
    assert "pas encore vus" in html and "Tout va bien" in html
    assert "Olena (arrivée)" in html and "(bénévole)" in html
