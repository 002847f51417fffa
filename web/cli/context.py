"""What every command needs: the app, a transaction and one-line errors."""
import functools
from contextlib import contextmanager

import click

from web.config import ConfigError
from web.services import ServiceError
from web.services.reference import ReferenceDataError

#: errors a person can fix; shown as one line, never as a traceback
USER_ERRORS = (ConfigError, ServiceError, ReferenceDataError)


def one_line_errors(func):
    """Turn known errors (and database connection failures) into `Error: ...` and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from alembic.util.exc import CommandError
        from sqlalchemy.exc import OperationalError

        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from None
        except CommandError as exc:
            raise click.ClickException(f"migrations: {str(exc).splitlines()[0]}") from None
        except OperationalError as exc:
            first = str(exc.orig).strip().splitlines()[0]
            raise click.ClickException(f"database: {first}") from None

    return wrapper


@contextmanager
def command_app():
    """The app for one command; its database connections are closed when the command ends."""
    from web import create_app

    app = create_app()
    try:
        yield app
    finally:
        app.extensions["db_engine"].dispose()


@contextmanager
def transaction(app):
    from web.db import session_scope

    with session_scope(app) as session:
        yield session
