"""Files on disk hold people's details: only the app's user reads them, none lingers."""
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW
from factories import load_villiers
from journeys import log_in_coordinator
from test_coordination_import import HEADER, confirm, upload

from jobs.retention import erase_inactive
from web.cli import cli
from web.services.accounts import create_coordinator

PASSWORD = "correct horse battery"
ROWS = "\n".join([HEADER, "Marc;marc@example.org;;Centre-ville;fr;cuisine;lun-matin;2"]).encode()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def coordinator(client, session, monkeypatch):
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    load_villiers(session)
    create_coordinator(session, NOW, "claire@villiers.example", PASSWORD, name="Claire")
    session.commit()
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def waiting_files(app) -> list[Path]:
    folder = Path(app.config["INSTANCE_DIR"]) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_previewed_file_is_private_and_deleted_once_confirmed(app, coordinator):
    preview = upload(coordinator, ROWS).get_data(as_text=True)
    (path,) = waiting_files(app)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    confirm(coordinator, preview)
    assert waiting_files(app) == []


def test_the_nightly_job_deletes_abandoned_files(app, coordinator):
    upload(coordinator, ROWS)
    (path,) = waiting_files(app)
    erase_inactive(now=NOW, app=app)
    assert path.exists()  # still waiting: the coordinator may confirm it today
    later = (NOW + timedelta(days=2)).timestamp()
    os.utime(path, (later - 2 * 86400, later - 2 * 86400))
    erase_inactive(now=NOW + timedelta(days=2), app=app)
    assert not path.exists()


def test_setup_makes_the_instance_dir_and_database_private(tmp_path, monkeypatch, runner):
    instance = tmp_path / "instance"
    monkeypatch.setenv("BIENVENUE_INSTANCE_DIR", str(instance))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{instance / 'bienvenue.db'}")
    old_umask = os.umask(0o022)
    try:
        result = runner.invoke(cli, ["setup", "--no-demo"])
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    assert mode(instance) == 0o700
    assert mode(instance / "bienvenue.db") == 0o600
    for extra in ("bienvenue.db-wal", "bienvenue.db-shm"):
        if (instance / extra).exists():
            assert mode(instance / extra) == 0o600
