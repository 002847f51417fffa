"""Two matching runs at the same moment on PostgreSQL: one run, never duplicate proposals.

SQLite has one writer at a time, so these races only exist on PostgreSQL.
"""
import threading

import pytest
from conftest import NOW
from sqlalchemy import select
from test_job_weekly_matching import arrange_pairs, count

from jobs.weekly import weekly_matching
from web.models import MatchRun, Proposal, Volunteer
from web.services.weekly import run_weekly


@pytest.fixture
def database_url(postgres_database):
    """PostgreSQL only: SQLite has one writer at a time."""
    return postgres_database

def test_two_schedulers_at_once_make_one_run_on_postgresql(app, session):
    arrange_pairs(session, review=False)
    first = app.extensions["db_sessionmaker"]()
    with app.app_context():
        done = run_weekly(first, NOW, timezone="Europe/Paris")  # holds the lock, not committed
    assert done.outcome is not None and len(done.outcome.proposals) == 3
    results = []
    second = threading.Thread(target=lambda: results.append(weekly_matching(now=NOW, app=app)))
    second.start()  # waits for the lock until the first run commits
    first.commit()
    first.close()
    second.join(timeout=60)
    assert results == [{"week": "2026-W48", "skipped": True}]
    assert (count(session, Proposal), count(session, MatchRun)) == (3, 1)


def test_two_forced_runs_at_once_never_duplicate_proposals_on_postgresql(app, session):
    arrange_pairs(session, review=False)
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        results.append(weekly_matching(now=NOW, app=app, force=True))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r["proposals"] for r in results) == [0, 3]
    assert count(session, Proposal) == 3
    assert set(session.scalars(select(Volunteer.load))) == {1}
