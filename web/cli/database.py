"""`bienvenue db ...`: schema migrations."""
from pathlib import Path

import click

from web.cli.context import command_app, one_line_errors


@click.group("db")
def db_group():
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@one_line_errors
def upgrade_command(revision):
    """Create or update the database schema."""
    from web import migrate

    with command_app() as app:
        engine = app.extensions["db_engine"]
        migrate.upgrade(engine, revision)
        click.echo(f"database at revision {migrate.current_revision(engine)}")


@db_group.command("current")
@one_line_errors
def current_command():
    """Show the database's schema revision."""
    from web import migrate

    with command_app() as app:
        revision = migrate.current_revision(app.extensions["db_engine"])
    click.echo(revision or "empty database (run: bienvenue db upgrade)")


@db_group.command("check")
@click.option("--scratch", is_flag=True,
              help="Compare with a throw-away SQLite database upgraded to head "
                   "instead of the configured database.")
@one_line_errors
def check_command(scratch):
    """Check that the migrations build what the models declare.

    Compares the models with the configured database, which must be at head (or with a
    throw-away one: --scratch). Exit 1 with one line per difference.
    """
    from web import migrate

    if scratch:
        found = migrate.check()
    else:
        with command_app() as app:
            found = migrate.check(app.extensions["db_engine"])
    if found:
        for line in found:
            click.echo(line, err=True)
        raise click.exceptions.Exit(1)
    click.echo("models and migrations agree")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes, in a few words.")
@click.option("--versions-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the file there instead of web/migrations/versions.")
@one_line_errors
def revision_command(message, versions_dir):
    """Write a new migration from the changes to the models (developers only).

    Compares the models with a throw-away SQLite database upgraded to head, so the real
    database is not needed. Prints the new file's path: read and adjust it before committing.
    """
    from web import migrate

    click.echo(str(migrate.revision(message, versions_dir)))
