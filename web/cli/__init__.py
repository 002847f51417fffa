"""The `bienvenue` command line: thin click wrappers over the services.

Errors are one line on stderr and a non-zero exit status, never a traceback.
Each command's module is imported only when that command runs (or when the
help lists them all), so that `bienvenue match-file` does not pay for the web
app's and the jobs' imports.
"""
import importlib

import click

#: command name -> "module:attribute" of its click command (the help sorts them by name)
COMMANDS = {
    "db": "web.cli.database:db_group",
    "setup": "web.cli.admin:setup_command",
    "load-town": "web.cli.admin:load_town_command",
    "load-demo": "web.cli.admin:load_demo_command",
    "create-coordinator": "web.cli.admin:create_coordinator_command",
    "serve": "web.cli.run:serve_command",
    "scheduler": "web.cli.run:scheduler_command",
    "match-file": "web.cli.match_file:match_file_command",
    "match": "web.cli.jobs:match_command",
    "run-job": "web.cli.jobs:run_job_command",
    "jobs": "web.cli.jobs:jobs_command",
    "import-activities": "web.cli.activity_import:import_activities_command",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return self.commands.get(name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Bienvenue: pair newcomers to the town with a local volunteer buddy."""


def main():
    """Console-script entry point."""
    cli()
