"""When the database cannot be reached, every page answers 503 with Retry-After, in the
visitor's language, and the site works again as soon as the database is back, without a
restart. A real failure on both databases: a SQLite path that cannot be opened, a
PostgreSQL database that refuses connections and whose sessions are killed."""
import html
import logging
import shutil
import uuid
from datetime import UTC, datetime

import factories
import pytest
from conftest import POSTGRES_URL
from flask_babel import force_locale, gettext
from journeys import csrf, log_in_coordinator, newcomer_form
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from web import create_app, migrate
from web.services.accounts import create_coordinator
from web.services.links import LinkSettings, make_token

PASSWORD = "correct horse battery"
TEXTS = ("Le service est momentanément indisponible.", "Réessayez dans une minute.")


class SqliteOutage:
    """The database file replaced by a directory: SQLite cannot open it."""

    def __init__(self, template, tmp_path):
        self.path = tmp_path / "live.db"
        shutil.copy(template, self.path)
        self.url = f"sqlite:///{self.path}"

    def start(self, app):
        self.app = app
        self.kept = self.path.with_name("kept.db")
        self.path.rename(self.kept)
        self.path.mkdir()
        # SQLite connections are open files that keep reading the moved file: drop them,
        # as a new worker process would have none; new ones meet the unopenable path.
        app.extensions["db_engine"].dispose()

    def end(self):
        self.path.rmdir()
        self.kept.rename(self.path)

    def close(self):
        pass


class PostgresOutage:
    """A database of its own on the test server, closed to connections, sessions killed."""

    def __init__(self, server_url: str):
        self.name = f"outage_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(server_url).set(database=self.name).render_as_string(
            hide_password=False)
        engine = create_engine(self.url)
        migrate.upgrade(engine)
        engine.dispose()

    def start(self, app):
        with self.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name"), {"name": self.name})

    def end(self):
        with self.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true'))

    def close(self):
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def outage(request, sqlite_template, tmp_path):
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need BIENVENUE_TEST_POSTGRES_URL (make test sets it)")
        database: PostgresOutage | SqliteOutage = PostgresOutage(POSTGRES_URL)
    else:
        database = SqliteOutage(sqlite_template, tmp_path)
    yield database
    database.close()


@pytest.fixture
def site(outage, tmp_path):
    """The app on the outage's database, with a newcomer and a coordinator."""
    app = create_app({"DATABASE_URL": outage.url, "TESTING": True,
                      "SECRET_KEY": "test-secret-key", "INSTANCE_DIR": str(tmp_path)})
    db = app.extensions["db_sessionmaker"]()
    factories.load_villiers(db)
    person = factories.newcomer(db, first_name="Olena")
    create_coordinator(db, factories.NOW, "ines@villiers.example", PASSWORD, name="Inès")
    db.commit()
    form = newcomer_form(db, email="nadia@example.org", first_name="Nadia")
    token = make_token(LinkSettings("test-secret-key"), datetime.now(UTC), person)
    db.close()
    yield app, f"/arrivee/{token}", form
    app.extensions["db_engine"].dispose()


def expected(app, locale):
    """The outage texts as the catalogue gives them in `locale`."""
    with app.test_request_context(), force_locale(locale):
        return [gettext(message) for message in TEXTS]


def check_unavailable(response, app, locale, rtl=False):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert response.headers["Cache-Control"] == "no-store"
    page = html.unescape(response.get_data(as_text=True))
    assert f'<html lang="{locale}" dir="{"rtl" if rtl else "ltr"}">' in page
    for message in expected(app, locale):
        assert message in page
    return page


def test_pages_answer_503_in_the_visitors_language_then_work_again(site, outage, caplog):
    app, personal_page, form = site
    english = {"Accept-Language": "en"}
    visitor = app.test_client()
    coordinator = log_in_coordinator(app.test_client(), "ines@villiers.example", PASSWORD)
    arabic = app.test_client()
    assert arabic.get("/langue/ar?next=/").status_code == 302
    form["csrf_token"] = csrf(visitor, "/arrivee/inscription")
    for client, path in ((visitor, "/"), (visitor, "/arrivee/inscription"),
                         (visitor, personal_page), (coordinator, "/coordination/")):
        assert client.get(path, headers=english).status_code == 200, path

    outage.start(app)
    with caplog.at_level(logging.WARNING, logger="bienvenue.database"):
        check_unavailable(visitor.get("/", headers=english), app, "en")
        page = check_unavailable(visitor.get("/arrivee/inscription", headers=english), app, "en")
        assert 'href="/arrivee/inscription"' in page  # the retry link
        check_unavailable(visitor.post("/arrivee/inscription", data=form, headers=english),
                          app, "en")
        check_unavailable(visitor.get(personal_page, headers=english), app, "en")
        check_unavailable(coordinator.get("/coordination/", headers=english), app, "en")
        check_unavailable(arabic.get("/"), app, "ar", rtl=True)
        check_unavailable(arabic.get(personal_page), app, "ar", rtl=True)
        check_unavailable(visitor.get("/", headers={"Accept-Language": "fr"}), app, "fr")
        health = visitor.get("/sante")
        assert health.status_code == 503 and health.json == {"status": "unavailable"}
        assert health.headers["Retry-After"] == "60"
    records = [r for r in caplog.records if r.name == "bienvenue.database"]
    assert len(records) == 9  # one line per request, no traceback
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in records)
    assert not any(personal_page.split("/")[-1] in r.getMessage() for r in records)

    outage.end()
    assert visitor.get("/", headers=english).status_code == 200
    assert visitor.get("/sante").json == {"status": "ok"}
    assert visitor.get(personal_page).status_code == 200
    assert coordinator.get("/coordination/").status_code == 200
    saved = visitor.post("/arrivee/inscription", data=form, headers=english)
    assert saved.status_code == 302 and saved.headers["Location"].startswith("/arrivee/")


def test_other_database_errors_stay_500(database_url, tmp_path):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
                      "INSTANCE_DIR": str(tmp_path), "PROPAGATE_EXCEPTIONS": False})

    def broken_query():
        from web.db import get_session

        get_session().execute(text("SELECT * FROM no_such_table"))
        return "unreachable"

    app.add_url_rule("/test-broken-query", view_func=broken_query)
    response = app.test_client().get("/test-broken-query")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    app.extensions["db_engine"].dispose()
