"""Every scheduled job's time comes from its documented *_CRON variable; a wrong crontab
line stops the scheduler with one line naming the variable."""
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from click.testing import CliRunner

from jobs.registry import JOBS
from jobs.scheduler import build_scheduler
from web import create_app
from web.cli import cli

BIN = Path(sys.executable).parent / "bienvenue"
#: a time no job has by default
OTHER_TIME = "45 4 2 * *"
KEYS = [spec.config_key for spec in JOBS if spec.config_key]


def test_every_job_has_its_own_variable():
    assert KEYS == ["DELIVERY_CRON", "MATCHING_CRON", "EXPIRY_CRON", "FOLLOWUPS_CRON",
                    "DIGEST_CRON", "RETENTION_CRON"]
    assert OTHER_TIME not in {spec.cron for spec in JOBS}


@pytest.mark.parametrize("key", KEYS)
def test_each_variable_changes_its_jobs_trigger(key, app_config, monkeypatch):
    monkeypatch.setenv(key, f" {OTHER_TIME} ")
    app = create_app(app_config)
    try:
        scheduler = build_scheduler(app, scheduler_class=BackgroundScheduler)
        zone = ZoneInfo(app.config["TIMEZONE"])
        for spec in JOBS:
            trigger = scheduler.get_job(spec.id).trigger
            cron = OTHER_TIME if spec.config_key == key else spec.cron
            assert str(trigger) == str(CronTrigger.from_crontab(cron, timezone=zone)), spec.id
    finally:
        app.extensions["db_engine"].dispose()


@pytest.mark.parametrize("value", ["0 9 * *", "61 * * * *", "0 9 * * lundi"])
def test_a_wrong_crontab_line_is_one_line_and_a_failure(value, tmp_path, monkeypatch):
    for key, setting in {"DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
                         "BIENVENUE_INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "test-secret-key",
                         "BIENVENUE_ENV": "development", "EXPIRY_CRON": value}.items():
        monkeypatch.setenv(key, setting)
    result = CliRunner().invoke(cli, ["scheduler"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f'Error: EXPIRY_CRON must be a crontab line of five fields '
                               f'"minute hour day month weekday", such as "15 * * * *", '
                               f'not "{value}" (')


def test_the_installed_command_says_it_in_one_line_too(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
           "BIENVENUE_INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "test-secret-key",
           "BIENVENUE_ENV": "development", "MATCHING_CRON": "every monday"}
    result = subprocess.run([str(BIN), "scheduler"], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        'Error: MATCHING_CRON must be a crontab line of five fields "minute hour day month '
        'weekday", such as "0 9 * * mon", not "every monday" (Wrong number of fields; got 2, '
        'expected 5)']
