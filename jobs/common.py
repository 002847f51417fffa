"""What every database job shares: an app, one transaction, and the clock read at the boundary."""
from datetime import datetime, timezone


def now_utc() -> datetime:
    """The jobs' one clock read, used only when the caller gives no `now`."""
    return datetime.now(timezone.utc)


def run_in_transaction(work, now: datetime | None = None, app=None):
    """Call `work(session, now, config)` in one transaction inside an app context.

    Commits when it returns, rolls everything back when it raises. Builds (and disposes)
    an app when none is given, as the scheduler process does.
    """
    from web.db import session_scope

    own_app = app is None
    if own_app:
        from web import create_app

        app = create_app()
    try:
        with app.app_context(), session_scope(app) as session:
            return work(session, now or now_utc(), app.config)
    finally:
        if own_app:
            app.extensions["db_engine"].dispose()
