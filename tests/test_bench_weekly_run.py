"""The weekly run benchmark's loader (benchmarks.weekly_load): the people it loads satisfy
the model, and the real weekly job matches them. Nothing here is timed."""
import argparse
import os
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchmarks.generate import population
from benchmarks.pages import migrated_postgres
from benchmarks.weekly_load import counts, load
from benchmarks.weekly_run import parse_sizes
from jobs.weekly import weekly_matching
from web import create_app
from web.models import Newcomer, OutboxMessage, Proposal, Volunteer
from web.models.people import GENDERS, LOCALES

POSTGRES_URL = os.environ.get("BIENVENUE_TEST_POSTGRES_URL")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def scratch_postgres():
    """A database of its own on the test server: the loader wipes its schema."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need BIENVENUE_TEST_POSTGRES_URL (make test sets it)")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()


def test_loaded_population_is_valid_and_matched_on_postgres(scratch_postgres, tmp_path):
    migrated_postgres(scratch_postgres)
    loaded = load(scratch_postgres, population(7, 60, 30, 2, today=NOW.date()), NOW,
                  review=False)
    assert loaded["newcomers"] == 60 and loaded["volunteers"] == 30

    app = create_app({"DATABASE_URL": scratch_postgres, "SECRET_KEY": "test",
                      "INSTANCE_DIR": str(tmp_path)})
    try:
        session = app.extensions["db_sessionmaker"]()
        newcomers = session.scalars(select(Newcomer)).all()
        assert {n.status for n in newcomers} == {"waiting"}
        assert all(n.neighbourhood_id and (n.email or n.phone) for n in newcomers)
        assert {n.locale for n in newcomers} <= set(LOCALES)
        assert {n.gender for n in newcomers} <= set(GENDERS)
        volunteers = session.scalars(select(Volunteer)).all()
        assert all(v.vetting_status == "approved" and v.load == 0 and 1 <= v.capacity <= 3
                   for v in volunteers)
        session.close()

        summary = weekly_matching(now=NOW, app=app)
        assert summary["proposals"] > 10
        session = app.extensions["db_sessionmaker"]()
        # Review off: proposals go straight to the volunteers, with their messages.
        assert session.scalar(select(func.count()).where(Proposal.status == "proposed")) \
            == summary["proposals"]
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) > 0
        session.close()
    finally:
        app.extensions["db_engine"].dispose()
    assert counts(scratch_postgres)["proposals"] == summary["proposals"]


def test_sizes_are_read_or_refused_by_name():
    assert parse_sizes("3000x1500,30_000X15000") == [(3000, 1500), (30000, 15000)]
    with pytest.raises(argparse.ArgumentTypeError, match="--sizes: \"3000\""):
        parse_sizes("3000")
