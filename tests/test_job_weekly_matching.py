"""The weekly matching job: once a week, all or nothing, never twice at once."""
from datetime import timedelta

import factories
import pytest
from conftest import NOW
from sqlalchemy import delete, func, select, update

from jobs.weekly import weekly_matching
from web.cli import cli
from web.models import MatchRun, MatchWeek, Newcomer, Proposal, Setting, Volunteer


def arrange_pairs(session, n=3, review=None):
    """`n` newcomers and `n` one-place volunteers who fit each other, neighbourhood by
    neighbourhood, plus one newcomer nobody can welcome (Turkish only)."""
    places = list(factories.load_villiers(session).values())
    for i in range(n):
        factories.newcomer(session, first_name=f"Olena{i}", languages=["fr"], interests=["cuisine"],
                           availability=0b111, neighbourhood_id=places[i].id)
        factories.volunteer(session, first_name=f"Claire{i}", languages=["fr"],
                            interests=["cuisine"], availability=0b111,
                            neighbourhood_id=places[i].id)
    factories.newcomer(session, first_name="Zeynep", languages=["tr"], interests=["cuisine"],
                       neighbourhood_id=places[0].id)
    if review is not None:
        session.add(Setting(key="review_proposals", value=review))
    session.commit()


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_weekly_run_stores_drafts_and_a_run_with_its_figures(app, session):
    arrange_pairs(session)
    summary = weekly_matching(now=NOW, app=app)
    assert summary["week"] == "2026-W48" and not summary["skipped"]
    assert (summary["proposals"], summary["unmatched"]) == (3, 1)
    assert set(session.scalars(select(Proposal.status))) == {"draft"}
    run = session.get(MatchRun, summary["run"])
    assert (run.trigger, run.status, run.week, run.started_at) == (
        "schedule", "done", "2026-W48", NOW)
    zeynep = session.scalar(select(Newcomer).where(Newcomer.first_name == "Zeynep"))
    [unmatched] = run.stats["unmatched_newcomers"]
    assert unmatched["newcomer"] == zeynep.id and "turc" in unmatched["fr"].lower()
    assert session.get(MatchWeek, "2026-W48").match_run_id == run.id


def test_without_review_proposals_go_to_volunteers_at_once(app, session):
    arrange_pairs(session, review=False)
    weekly_matching(now=NOW, app=app)
    assert set(session.scalars(select(Proposal.status))) == {"proposed"}
    assert set(session.scalars(select(Volunteer.load))) == {1}


def test_a_second_run_the_same_week_does_nothing_unless_forced(app, session):
    arrange_pairs(session)
    weekly_matching(now=NOW, app=app)
    session.execute(delete(Proposal))
    session.execute(update(Volunteer).values(load=0))
    session.commit()

    later = weekly_matching(now=NOW + timedelta(days=6, hours=10), app=app)  # Sunday evening
    assert later == {"week": "2026-W48", "skipped": True}
    assert count(session, Proposal) == 0 and count(session, MatchRun) == 1

    forced = weekly_matching(now=NOW + timedelta(days=1), app=app, force=True)
    assert forced["proposals"] == 3
    assert [r.trigger for r in session.scalars(select(MatchRun).order_by(MatchRun.id))] == [
        "schedule", "manual"]

    next_week = weekly_matching(now=NOW + timedelta(days=7), app=app)
    assert next_week["week"] == "2026-W49" and not next_week["skipped"]


def test_the_week_is_the_programmes_not_utcs(app, session):
    arrange_pairs(session, n=1)
    # Sunday 23:30 UTC is already Monday 00:30 in Paris: the next week.
    summary = weekly_matching(now=NOW - timedelta(hours=9, minutes=30), app=app)
    assert summary["week"] == "2026-W48"
    app.config["TIMEZONE"] = "UTC"
    assert weekly_matching(now=NOW - timedelta(hours=9, minutes=30), app=app)["week"] == "2026-W47"


def test_a_crash_half_way_leaves_nothing_and_the_next_run_works(app, session, monkeypatch):
    arrange_pairs(session, review=False)
    from web.services import matching

    written = []

    def crash_after_proposals(session, rows):
        # The proposals and the volunteers' places are written; the e-mails are next.
        written.append(count(session, Proposal))
        raise RuntimeError("the machine stopped")

    monkeypatch.setattr(matching, "insert_rows", crash_after_proposals)
    with pytest.raises(RuntimeError, match="the machine stopped"):
        weekly_matching(now=NOW, app=app)
    assert written == [3]  # the proposals were written before the crash...
    assert [count(session, model) for model in (Proposal, MatchRun, MatchWeek)] == [0, 0, 0]
    assert set(session.scalars(select(Volunteer.load))) == {0}  # ...and rolled back with the rest
    from journeys import outbox
    assert outbox(session) == []

    monkeypatch.undo()
    assert weekly_matching(now=NOW, app=app)["proposals"] == 3


def test_match_command_dry_run_then_now(runner, session):
    arrange_pairs(session)
    dry = runner.invoke(cli, ["match", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would propose 3, unmatched 1" in dry.output
    assert "unmatched Zeynep" in dry.output
    assert count(session, Proposal) == 0 and count(session, MatchRun) == 0

    now = runner.invoke(cli, ["match", "--now"])
    assert now.exit_code == 0, now.output
    assert "proposed 3, unmatched 1" in now.output
    assert count(session, Proposal) == 3
    assert session.scalar(select(MatchRun.trigger)) == "manual"

    again = runner.invoke(cli, ["match", "--now"])
    assert again.exit_code == 0 and "already ran" in again.output and "--force" in again.output
    assert count(session, MatchRun) == 1
    forced = runner.invoke(cli, ["match", "--now", "--force"])
    assert forced.exit_code == 0 and "proposed 0, unmatched 1" in forced.output
    assert count(session, MatchRun) == 2


def test_match_command_needs_one_mode(runner):
    result = runner.invoke(cli, ["match"])
    assert result.exit_code == 2
    assert "choose one of --dry-run or --now" in result.output
