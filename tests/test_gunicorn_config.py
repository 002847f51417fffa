"""gunicorn.conf.py: gunicorn accepts it, its values are the README's, and a real gunicorn
started with it serves the app, keeps paths out of its access log and stops gracefully."""
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"
#: the settings' variables, cleared so that the machine's own do not leak in
VARIABLES = ("BIENVENUE_BIND", "WEB_CONCURRENCY", "WEB_THREADS", "BIENVENUE_BEHIND_PROXY",
             "FORWARDED_ALLOW_IPS")


def production_env(tmp_path, database_url, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    env.update({"BIENVENUE_ENV": "production", "SECRET_KEY": "a-long-random-test-secret",
                "BIENVENUE_BASE_URL": "https://bienvenue.example.org",
                "DATABASE_URL": database_url, "BIENVENUE_INSTANCE_DIR": str(tmp_path)}, **extra)
    return env


def load_settings(monkeypatch, **env):
    """gunicorn.conf.py imported as a module under `env`."""
    for key in VARIABLES:
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location("gunicorn_settings", CONFIG)
    assert spec is not None and spec.loader is not None  # a .py file: a source loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_table() -> dict:
    """{setting: value} from the README's table of gunicorn settings."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("**gunicorn settings**", 1)[1].split("\n\n", 2)[1]
    rows = {}
    for line in section.splitlines()[2:]:
        name, value = (cell.strip() for cell in line.strip("|").split("|")[:2])
        rows[name.strip("`")] = value
    return rows


def test_gunicorn_accepts_the_configuration(tmp_path):
    result = subprocess.run([str(GUNICORN), "--check-config", "-c", str(CONFIG), "web.wsgi:app"],
                            cwd=REPO, capture_output=True, text=True, timeout=60,
                            env=production_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}"))
    assert result.returncode == 0, result.stderr


def test_the_values_are_the_readmes(monkeypatch):
    settings = load_settings(monkeypatch)
    readme = readme_table()
    cores = len(os.sched_getaffinity(0))
    assert readme["bind"].startswith(f"`{settings.bind}`")
    assert readme["workers"].startswith("2 × cores + 1") and settings.workers == 2 * cores + 1
    for name in ("worker_class", "accesslog", "access_log_format", "control_socket_disable"):
        assert readme[name] == f"`{getattr(settings, name)}`", name
    assert readme["threads"].startswith(f"{settings.threads} ")
    for name in ("timeout", "graceful_timeout", "keepalive", "max_requests",
                 "max_requests_jitter"):
        assert readme[name] == str(getattr(settings, name)), name
    assert readme["forwarded_allow_ips"].startswith(
        "`127.0.0.1,::1` with `BIENVENUE_BEHIND_PROXY=1`")
    assert settings.forwarded_allow_ips == ""
    assert settings.wsgi_app == "web.wsgi:app"


def test_no_path_in_the_access_log_format(monkeypatch):
    settings = load_settings(monkeypatch)
    # %(r)s request line, %(U)s path, %(q)s query, %(f)s referrer (a personal page's address)
    assert not re.search(r"%\((r|U|q|f|\{[^}]*\}i)\)s", settings.access_log_format)


def test_the_environment_changes_what_it_should(monkeypatch):
    settings = load_settings(monkeypatch, BIENVENUE_BIND="0.0.0.0:9000", WEB_CONCURRENCY="3",
                             WEB_THREADS="8", BIENVENUE_BEHIND_PROXY="1")
    assert (settings.bind, settings.workers, settings.threads) == ("0.0.0.0:9000", 3, 8)
    assert settings.forwarded_allow_ips == "127.0.0.1,::1"
    settings = load_settings(monkeypatch, BIENVENUE_BEHIND_PROXY="yes",
                             FORWARDED_ALLOW_IPS="10.0.0.2")
    assert settings.forwarded_allow_ips == "10.0.0.2"
    with pytest.raises(SystemExit,
                       match='WEB_THREADS must be a whole number of at least 1, not "0"'):
        load_settings(monkeypatch, WEB_THREADS="0")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_real_gunicorn_serves_and_stops_gracefully(tmp_path, sqlite_template):
    database = tmp_path / "db.sqlite"
    shutil.copy(sqlite_template, database)
    port = _free_port()
    env = production_env(tmp_path, f"sqlite:///{database}", BIENVENUE_BIND=f"127.0.0.1:{port}",
                         WEB_CONCURRENCY="1", WEB_THREADS="2")
    with (tmp_path / "gunicorn.log").open("w+") as log:
        server = subprocess.Popen([str(GUNICORN), "-c", str(CONFIG), "web.wsgi:app"], cwd=REPO,
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            serve_then_stop(server, port, log)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        log.seek(0)
        output = log.read()
    assert "gthread" in output and "Shutting down: Master" in output
    assert "Control socket" not in output
    assert '"GET" 200' in output and '"GET" 404' in output
    assert "secret-personal-token" not in output and "/sante" not in output


def serve_then_stop(server, port, log):
    deadline = time.monotonic() + 30
    while True:  # wait until the worker answers (not a timing assertion)
        try:
            status, body = _get(f"http://127.0.0.1:{port}/sante")
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, \
                log.seek(0) or log.read()
            time.sleep(0.1)
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert _get(f"http://127.0.0.1:{port}/arrivee/secret-personal-token-123")[0] == 404
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=40) == 0
