"""Alembic, driven from Python: `bienvenue db ...` and the test suite use this."""
import argparse
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import Script
from sqlalchemy import MetaData, create_engine, inspect
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def models_metadata() -> MetaData:
    """The tables the models declare: what the migrations must build (env.py reads it here)."""
    from web.models import Base

    return Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave alone the table APScheduler manages itself."""
    return not (type_ == "table" and name == "apscheduler_jobs")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at our migrations and this engine's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the engine's database."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to `revision`."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return MigrationContext.configure(connection).get_current_revision()


def differences(engine: Engine, metadata: MetaData | None = None) -> list[str]:
    """What the models declare that the database lacks (or the reverse), one line each.

    The database must be at the head revision: then every line is a change to the models
    that no migration makes yet. Empty when models and migrations agree.
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    metadata = models_metadata() if metadata is None else metadata
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_object,
            "target_metadata": metadata})
        diffs = compare_metadata(context, metadata)
    return [describe(diff) for diff in _flatten(diffs)]


def _flatten(diffs):
    # Alembic groups the changes to one column's type, nullability or default in a list.
    for diff in diffs:
        if isinstance(diff, list):
            yield from diff
        else:
            yield diff


def describe(diff: tuple) -> str:
    """One line for one of Alembic's autogenerate differences, naming table and column."""
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        if kind == "add_table":
            return f"model has a table no migration creates: {diff[1].name}"
        return f"database has a table the models lack: {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        table, column = diff[2], diff[3]
        if kind == "add_column":
            return f"model has a column no migration adds: {table}.{column.name}"
        return f"database has a column the model lacks: {table}.{column.name}"
    if kind.startswith("modify_"):
        table, column = diff[2], diff[3]
        what = kind[len("modify_"):]
        return f"column {table}.{column} differs ({what}): database {diff[5]!r}, model {diff[6]!r}"
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint",
                "add_fk", "remove_fk"):
        item = diff[1]
        table = getattr(getattr(item, "table", None), "name", None) or getattr(
            getattr(item, "parent", None), "name", "?")
        where = "model" if kind.startswith("add_") else "database"
        name = getattr(item, "name", None) or "unnamed"
        columns = ", ".join(c.name for c in getattr(item, "columns", ()))
        return f"{kind.split('_', 1)[1]} only in the {where}: {table}.{name} ({columns})"
    return f"{kind}: {' '.join(str(part) for part in diff[1:])}"


def check(engine: Engine | None = None, metadata: MetaData | None = None) -> list[str]:
    """Differences between the models and the migrations (empty list: they agree).

    On `engine`'s database, which must be at head; without one, on a throw-away SQLite
    database upgraded to head (so the real database is never needed or touched).
    """
    if engine is not None:
        _require_head(engine)
        return differences(engine, metadata)
    with _scratch_engine() as scratch:
        return differences(scratch, metadata)


def _require_head(engine: Engine) -> None:
    from alembic.util.exc import CommandError

    current, head = current_revision(engine), head_revision()
    if current != head:
        raise CommandError(f"the database is at revision {current or 'none (empty)'}, "
                           f"not at {head}: run `bienvenue db upgrade` first")


@contextmanager
def _scratch_engine() -> Iterator[Engine]:
    """A throw-away SQLite database upgraded to head, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bienvenue-migrations-") as directory:
        engine = create_engine(f"sqlite:///{Path(directory) / 'scratch.db'}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


def revision(message: str, versions_dir: Path | None = None) -> Path:
    """Autogenerate a new migration from the models (developers only); returns its path.

    It compares the models with a throw-away SQLite database upgraded to head, so it needs
    no real database. The file is numbered after the head ("0011_<slug>.py") and written
    into web/migrations/versions, or `versions_dir` (the tests use a temporary one).
    """
    from alembic.util.exc import CommandError

    if not message.strip():
        raise CommandError("the message (-m) is empty: say in a few words what changes")
    target = Path(versions_dir) if versions_dir is not None else VERSIONS_DIR
    if not target.is_dir():
        raise CommandError(f"no such directory: {target}")
    head = head_revision()
    rev_id = f"{int(head) + 1:04d}" if head.isdigit() else None
    with _scratch_engine() as scratch:
        config = alembic_config(scratch)
        # Alembic's own "Generating ..." line: quiet, the caller prints the path.
        config.cmd_opts = argparse.Namespace(quiet=True)
        # %% because Config values go through ConfigParser interpolation.
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        config.set_main_option("path_separator", "os")
        locations = dict.fromkeys([str(VERSIONS_DIR), str(target)])
        config.set_main_option("version_locations", os.pathsep.join(locations))
        with scratch.begin() as connection:
            config.attributes["connection"] = connection
            script = command.revision(config, message=message.strip(), autogenerate=True,
                                      rev_id=rev_id, version_path=str(target))
    # One head, no revision hooks: Alembic writes exactly one script (a list or None only
    # come from several heads or a hook that drops the revision).
    assert isinstance(script, Script)
    return Path(script.path)


def head_revision() -> str:
    """The newest revision among our migration scripts."""
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None, "web/migrations/versions holds the revisions"
    return head
