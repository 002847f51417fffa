"""Long-running processes: the web server (development) and the scheduler."""
import click

from web.cli.context import command_app, one_line_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@one_line_errors
def serve_command(host, port):
    """Serve the app with Flask's development server (production: gunicorn, see README)."""
    with command_app() as app:
        if app.config["ENV_MODE"] == "production":
            # Flask's server is single-process and not hardened: never face the public with it.
            raise click.ClickException(
                "serve is for development; in production run gunicorn "
                "(gunicorn -c gunicorn.conf.py web.wsgi:app, see README)")
        app.run(host=host, port=port, debug=False, use_reloader=False)


@click.command("scheduler")
@one_line_errors
def scheduler_command():
    """Run the one scheduler process (weekly matching, expiry, follow-ups, delivery)."""
    from jobs.scheduler import run_forever

    with command_app() as app:
        run_forever(app)
