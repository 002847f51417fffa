"""What every database job shares: an app, one transaction, and the clock read at the boundary."""
from datetime import datetime

from web import clock


def run_in_transaction(work, now: datetime | None = None, app=None):
    """Call `work(session, now, config)` in one transaction inside an app context.

    Commits when it returns, rolls everything back when it raises; a transaction that
    loses a race (a deadlock or a serialisation failure) is run again from the start, up
    to three times (web.db.run_retrying): jobs are idempotent, so this is safe. Builds
    (and disposes) an app when none is given, as the scheduler process does.
    """
    from web.db import run_retrying

    own_app = app is None
    if own_app:
        from web import create_app

        app = create_app()
    try:
        now = now or clock.utcnow()
        with app.app_context():
            return run_retrying(app, lambda session: work(session, now, app.config))
    finally:
        if own_app:
            app.extensions["db_engine"].dispose()
