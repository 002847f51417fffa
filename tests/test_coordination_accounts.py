"""Admins manage coordinator accounts on /coordination/comptes."""

import pytest
from account_helpers import PAGE, csrf_token, log_in, reload
from conftest import NOW, PASSWORD
from sqlalchemy import select

from web.models import AuditEntry, Coordinator
from web.services import ServiceError, accounts
from web.services.accounts import create_coordinator

DASHBOARD = "/coordination/"
LAST_ADMIN = "C&#39;est le dernier compte administrateur actif"
NOT_YOURSELF = "Vous ne pouvez pas retirer vos propres droits d&#39;administration"


def is_logged_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def create(client, **fields):
    data = {"csrf_token": csrf_token(client, PAGE), "email": "new@villiers.example",
            "name": "Nadia Nouvelle", "role": "coordinator", "password": "a long first secret"}
    data.update(fields)
    return client.post(PAGE, data=data)


def post_action(client, account_id, action, **data):
    return client.post(f"{PAGE}/{account_id}/{action}",
                       data={"csrf_token": csrf_token(client, PAGE), **data},
                       follow_redirects=True)


def test_coordinators_get_403_and_no_nav_entry(client, admin, claire):
    log_in(client, claire.email)
    assert 'href="/coordination/comptes"' not in client.get(DASHBOARD).get_data(as_text=True)
    assert client.get(PAGE).status_code == 403
    response = client.post(f"{PAGE}/{admin.id}/desactiver",
                           data={"csrf_token": csrf_token(client, DASHBOARD)})
    assert response.status_code == 403


def test_admin_sees_the_list(admin_client, admin, claire):
    page = admin_client.get(DASHBOARD).get_data(as_text=True)
    assert 'href="/coordination/comptes"' in page
    page = admin_client.get(PAGE).get_data(as_text=True)
    assert "claire@villiers.example" in page and "Anne Admin" in page
    assert "Jamais" in page  # Claire never logged in
    assert '<label for="password">Mot de passe initial</label>' in page
    # No buttons on one's own row; buttons on the others'.
    assert f'action="/coordination/comptes/{admin.id}/desactiver"' not in page
    assert f'action="/coordination/comptes/{claire.id}/desactiver"' in page


def test_create_account_then_it_can_log_in(app, admin_client, session, admin):
    response = create(admin_client, email=" New@Villiers.example ", role="admin")
    assert response.status_code == 302
    page = admin_client.get(PAGE).get_data(as_text=True)
    assert "Compte créé pour Nadia Nouvelle" in page
    account = session.scalars(select(Coordinator)
                              .where(Coordinator.email == "new@villiers.example")).one()
    assert (account.name, account.role, account.active) == ("Nadia Nouvelle", "admin", True)
    entry = session.scalars(select(AuditEntry)
                            .where(AuditEntry.action == "coordinator.created",
                                   AuditEntry.target_id == account.id)).one()
    assert entry.coordinator_id == admin.id
    newcomer = app.test_client()
    assert log_in(newcomer, "new@villiers.example", "a long first secret").status_code == 302
    assert is_logged_in(newcomer)


def test_duplicate_email_and_short_password_are_explained_beside_the_fields(
        admin_client, session, claire):
    response = create(admin_client, email="CLAIRE@villiers.example", name="Claire Bis")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ('<p class="field-error" id="email-error">'
            'Un compte existe déjà avec cette adresse e-mail.</p>') in page
    assert 'value="Claire Bis"' in page  # typed values kept
    assert 'value="CLAIRE@villiers.example"' in page
    response = create(admin_client, password="short")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="password-error">Au moins 10 caractères' in page
    assert 'aria-describedby="password-hint password-error"' in page
    response = create(admin_client, email="not an address")
    assert "Indiquez une adresse e-mail comme nom@exemple.fr." in response.get_data(as_text=True)
    assert session.scalars(select(Coordinator.email)).all().count("new@villiers.example") == 0


def test_create_needs_the_csrf_token(admin_client, session):
    response = admin_client.post(PAGE, data={"email": "x@villiers.example", "name": "X",
                                             "role": "coordinator",
                                             "password": "a long first secret"})
    assert response.status_code == 400
    assert session.scalar(select(Coordinator).where(Coordinator.email == "x@villiers.example")
                          ) is None


def test_role_change_is_audited_and_takes_effect(app, admin_client, session, admin, claire):
    page = post_action(admin_client, claire.id, "role", role="admin").get_data(as_text=True)
    assert "Claire Martin est maintenant administrateur ou administratrice." in page
    assert reload(session, claire).role == "admin"
    claire_client = app.test_client()
    log_in(claire_client, claire.email)
    assert claire_client.get(PAGE).status_code == 200
    post_action(admin_client, claire.id, "role", role="coordinator")
    assert reload(session, claire).role == "coordinator"
    assert claire_client.get(PAGE).status_code == 403
    entries = session.scalars(select(AuditEntry)
                              .where(AuditEntry.action == "coordinator.role_changed")
                              .order_by(AuditEntry.id)).all()
    assert [(e.coordinator_id, e.target_id, e.details["role"]) for e in entries] == [
        (admin.id, claire.id, "admin"), (admin.id, claire.id, "coordinator")]


def test_deactivated_account_cannot_log_in_and_its_session_ends(
        app, admin_client, session, admin, claire):
    claire_client = app.test_client()
    log_in(claire_client, claire.email)
    assert is_logged_in(claire_client)
    page = post_action(admin_client, claire.id, "desactiver", confirm="yes").get_data(as_text=True)
    assert "Le compte de Claire Martin est désactivé." in page
    assert not reload(session, claire).active
    assert not is_logged_in(claire_client)
    page = log_in(claire_client, claire.email).get_data(as_text=True)
    assert "Ce compte est désactivé." in page
    assert not is_logged_in(claire_client)

    page = post_action(admin_client, claire.id, "reactiver").get_data(as_text=True)
    assert "Le compte de Claire Martin est réactivé." in page
    assert log_in(claire_client, claire.email).status_code == 302
    actions = session.scalars(select(AuditEntry.action)
                              .where(AuditEntry.coordinator_id == admin.id,
                                     AuditEntry.target_id == claire.id)).all()
    assert "coordinator.deactivated" in actions and "coordinator.reactivated" in actions


def test_admin_cannot_demote_or_deactivate_themselves(admin_client, session, admin):
    create_coordinator(session, NOW, "bob@villiers.example", PASSWORD, name="Bob", role="admin")
    session.commit()
    for action, data in (("desactiver", {"confirm": "yes"}), ("role", {"role": "coordinator"})):
        page = post_action(admin_client, admin.id, action, **data).get_data(as_text=True)
        assert NOT_YOURSELF in page
        assert 'class="notice notice-error"' in page or "notice-error" in page
    account = reload(session, admin)
    assert (account.role, account.active) == ("admin", True)


def test_the_last_active_admin_is_protected(admin_client, session, admin, claire):
    for action, data in (("desactiver", {"confirm": "yes"}), ("role", {"role": "coordinator"})):
        page = post_action(admin_client, admin.id, action, **data).get_data(as_text=True)
        assert LAST_ADMIN in page
    account = reload(session, admin)
    assert (account.role, account.active) == ("admin", True)
    admin_client.get("/langue/en")
    page = post_action(admin_client, admin.id, "desactiver", confirm="yes").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert session.scalars(select(AuditEntry).where(AuditEntry.action.in_(
        ["coordinator.deactivated", "coordinator.role_changed"]))).all() == []


def test_service_never_leaves_no_active_admin(session, admin, claire):
    """Even called by another admin, the last active admin cannot be demoted or deactivated."""
    other = create_coordinator(session, NOW, "bob@villiers.example", PASSWORD, role="admin")
    session.flush()
    assert accounts.set_active(session, NOW, admin, other, False)
    with pytest.raises(ServiceError):
        accounts.set_role(session, NOW, other, admin, "coordinator")
    with pytest.raises(ServiceError):
        accounts.set_active(session, NOW, other, admin, False)
    session.rollback()
