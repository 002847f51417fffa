"""`bienvenue db check` and `bienvenue db revision`: models and migrations kept in step."""
import re

import pytest
from click.testing import CliRunner
from sqlalchemy import Column, MetaData, String, create_engine

from web import migrate
from web.cli import cli
from web.models import Base


def _models_with_a_new_column() -> MetaData:
    """The models' tables plus one column no migration adds (the real metadata untouched)."""
    # The same naming convention: the migrations' batch operations name constraints by it.
    copy = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    copy.tables["neighbourhood"].append_column(Column("nickname", String(40)))
    return copy


def test_db_check_agrees_on_the_current_tree(runner, database_url):
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "models and migrations agree"


def test_db_check_names_a_column_no_migration_adds(runner, database_url, monkeypatch):
    monkeypatch.setattr(migrate, "models_metadata", _models_with_a_new_column)
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "model has a column no migration adds: neighbourhood.nickname"]
    assert result.stdout == ""


def test_db_check_scratch_needs_no_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(cli, ["db", "check", "--scratch"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "models and migrations agree"


def test_db_check_on_a_database_behind_head_is_one_line(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate.upgrade(engine, "0008")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BIENVENUE_INSTANCE_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["db", "check"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: migrations: the database is at revision 0008, not at "
        f"{migrate.head_revision()}: run `bienvenue db upgrade` first")


def test_db_revision_writes_the_new_column_into_the_given_directory(monkeypatch, tmp_path):
    before = sorted(migrate.VERSIONS_DIR.iterdir())
    monkeypatch.setattr(migrate, "models_metadata", _models_with_a_new_column)
    head = migrate.head_revision()
    result = CliRunner().invoke(cli, ["db", "revision", "-m", "Neighbourhood nickname",
                                      "--versions-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{int(head) + 1:04d}_neighbourhood_nickname.py"
    assert result.stdout.strip() == str(path)
    source = path.read_text(encoding="utf-8")
    assert f"down_revision = '{head}'" in source
    assert re.search(r"add_column\(sa\.Column\('nickname', sa\.String\(length=40\)", source)
    assert sorted(migrate.VERSIONS_DIR.iterdir()) == before  # nothing written into the repo


def test_db_revision_with_no_change_writes_an_empty_migration(tmp_path):
    result = CliRunner().invoke(cli, ["db", "revision", "-m", "nothing",
                                      "--versions-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    source = next(tmp_path.glob("*_nothing.py")).read_text(encoding="utf-8")
    assert "add_column" not in source and "pass" in source


@pytest.mark.parametrize("args, message", [
    (["-m", "  "], "Error: migrations: the message (-m) is empty: say in a few words what "
                   "changes"),
    (["-m", "x", "--versions-dir", "/nonexistent/versions"],
     "Error: migrations: no such directory: /nonexistent/versions"),
])
def test_db_revision_errors_are_one_line(args, message):
    result = CliRunner().invoke(cli, ["db", "revision", *args])
    assert result.exit_code == 1
    assert result.stderr.strip() == message
