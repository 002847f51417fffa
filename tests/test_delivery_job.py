"""The scheduled delivery job: configured from the environment, registered every minute."""
import logging

from apscheduler.schedulers.background import BackgroundScheduler
from conftest import NOW
from sqlalchemy import select

from jobs.delivery import deliver_outbox
from jobs.scheduler import build_scheduler
from web.models import OutboxMessage
from web.services.outbox import queue_email


def _queue(app, session, *addresses):
    with app.app_context():
        for address in addresses:
            queue_email(session, NOW, kind="link", to_address=address, to_name="", locale="fr",
                        context={"link_url": "https://b.example/p/x", "expires_days": 30})
    session.commit()


def _environment(monkeypatch, cli_env, **smtp):
    for key, value in dict(cli_env, **smtp).items():
        monkeypatch.setenv(key, str(value))


def test_job_sends_pending_messages_with_the_environments_smtp_server(
        app, session, cli_env, monkeypatch, smtp_server):
    mailbox = smtp_server()
    _environment(monkeypatch, cli_env, SMTP_HOST="127.0.0.1", SMTP_PORT=mailbox.port,
                 MAIL_FROM="Bienvenue <bienvenue@villiers.example>")
    _queue(app, session, "a@example.org", "b@example.org")

    counts = deliver_outbox(now=NOW)
    assert (counts["sent"], counts["retried"], counts["failed"]) == (2, 0, 0)
    assert deliver_outbox(now=NOW)["sent"] == 0  # safe to run again
    assert sorted(e.rcpt_tos[0] for e in mailbox.envelopes) == ["a@example.org", "b@example.org"]
    assert {e.mail_from for e in mailbox.envelopes} == {"bienvenue@villiers.example"}
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}


def test_job_without_smtp_host_warns_and_keeps_messages(app, session, cli_env, monkeypatch,
                                                       caplog):
    _environment(monkeypatch, cli_env, SMTP_HOST="")
    _queue(app, session, "a@example.org")

    with caplog.at_level(logging.INFO, logger="bienvenue.jobs.delivery"):
        counts = deliver_outbox(now=NOW)
    assert (counts["sent"], counts["waiting"]) == (0, 1)
    assert "SMTP_HOST and SMS_GATEWAY are not set: 1 messages wait in the outbox" in caplog.text
    assert list(session.scalars(select(OutboxMessage.status))) == ["pending"]


def test_job_uses_a_given_app(app, session, smtp_server):
    mailbox = smtp_server()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=mailbox.port)
    _queue(app, session, "a@example.org")
    assert deliver_outbox(now=NOW, app=app)["sent"] == 1
    assert len(mailbox.envelopes) == 1


def test_delivery_runs_every_minute_in_the_scheduler(app):
    scheduler = build_scheduler(app, BackgroundScheduler)
    scheduler.start(paused=True)
    job = scheduler.get_job("deliver-outbox")
    scheduler.shutdown(wait=False)
    assert job.func is deliver_outbox
    assert job.name == "Send queued e-mails"
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["minute"], fields["hour"], fields["day_of_week"]) == ("*", "*", "*")
