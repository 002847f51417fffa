"""The audit log page: newest first, 50 a page, searchable and filtered by date."""
import re
from datetime import timedelta

import pytest
from conftest import NOW
from journeys import log_in_coordinator

from web.models import AuditEntry

PASSWORD = "correct horse battery"
JOURNAL = "/coordination/journal"


@pytest.fixture
def logged_in(client, claire, monkeypatch):
    """The client logged in through the login form, with the clock at NOW."""
    monkeypatch.setattr("web.clock.utcnow", lambda: NOW)
    return log_in_coordinator(client, "claire@villiers.example", PASSWORD)


def entry(session, n, **fields):
    """Entry n, n hours before NOW (so a lower n is newer)."""
    values = dict(at=NOW - timedelta(hours=n), action=f"test.action{n:03d}", actor="system",
                  target_type="newcomer", target_id=n)
    values.update(fields)
    session.add(AuditEntry(**values))


def actions(page: str) -> list[str]:
    return re.findall(r"<code>test\.(\w+)</code>", page)


def test_newest_first_fifty_a_page(logged_in, session):
    for n in range(1, 119):
        entry(session, n)
    session.commit()
    first = logged_in.get(JOURNAL).get_data(as_text=True)
    # The account's creation and the login, both at NOW, are the newest entries.
    assert re.findall(r"<code>([\w.]+)</code>", first)[:2] == [
        "coordinator.login", "coordinator.created"]
    assert actions(first) == [f"action{n:03d}" for n in range(1, 49)]
    assert "120 entrées" in first
    assert "Page 1 sur 3" in first and 'rel="prev"' not in first
    assert "/coordination/journal?page=2" in first
    last = logged_in.get(JOURNAL + "?page=3").get_data(as_text=True)
    assert actions(last) == [f"action{n:03d}" for n in range(99, 119)]
    assert 'rel="next"' not in last
    beyond = logged_in.get(JOURNAL + "?page=99").get_data(as_text=True)
    assert actions(beyond) == actions(last)


def test_search_by_action_actor_target_and_coordinator(logged_in, session, claire):
    entry(session, 1, action="proposal.sent", actor="system", target_type="proposal",
          target_id=7)
    entry(session, 2, action="volunteer.vetted", actor="coordinator", coordinator_id=claire.id,
          target_type="volunteer", target_id=7)
    entry(session, 3, action="newcomer.paused", actor="newcomer:12", target_type="newcomer",
          target_id=12)
    session.commit()

    def found(**query) -> list[str]:
        page = logged_in.get(JOURNAL, query_string=query).get_data(as_text=True)
        return re.findall(r"<code>([\w.]+)</code>", page)

    assert found(q="proposal") == ["proposal.sent"]
    assert found(q="newcomer:12") == ["newcomer.paused"]
    assert found(target_type="volunteer") == ["volunteer.vetted"]
    assert found(target_id="7") == ["proposal.sent", "volunteer.vetted"]
    assert found(coordinator=str(claire.id))[-1] == "volunteer.vetted"
    assert "proposal.sent" not in found(coordinator=str(claire.id))
    assert found(q="nothing-like-it") == []
    page = logged_in.get(JOURNAL, query_string={"q": "vetted"}).get_data(as_text=True)
    assert "Claire Martin" in page
    assert "1 entrée" in page


def test_filter_by_date_range_keeps_the_criteria_in_the_pages(logged_in, session):
    for n in range(1, 121):
        entry(session, n * 24, action=f"test.day{n:03d}")  # one a day before NOW
    session.commit()
    # NOW is 2026-11-23 09:00: day n is on 2026-11-23 minus n days.
    page = logged_in.get(JOURNAL, query_string={"start": "2026-11-20", "end": "2026-11-22"})
    text = page.get_data(as_text=True)
    assert actions(text) == ["day001", "day002", "day003"]
    wide = logged_in.get(JOURNAL, query_string={"start": "2026-07-01", "q": "day"})
    text = wide.get_data(as_text=True)
    assert "Page 1 sur 3" in text
    assert "start=2026-07-01" in text and "q=day" in text and "page=2" in text
    assert logged_in.get(JOURNAL, query_string={"start": "not a date"}).status_code == 200


def test_journal_needs_a_login(client):
    response = client.get(JOURNAL)
    assert response.status_code == 302
    assert "/coordination/connexion" in response.headers["Location"]
