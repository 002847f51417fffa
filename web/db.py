"""Database engine and sessions: one session per request or job."""
import logging
import time
from contextlib import contextmanager

from flask import g
from sqlalchemy import Delete, Update, create_engine, event, text
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Deleted rows are overwritten with zeros, not left readable in free pages.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def checkpoint(session: Session) -> None:
    """After an erasure is committed: on SQLite, copy the write-ahead log into the database
    file and empty it, so the erased rows' old pages do not linger in the `-wal` file."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        session.commit()


def rows_changed(session: Session, statement: Update | Delete) -> int:
    """Run an UPDATE or DELETE in the session; returns how many rows it matched."""
    result = session.execute(statement)
    # Session.execute is typed to return any Result; for these statements it is always the
    # cursor's, the one that counts rows.
    assert isinstance(result, CursorResult)
    return result.rowcount


def ping(session: Session) -> None:
    """Ask the database the simplest question; raises when it does not answer."""
    session.execute(text("SELECT 1"))


def init_app(app) -> None:
    """Bind an engine and session factory to the app; close the session after each request."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_session() -> Session:
    """The current request's session (created on first use)."""
    from flask import current_app

    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


@contextmanager
def session_scope(app):
    """A session for a job or a command: commits on success, rolls back on error."""
    session = app.extensions["db_sessionmaker"]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


log = logging.getLogger("bienvenue.db")

#: PostgreSQL's "deadlock detected" and "could not serialize access": the transaction lost
#: a race with another one and may simply be run again
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_retryable(exc: BaseException) -> bool:
    """Whether `exc` means "run the same transaction again", not a bug: a deadlock or a
    serialisation failure on PostgreSQL, SQLite's write lock still busy after its timeout."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def run_retrying(app, work, *, attempts: int = 3, pause: float = 0.5):
    """`work(session)` in one transaction (`session_scope`), run again from the start when
    it loses a race (`is_retryable`), up to `attempts` times; its result."""
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(app) as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            log.warning("transaction lost a race (%s), attempt %d of %d: running it again",
                        getattr(exc.orig, "sqlstate", None) or "database is locked", attempt,
                        attempts)
            time.sleep(pause * attempt)
