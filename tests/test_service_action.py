"""One way for a view to call a service (web.views.actions.service_action), seen through a
real page: the success is committed and said, the refusal rolled back and said; and the one
pager keeps each list's links as they were."""
import re
from datetime import timedelta

import factories
from conftest import NOW
from journeys import csrf
from sqlalchemy import select

from web.models import AuditEntry, MatchRun, Newcomer
from web.services import audit


def pause(client, newcomer_id: int):
    url = f"/coordination/arrivants/{newcomer_id}"
    return client.post(url + "/pause", data={"paused": "1", "csrf_token": csrf(client, url)})


def paused_entries(session) -> int:
    return len(session.scalars(select(AuditEntry).where(
        AuditEntry.action == "newcomer.paused")).all())


def test_a_service_that_succeeds_is_committed_and_said(claire_client, session):
    newcomer = factories.newcomer(session, first_name="Amina")
    session.commit()
    response = pause(claire_client, newcomer.id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordination/arrivants/{newcomer.id}")
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).status == "paused"
    assert paused_entries(session) == 1
    page = claire_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Amina est en pause." in page


def test_a_service_that_refuses_is_rolled_back_and_said(claire_client, session):
    newcomer = factories.newcomer(session, first_name="Amina", status="withdrawn")
    session.commit()
    response = pause(claire_client, newcomer.id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordination/arrivants/{newcomer.id}")
    session.expire_all()
    assert session.get(Newcomer, newcomer.id).status == "withdrawn"
    assert paused_entries(session) == 0
    page = claire_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seul un arrivant en attente peut être mis en pause." in page
    assert "Amina est en pause." not in page


def hrefs(html: str, rel: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(rf'<a href="([^"]+)" rel="{rel}"', html)]


def test_the_audit_log_pager_keeps_the_search_after_the_page(claire_client, session):
    for n in range(51):
        audit.record(session, NOW + timedelta(seconds=n), "newcomer.note_added",
                     actor="coordinator:1", target_type="newcomer", target_id=n)
    session.commit()
    html = claire_client.get("/coordination/journal?q=note").get_data(as_text=True)
    assert "Page 1 sur 2" in html
    assert hrefs(html, "next") == ["/coordination/journal?page=2&q=note"]
    html = claire_client.get("/coordination/journal?q=note&page=2").get_data(as_text=True)
    assert hrefs(html, "prev") == ["/coordination/journal?page=1&q=note"]
    assert "Plus anciennes" not in html


def test_the_runs_pager_links_only_the_page(claire_client, session):
    for n in range(21):
        started = NOW - timedelta(days=n)
        session.add(MatchRun(started_at=started, status="done", trigger="schedule",
                             week=f"{started.isocalendar().year}-W{started.isocalendar().week:02d}"))
    session.commit()
    html = claire_client.get("/coordination/passages?autre=1").get_data(as_text=True)
    assert hrefs(html, "next") == ["/coordination/passages?page=2"]
    assert "Plus anciens →" in html
