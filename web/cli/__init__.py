"""The `bienvenue` command line: thin click wrappers over the services."""
import click

from web.cli.match_file import match_file_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Bienvenue: pair newcomers to the town with a local volunteer buddy."""


cli.add_command(match_file_command)


def main():
    """Console-script entry point."""
    cli()
