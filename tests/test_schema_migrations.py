"""The Alembic migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from web import migrate
from web.models import Base


def test_migrated_database_matches_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_head_revision_is_recorded(database_url):
    engine = create_engine(database_url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_downgrade_to_empty_and_upgrade_again(database_url):
    engine = create_engine(database_url)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrade_an_empty_database_from_scratch(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_upgrading_a_filled_database_gives_everyone_a_distinct_link_key(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(text(
                "INSERT INTO newcomer (first_name, email, languages, interests, about,"
                " availability, locale, created_at, updated_at, last_active_at, practise_french,"
                " intergenerational, consent_at, status, waiting_since) VALUES"
                f" ('A{n}', 'a{n}@example.org', '[]', '[]', '', 0, 'fr', '2026-01-01',"
                " '2026-01-01', '2026-01-01', 0, 0, '2026-01-01', 'waiting', '2026-01-01')"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT link_key, shared_contact FROM newcomer")).all()
    engine.dispose()
    assert len({key for key, _ in rows}) == 3
    assert all(key and len(key) >= 20 for key, _ in rows)
    assert {contact for _, contact in rows} == {"email"}
