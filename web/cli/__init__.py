"""The `bienvenue` command line: thin click wrappers over the services.

Errors are one line on stderr and a non-zero exit status, never a traceback.
"""
import click

from web.cli.activity_import import import_activities_command
from web.cli.admin import create_coordinator_command, load_demo_command, load_town_command, setup_command
from web.cli.database import db_group
from web.cli.jobs import jobs_command, match_command, run_job_command
from web.cli.match_file import match_file_command
from web.cli.run import scheduler_command, serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Bienvenue: pair newcomers to the town with a local volunteer buddy."""


for command in (db_group, setup_command, load_town_command, load_demo_command,
                create_coordinator_command, serve_command, scheduler_command, match_file_command,
                match_command, run_job_command, jobs_command, import_activities_command):
    cli.add_command(command)


def main():
    """Console-script entry point."""
    cli()
