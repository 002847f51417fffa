"""Shared fixtures: an app on a migrated database, on SQLite and on PostgreSQL.

`make test` starts a throw-away PostgreSQL server and sets BIENVENUE_TEST_POSTGRES_URL;
tests that take the `app` (or `engine`) fixture run once per database.
"""
import os
import shutil
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from web import create_app, migrate
from web.models import Base
from web.services.accounts import create_coordinator

#: Fixtures shared by several test modules live in these modules (found on tests/, pytest's
#: rootdir path); a module that defines a fixture of the same name uses its own.
pytest_plugins = ["account_helpers", "gathering_helpers", "smtp_helpers"]

POSTGRES_URL = os.environ.get("BIENVENUE_TEST_POSTGRES_URL")
#: a fixed clock for services and jobs
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
#: the password of the coordinator accounts that tests create
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_migrated():
    """The test PostgreSQL database, migrated once for the session."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need BIENVENUE_TEST_POSTGRES_URL (make test sets it)")
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(engine)
    yield POSTGRES_URL
    engine.dispose()


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
    engine.dispose()


@pytest.fixture
def sqlite_database(sqlite_template, tmp_path):
    """A migrated SQLite file of this test's own."""
    path = tmp_path / "test.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_database(postgres_migrated):
    """The migrated PostgreSQL database, emptied after the test."""
    yield postgres_migrated
    _truncate_postgres(postgres_migrated)


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    """A test or module marked `sqlite_only` gets `database_url` on SQLite alone. It is
    parametrized here, before the fixture's two engines would be: pytest lets a test's own
    parametrization take precedence over a parametrized fixture's."""
    if ("database_url" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("sqlite_only")):
        metafunc.definition.add_marker(
            pytest.mark.parametrize("database_url", ["sqlite"], indirect=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """A migrated, empty database; each test gets its own state. A module that needs SQLite
    only (the browser tests: pages do not depend on the engine) is marked
    `pytestmark = pytest.mark.sqlite_only`; one that needs PostgreSQL only overrides this
    fixture with `postgres_database`."""
    fixture = {"sqlite": "sqlite_database", "postgresql": "postgres_database"}[request.param]
    return request.getfixturevalue(fixture)


@pytest.fixture
def app_config(database_url, tmp_path):
    return {
        "DATABASE_URL": database_url,
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_DIR": str(tmp_path),
    }


@pytest.fixture
def app(app_config):
    application = create_app(app_config)
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    """A session on the app's database for arranging and checking state."""
    db = app.extensions["db_sessionmaker"]()
    yield db
    db.close()


@pytest.fixture
def cli_env(database_url, tmp_path):
    """Environment for running the `bienvenue` command against the test database."""
    return {"DATABASE_URL": database_url, "BIENVENUE_INSTANCE_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret-key", "BIENVENUE_ENV": "development"}


@pytest.fixture
def runner(cli_env, monkeypatch):
    for key, value in cli_env.items():
        monkeypatch.setenv(key, value)
    return CliRunner()


CHROMIUM = "/usr/bin/chromium"
#: flags Debian's Chromium needs as root on this closed network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture
def live_server(app):
    """The app served on a free loopback port in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page the size of a small phone, with French as the browser's language."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def admin(session):
    """Anne, an administrator coordinator (password PASSWORD)."""
    account = create_coordinator(session, NOW, "anne.admin@villiers.example", PASSWORD,
                                 name="Anne Admin", role="admin")
    session.commit()
    return account
