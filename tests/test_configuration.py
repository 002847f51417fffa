"""Configuration comes from the environment, with safe defaults for development only."""
import pytest

from web.config import ConfigError, load_config


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    first = load_config({}, instance_dir=tmp_path)
    second = load_config({}, instance_dir=tmp_path)
    assert len(first["SECRET_KEY"]) >= 40
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is required in production"):
        load_config({"BIENVENUE_ENV": "production"}, instance_dir=tmp_path)
    config = load_config({"BIENVENUE_ENV": "production", "SECRET_KEY": "s" * 50,
                          "BIENVENUE_BASE_URL": "https://bienvenue.example.org/"},
                         instance_dir=tmp_path)
    assert config["BASE_URL"] == "https://bienvenue.example.org"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_in_instance_is_the_default_database(tmp_path):
    config = load_config({}, instance_dir=tmp_path)
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'bienvenue.db'}"


@pytest.mark.parametrize("url", ["postgres://u:p@db/bv", "postgresql://u:p@db/bv"])
def test_postgresql_urls_use_psycopg_3(url, tmp_path):
    config = load_config({"DATABASE_URL": url}, instance_dir=tmp_path)
    assert config["DATABASE_URL"] == "postgresql+psycopg://u:p@db/bv"


def test_unknown_environment_mode_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match='BIENVENUE_ENV must be "development" or "production"'):
        load_config({"BIENVENUE_ENV": "staging"}, instance_dir=tmp_path)


def test_numbers_are_checked_and_named(tmp_path):
    with pytest.raises(ConfigError, match='SMTP_PORT must be a whole number, not "vingt-cinq"'):
        load_config({"SMTP_PORT": "vingt-cinq"}, instance_dir=tmp_path)
    with pytest.raises(ConfigError, match="LINK_MAX_AGE_DAYS must be at least 1"):
        load_config({"LINK_MAX_AGE_DAYS": "0"}, instance_dir=tmp_path)
    assert load_config({"LINK_MAX_AGE_DAYS": "7"}, instance_dir=tmp_path)["LINK_IDLE_DAYS"] == 7
    with pytest.raises(ConfigError, match="LINK_IDLE_DAYS must be at least 1"):
        load_config({"LINK_IDLE_DAYS": "0"}, instance_dir=tmp_path)
    assert load_config({}, instance_dir=tmp_path)["LINK_IDLE_DAYS"] == 90


def test_the_sms_gateway_is_checked(tmp_path):
    assert load_config({}, instance_dir=tmp_path)["SMS_GATEWAY"] == ""
    with pytest.raises(ConfigError, match='SMS_GATEWAY must be empty or "http", not "ovh"'):
        load_config({"SMS_GATEWAY": "ovh"}, instance_dir=tmp_path)
    with pytest.raises(ConfigError, match="SMS_API_KEY is required"):
        load_config({"SMS_GATEWAY": "http"}, instance_dir=tmp_path)
