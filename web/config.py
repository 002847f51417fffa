"""Configuration from environment variables, in one place."""
import os
import secrets
from importlib import resources
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]


def find_data_dir() -> Path:
    """The reference data (town, interests, languages): the package `bienvenue_data`.

    It is data/ in the repository, shipped in the wheel under that name (setup.py), so an
    installed copy finds it as well as the editable install. A checkout that was never
    installed has no such package: data/ beside the code then.
    """
    try:
        return Path(str(resources.files("bienvenue_data")))
    except ModuleNotFoundError:
        return REPO_DIR / "data"


DATA_DIR = find_data_dir()


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """The configuration cannot work (for example no SECRET_KEY in production)."""


def _sms_gateway(env) -> str:
    """SMS_GATEWAY: "" (no text message sent) or "http" (Brevo's API), with its key."""
    gateway = (env.get("SMS_GATEWAY") or "").strip().lower()
    if gateway not in ("", "http"):
        raise ConfigError(f'SMS_GATEWAY must be empty or "http", not "{gateway}"')
    if gateway and not (env.get("SMS_API_KEY") or "").strip():
        raise ConfigError("SMS_API_KEY is required when SMS_GATEWAY is set")
    return gateway


def _base_url(env, mode: str) -> str:
    """BIENVENUE_BASE_URL, the public address in links sent out; required in production.

    In development it may stay unset: links queued during a request then use the address
    the request came to (web.services.notify.public_base_url).
    """
    raw = (env.get("BIENVENUE_BASE_URL") or "").strip().rstrip("/")
    if not raw:
        if mode == "production":
            raise ConfigError("BIENVENUE_BASE_URL is required in production "
                              "(the public address, such as https://bienvenue.example.org)")
        return "http://127.0.0.1:5000"
    if not raw.startswith(("http://", "https://")) or "://" == raw[-3:]:
        raise ConfigError(f'BIENVENUE_BASE_URL must start with https:// or http://, not "{raw}"')
    return raw


def _int(env, key: str, default: int, minimum: int = 1) -> int:
    """An integer setting; a wrong value is a ConfigError naming the variable."""
    raw = (env.get(key) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not \"{raw}\"") from None
    if value < minimum:
        raise ConfigError(f"{key} must be at least {minimum}")
    return value


def _cron(env, key: str, default: str) -> str:
    """A crontab line (minute hour day month weekday); a wrong one is a ConfigError naming
    the variable, so the scheduler refuses to start instead of ignoring it."""
    from apscheduler.triggers.cron import CronTrigger

    raw = " ".join((env.get(key) or "").split())
    if not raw:
        return default
    try:
        CronTrigger.from_crontab(raw, timezone="UTC")
    except ValueError as exc:
        raise ConfigError(f'{key} must be a crontab line of five fields "minute hour day '
                          f'month weekday", such as "{default}", not "{raw}" ({exc})') from None
    return raw


def _crons(env) -> dict:
    """Every scheduled job's crontab line: its config key from the environment, else the
    default of jobs/registry.py (the one list of jobs)."""
    from jobs.registry import JOBS

    return {spec.config_key: _cron(env, spec.config_key, spec.cron)
            for spec in JOBS if spec.config_key}


def _instance_secret_key(instance_dir: Path) -> str:
    """Development only: generate a secret key once and keep it in instance/."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def load_config(environ=None, instance_dir: Path | None = None) -> dict:
    """Build the Flask configuration from environment variables.

    BIENVENUE_ENV is "development" (default) or "production". In production a
    missing SECRET_KEY is an error; in development one is generated and kept in
    instance/secret_key so sessions survive restarts.
    """
    env = os.environ if environ is None else environ
    instance_dir = Path(env.get("BIENVENUE_INSTANCE_DIR") or instance_dir or REPO_DIR / "instance")
    mode = env.get("BIENVENUE_ENV", "development").strip().lower()
    if mode not in {"development", "production"}:
        raise ConfigError(f'BIENVENUE_ENV must be "development" or "production", not "{mode}"')
    secret_key = env.get("SECRET_KEY", "").strip()
    if not secret_key:
        if mode == "production":
            raise ConfigError("SECRET_KEY is required in production (a long random string)")
        secret_key = _instance_secret_key(instance_dir)
    database_url = (env.get("DATABASE_URL", "").strip()
                    or f"sqlite:///{instance_dir / 'bienvenue.db'}")
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "ENV_MODE": mode,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(instance_dir),
        "TOWN_FILE": env.get("BIENVENUE_TOWN_FILE") or str(DATA_DIR / "towns" / "villiers.json"),
        #: overrides the town file's "programme" (its places and activities)
        "PROGRAMME_FILE": env.get("BIENVENUE_PROGRAMME_FILE") or "",
        "TIMEZONE": env.get("BIENVENUE_TIMEZONE", "Europe/Paris"),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": env.get("BIENVENUE_TIMEZONE", "Europe/Paris"),
        "LANGUAGES": ("fr", "en", "ar", "uk", "fa", "ps", "tr", "es"),
        #: coordinator pages speak these only
        "STAFF_LANGUAGES": ("fr", "en"),
        "BASE_URL": _base_url(env, mode),
        "MAIL_FROM": env.get("MAIL_FROM", "Bienvenue <bienvenue@localhost>"),
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": _int(env, "SMTP_PORT", 25),
        #: personal links expire after this many days without a visit (web/services/links.py);
        #: LINK_MAX_AGE_DAYS is its former name, still read
        "LINK_IDLE_DAYS": _int(env, "LINK_IDLE_DAYS", _int(env, "LINK_MAX_AGE_DAYS", 90)),
        # Text messages (web/services/sms.py): unset = none sent, they wait in the outbox
        "SMS_GATEWAY": _sms_gateway(env),
        "SMS_API_URL": env.get("SMS_API_URL", "").strip() or "https://api.brevo.com/v3/transactionalSMS/sms",
        "SMS_API_KEY": env.get("SMS_API_KEY", ""),
        "SMS_SENDER": env.get("SMS_SENDER", "").strip() or "Bienvenue",
        #: behind nginx or Caddy: trust one proxy's X-Forwarded-For and -Proto headers
        "BEHIND_PROXY": _bool(env.get("BIENVENUE_BEHIND_PROXY")),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool(env.get("SMTP_STARTTLS")),
        #: one delivery run (jobs/delivery.py) claims this many messages at a time, most
        #: urgent first, and goes on while messages are due for at most this many seconds
        "DELIVERY_BATCH": _int(env, "DELIVERY_BATCH", 50),
        "DELIVERY_BUDGET_SECONDS": _int(env, "DELIVERY_BUDGET_SECONDS", 50),
        # Scheduled jobs (see jobs/registry.py): when the weekly run happens, how long things last
        #: DELIVERY_CRON, MATCHING_CRON, EXPIRY_CRON, FOLLOWUPS_CRON, DIGEST_CRON, RETENTION_CRON
        **_crons(env),
        "PROPOSAL_EXPIRY_DAYS": _int(env, "PROPOSAL_EXPIRY_DAYS", 7),
        "REMINDER_AFTER_DAYS": _int(env, "REMINDER_AFTER_DAYS", 3),
        "RETENTION_MONTHS": _int(env, "RETENTION_MONTHS", 24),
        #: sent (and failed) messages are deleted after this many days (jobs/retention.py)
        "SENT_RETENTION_DAYS": _int(env, "SENT_RETENTION_DAYS", 90),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "WTF_CSRF_ENABLED": True,
        # A form may stay open for hours (a newcomer looking up words): the token lives as
        # long as the session cookie, which lasts 31 days.
        "WTF_CSRF_TIME_LIMIT": None,
        "PERMANENT_SESSION_LIFETIME": 31 * 24 * 3600,
        # Request sizes (web/request_guard.py): a larger body is a 413 page, read no further.
        #: whole body: above the 2 MB files the imports accept, plus the form around them
        "MAX_CONTENT_LENGTH": 3 * 1024 * 1024,
        #: each text field of a multipart form (an urlencoded one is bounded by the line above)
        "MAX_FORM_MEMORY_SIZE": 500_000,
        "MAX_FORM_PARTS": 1000,
        "TESTING": False,
    }
