"""`bienvenue match-file`: run the matching engine on a JSON file (being written)."""
import click


@click.command("match-file")
def match_file_command():
    """Match newcomers with volunteers from a JSON file."""
    raise click.ClickException("not implemented yet")
