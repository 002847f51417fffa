"""The outbox page: every e-mail the app wrote, paginated, filtered, searchable, readable."""
import re
from datetime import timedelta

from conftest import NOW

from web.models import OutboxMessage

OUTBOX = "/coordination/messages"


def message(session, n, **fields) -> OutboxMessage:
    """Message number n, written n minutes after NOW (so higher n is newer)."""
    values = dict(kind="proposal_to_volunteer", to_address=f"person{n}@example.org",
                  to_name=f"Person {n}", locale="fr", subject=f"Sujet numéro {n:03d}",
                  body=f"Bonjour,\n\nCeci est le message {n}.", status="pending",
                  created_at=NOW + timedelta(minutes=n), next_attempt_at=NOW)
    values.update(fields)
    row = OutboxMessage(**values)
    session.add(row)
    return row


def subjects(page: str) -> list[str]:
    return re.findall(r"Sujet numéro (\d{3})[^<]*</a>", page)


def test_messages_newest_first_fifty_a_page(claire_client, session):
    for n in range(1, 121):
        message(session, n)
    session.commit()
    first = claire_client.get(OUTBOX).get_data(as_text=True)
    assert subjects(first) == [f"{n:03d}" for n in range(120, 70, -1)]
    assert "120 messages" in first
    assert "Page 1 sur 3" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first

    second = claire_client.get(OUTBOX + "?page=2").get_data(as_text=True)
    assert subjects(second) == [f"{n:03d}" for n in range(70, 20, -1)]
    assert 'href="/coordination/messages?page=1" rel="prev"' in second
    assert 'href="/coordination/messages?page=3" rel="next"' in second

    last = claire_client.get(OUTBOX + "?page=3").get_data(as_text=True)
    assert subjects(last) == [f"{n:03d}" for n in range(20, 0, -1)]
    assert "Page 3 sur 3" in last and 'rel="next"' not in last
    # A page number out of range or not a number shows the nearest real page.
    assert subjects(claire_client.get(OUTBOX + "?page=99").get_data(as_text=True)) == subjects(last)
    wrong_page = claire_client.get(OUTBOX + "?page=abc").get_data(as_text=True)
    assert subjects(wrong_page) == subjects(first)


def test_filter_by_status_keeps_the_filter_across_pages(claire_client, session):
    for n in range(1, 56):
        message(session, n, status="failed", attempts=5, last_error="550 mailbox unavailable")
    message(session, 60, status="sent", sent_at=NOW)
    message(session, 61, status="pending")
    session.commit()
    failed = claire_client.get(OUTBOX + "?status=failed").get_data(as_text=True)
    assert "55 messages" in failed
    assert len(subjects(failed)) == 50
    assert 'href="/coordination/messages?status=failed&amp;page=2" rel="next"' in failed
    assert '<option value="failed" selected>' in failed
    sent = claire_client.get(OUTBOX + "?status=sent").get_data(as_text=True)
    assert subjects(sent) == ["060"]
    assert "1 message" in sent
    pending = claire_client.get(OUTBOX + "?status=pending").get_data(as_text=True)
    assert subjects(pending) == ["061"]
    # An unknown status shows everything.
    assert "57 messages" in claire_client.get(OUTBOX + "?status=lost").get_data(as_text=True)


def test_search_by_recipient_or_subject_ignoring_case(claire_client, session):
    message(session, 1, to_address="amina.benali@example.org", to_name="Amina")
    message(session, 2, to_name="Jean DUPONT")
    message(session, 3, subject="Sujet numéro 003 : votre binôme")
    message(session, 4, to_address="100%_sure@example.org")
    session.commit()
    assert subjects(claire_client.get(OUTBOX + "?q=BENALI").get_data(as_text=True)) == ["001"]
    assert subjects(claire_client.get(OUTBOX + "?q=dupont").get_data(as_text=True)) == ["002"]
    assert subjects(claire_client.get(OUTBOX + "?q=Votre binôme").get_data(as_text=True)) == ["003"]
    # LIKE wildcards typed in the box are taken literally.
    assert subjects(claire_client.get(OUTBOX + "?q=0%25_").get_data(as_text=True)) == ["004"]
    page = claire_client.get(OUTBOX + "?q=nobody-here").get_data(as_text=True)
    assert "Aucun message ne correspond à ces critères." in page
    assert 'value="nobody-here"' in page


def test_search_and_status_combine(claire_client, session):
    message(session, 1, to_name="Amina", status="sent", sent_at=NOW)
    message(session, 2, to_name="Amina", status="pending")
    session.commit()
    page = claire_client.get(OUTBOX + "?status=sent&q=amina").get_data(as_text=True)
    assert subjects(page) == ["001"]


def test_empty_outbox(claire_client):
    page = claire_client.get(OUTBOX).get_data(as_text=True)
    assert "0 message" in page
    assert "Aucun message pour l'instant." in page
    assert 'class="pagination"' not in page


def test_a_message_in_full(claire_client, session):
    body = "Bonjour Claire,\n\nAmina aimerait vous rencontrer.\n<script>alert(1)</script>\n"
    row = message(session, 1, subject="Une proposition de binôme", to_name="Claire Martin",
                  to_address="claire@example.org", locale="en", body=body, status="failed",
                  attempts=3, last_error="Connection refused")
    session.commit()
    listing = claire_client.get(OUTBOX).get_data(as_text=True)
    assert f'href="/coordination/messages/{row.id}"' in listing
    page = claire_client.get(f"{OUTBOX}/{row.id}").get_data(as_text=True)
    assert "<h1>Une proposition de binôme</h1>" in page
    assert "Claire Martin &lt;claire@example.org&gt;" in page
    assert "anglais" in page
    assert "Échec" in page
    assert "<dd>3</dd>" in page
    assert "Connection refused" in page
    assert ('<pre class="message-body" lang="en">Bonjour Claire,\n\nAmina aimerait vous '
            'rencontrer.\n&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>') in page


def test_unknown_message_is_not_found(claire_client):
    response = claire_client.get(OUTBOX + "/999999")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_outbox_needs_a_login(client, session):
    message(session, 1)
    session.commit()
    for url in (OUTBOX, OUTBOX + "/1"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/coordination/connexion?next=")


def test_navigation_marks_the_current_page(claire_client):
    page = claire_client.get(OUTBOX).get_data(as_text=True)
    assert "<a href=\"/coordination/messages\" aria-current=\"page\">Boîte d'envoi</a>" in page
    assert '<a href="/coordination/">Accueil</a>' in page
