"""Retention: people who withdrew or were inactive too long are erased; counts stay."""
from datetime import timedelta

import factories
from conftest import NOW
from sqlalchemy import func, select

from jobs.retention import erase_inactive
from web.models import AuditEntry, LoginAttempt, Newcomer, Proposal, Setting, Volunteer


def _names(session, model):
    session.expire_all()
    return sorted(session.scalars(select(model.first_name)))


def test_inactive_and_withdrawn_people_are_erased_counts_are_kept(app, session):
    places = factories.load_villiers(session)
    two_years_ago = NOW.replace(year=NOW.year - 2)
    factories.newcomer(session, first_name="Ancien",
                       last_active_at=two_years_ago - timedelta(seconds=1))
    factories.newcomer(session, first_name="Recent",
                       last_active_at=two_years_ago + timedelta(days=1))
    factories.newcomer(session, first_name="Parti", status="withdrawn", last_active_at=NOW)
    old_volunteer = factories.volunteer(session, first_name="Vieux", load=1,
                                        last_active_at=two_years_ago - timedelta(days=1))
    buddy = factories.newcomer(session, first_name="Binome", status="matched", last_active_at=NOW,
                               neighbourhood_id=places["les-nangues"].id)
    session.add(Proposal(newcomer_id=buddy.id, volunteer_id=old_volunteer.id, status="active",
                         activated_at=NOW - timedelta(days=400), created_at=NOW))
    factories.volunteer(session, first_name="Active", last_active_at=NOW)
    for days in (31, 1):
        session.add(LoginAttempt(email="x@example.org", ip="10.0.0.1",
                                 at=NOW - timedelta(days=days)))
    session.commit()

    counts = erase_inactive(now=NOW, app=app)
    assert counts == {"newcomers": 2, "volunteers": 1, "login_attempts": 1, "messages": 0}
    assert _names(session, Newcomer) == ["Binome", "Recent"]
    assert _names(session, Volunteer) == ["Active"]
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0
    # The buddy of an erased volunteer goes back to the waiting list.
    buddy_status = select(Newcomer.status).where(Newcomer.first_name == "Binome")
    assert session.scalar(buddy_status) == "waiting"
    assert session.get(Setting, "anonymous_counts").value == {
        "newcomers_erased": 2, "volunteers_erased": 1, "proposals_active": 1}
    erased = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "retention")).all()
    assert sorted(erased) == ["newcomer.erased", "newcomer.erased", "volunteer.erased"]

    # Idempotent: a second run erases nothing and keeps the counts.
    assert erase_inactive(now=NOW, app=app) == {"newcomers": 0, "volunteers": 0,
                                                 "login_attempts": 0, "messages": 0}
    session.expire_all()
    assert session.get(Setting, "anonymous_counts").value["newcomers_erased"] == 2


def test_the_retention_period_is_configurable(app, session):
    factories.newcomer(session, first_name="Annee", last_active_at=NOW - timedelta(days=400))
    session.commit()
    assert erase_inactive(now=NOW, app=app)["newcomers"] == 0
    app.config["RETENTION_MONTHS"] = 12
    assert erase_inactive(now=NOW, app=app)["newcomers"] == 1


def test_run_job_command_applies_retention(runner, session):
    from web.cli import cli

    factories.newcomer(session, first_name="Partie", status="withdrawn")
    session.commit()
    result = runner.invoke(cli, ["run-job", "retention"])
    assert result.exit_code == 0, result.output
    assert "retention: newcomers 1, volunteers 0, login_attempts 0" in result.output
    assert _names(session, Newcomer) == []
