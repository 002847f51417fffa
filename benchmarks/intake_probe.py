"""Real gunicorn on a database, and a probe timing its intake page from a few clients
(for :mod:`benchmarks.weekly_run`): GET the step-1 form, then POST it filled, with its CSRF
token, as a browser would.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pages import percentile

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 4
#: each client's pause between two requests (seconds): busy people, not a flood that would
#: keep the 3 workers saturated and starve the run of CPU by itself
PAUSE = 0.1
#: the intake page, and where its step-1 form posts
INTAKE = "/arrivee/inscription"
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, instance_dir: str, log: Path) -> tuple[subprocess.Popen, str]:
    """Real gunicorn, 3 workers, on a free loopback port; returns (process, base URL)."""
    port = free_port()
    conf = ROOT / "gunicorn.conf.py"
    cmd = [sys.executable, "-m", "gunicorn"]
    cmd += ["-c", str(conf)] if conf.exists() else ["--timeout", "30"]
    cmd += ["--workers", "3", "--bind", f"127.0.0.1:{port}", "web.wsgi:app"]
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="benchmark", BIENVENUE_ENV="development",
               BIENVENUE_INSTANCE_DIR=instance_dir,
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("BIENVENUE_BASE_URL", None)
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"weekly_run: gunicorn stopped at start (see {log})")
        try:
            with urllib.request.urlopen(base + INTAKE, timeout=5) as r:
                if r.status == 200:
                    # every worker warm: each loads its templates on its first request
                    for _ in range(6):
                        urllib.request.urlopen(base + INTAKE, timeout=10).read()
                    return proc, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"weekly_run: gunicorn did not answer within 60 s (see {log})")


def stop(proc: subprocess.Popen) -> None:
    """Stop a process this benchmark started (gunicorn: graceful, then killed)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Probe:
    """A few clients hitting the intake page until stopped; samples are
    (start time, kind, milliseconds, HTTP status or 0 for a connection error)."""

    base: str
    clients: int = CLIENTS
    pause: float = PAUSE
    post: bool = True
    samples: list = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list = field(default_factory=list)

    def _client(self, number: int) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
        sent = 0
        while not self._stop.wait(self.pause):
            started = time.time()
            t = time.perf_counter()
            try:
                with opener.open(self.base + INTAKE, timeout=60) as r:
                    html, status = r.read().decode(), r.status
            except urllib.error.HTTPError as e:
                html, status = "", e.code
            except (urllib.error.URLError, OSError):
                html, status = "", 0
            self.samples.append((started, "GET", 1000 * (time.perf_counter() - t), status))
            match = CSRF_RE.search(html)
            if not self.post or not match or self._stop.is_set():
                continue
            sent += 1
            # "Je ne sais pas" and a street: the new newcomer waits for a coordinator to place
            # them, so the run's problem is the generated one.
            form = urllib.parse.urlencode({
                "csrf_token": match.group(1), "first_name": f"Sonde{number}x{sent}",
                "email": f"sonde{number}x{sent}-{secrets.token_hex(3)}@example.org",
                "phone": "", "neighbourhood": "unknown", "address_hint": "12 rue de la Gare",
                "languages": "fr", "consent": "y"}).encode()
            started = time.time()
            t = time.perf_counter()
            try:
                with opener.open(self.base + INTAKE, data=form, timeout=60) as r:
                    r.read()
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            except (urllib.error.URLError, OSError):
                status = 0
            self.samples.append((started, "POST", 1000 * (time.perf_counter() - t), status))
            self._stop.wait(self.pause)

    def start(self) -> None:
        self._stop.clear()
        self._threads = [threading.Thread(target=self._client, args=(i,), daemon=True)
                         for i in range(self.clients)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=90)


def latency(samples: list, kind: str | None, since: float = 0.0, until: float = float("inf"),
            ok: tuple = (200, 302, 303)) -> dict:
    """n, p50, p95, max (ms) and the failures among samples started in [since, until]."""
    chosen = [s for s in samples if since <= s[0] <= until and (kind is None or s[1] == kind)]
    ms = [s[2] for s in chosen]
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "max": None, "failed": 0, "statuses": {}}
    statuses: dict = {}
    for s in chosen:
        statuses[str(s[3])] = statuses.get(str(s[3]), 0) + 1
    return {"n": len(ms), "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95),
            "max": max(ms), "failed": sum(1 for s in chosen if s[3] not in ok),
            "statuses": statuses}
