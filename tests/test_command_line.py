"""The `bienvenue` command: setup, demo, accounts, and one-line errors."""
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from web import migrate
from web.cli import cli
from web.models import AuditEntry, Coordinator, Neighbourhood, Newcomer, Volunteer
from web.services.accounts import check_password

BIN = Path(sys.executable).parent / "bienvenue"


def _count(url, model):
    engine = create_engine(url)
    with Session(engine) as s:
        value = s.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return value


def test_help_lists_every_command():
    result = subprocess.run([str(BIN), "--help"], capture_output=True, text=True, check=True)
    for command in ("serve", "db", "load-town", "load-demo", "create-coordinator", "setup",
                    "scheduler", "match-file"):
        assert f"  {command} " in result.stdout


def test_setup_loads_town_and_demo_then_keeps_data(runner, database_url):
    first = runner.invoke(cli, ["setup"])
    assert first.exit_code == 0, first.output
    assert "10 neighbourhoods (10 added" in first.output
    assert "60 newcomers, 40 volunteers" in first.output
    assert _count(database_url, Newcomer) == 60
    assert _count(database_url, Volunteer) == 40
    assert _count(database_url, Coordinator) == 1

    engine = create_engine(database_url)
    with Session(engine) as s:
        person = s.scalars(select(Newcomer).order_by(Newcomer.id)).first()
        assert person is not None  # setup added 60
        person.first_name = "Changée"
        s.commit()
    second = runner.invoke(cli, ["setup"])
    assert second.exit_code == 0, second.output
    assert "nothing added" in second.output
    assert _count(database_url, Newcomer) == 60
    with Session(engine) as s:
        first = s.scalars(select(Newcomer).order_by(Newcomer.id)).first()
        assert first is not None and first.first_name == "Changée"
    engine.dispose()


def test_demo_coordinator_can_log_in_with_the_printed_password(runner, database_url):
    assert runner.invoke(cli, ["setup"]).exit_code == 0
    engine = create_engine(database_url)
    with Session(engine) as s:
        account = s.scalars(select(Coordinator)).one()
        assert account.email == "coordination@villiers.example"
        assert account.password_hash.startswith("$argon2id$")
        assert check_password(account, "bienvenue-demo")
        assert not check_password(account, "wrong-password")
    engine.dispose()


def test_create_coordinator_prompts_for_the_password(runner, database_url):
    runner.invoke(cli, ["db", "upgrade"])
    result = runner.invoke(cli, ["create-coordinator", "Marie@Villiers.fr", "--name", "Marie"],
                           input="un-long-mot-de-passe\nun-long-mot-de-passe\n")
    assert result.exit_code == 0, result.output
    assert "created coordinator marie@villiers.fr" in result.output
    engine = create_engine(database_url)
    with Session(engine) as s:
        account = s.scalars(select(Coordinator)).one()
        assert check_password(account, "un-long-mot-de-passe")
        assert s.scalars(select(AuditEntry.action)).all() == ["coordinator.created"]
    engine.dispose()


def test_create_coordinator_errors_are_one_line(runner, database_url):
    ok = runner.invoke(cli, ["create-coordinator", "marie@villiers.fr"],
                       input="un-long-mot-de-passe\nun-long-mot-de-passe\n")
    assert ok.exit_code == 0, ok.output
    duplicate = runner.invoke(cli, ["create-coordinator", "MARIE@villiers.fr"],
                              input="un-long-mot-de-passe\nun-long-mot-de-passe\n")
    assert duplicate.exit_code == 1
    assert duplicate.output.strip().splitlines()[-1] == (
        "Error: email: a coordinator with the address marie@villiers.fr already exists")
    short = runner.invoke(cli, ["create-coordinator", "paul@villiers.fr"], input="court\ncourt\n")
    assert short.exit_code == 1
    assert "Error: password: expected at least 10 characters" in short.output
    bad_email = runner.invoke(cli, ["create-coordinator", "paul"],
                              input="un-long-mot-de-passe\nun-long-mot-de-passe\n")
    assert "Error: email: expected an e-mail address" in bad_email.output
    assert _count(database_url, Coordinator) == 1


def _run(args, env):
    return subprocess.run([str(BIN), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def test_a_broken_town_file_is_one_line_and_changes_nothing(cli_env, tmp_path, database_url):
    assert _run(["setup", "--no-demo"], cli_env).returncode == 0
    town = json.loads(Path("data/towns/villiers.json").read_text(encoding="utf-8"))
    town["neighbourhoods"][1]["lat"] = 123.0
    bad = tmp_path / "bad-town.json"
    bad.write_text(json.dumps(town), encoding="utf-8")
    result = _run(["load-town"], {**cli_env, "BIENVENUE_TOWN_FILE": str(bad)})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {bad}: neighbourhoods[1].lat must be between -90 and 90")
    assert "Traceback" not in result.stderr
    assert _count(database_url, Neighbourhood) == 10


def test_another_town_is_another_file(runner, tmp_path, database_url, monkeypatch):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "Montreuil-sur-Loire", "neighbourhoods": [
        {"slug": "bourg", "name": "Le Bourg", "lat": 47.5, "lon": -0.4},
        {"slug": "la-prairie", "name": "La Prairie", "lat": 47.51, "lon": -0.41}]}),
        encoding="utf-8")
    monkeypatch.setenv("BIENVENUE_TOWN_FILE", str(other))
    result = runner.invoke(cli, ["setup", "--no-demo"])
    assert result.exit_code == 0, result.output
    assert "town Montreuil-sur-Loire: 2 neighbourhoods" in result.output
    assert _count(database_url, Neighbourhood) == 2


def test_production_refuses_to_start_without_a_secret_key(cli_env):
    env = {**cli_env, "BIENVENUE_ENV": "production", "SECRET_KEY": ""}
    result = _run(["db", "current"], env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: SECRET_KEY is required in production (a long random string)")


def test_load_demo_is_refused_in_production(cli_env, database_url):
    env = {**cli_env, "BIENVENUE_ENV": "production",
           "BIENVENUE_BASE_URL": "https://bienvenue.example.org"}
    assert _run(["setup", "--no-demo"], env).returncode == 0
    result = _run(["load-demo"], env)
    assert result.returncode == 1
    assert "refused in production" in result.stderr
    assert _count(database_url, Newcomer) == 0


def test_unreachable_database_is_one_line(cli_env):
    env = {**cli_env, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = _run(["db", "upgrade"], env)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: database: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_db_upgrade_on_an_empty_database(cli_env, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = _run(["db", "upgrade"], {**cli_env, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"database at revision {migrate.head_revision()}"
    engine = create_engine(url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()
