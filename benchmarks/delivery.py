"""Outbox delivery at network scale: how fast a matching run's e-mails go out, and how long
an urgent message waits behind them.

``python -m benchmarks.delivery [--messages N] [--urgent K] [--batch B]``

In a fresh SQLite database (and in PostgreSQL too when BIENVENUE_TEST_POSTGRES_URL is set:
its schema is dropped and migrated again, as the tests do), queue N proposal e-mails as a
matching run writes them, then K personal links; start a local SMTP server (aiosmtpd) and
run the real delivery (web.services.delivery.deliver_due) run after run, as the job does
every minute, until the outbox is empty. Halfway through, someone asks for their link.
Prints one table: messages, seconds, messages a minute, and when the urgent ones went out.
Also measured: the same delivery claiming one message per transaction (as the loop before
issue 12 did) for a few seconds. Nothing here is a timed test: it prints what it measured.
"""
from __future__ import annotations

import argparse
import os
import socket
import tempfile
import time
from datetime import UTC, datetime, timedelta

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from benchmarks.pages import migrated_postgres
from web import create_app, migrate
from web.services.delivery import DEFAULT_BATCH, DEFAULT_BUDGET, deliver_due, smtp_settings
from web.services.outbox import email_row, insert_rows, queue_email

#: before issue 12: 100 messages a run, one run a minute
OLD_PER_MINUTE = 100


class Sink:
    """An SMTP server's handler that accepts everything and notes when each recipient got mail."""

    def __init__(self):
        self.received = []  # (recipient, perf_counter)

    async def handle_DATA(self, server, session, envelope):
        stamp = time.perf_counter()
        self.received.extend((rcpt, stamp) for rcpt in envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fresh_database(name: str, folder: str) -> str:
    if name != "sqlite":
        url = os.environ["BIENVENUE_TEST_POSTGRES_URL"]
        migrated_postgres(url)
        return url
    url = f"sqlite:///{folder}/delivery.db"
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def _queue_proposals(app, now: datetime, count: int) -> None:
    """`count` proposal e-mails, rendered once and inserted like the matching run does."""
    with app.app_context():
        row = email_row(now, kind="proposal_volunteer", to_address="v@example.org",
                        to_name="Valérie", locale="fr",
                        context={"newcomer_name": "Amina", "reasons": ["Même quartier"],
                                 "expiry_days": 7, "link_url": "https://b.example/p/v",
                                 "expires_days": 90})
        with app.extensions["db_sessionmaker"]() as session, session.begin():
            insert_rows(session, [dict(row, to_address=f"volunteer{n}@example.org")
                                  for n in range(count)])


def _queue_link(app, at: datetime, address: str) -> None:
    with app.app_context(), app.extensions["db_sessionmaker"]() as session, session.begin():
        queue_email(session, at, kind="link", to_address=address, to_name="", locale="fr",
                    context={"link_url": "https://b.example/p/x", "expires_days": 90})


def measure(name: str, messages: int, urgent: int, batch: int) -> list[dict]:
    """Both measurements on one database; rows for the table."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
        controller.start()
        app = None
        try:
            url = _fresh_database(name, folder)
            app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "benchmark",
                              "INSTANCE_DIR": folder, "SMTP_HOST": "127.0.0.1",
                              "SMTP_PORT": controller.port})
            rows.append(_batched(app, sink, name, messages, urgent, batch))
            _empty_outbox(app)
            rows.append(_per_message(app, sink, name, messages))
        finally:
            controller.stop()
            if app is not None:
                app.extensions["db_engine"].dispose()
    return rows


def _batched(app, sink, name: str, messages: int, urgent: int, batch: int) -> dict:
    settings = smtp_settings(app.config)
    sessions = app.extensions["db_sessionmaker"]
    now = datetime.now(UTC)
    _queue_proposals(app, now, messages)
    for n in range(urgent):
        _queue_link(app, now + timedelta(seconds=1), f"urgent{n}@example.org")
    sink.received.clear()
    asked: dict[str, float] = {}

    def sessions_with_a_visitor():
        # halfway through the bulk (in the middle of a batch) someone asks for their link,
        # at the real time
        if not asked and len(sink.received) >= messages // 2 + batch // 3:
            asked["at"] = time.perf_counter()
            _queue_link(app, now + timedelta(seconds=asked["at"] - started + 1),
                        "visitor@example.org")
        return sessions()

    started = time.perf_counter()
    runs, sent = 0, 0
    while True:  # the job, run after run (back to back here, every minute in production)
        run_now = now + timedelta(seconds=time.perf_counter() - started + 1)
        counts = deliver_due(sessions_with_a_visitor, run_now, settings, batch=batch,
                             budget=DEFAULT_BUDGET)
        if not counts["waiting"] and not counts["sent"]:
            break
        runs += 1
        sent += counts["sent"]
    seconds = time.perf_counter() - started
    order = [rcpt for rcpt, _ in sink.received]
    when = dict((rcpt, stamp) for rcpt, stamp in sink.received)
    urgent_out = [order.index(f"urgent{n}@example.org") + 1 for n in range(urgent)]
    visitor = order.index("visitor@example.org") + 1 if "visitor@example.org" in when else None
    return {
        "database": name, "mode": f"batches of {batch}", "messages": sent, "runs": runs,
        "seconds": seconds, "per_minute": sent / seconds * 60,
        "urgent": (f"{urgent} links: sent {min(urgent_out)}..{max(urgent_out)} of {sent}, "
                   f"{max(when[f'urgent{n}@example.org'] for n in range(urgent)) - started:.2f} s"
                   if urgent else "-"),
        "visitor": (f"link asked halfway: sent {visitor} of {sent}, "
                    f"{when['visitor@example.org'] - asked['at']:.2f} s after"
                    if visitor else "-"),
    }


def _per_message(app, sink, name: str, messages: int, budget: float = 5.0) -> dict:
    """One message per claim transaction (the old loop's shape), for `budget` seconds."""
    settings = smtp_settings(app.config)
    now = datetime.now(UTC)
    _queue_proposals(app, now, messages)
    sink.received.clear()
    started = time.perf_counter()
    counts = deliver_due(app.extensions["db_sessionmaker"], now, settings, batch=1,
                         budget=budget)
    seconds = time.perf_counter() - started
    return {"database": name, "mode": "one claim per message", "messages": counts["sent"],
            "runs": 1, "seconds": seconds, "per_minute": counts["sent"] / seconds * 60,
            "urgent": "-", "visitor": "-"}


def _empty_outbox(app) -> None:
    with app.extensions["db_sessionmaker"]() as session, session.begin():
        session.execute(text("DELETE FROM outbox_message"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.delivery", description=__doc__
                                     .split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000, help="bulk e-mails (3000)")
    parser.add_argument("--urgent", type=int, default=5, help="links queued after them (5)")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH,
                        help=f"messages claimed at once ({DEFAULT_BATCH})")
    args = parser.parse_args(argv)
    if args.messages < 2 or args.urgent < 0 or args.batch < 1:
        parser.error("--messages must be at least 2, --urgent at least 0, --batch at least 1")
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("BIENVENUE_TEST_POSTGRES_URL")
                              else [])
    rows = [row for name in databases for row in measure(name, args.messages, args.urgent,
                                                          args.batch)]
    print("| database | delivery | messages | runs | seconds | messages/minute | urgent links "
          "(queued after the bulk) | link asked during the run |")
    print("|---|---|---:|---:|---:|---:|---|---|")
    print(f"| any | before issue 12: 100 a run, a run a minute | {args.messages} | "
          f"{-(-args.messages // OLD_PER_MINUTE)} | {args.messages / OLD_PER_MINUTE * 60:.0f} | "
          f"{OLD_PER_MINUTE} | after all the bulk | after all the bulk |")
    for row in rows:
        print(f"| {row['database']} | {row['mode']} | {row['messages']} | {row['runs']} | "
              f"{row['seconds']:.1f} | {row['per_minute']:,.0f} | {row['urgent']} | "
              f"{row['visitor']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
