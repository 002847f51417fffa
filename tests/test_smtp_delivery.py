"""Delivery over a real local SMTP server (aiosmtpd): sent once, retried, never lost."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from conftest import NOW
from smtp_helpers import free_port
from sqlalchemy import select

from web import create_app
from web.models import OutboxMessage
from web.services.delivery import deliver_due, message_id, smtp_settings
from web.services.outbox import queue_email
from web.services.priorities import priority_for

MAIL_FROM = "Bienvenue à Villiers <bienvenue@villiers.example>"
NOTHING = {"sent": 0, "retried": 0, "failed": 0, "skipped": 0, "waiting": 0}


def _configure(app, port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM=MAIL_FROM)
    return smtp_settings(app.config)


def _queue_link(app, session, address="amina@example.org", name="Amina", locale="fr"):
    with app.app_context():
        message = queue_email(session, NOW, kind="link", to_address=address, to_name=name,
                              locale=locale, context={"link_url": "https://b.example/p/x",
                                                      "expires_days": 30})
    session.commit()
    return message.id


def _row(session, message_id):
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def _utc(value):
    return value.replace(tzinfo=NOW.tzinfo) if value.tzinfo is None else value


def _deliver(app, now, settings, **options):
    return deliver_due(app.extensions["db_sessionmaker"], now, settings, **options)


def test_queued_message_is_delivered_once_with_utf8_text_and_headers(app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    link_id = _queue_link(app, session, address="zoe@example.org", name="Zoé Lefèvre")
    # delivery sends any outbox row: this one has accents in its subject too
    accented = OutboxMessage(kind="link", to_address="jose@example.org", to_name="José Müller",
                             locale="fr", subject="Binôme trouvé à Villiers : réunion prévue",
                             body="Très bien, à bientôt ! Œuvre, façade, naïf.\n",
                             created_at=NOW - timedelta(hours=1), next_attempt_at=NOW,
                             priority=priority_for("link"))  # as queue_email sets it
    session.add(accented)
    session.commit()

    assert _deliver(app, NOW, settings) == dict(NOTHING, sent=2)
    assert _deliver(app, NOW + timedelta(hours=1), settings) == NOTHING

    first, second = mailbox.messages()  # oldest first
    assert [e.rcpt_tos for e in mailbox.envelopes] == [["jose@example.org"], ["zoe@example.org"]]
    assert {e.mail_from for e in mailbox.envelopes} == {"bienvenue@villiers.example"}
    assert first["Subject"] == "Binôme trouvé à Villiers : réunion prévue"
    assert first.get_content() == "Très bien, à bientôt ! Œuvre, façade, naïf.\n"
    assert first.get_content_type() == "text/plain"
    assert first.get_content_charset() == "utf-8"
    assert first["To"].addresses[0].display_name == "José Müller"
    assert first["From"].addresses[0].display_name == "Bienvenue à Villiers"
    assert first["From"].addresses[0].addr_spec == "bienvenue@villiers.example"
    assert second["Subject"] == "Votre lien personnel Bienvenue"
    assert second["To"].addresses[0].display_name == "Zoé Lefèvre"
    assert second["To"].addresses[0].addr_spec == "zoe@example.org"
    assert second.get_content().startswith("Bonjour Zoé Lefèvre,\n\nVoici votre lien personnel")
    assert "ne le transmettez à personne" in second.get_content()
    assert second["Content-Language"] == "fr"
    assert second["Date"].datetime == NOW

    row = _row(session, link_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert _utc(row.sent_at) == NOW
    # the Message-ID is derived from the row, so a resend would carry the same one
    assert second["Message-ID"] == message_id(row, MAIL_FROM)
    assert second["Message-ID"].startswith(f"<outbox.{link_id}.")
    assert second["Message-ID"].endswith("@villiers.example>")
    assert first["Message-ID"] != second["Message-ID"]


def test_one_connection_per_run_reopened_after_an_error(app, session, smtp_server):
    mailbox = smtp_server(refuse=(lambda a: a.startswith("nobody"), "550 5.1.1 No such user"))
    settings = _configure(app, mailbox.port)
    ids = [_queue_link(app, session, address=a)
           for a in ("a@example.org", "b@example.org", "nobody@example.org", "c@example.org")]

    assert _deliver(app, NOW, settings) == dict(NOTHING, sent=3, failed=1)
    assert [e.rcpt_tos[0] for e in mailbox.envelopes] == ["a@example.org", "b@example.org",
                                                          "c@example.org"]
    assert mailbox.peers[0] == mailbox.peers[1] != mailbox.peers[2]
    assert [_row(session, i).status for i in ids] == ["sent", "sent", "failed", "sent"]


def test_server_down_keeps_the_message_then_delivers_it_once_when_back(app, session,
                                                                        smtp_server):
    port = free_port()  # nothing listens here yet
    settings = _configure(app, port)
    first = _queue_link(app, session, address="a@example.org")
    second = _queue_link(app, session, address="b@example.org")

    # the first message records the failure; the run stops without using up the second's tries
    assert _deliver(app, NOW, settings) == dict(NOTHING, retried=1, waiting=1)
    row = _row(session, first)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "cannot reach 127.0.0.1" in row.last_error
    assert _utc(row.next_attempt_at) == NOW + timedelta(minutes=1)
    assert _row(session, second).attempts == 0

    mailbox = smtp_server(port=port)
    later = NOW + timedelta(minutes=1)
    assert _deliver(app, later, settings) == dict(NOTHING, sent=2)
    assert _deliver(app, later + timedelta(days=1), settings) == NOTHING
    assert sorted(e.rcpt_tos[0] for e in mailbox.envelopes) == ["a@example.org", "b@example.org"]
    row = _row(session, first)
    assert (row.status, row.attempts) == ("sent", 2)
    assert _utc(row.sent_at) == later


def test_permanent_refusal_fails_at_once(app, session, smtp_server):
    mailbox = smtp_server(refuse=(lambda a: True, "550 5.1.1 No such user here"))
    settings = _configure(app, mailbox.port)
    message = _queue_link(app, session)

    assert _deliver(app, NOW, settings) == dict(NOTHING, failed=1)
    assert _deliver(app, NOW + timedelta(days=3), settings) == NOTHING
    row = _row(session, message)
    assert (row.status, row.attempts, row.sent_at) == ("failed", 1, None)
    assert "550" in row.last_error and "No such user here" in row.last_error
    assert mailbox.envelopes == []


def test_temporary_refusal_backs_off_then_fails_after_max_attempts(app, session, smtp_server):
    mailbox = smtp_server(refuse=(lambda a: True, "451 4.3.0 Try again later"))
    settings = _configure(app, mailbox.port)
    message = _queue_link(app, session)

    waits, now = [], NOW
    for attempt in range(1, 8):
        assert _deliver(app, now, settings) == dict(NOTHING, retried=1)
        assert _deliver(app, now, settings) == NOTHING  # not due again yet
        row = _row(session, message)
        assert (row.status, row.attempts) == ("pending", attempt)
        assert "451" in row.last_error
        waits.append(_utc(row.next_attempt_at) - now)
        now = _utc(row.next_attempt_at)
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
                     timedelta(hours=2), timedelta(hours=6), timedelta(hours=24),
                     timedelta(hours=24)]

    assert _deliver(app, now, settings) == dict(NOTHING, failed=1)
    row = _row(session, message)
    assert (row.status, row.attempts) == ("failed", 8)
    assert "451" in row.last_error
    assert mailbox.envelopes == []


def test_without_smtp_host_nothing_is_sent_and_messages_wait(app, session, smtp_server):
    mailbox = smtp_server()
    app.config.update(SMTP_HOST="", SMTP_PORT=mailbox.port)
    message = _queue_link(app, session)

    assert _deliver(app, NOW, smtp_settings(app.config)) == dict(NOTHING, waiting=1)
    row = _row(session, message)
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, None)
    assert mailbox.envelopes == []


def test_a_deliverer_that_loses_the_claim_skips_the_message(app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    message = _queue_link(app, session)
    sessions = app.extensions["db_sessionmaker"]
    opened = []

    def late_sessions():
        # The late deliverer has listed the message as due (its first session); before it
        # claims it (its second session) another deliverer sends the message.
        opened.append(True)
        if len(opened) == 2:
            assert deliver_due(sessions, NOW, settings) == dict(NOTHING, sent=1)
        return sessions()

    assert deliver_due(late_sessions, NOW, settings) == dict(NOTHING, skipped=1)
    assert len(opened) >= 2
    assert len(mailbox.envelopes) == 1
    assert (_row(session, message).status, _row(session, message).attempts) == ("sent", 1)


def test_two_deliverers_racing_send_every_message_exactly_once(app_config, app, session,
                                                               smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    addresses = [f"person{n}@example.org" for n in range(20)]
    for address in addresses:
        _queue_link(app, session, address=address)
    # two apps, two engines: like two scheduler processes sharing one database
    apps = [create_app(app_config) for _ in range(2)]
    start = threading.Barrier(2)

    def run(other_app):
        start.wait()
        return _deliver(other_app, NOW, settings)

    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(run, apps))
    finally:
        for other_app in apps:
            other_app.extensions["db_engine"].dispose()

    assert sum(r["sent"] for r in results) == 20
    assert sum(r["retried"] + r["failed"] for r in results) == 0
    assert sorted(e.rcpt_tos[0] for e in mailbox.envelopes) == sorted(addresses)
    rows = session.scalars(select(OutboxMessage)).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
