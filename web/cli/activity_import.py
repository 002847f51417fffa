"""`bienvenue import-activities FILE`: activities from an iCalendar, OpenAgenda or CSV file."""
from pathlib import Path

import click

from web import clock
from web.cli.context import command_app, one_line_errors, transaction

#: exit status of a file that cannot be imported (as `match-file` for bad input)
BAD_INPUT = 2


def _refuse(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(BAD_INPUT)


def _problem_line(checked) -> str:
    """The first problem of a file, in English, as one line."""
    from flask_babel import force_locale

    first = checked.errors[0]
    with force_locale("en"):
        message = str(first.message)
    where = first.subject("en") if first.line is not None or first.event is not None else ""
    line = ": ".join(part for part in (where, first.field or "", message) if part)
    others = len(checked.errors) - 1
    if others:
        line += f" (and {others} more problem{'s' if others > 1 else ''})"
    return " ".join(line.split())


@click.command("import-activities")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["ical", "openagenda", "csv"]),
              help="The file's format; guessed from its name and content when not given.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; "
              "write nothing.")
@one_line_errors
def import_activities_command(file: Path, fmt, dry_run):
    """Add or update activities from an .ics, OpenAgenda .json or .csv file, all or nothing.

    Re-importing a file updates what changed instead of duplicating. Bad input exits with
    status 2 and one line naming the event (or the CSV line) and the field.
    """
    from web.services.activity_import import common, places, reader, saving

    try:
        with file.open("rb") as handle:
            raw = handle.read(common.MAX_FILE_BYTES + 1)
    except OSError as error:
        _refuse(f"{file}: {error.strerror or 'cannot be read'}")
    if len(raw) > common.MAX_FILE_BYTES:
        _refuse(f"{file}: larger than {common.MAX_FILE_BYTES // (1024 * 1024)} MB")
    with command_app() as app, app.app_context(), transaction(app) as session:
        checked = reader.read_file(raw, fmt, app.config["TIMEZONE"],
                                   places.load_places(session), file.name)
        if checked.errors:
            _refuse(_problem_line(checked))
        if dry_run:
            _outcomes, counts = saving.plan(session, checked)
        else:
            counts = saving.save(session, clock.utcnow(), checked, actor="cli", file_name=file.name)
    total = len(checked.rows)
    summary = (f"{file.name} ({checked.format}): {total} activit{'ies' if total != 1 else 'y'}, "
               f"{counts.new} new, {counts.updated} updated, {counts.unchanged} unchanged")
    if counts.withdrawn:
        summary += f", {counts.withdrawn} no longer listed (cancelled)"
    if counts.unplaced:
        summary += (f"; {counts.unplaced} to place by a coordinator (their location matched "
                    "no known place)")
    click.echo(("dry run, nothing written: " if dry_run else "") + summary)
