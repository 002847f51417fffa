"""Delivery at the speed of the mail server: most urgent first, batch after batch, within a
time budget; a link asked for during a matching run's 3,000 e-mails does not wait for them."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW
from smtp_helpers import free_port
from sqlalchemy import create_engine, select, text

from web import create_app, migrate
from web.config import ConfigError, load_config
from web.models import OutboxMessage
from web.services.delivery import deliver_due, smtp_settings
from web.services.outbox import email_row, insert_rows, queue_email
from web.services.priorities import KIND_PRIORITIES, priority_for

NOTHING = {"sent": 0, "retried": 0, "failed": 0, "skipped": 0, "waiting": 0}
TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"


def _configure(app, port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port,
                      MAIL_FROM="Bienvenue <bienvenue@villiers.example>")
    return smtp_settings(app.config)


def _queue_bulk(app, session, count, at=NOW):
    """`count` proposal e-mails as a matching run writes them (one INSERT)."""
    with app.app_context():
        row = email_row(at, kind="proposal_volunteer", to_address="v@example.org", to_name="Val",
                        locale="fr", context={"newcomer_name": "Amina", "reasons": ["Quartier"],
                                              "expiry_days": 7, "link_url": "https://b.example/p/v",
                                              "expires_days": 90})
        insert_rows(session, [dict(row, to_address=f"volunteer{n}@example.org")
                              for n in range(count)])
    session.commit()


def _queue(app, session, kind, address, at=NOW, **context):
    with app.app_context():
        message = queue_email(session, at, kind=kind, to_address=address, to_name="",
                              locale="fr", context=context)
    session.commit()
    return message.id


def _queue_link(app, session, address, at=NOW):
    return _queue(app, session, "link", address, at, link_url="https://b.example/p/x",
                  expires_days=90)


def _recipients(mailbox):
    return [envelope.rcpt_tos[0] for envelope in mailbox.envelopes]


def _stepping_clock(step=1.0):
    """A fake monotonic clock that moves `step` seconds each time it is read."""
    ticks = iter(range(10 ** 9))
    return lambda: next(ticks) * step


def test_every_kind_of_message_has_a_priority_decided_on_purpose():
    kinds = {path.stem for folder in ("email", "sms")
             for path in (TEMPLATES / folder).glob("*.txt") if not path.stem.startswith("_")}
    assert kinds == set(KIND_PRIORITIES)
    assert (priority_for("link"), priority_for("problem_alert"),
            priority_for("proposal_volunteer"), priority_for("weekly_digest")) == (0, 1, 3, 3)
    assert priority_for("some_future_kind") == 2


def test_urgent_messages_queued_after_300_bulk_ones_are_sent_first(
        app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    _queue_bulk(app, session, 300)
    alert = _queue(app, session, "problem_alert", "claire@example.org",
                   at=NOW + timedelta(seconds=5), reporter_type="newcomer", message="Aide")
    link = _queue_link(app, session, "amina@example.org", at=NOW + timedelta(seconds=6))
    assert [session.get(OutboxMessage, i).priority for i in (alert, link)] == [1, 0]

    later = NOW + timedelta(seconds=10)
    counts = deliver_due(app.extensions["db_sessionmaker"], later, settings, batch=50)

    assert counts == dict(NOTHING, sent=302)  # more than one batch in one run
    recipients = _recipients(mailbox)
    assert recipients[:2] == ["amina@example.org", "claire@example.org"]
    # the bulk goes out oldest first (here: in the order it was written)
    assert recipients[2:] == [f"volunteer{n}@example.org" for n in range(300)]
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}


def test_one_run_claims_batch_after_batch_while_messages_are_due(
        app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    _queue_bulk(app, session, 35)
    sessions = app.extensions["db_sessionmaker"]
    claims = []

    def watching_sessions():
        claims.append(len(mailbox.envelopes))  # how many were sent when a session opened
        return sessions()

    counts = deliver_due(watching_sessions, NOW, settings, batch=10)
    assert counts == dict(NOTHING, sent=35)
    assert len(mailbox.envelopes) == 35
    # the due list was read again after each batch of ten
    assert {0, 10, 20, 30} <= set(claims)
    assert deliver_due(sessions, NOW, settings, batch=10) == NOTHING


def test_a_link_queued_during_the_run_goes_before_the_rest_of_the_bulk(
        app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    _queue_bulk(app, session, 60)
    sessions = app.extensions["db_sessionmaker"]
    queued: list[int] = []  # the late message's id

    def sessions_with_a_visitor():
        # someone asks for their link once the first batch has gone out: a second after the
        # run began, so only a run whose clock moves on sees it as due
        if len(mailbox.envelopes) == 20 and not queued:
            with sessions() as other:
                queued.append(_queue_link(app, other, "late@example.org",
                                          at=NOW + timedelta(seconds=1)))
        return sessions()

    counts = deliver_due(sessions_with_a_visitor, NOW, settings, batch=20,
                         clock=_stepping_clock(0.5))
    assert queued
    assert counts == dict(NOTHING, sent=61)
    recipients = _recipients(mailbox)
    assert recipients.index("late@example.org") == 20  # right after the first batch
    assert recipients[:20] == [f"volunteer{n}@example.org" for n in range(20)]


def test_a_run_stops_at_its_time_budget_and_hands_back_what_it_did_not_send(
        app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    _queue_bulk(app, session, 30)
    sessions = app.extensions["db_sessionmaker"]

    counts = deliver_due(sessions, NOW, settings, batch=20, budget=10,
                         clock=_stepping_clock(1.0))
    sent = counts["sent"]
    assert 0 < sent < 20
    assert counts == dict(NOTHING, sent=sent, waiting=30 - sent)
    session.expire_all()
    left = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending")).all()
    assert len(left) == 30 - sent
    # handed back untouched: no attempt used, due at once for the next run
    assert {(row.attempts, row.next_attempt_at) for row in left} == {(0, NOW)}

    assert deliver_due(sessions, NOW + timedelta(minutes=1), settings)["sent"] == 30 - sent
    assert len(mailbox.envelopes) == 30


def test_server_down_stops_the_run_and_spares_the_other_messages_attempts(
        app, session, smtp_server):
    settings = _configure(app, free_port())  # nothing listens there
    _queue_bulk(app, session, 120)

    counts = deliver_due(app.extensions["db_sessionmaker"], NOW, settings, batch=50)
    assert counts == dict(NOTHING, retried=1, waiting=119)
    session.expire_all()
    attempts = sorted(session.scalars(select(OutboxMessage.attempts)))
    assert attempts == [0] * 119 + [1]


def test_two_deliverers_with_small_batches_send_every_message_exactly_once(
        app_config, app, session, smtp_server):
    mailbox = smtp_server()
    settings = _configure(app, mailbox.port)
    _queue_bulk(app, session, 150)
    _queue_link(app, session, "amina@example.org")
    apps = [create_app(app_config) for _ in range(2)]
    start = threading.Barrier(2)

    def run(other_app):
        start.wait()
        return deliver_due(other_app.extensions["db_sessionmaker"], NOW, settings, batch=7)

    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(run, apps))
    finally:
        for other_app in apps:
            other_app.extensions["db_engine"].dispose()

    assert sum(r["sent"] for r in results) == 151
    assert sum(r["retried"] + r["failed"] for r in results) == 0
    recipients = _recipients(mailbox)
    assert sorted(recipients) == sorted(["amina@example.org"]
                                        + [f"volunteer{n}@example.org" for n in range(150)])
    assert "amina@example.org" in recipients[:2]
    rows = session.scalars(select(OutboxMessage)).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}


def test_delivery_settings_are_read_from_the_environment(tmp_path):
    base = {"SECRET_KEY": "k", "BIENVENUE_INSTANCE_DIR": str(tmp_path)}
    config = load_config(base)
    assert (config["DELIVERY_BATCH"], config["DELIVERY_BUDGET_SECONDS"]) == (50, 50)
    config = load_config(dict(base, DELIVERY_BATCH="200", DELIVERY_BUDGET_SECONDS="40"))
    assert (config["DELIVERY_BATCH"], config["DELIVERY_BUDGET_SECONDS"]) == (200, 40)
    with pytest.raises(ConfigError, match="DELIVERY_BATCH must be a whole number"):
        load_config(dict(base, DELIVERY_BATCH="lots"))
    with pytest.raises(ConfigError, match="DELIVERY_BUDGET_SECONDS must be at least 1"):
        load_config(dict(base, DELIVERY_BUDGET_SECONDS="0"))


def test_upgrading_gives_the_messages_already_queued_their_priority(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        for kind in ("link", "problem_alert", "volunteer_approved", "proposal_volunteer",
                     "weekly_digest", "retired_kind"):
            conn.execute(text(
                "INSERT INTO outbox_message (kind, channel, to_address, to_name, locale, subject,"
                " body, status, attempts, created_at, next_attempt_at) VALUES (:kind, 'email',"
                " 'a@example.org', '', 'fr', 's', 'b', 'pending', 0, '2026-01-01',"
                " '2026-01-01')"), {"kind": kind})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows: dict[str, int] = dict(
            conn.execute(text("SELECT kind, priority FROM outbox_message")).all())
    engine.dispose()
    assert rows == {"link": 0, "problem_alert": 1, "volunteer_approved": 2,
                    "proposal_volunteer": 3, "weekly_digest": 3, "retired_kind": 2}
    assert all(rows[kind] == priority_for(kind) for kind in rows)
