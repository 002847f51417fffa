"""`bienvenue db ...`: schema migrations."""
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
