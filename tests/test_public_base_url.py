"""Links sent out start with the public address: the served one in development, the
configured one (required) in production."""
import os
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import factories
import pytest
from journeys import CSRF_RE, newcomer_form
from sqlalchemy import select

from web.config import ConfigError, load_config
from web.models import OutboxMessage

BIN = os.path.join(os.path.dirname(sys.executable), "bienvenue")


def _post_form(opener, url: str, data: dict) -> None:
    html = opener.open(url).read().decode()
    match = CSRF_RE.search(html)
    assert match is not None, f"no csrf token on {url}"
    body = urlencode({**data, "csrf_token": match.group(1) or match.group(2)}, doseq=True)
    opener.open(url, data=body.encode())


def test_links_sent_during_a_request_start_with_the_served_address(live_server, session):
    factories.load_villiers(session)
    session.commit()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = newcomer_form(session)
    _post_form(opener, live_server + "/arrivee/inscription", form)
    messages = session.scalars(select(OutboxMessage)).all()
    assert messages, "no message queued"
    for message in messages:
        assert f"{live_server}/l/" in message.body
        assert "127.0.0.1:5000" not in message.body


def test_production_requires_the_public_address(tmp_path):
    env = {"BIENVENUE_ENV": "production", "SECRET_KEY": "s" * 50}
    with pytest.raises(ConfigError, match="BIENVENUE_BASE_URL is required in production"):
        load_config(env, instance_dir=tmp_path)
    with pytest.raises(ConfigError, match="BIENVENUE_BASE_URL must start with https://"):
        load_config({**env, "BIENVENUE_BASE_URL": "bienvenue.example.org"}, instance_dir=tmp_path)


def test_serve_refuses_production(cli_env):
    env = {**os.environ, **cli_env, "BIENVENUE_ENV": "production",
           "BIENVENUE_BASE_URL": "https://bienvenue.example.org"}
    result = subprocess.run([BIN, "serve", "--port", "1"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "gunicorn" in result.stderr
