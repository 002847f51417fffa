"""The matching run and people using the site at the same moment, on PostgreSQL.

The run reads its snapshot without locks and writes in one short phase that locks the
volunteers it needs in id order. A coordinator pairing by hand, a volunteer answering or
a newcomer being erased meanwhile either goes through or is refused cleanly; the run
commits, skipping (and counting) the pairs whose people changed. A transaction that still
loses a race (a deadlock) is run again. Each test makes one backend wait on another for
real and checks it in `pg_stat_activity`, not with sleeps.
"""
import threading
import time

import factories
import pytest
from conftest import NOW
from sqlalchemy import func, select, text, update

from jobs.common import run_in_transaction
from jobs.weekly import weekly_matching
from web.models import Coordinator, MatchRun, Proposal, Setting, Volunteer
from web.services import ServiceError, matching, proposals
from web.services.manual_pairing import pair_by_hand


@pytest.fixture
def database_url(postgres_database):
    """PostgreSQL only: SQLite has one writer at a time, so nothing there runs concurrently."""
    return postgres_database


def arrange(session, n=3, capacity=1):
    """`n` newcomer/volunteer pairs that fit each other neighbourhood by neighbourhood, and
    two Turkish-speaking newcomers nobody can welcome; review off, a coordinator."""
    places = list(factories.load_villiers(session).values())
    newcomers, volunteers = [], []
    for i in range(n):
        newcomers.append(factories.newcomer(session, first_name=f"Olena{i}", languages=["fr"],
                                            availability=0b111, neighbourhood_id=places[i].id))
        volunteers.append(factories.volunteer(session, first_name=f"Claire{i}", languages=["fr"],
                                              availability=0b111, capacity=capacity,
                                              neighbourhood_id=places[i].id))
    alone = [factories.newcomer(session, first_name=f"Zeynep{i}", languages=["tr"],
                                neighbourhood_id=places[i].id) for i in range(2)]
    session.add(Setting(key="review_proposals", value=False))
    coordinator = Coordinator(email="coord@example.org", name="Coord", password_hash="x",
                              role="admin")
    session.add(coordinator)
    session.commit()
    return ([p.id for p in newcomers], [v.id for v in volunteers], [p.id for p in alone],
            coordinator.id)


def waiting_on_lock(session, fragment: str, timeout: float = 30) -> None:
    """Wait until another backend running a statement containing `fragment` waits on a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = session.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE :q AND pid <> pg_backend_pid()"), {"q": f"%{fragment}%"})
        session.rollback()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError(f"no backend waited on a lock running {fragment!r}")


def in_thread(work):
    """Start `work()` in a thread; returns (thread, box) where box holds its result or error."""
    box = {}

    def run():
        try:
            box["result"] = work()
        except Exception as exc:  # handed to the test, which checks it
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def pair_in_own_session(app, newcomer_id, volunteer_id, coordinator_id, *, before_commit=None):
    with app.app_context(), app.extensions["db_sessionmaker"]() as db:
        from web.models import Newcomer

        proposal = pair_by_hand(db, NOW, db.get(Newcomer, newcomer_id),
                                db.get(Volunteer, volunteer_id),
                                db.get(Coordinator, coordinator_id),
                                confirmed=True)
        if before_commit:
            before_commit()
        db.commit()
        return proposal.id


def loads(session) -> dict:
    session.expire_all()
    return dict(session.execute(select(Volunteer.id, Volunteer.load)).all())


def open_proposals(session) -> set:
    session.expire_all()
    return set(session.execute(select(Proposal.newcomer_id, Proposal.volunteer_id)
                               .where(Proposal.status == "proposed")).all())


def test_a_pairing_by_hand_holding_a_volunteer_delays_the_run_which_then_commits(app, session):
    """The scenario that deadlocked: the coordinator holds volunteer V0 (and newcomer N1's
    new proposal) while the run wants both. The run waits, then skips what changed."""
    (n0, n1, n2), (v0, v1, v2), _, coordinator = arrange(session)
    held, release = threading.Event(), threading.Event()

    def hold_until_released():
        held.set()
        release.wait(30)

    hand, hand_box = in_thread(lambda: pair_in_own_session(
        app, n1, v0, coordinator, before_commit=hold_until_released))
    # The coordinator's transaction has written V0's place and N1's proposal, uncommitted.
    assert held.wait(30)
    run, run_box = in_thread(lambda: weekly_matching(now=NOW, app=app))
    waiting_on_lock(session, "FOR NO KEY UPDATE")   # the run waits for V0...
    release.set()                                    # ...until the coordinator commits
    hand.join(30), run.join(60)
    assert "error" not in hand_box and "error" not in run_box, (hand_box, run_box)
    summary = run_box["result"]
    assert summary["proposals"] == 1
    assert open_proposals(session) == {(n1, v0), (n2, v2)}
    assert loads(session) == {v0: 1, v1: 0, v2: 1}
    stats = session.scalar(select(MatchRun.stats))
    assert stats["skipped"] == 2   # N0-V0 (V0 now full) and N1-V1 (N1 now paired)


def test_a_pairing_by_hand_during_the_write_phase_waits_a_moment_then_is_refused_or_done(
        app, session, monkeypatch):
    (n0, n1, n2), (v0, v1, v2), (z0, z1), coordinator = arrange(session)
    session.execute(update(Volunteer).where(Volunteer.id == v1).values(capacity=2))
    session.commit()
    real_insert_rows, boxes = matching.insert_rows, []

    def while_the_run_holds_its_locks(db, rows):
        # The run has locked V0 and V1 and given each one more person: V0 is now full.
        for newcomer_id, volunteer_id in ((z0, v0), (z1, v1)):
            boxes.append(in_thread(lambda n=newcomer_id, v=volunteer_id:
                                   pair_in_own_session(app, n, v, coordinator)))
        waiting_on_lock(session, "UPDATE volunteer")
        return real_insert_rows(db, rows)

    monkeypatch.setattr(matching, "insert_rows", while_the_run_holds_its_locks)
    summary = weekly_matching(now=NOW, app=app)
    for thread, _ in boxes:
        thread.join(30)
    assert summary["proposals"] == 3
    (_, full), (_, room) = boxes
    assert isinstance(full.get("error"), ServiceError) and full["error"].field == "capacity"
    assert isinstance(room.get("result"), int)
    assert open_proposals(session) == {(n0, v0), (n1, v1), (n2, v2), (z1, v1)}
    assert loads(session) == {v0: 1, v1: 2, v2: 1}


def test_answers_during_the_write_phase_go_through_and_the_run_commits(app, session,
                                                                      monkeypatch):
    (n0, n1, n2), (v0, v1, v2), (z0, z1), coordinator = arrange(session, capacity=2)
    # Before the run: V0 was proposed Zeynep0 and V1 Zeynep1 (by hand); each has one place left.
    with app.app_context():
        to_accept = proposals.create_proposal(session, NOW, z0, v0)
        to_decline = proposals.create_proposal(session, NOW, z1, v1)
    session.commit()
    real_insert_rows, answers = matching.insert_rows, {}

    def while_the_run_holds_its_locks(db, rows):
        def answer(proposal_id, how):
            with app.app_context(), app.extensions["db_sessionmaker"]() as other:
                proposal = other.get(Proposal, proposal_id)
                if how == "accept":
                    proposals.volunteer_accepts(other, NOW, proposal)
                else:
                    proposals.volunteer_declines(other, NOW, proposal, "unavailable")
                other.commit()
                return proposal.status

        accept, accept_box = in_thread(lambda: answer(to_accept.id, "accept"))
        accept.join(30)   # an accept touches no volunteer row: it never waits for the run
        answers["accept"] = accept_box
        answers["decline"] = in_thread(lambda: answer(to_decline.id, "decline"))
        waiting_on_lock(session, "UPDATE volunteer")   # a decline frees a place: it waits
        return real_insert_rows(db, rows)

    monkeypatch.setattr(matching, "insert_rows", while_the_run_holds_its_locks)
    summary = weekly_matching(now=NOW, app=app)
    decline, decline_box = answers["decline"]
    decline.join(30)
    assert summary["proposals"] == 3
    assert answers["accept"] == {"result": "accepted"}
    assert decline_box == {"result": "declined_by_volunteer"}
    assert loads(session) == {v0: 2, v1: 1, v2: 1}


def test_an_erasure_during_the_write_phase_is_skipped_not_fatal(app, session, monkeypatch):
    """A newcomer erased between the engine and the write phase is skipped and counted."""
    (n0, n1, n2), (v0, v1, v2), _, _ = arrange(session)
    real = matching.write_run_proposals

    def erase_first(db, now, planned, **kwargs):
        with app.extensions["db_sessionmaker"]() as other:
            other.execute(text("DELETE FROM newcomer WHERE id = :id"), {"id": n1})
            other.commit()
        return real(db, now, planned, **kwargs)

    monkeypatch.setattr(matching, "write_run_proposals", erase_first)
    summary = weekly_matching(now=NOW, app=app)
    assert summary["proposals"] == 2
    assert open_proposals(session) == {(n0, v0), (n2, v2)}
    assert loads(session) == {v0: 1, v1: 0, v2: 1}
    assert session.scalar(select(MatchRun.stats))["skipped"] == 1


def test_a_job_that_loses_a_deadlock_is_run_again_and_commits(app, session):
    a = factories.volunteer(session, first_name="A").id
    b = factories.volunteer(session, first_name="B").id
    session.commit()
    job_has_a, other_has_b = threading.Event(), threading.Event()
    attempts: list[int] = []

    def work(db, now, config):
        attempts.append(len(attempts) + 1)
        db.execute(update(Volunteer).where(Volunteer.id == a).values(capacity=2))
        job_has_a.set()
        other_has_b.wait(30)
        db.execute(update(Volunteer).where(Volunteer.id == b).values(capacity=2))
        return "done"

    def other():
        with app.extensions["db_sessionmaker"]() as db:
            # This side waits longer before looking for deadlocks: the job is the one aborted.
            db.execute(text("SET LOCAL deadlock_timeout = '20s'"))
            db.execute(update(Volunteer).where(Volunteer.id == b).values(capacity=3))
            other_has_b.set()
            job_has_a.wait(30)
            db.execute(update(Volunteer).where(Volunteer.id == a).values(capacity=3))
            db.commit()

    thread, box = in_thread(other)
    assert run_in_transaction(work, NOW, app) == "done"
    thread.join(30)
    assert "error" not in box, box
    assert attempts == [1, 2]   # aborted by the deadlock once, then run again
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Volunteer)
                          .where(Volunteer.capacity == 2)) == 2
