"""Coordinators' login: passwords, rate limiting, sessions that expire, access control."""
from datetime import timedelta

import pytest
from conftest import NOW
from journeys import regex_group
from sqlalchemy import select

from web.models import AuditEntry, Coordinator, LoginAttempt
from web.services import auth
from web.services.accounts import create_coordinator
from web.views.coordinators.access import admin_required

PASSWORD = "correct horse battery"
LOGIN = "/coordination/connexion"
DASHBOARD = "/coordination/"
SAME_MESSAGE = "Adresse e-mail ou mot de passe incorrect."
LOCKED_MESSAGE = "Trop de tentatives de connexion"


class Clock:
    """Stands in for web.clock.utcnow; tests move `now`."""

    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr("web.clock.utcnow", fake)
    return fake


@pytest.fixture
def claire(session):
    account = create_coordinator(session, NOW, "Claire.Martin@villiers.example", PASSWORD,
                                 name="Claire Martin")
    session.commit()
    return account


def csrf_token(client, url=LOGIN) -> str:
    """The CSRF token of the form on `url` (or on the page it redirects to)."""
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    return regex_group(r'name="csrf_token"[^>]*value="([^"]+)"', page)


def log_in(client, email, password, next_url=None, ip="127.0.0.1"):
    """Submit the login form as a browser would, token included."""
    token = csrf_token(client)
    return client.post(LOGIN, query_string={"next": next_url} if next_url else None,
                       data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def is_logged_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_login_opens_the_dashboard_and_is_recorded(client, session, claire, clock):
    response = log_in(client, "  claire.martin@VILLIERS.example ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == DASHBOARD
    page = client.get(DASHBOARD).get_data(as_text=True)
    assert "Bonjour Claire Martin" in page
    assert 'href="/coordination/messages"' in page
    assert 'href="/coordination/mot-de-passe"' in page
    session.expire_all()
    account = session.get(Coordinator, claire.id)
    assert account.last_login_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
    actions = session.scalars(select(AuditEntry.action)
                              .where(AuditEntry.coordinator_id == claire.id)).all()
    assert "coordinator.login" in actions
    attempt = session.scalars(select(LoginAttempt)).one()
    assert (attempt.email, attempt.succeeded, attempt.refused) == (
        "claire.martin@villiers.example", True, False)


def test_wrong_password_and_unknown_address_get_the_same_answer(client, claire, clock):
    wrong = log_in(client, "claire.martin@villiers.example", "not the password")
    unknown = log_in(client, "nobody@villiers.example", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert SAME_MESSAGE in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_empty_fields_are_explained_next_to_them(client, clock):
    token = csrf_token(client)
    page = client.post(LOGIN, data={"csrf_token": token, "email": "", "password": ""}
                       ).get_data(as_text=True)
    assert '<p class="field-error" id="email-error">Indiquez votre adresse e-mail.</p>' in page
    assert 'aria-describedby="email-error"' in page
    assert 'aria-invalid="true"' in page
    assert '<label for="password">Mot de passe</label>' in page


def test_next_is_followed_only_when_it_is_a_local_path(client, claire, clock):
    anonymous = client.get("/coordination/messages?status=failed")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith(LOGIN + "?next=")
    response = log_in(client, claire.email, PASSWORD,
                      next_url="/coordination/messages?status=failed")
    assert response.headers["Location"] == "/coordination/messages?status=failed"
    client.post("/coordination/deconnexion", data={"csrf_token": csrf_token(client, DASHBOARD)})
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = log_in(client, claire.email, PASSWORD, next_url=target)
        assert response.headers["Location"] == DASHBOARD
        client.post("/coordination/deconnexion",
                    data={"csrf_token": csrf_token(client, DASHBOARD)})


def test_sixth_attempt_is_refused_even_with_the_right_password(client, session, claire, clock):
    for _ in range(5):
        assert SAME_MESSAGE in log_in(client, claire.email, "wrong password").get_data(as_text=True)
    response = log_in(client, claire.email, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.get_data(as_text=True)
    assert not is_logged_in(client)
    attempts = session.scalars(select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(a.succeeded, a.refused) for a in attempts] == [(False, False)] * 5 + [(False, True)]

    # Still refused ten minutes later, and refused tries do not extend the lock-out.
    clock.now = NOW + timedelta(minutes=10)
    assert log_in(client, claire.email, PASSWORD).status_code == 429
    clock.now = NOW + timedelta(minutes=15, seconds=1)
    assert log_in(client, claire.email, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_locked_address_does_not_lock_colleagues(client, session, claire, clock):
    create_coordinator(session, NOW, "paul@villiers.example", PASSWORD)
    session.commit()
    for _ in range(6):
        log_in(client, claire.email, "wrong password")
    assert log_in(client, "paul@villiers.example", PASSWORD).status_code == 302


def test_a_success_resets_the_count_for_that_address(client, claire, clock):
    for _ in range(4):
        log_in(client, claire.email, "wrong password")
    assert log_in(client, claire.email, PASSWORD).status_code == 302
    client.post("/coordination/deconnexion", data={"csrf_token": csrf_token(client, DASHBOARD)})
    clock.now = NOW + timedelta(seconds=1)
    for _ in range(4):
        log_in(client, claire.email, "wrong password")
    assert log_in(client, claire.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_block_it(client, claire, clock):
    for n in range(20):
        log_in(client, f"guess{n}@villiers.example", "wrong password", ip="203.0.113.9")
    response = log_in(client, claire.email, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert log_in(client, claire.email, PASSWORD, ip="198.51.100.4").status_code == 302


def test_inactive_account_is_refused(client, session, claire, clock):
    log_in(client, claire.email, PASSWORD)
    assert is_logged_in(client)
    session.get(Coordinator, claire.id).active = False
    session.commit()
    # An open session stops working at once...
    assert client.get(DASHBOARD).status_code == 302
    # ...and a new login is refused.
    response = log_in(client, claire.email, PASSWORD)
    assert response.status_code == 200
    assert "Ce compte est désactivé." in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_logout_needs_a_post_with_its_csrf_token(client, session, claire, clock):
    log_in(client, claire.email, PASSWORD)
    assert client.get("/coordination/deconnexion").status_code == 405
    assert client.post("/coordination/deconnexion").status_code == 400
    forged = client.post("/coordination/deconnexion", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert is_logged_in(client)
    token = csrf_token(client, DASHBOARD)
    response = client.post("/coordination/deconnexion", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN
    assert "Vous êtes déconnecté·e." in client.get(LOGIN).get_data(as_text=True)
    assert not is_logged_in(client)
    actions = session.scalars(select(AuditEntry.action)).all()
    assert "coordinator.logout" in actions


def test_session_ends_after_two_idle_hours(client, claire, clock):
    log_in(client, claire.email, PASSWORD)
    clock.now = NOW + timedelta(minutes=119)
    assert is_logged_in(client)
    clock.now += timedelta(minutes=119)
    assert is_logged_in(client)
    clock.now += timedelta(minutes=121)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)
    assert "Votre session a expiré." in client.get(LOGIN).get_data(as_text=True)
    assert not is_logged_in(client)


def test_session_ends_twelve_hours_after_login_however_active(client, claire, clock):
    log_in(client, claire.email, PASSWORD)
    for _ in range(11):
        clock.now += timedelta(hours=1)
        assert is_logged_in(client)
    clock.now = NOW + timedelta(hours=11, minutes=59)
    assert is_logged_in(client)
    clock.now = NOW + timedelta(hours=12, minutes=1)
    assert not is_logged_in(client)


def test_session_limits_come_from_the_configuration(app, client, claire, clock):
    app.config["COORDINATOR_IDLE_MINUTES"] = 5
    log_in(client, claire.email, PASSWORD)
    clock.now = NOW + timedelta(minutes=6)
    assert not is_logged_in(client)


def test_logging_in_starts_a_new_session(client, claire, clock):
    client.get("/langue/en")
    with client.session_transaction() as cookie:
        cookie["planted"] = "by an attacker"
    log_in(client, claire.email, PASSWORD)
    with client.session_transaction() as cookie:
        assert "planted" not in cookie
        assert cookie["lang"] == "en"
        assert cookie["coordinator_id"] == claire.id


PASSWORD_PAGE = "/coordination/mot-de-passe"


def change_password(client, current, new, confirm):
    token = csrf_token(client, PASSWORD_PAGE)
    return client.post(PASSWORD_PAGE, data={"csrf_token": token, "current": current,
                                            "new": new, "confirm": confirm})


def test_password_change(app, client, session, claire, clock):
    log_in(client, claire.email, PASSWORD)
    other_device = app.test_client()
    log_in(other_device, claire.email, PASSWORD)

    page = change_password(client, "not my password", "a brand new secret", "a brand new secret")
    assert "Ce n&#39;est pas votre mot de passe actuel." in page.get_data(as_text=True)
    page = change_password(client, PASSWORD, "a brand new secret", "a brand new secreT")
    assert "Les deux nouveaux mots de passe ne sont pas identiques." in page.get_data(as_text=True)
    page = change_password(client, PASSWORD, "short", "short")
    assert "Au moins 10 caractères" in page.get_data(as_text=True)
    assert 'aria-describedby="new-hint new-error"' in page.get_data(as_text=True)

    response = change_password(client, PASSWORD, "a brand new secret", "a brand new secret")
    assert response.status_code == 302
    assert "Votre mot de passe a été changé." in client.get(DASHBOARD).get_data(as_text=True)
    # Sessions opened elsewhere with the old password end.
    assert not is_logged_in(other_device)
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("coordinator.password_changed") == 1

    client.post("/coordination/deconnexion", data={"csrf_token": csrf_token(client, DASHBOARD)})
    assert SAME_MESSAGE in log_in(client, claire.email, PASSWORD).get_data(as_text=True)
    assert log_in(client, claire.email, "a brand new secret").status_code == 302


def test_every_coordinator_page_refuses_anonymous_visitors(app, client):
    adapter = app.url_map.bind("localhost")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("coordinators.") or rule.endpoint == "coordinators.login":
            continue
        if "GET" not in rule.methods:
            continue
        url = adapter.build(rule.endpoint, {name: 1 for name in rule.arguments})
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith(LOGIN + "?next="), url
        checked += 1
    assert checked >= 4


def test_admin_pages_tell_coordinators_they_are_reserved(app, client, session, claire, clock):
    app.add_url_rule("/test-admin-only", "test_admin_only",
                     admin_required(lambda: "admin page"))
    create_coordinator(session, NOW, "admin@villiers.example", PASSWORD, role="admin")
    session.commit()
    assert client.get("/test-admin-only").headers["Location"].startswith(LOGIN)
    log_in(client, claire.email, PASSWORD)
    response = client.get("/test-admin-only")
    assert response.status_code == 403
    assert "Accès réservé aux administrateurs" in response.get_data(as_text=True)
    client.get("/langue/en")
    response = client.get("/test-admin-only")
    assert response.status_code == 403
    assert '<html lang="en" dir="ltr">' in response.get_data(as_text=True)
    admin = app.test_client()
    log_in(admin, "admin@villiers.example", PASSWORD)
    assert admin.get("/test-admin-only").get_data(as_text=True) == "admin page"


def test_old_attempts_can_be_purged(client, session, claire, clock):
    log_in(client, claire.email, "wrong password")
    clock.now = NOW + timedelta(days=31)
    log_in(client, claire.email, "wrong password")
    assert auth.purge_attempts(session, clock.now) == 1
    session.commit()
    assert [a.at.replace(tzinfo=None) for a in session.scalars(select(LoginAttempt))] == [
        clock.now.replace(tzinfo=None)]


def test_behind_a_proxy_the_limit_counts_the_clients_address(app_config):
    from web import create_app

    app = create_app({**app_config, "BEHIND_PROXY": True})
    seen = []

    @app.get("/test-remote-addr")
    def remote_addr():
        from flask import request
        seen.append(request.remote_addr)
        return "ok"

    app.test_client().get("/test-remote-addr", headers={"X-Forwarded-For": "203.0.113.7"})
    app.extensions["db_engine"].dispose()
    assert seen == ["203.0.113.7"]
