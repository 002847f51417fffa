"""gunicorn settings for the web app: `gunicorn -c gunicorn.conf.py web.wsgi:app`.

Read from the environment (the same /etc/bienvenue.env as the app): BIENVENUE_BIND,
WEB_CONCURRENCY, WEB_THREADS, BIENVENUE_BEHIND_PROXY, FORWARDED_ALLOW_IPS. README.md,
"Deploying", explains each choice; tests/test_gunicorn_config.py checks they match.
"""
import os


def _whole_number(name: str, default: int) -> int:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f'{name} must be a whole number of at least 1, not "{raw}"')
    return int(raw)


def _cores() -> int:
    """The cores this process may run on (a container or systemd's CPUAffinity may give
    fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "web.wsgi:app"
proc_name = "bienvenue-web"
#: loopback by default: the TLS reverse proxy in front is the only one that talks to it
bind = (os.environ.get("BIENVENUE_BIND") or "").strip() or "127.0.0.1:8000"
#: gunicorn's usual rule, 2 per core + 1; WEB_CONCURRENCY (the common name) overrides it
workers = _whole_number("WEB_CONCURRENCY", 2 * _cores() + 1)
# Threads: a request waiting on the database or a slow phone's upload holds one thread,
# not the whole worker, so one slow request never blocks the others. Each thread may hold
# one database connection: workers x threads stays well under PostgreSQL's 100.
worker_class = "gthread"
threads = _whole_number("WEB_THREADS", 4)
#: a worker silent this long (stuck, not merely busy) is killed and replaced
timeout = 60
#: on restart or SIGTERM, requests in flight get this long to finish
graceful_timeout = 30
#: seconds an idle keep-alive connection from the proxy stays open
keepalive = 5
# Each worker is replaced after about 1,000 requests (jitter: not all at once), which
# bounds any slow growth in memory; the app is loaded in each worker (no preload), so no
# database connection is ever shared across a fork.
max_requests = 1000
max_requests_jitter = 100
# Access log on stdout (journald) WITHOUT the request line: a personal link in a path is a
# key to someone's page (README, "Logs without personal links"). Address, time, method,
# status, size, duration.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s" %(s)s %(b)s %(L)s'
errorlog = "-"
# No control socket (gunicorn 25+): systemd starts, reloads (SIGHUP) and stops the server,
# and its default place, ~/.gunicorn/, does not exist for a system user without a home.
control_socket_disable = True
# X-Forwarded-For/-Proto are believed only behind the reverse proxy, and only from it
# (FORWARDED_ALLOW_IPS, default the loopback addresses); otherwise from nobody.
if (os.environ.get("BIENVENUE_BEHIND_PROXY") or "").strip().lower() in {"1", "true", "yes", "on"}:
    forwarded_allow_ips = (os.environ.get("FORWARDED_ALLOW_IPS") or "").strip() or "127.0.0.1,::1"
else:
    forwarded_allow_ips = ""
