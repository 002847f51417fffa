"""Commands that load reference data, demo data and accounts."""
import click

from web import clock
from web.cli.context import command_app, one_line_errors, transaction


def _load_town(app, session) -> str:
    from web.services.programme_file import load_programme
    from web.services.reference import load_town
    from web.services.town import sync_town

    town = load_town(app.config["TOWN_FILE"])
    counts = sync_town(session, town)
    programme = load_programme(session, app.config["PROGRAMME_FILE"] or town.programme_file,
                               town.timezone)
    return (f"town {town.name}: {len(town.neighbourhoods)} neighbourhoods "
            f"({counts['added']} added, {counts['updated']} updated), "
            f"{programme['places']} places, {programme['activities']} activities")


def _load_demo(app, session) -> str:
    from web.services import demo

    if app.config["ENV_MODE"] == "production":
        raise click.ClickException("load-demo is refused in production (BIENVENUE_ENV=production)")
    done = demo.load_demo(session, clock.utcnow(), demo.read_demo_file())
    lines = []
    if done["newcomers"] or done["volunteers"]:
        lines.append(f"demo people loaded: {done['newcomers']} newcomers, "
                     f"{done['volunteers']} volunteers")
    else:
        lines.append("demo people: the database already has people, nothing added")
    if done["coordinator"]:
        lines.append(f"demo coordinator created: {done['coordinator']}")
    return "\n".join(lines)


@click.command("load-town")
@one_line_errors
def load_town_command():
    """Load or update the neighbourhoods from the town file (BIENVENUE_TOWN_FILE)."""
    with command_app() as app, transaction(app) as session:
        message = _load_town(app, session)
    click.echo(message)


@click.command("load-demo")
@one_line_errors
def load_demo_command():
    """Load the demo people and coordinator into an empty database (development only)."""
    with command_app() as app, transaction(app) as session:
        message = _load_demo(app, session)
    click.echo(message)


@click.command("setup")
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Also load the demo people when the database is empty.")
@one_line_errors
def setup_command(demo):
    """Migrate the database, load the town and (by default) the demo: what `make run` does."""
    from web import migrate
    from web.services.instance_files import private_dir, secure_sqlite

    with command_app() as app:
        private_dir(app.config["INSTANCE_DIR"])  # the database and uploads: the app's user only
        migrate.upgrade(app.extensions["db_engine"])
        secure_sqlite(app.config["DATABASE_URL"])
        with transaction(app) as session:
            messages = [_load_town(app, session)]
            if demo:
                messages.append(_load_demo(app, session))
    click.echo("\n".join(messages))


@click.command("create-coordinator")
@click.argument("email")
@click.option("--name", default="", help="Name shown to colleagues.")
@click.option("--admin", is_flag=True, help="Also manages coordinators and settings.")
@click.password_option(prompt="Password (10 characters or more)")
@one_line_errors
def create_coordinator_command(email, name, admin, password):
    """Create a coordinator account (prompts for the password)."""
    from web.services.accounts import create_coordinator

    with command_app() as app, transaction(app) as session:
        account = create_coordinator(session, clock.utcnow(), email, password, name=name,
                                     role="admin" if admin else "coordinator")
        label = f"{account.role} {account.email}"
    click.echo(f"created {label}")
