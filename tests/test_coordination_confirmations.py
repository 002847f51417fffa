"""Bulk or irreversible coordinator actions ask first, saying what and how many: the first
post changes nothing, the "Yes" of the confirmation page does it (web.views.coordinators.confirm).
Activities, outings and the engine's defaults are checked in their own tests."""
from account_helpers import PAGE, csrf_token, reload
from sqlalchemy import select

from web.models import AuditEntry


def test_deactivating_an_account_is_confirmed_first(admin_client, session, claire):
    url = f"{PAGE}/{claire.id}/desactiver"
    asked = admin_client.post(url, data={"csrf_token": csrf_token(admin_client, PAGE)})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Désactiver le compte de Claire Martin ?" in page
    assert "ne pourra plus se connecter" in page
    assert 'name="confirm" value="yes"' in page and f'href="{PAGE}#compte-{claire.id}"' in page
    assert reload(session, claire).active
    assert session.scalars(select(AuditEntry).where(
        AuditEntry.action == "coordinator.deactivated")).all() == []
    done = admin_client.post(url, data={"csrf_token": csrf_token(admin_client, PAGE),
                                        "confirm": "yes"})
    assert done.status_code == 302
    assert not reload(session, claire).active


def test_without_the_csrf_token_nothing_is_asked_nor_done(admin_client, session, claire):
    response = admin_client.post(f"{PAGE}/{claire.id}/desactiver", data={"confirm": "yes"})
    assert response.status_code == 400
    assert reload(session, claire).active
