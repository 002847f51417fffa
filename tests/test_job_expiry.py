"""Unanswered proposals: one reminder after 3 days, expiry after 7, the newcomer first in line."""
from datetime import timedelta

from conftest import NOW
from journeys import outbox
from sqlalchemy import select
from test_job_weekly_matching import arrange_pairs

from jobs.expiry import expire_and_remind
from jobs.weekly import weekly_matching
from web.models import AuditEntry, Newcomer, Proposal, Volunteer


def _proposed_on_monday(app, session):
    """Three proposals sent to volunteers at NOW."""
    arrange_pairs(session, review=False)
    weekly_matching(now=NOW, app=app)
    return session.scalars(select(Proposal).order_by(Proposal.id)).all()


def _statuses(session):
    session.expire_all()
    return [p.status for p in session.scalars(select(Proposal).order_by(Proposal.id))]


def test_one_reminder_after_three_days_never_two(app, session):
    proposals = _proposed_on_monday(app, session)
    assert expire_and_remind(now=NOW + timedelta(days=2, hours=23), app=app) == {
        "expired": 0, "reminded": 0}
    assert expire_and_remind(now=NOW + timedelta(days=3), app=app) == {"expired": 0, "reminded": 3}
    assert expire_and_remind(now=NOW + timedelta(days=4), app=app)["reminded"] == 0
    reminders = outbox(session, "reminder_volunteer")
    volunteers = {p.volunteer.email for p in proposals}
    assert sorted(m.to_address for m in reminders) == sorted(volunteers)
    first = reminders[0]
    assert "attend toujours votre réponse" in first.subject
    assert "d'ici 4 jours" in first.body and "/l/" in first.body


def test_an_answered_proposal_gets_no_reminder(app, session):
    from web.services.proposals import volunteer_accepts

    proposals = _proposed_on_monday(app, session)
    with app.app_context():
        volunteer_accepts(session, NOW + timedelta(days=1), proposals[0])
        session.commit()
    assert expire_and_remind(now=NOW + timedelta(days=3), app=app)["reminded"] == 2


def test_after_seven_days_the_proposal_expires_and_the_newcomer_waits_first_in_line(app, session):
    proposals = _proposed_on_monday(app, session)
    waiting_since = {p.newcomer_id: p.newcomer.waiting_since for p in proposals}
    assert expire_and_remind(now=NOW + timedelta(days=6, hours=23), app=app)["expired"] == 0
    assert expire_and_remind(now=NOW + timedelta(days=7), app=app) == {"expired": 3, "reminded": 0}
    assert _statuses(session) == ["expired"] * 3
    assert set(session.scalars(select(Volunteer.load))) == {0}  # places freed
    for newcomer_id, since in waiting_since.items():
        newcomer = session.get(Newcomer, newcomer_id)
        assert (newcomer.status, newcomer.waiting_since) == ("waiting", since)
    assert len(session.scalars(select(AuditEntry).where(
        AuditEntry.action == "proposal.expired")).all()) == 3
    # Idempotent: nothing more to expire.
    assert expire_and_remind(now=NOW + timedelta(days=8), app=app) == {"expired": 0, "reminded": 0}


def test_an_expired_pair_is_never_proposed_again(app, session):
    _proposed_on_monday(app, session)
    expire_and_remind(now=NOW + timedelta(days=7), app=app)
    next_week = weekly_matching(now=NOW + timedelta(days=7), app=app)
    # Each newcomer's only good volunteer is excluded now; nobody gets the same pair again.
    pairs = session.execute(select(Proposal.newcomer_id, Proposal.volunteer_id,
                                   Proposal.status)).all()
    expired = {(n, v) for n, v, s in pairs if s == "expired"}
    fresh = {(n, v) for n, v, s in pairs if s != "expired"}
    assert len(expired) == 3 and not (expired & fresh)
    assert next_week["proposals"] == len(fresh)


def test_the_expiry_delay_is_configurable(app, session):
    _proposed_on_monday(app, session)
    app.config["PROPOSAL_EXPIRY_DAYS"] = 10
    assert expire_and_remind(now=NOW + timedelta(days=7), app=app)["expired"] == 0
    assert expire_and_remind(now=NOW + timedelta(days=10), app=app)["expired"] == 3
