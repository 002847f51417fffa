"""The real thing: a scheduler killed in the middle of the weekly run loses nothing.

`bienvenue scheduler` runs as a subprocess on a database of 2,500 waiting newcomers and
1,500 volunteers (a run of several seconds), with this week's time already past: its
start-up catch-up starts the run, we SIGKILL it mid-run, the week is not recorded and no
proposal exists; a second scheduler catches the week up, once.
"""
import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import bulk_people
from sqlalchemy import func, select

from web.models import MatchRun, MatchWeek, Proposal
from web.services.weekly import local_week

BIN = Path(sys.executable).parent / "bienvenue"
PARIS = ZoneInfo("Europe/Paris")
#: generous: starting the process and the whole run take ~10 s on a 2-core machine
WAIT = 90


def crontab_just_past(now: datetime) -> str:
    """A weekly crontab line whose time this ISO week is already past: two minutes ago,
    or this very minute within two minutes after Monday 00:00 (two minutes ago would be
    last week)."""
    local = now.astimezone(PARIS)
    earlier = local - timedelta(minutes=2)
    if earlier.isocalendar()[:2] != local.isocalendar()[:2]:
        earlier = local
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[earlier.weekday()]
    return f"{earlier.minute} {earlier.hour} * * {day}"


class Scheduler:
    """`bienvenue scheduler` in a subprocess, its log lines read as they come."""

    def __init__(self, env: dict):
        self.process = subprocess.Popen([str(BIN), "scheduler"], env={**os.environ, **env},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        assert self.process.stderr is not None  # stderr=PIPE
        self.stderr: IO[str] = self.process.stderr
        self.lines: queue.Queue = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.stderr:
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        """The first log line containing `text` (fails after WAIT seconds or if it exits)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no {text!r} in the log:\n{''.join(self.log)}") from None
            self.log.append(line)
            if text in line:
                return line
            if "Traceback" in line:
                self.log.extend(self.lines.get(timeout=WAIT) for _ in range(20))
                raise AssertionError("".join(self.log))

    def stop(self, sig=signal.SIGTERM) -> int:
        """Send `sig` unless it has exited; its exit status once it has."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        status = self.process.wait(timeout=WAIT)
        self.reader.join(timeout=WAIT)
        self.stderr.close()
        return status


def counts(session, week):
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(MatchWeek)
                           .where(MatchWeek.week == week)),
            session.scalar(select(func.count()).select_from(MatchRun)),
            session.scalar(select(func.count()).select_from(Proposal)))


def test_a_run_killed_half_way_is_caught_up_once_at_restart(app, session, cli_env):
    bulk_people.load_people(session, newcomers=2500, volunteers=1500)
    now = datetime.now(UTC)
    week = local_week(now, "Europe/Paris")
    env = {**cli_env, "MATCHING_CRON": crontab_just_past(now), "BIENVENUE_TIMEZONE": "Europe/Paris"}

    first = Scheduler(env)
    try:
        first.wait_for("weekly catch-up: " + week)
        first.wait_for("weekly matching: run started")
        first.process.kill()  # SIGKILL: no clean-up of any kind
        assert first.process.wait(timeout=WAIT) == -signal.SIGKILL
    finally:
        first.stop(signal.SIGKILL)
    assert counts(session, week) == (0, 0, 0)  # nothing half-written, the week not claimed

    second = Scheduler(env)
    try:
        second.wait_for("weekly catch-up: " + week)
        done = second.wait_for(f"weekly matching {week}: run ")
        assert second.stop() == 0
    finally:
        second.stop(signal.SIGKILL)
    assert "proposals" in done
    session.expire_all()
    [run] = session.scalars(select(MatchRun)).all()
    assert (run.trigger, run.status, run.week) == ("schedule", "done", week)
    assert session.get(MatchWeek, week).match_run_id == run.id
    proposals = session.scalars(select(Proposal.match_run_id).distinct()).all()
    assert proposals == [run.id] and counts(session, week)[2] > 1000
