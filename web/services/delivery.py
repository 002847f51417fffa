"""Deliver the outbox (e-mails over SMTP, text messages through the SMS gateway): every
message sent, retried on temporary errors, never lost.

How one run (`deliver_due`) works, batch after batch until nothing is due or its time
budget (DELIVERY_BUDGET_SECONDS, a bit under the job's one-minute period) is used up:

1. List a batch (DELIVERY_BATCH) of due messages (status "pending", next_attempt_at <= now)
   by priority (web.services.priorities: a personal link before a problem alert before
   the bulk of a matching run), then oldest first. The list is read again before every
   batch, so a link asked for while 3,000 proposals go out jumps ahead of the rest.
2. Claim the batch in one short transaction with a conditional UPDATE (attempts + 1 and
   next_attempt_at = now + LEASE, WHERE status is still "pending", attempts is still what
   step 1 saw and the message is still due; on PostgreSQL rows another deliverer is
   claiming are skipped, not waited for), and commit. Only the deliverer whose UPDATE
   changed a row sends that message; a concurrent deliverer changes no row and skips it.
3. Send each claimed message over the run's one SMTP connection (opened on first use,
   reopened after an error), or, for a text message (channel "sms"), post it to the
   gateway (web.services.sms).
4. Record each outcome in another short transaction: "sent" with sent_at; or last_error and
   a next attempt after an exponential backoff (1 min, 5 min, 30 min, 2 h, 6 h, then every
   24 h); or "failed" after MAX_ATTEMPTS attempts, or at once on a permanent refusal (SMTP
   5xx for the recipient or the content; gateway 4xx other than 401/403/429).
   Coordinators see failed messages and last_error.

The run's clock is `now` for the first batch, then `now` plus the time elapsed, so that
messages queued during the run are due in its later batches.

When the server cannot be reached (or refuses our login or sender), the claimed message is
rescheduled and the run stops: the other messages keep their attempts for a working server
(the rest of its batch is handed back as it was, unclaimed). The rest of a batch is handed
back the same way when the time budget runs out in the middle of it.

Without SMTP_HOST no e-mail is sent, without SMS_GATEWAY no text message; they stay pending
and readable in the outbox. A gateway that cannot be reached (or refuses our key) stops the
text messages of this run only; e-mails go on, and the other way round.

A crash after step 2 leaves the batch's unsent messages pending with their lease: they
are tried again once the lease has passed, never lost. Honest caveat: if the process dies
(or the database is lost) after the SMTP server accepted a message but before step 4
committed, the message is sent again after the lease. Exactly-once is impossible over
SMTP; to limit the harm every message carries a stable Message-ID derived from its id, its
creation time and the MAIL_FROM domain, so the second copy has the same Message-ID as the
first and receiving servers or mail clients that deduplicate on it show it once (many do,
not all). A text message sent twice carries the same gateway tag (bienvenue-outbox-<id>),
so it can be told apart in the gateway's logs; phones do not deduplicate.
"""
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy import bindparam, func, select, tuple_, update
from sqlalchemy.orm import Session

from web.models import OutboxMessage
from web.models.base import table_of
from web.services import sms as sms_gateway

#: wait after the 1st, 2nd, ... failed attempt; the last value repeats
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(hours=2), timedelta(hours=6), timedelta(hours=24))
MAX_ATTEMPTS = 8
#: how long a claimed message is reserved for its deliverer (a crash frees it after this)
LEASE = timedelta(minutes=15)
#: messages claimed at once (the due list is read again between batches)
DEFAULT_BATCH = 50
#: seconds one run goes on sending: a bit under the delivery job's one-minute period
DEFAULT_BUDGET = 50.0


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send; an empty host means delivery is off."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    starttls: bool = False
    mail_from: str = "Bienvenue <bienvenue@localhost>"
    timeout: float = 30.0


def smtp_settings(config) -> SmtpSettings:
    """SmtpSettings from the app's config (SMTP_HOST, SMTP_PORT, ..., MAIL_FROM)."""
    return SmtpSettings(host=(config.get("SMTP_HOST") or "").strip(),
                        port=int(config.get("SMTP_PORT") or 25),
                        user=config.get("SMTP_USER") or "",
                        password=config.get("SMTP_PASSWORD") or "",
                        starttls=bool(config.get("SMTP_STARTTLS")),
                        mail_from=config.get("MAIL_FROM") or SmtpSettings.mail_from,
                        timeout=float(config.get("SMTP_TIMEOUT") or 30))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt (1 for the first)."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def deliver_due(session_factory, now: datetime, settings: SmtpSettings, *,
                batch: int = DEFAULT_BATCH, budget: float = DEFAULT_BUDGET,
                max_attempts: int = MAX_ATTEMPTS,
                sms: "sms_gateway.SmsSettings | None" = None,
                clock=time.monotonic) -> dict:
    """Send the due messages, most urgent first, `batch` at a time, until none is due or
    `budget` seconds have passed; returns counts.

    `session_factory` is app.extensions["db_sessionmaker"]; this function commits its own
    short transactions. Counts: sent, retried (temporary error, tried again later), failed
    (given up), skipped (claimed by another deliverer) and waiting (due but not sent by
    this run: its channel is not configured, its server could not be reached, or the time
    budget ran out). `sms` says how to send text messages (None or an empty gateway: they
    wait). `clock` measures the budget (seconds, monotonic).
    """
    now = now.astimezone(UTC)
    counts = {"sent": 0, "retried": 0, "failed": 0, "skipped": 0, "waiting": 0}
    channels = [channel for channel, on in (("email", bool(settings.host)),
                                            ("sms", bool(sms and sms.gateway))) if on]
    connection = _Connection(settings)
    stopped = set()
    started, batch_now = clock(), now
    try:
        while True:
            active = [channel for channel in channels if channel not in stopped]
            if not active or clock() - started >= budget:
                break
            listed = _due(session_factory, batch_now, batch, active)
            if not listed:
                break
            claimed = _claim(session_factory, batch_now, listed)
            counts["skipped"] += len(listed) - len(claimed)
            unsent = []
            for outgoing in claimed:
                if outgoing.channel in stopped or clock() - started >= budget:
                    unsent.append(outgoing)
                    continue
                if outgoing.channel == "sms":
                    outcome, stop = _send_sms(sms, outgoing)
                else:
                    outcome, stop = _send(connection, outgoing, settings, batch_now)
                _record(session_factory, batch_now, outgoing, outcome, max_attempts, counts)
                if stop:
                    stopped.add(outgoing.channel)
            _release(session_factory, unsent, listed)
            # later batches see what was queued meanwhile (queued at the real time)
            batch_now = now + timedelta(seconds=clock() - started)
    finally:
        connection.close()
    counts["waiting"] = _count_due(session_factory, batch_now)
    return counts


def build_email(outgoing, settings: SmtpSettings, now: datetime) -> EmailMessage:
    """The e-mail for an outbox row: UTF-8 text, To with display name, stable Message-ID."""
    message = EmailMessage()
    message["Subject"] = outgoing.subject
    message["From"] = settings.mail_from
    message["To"] = Address(display_name=outgoing.to_name or "", addr_spec=outgoing.to_address)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(outgoing, settings.mail_from)
    # RFC 3834: out-of-office robots should not answer an automatic message
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(outgoing.body)  # UTF-8 text/plain
    message["Content-Language"] = outgoing.locale  # after set_content, which clears Content-*
    return message


def message_id(outgoing, mail_from: str) -> str:
    """A Message-ID that is the same every time this outbox row is sent."""
    created = outgoing.created_at
    if created.tzinfo is None:  # SQLite gives back naive UTC
        created = created.replace(tzinfo=UTC)
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{outgoing.id}.{int(created.timestamp())}@{domain}>"


def _is_due(now: datetime):
    return (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)


def due_count(session: Session, now: datetime) -> int:
    """How many messages (e-mails and text messages) are due: what the delivery job would
    try to send now; those waiting for a later retry are not counted."""
    return session.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(_is_due(now))) or 0


@dataclass(frozen=True)
class _Listed:
    id: int
    attempts: int
    next_attempt_at: datetime


def _due(session_factory, now: datetime, batch: int, channels: list[str]) -> list[_Listed]:
    """The next `batch` due messages of these channels, most urgent first, then oldest."""
    with session_factory() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.attempts, OutboxMessage.next_attempt_at)
            .where(_is_due(now), OutboxMessage.channel.in_(channels))
            .order_by(OutboxMessage.priority, OutboxMessage.created_at, OutboxMessage.id)
            .limit(batch)).all()
    return [_Listed(row.id, row.attempts, row.next_attempt_at) for row in rows]


def _count_due(session_factory, now: datetime) -> int:
    """How many messages are due and still pending (left for a later run)."""
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(_is_due(now)))


def _claim(session_factory, now: datetime, listed: list[_Listed]) -> list:
    """Reserve the listed messages for this deliverer, in one UPDATE; the content of those it
    got, in the listed order (the others were taken by someone else meanwhile)."""
    seen = [tuple_(item.id, item.attempts) for item in listed]
    # FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite writes one at a time and omits it): rows
    # another deliverer is claiming are left to it, without waiting or deadlocking
    claimable = (select(OutboxMessage.id)
                 .where(tuple_(OutboxMessage.id, OutboxMessage.attempts).in_(seen), _is_due(now))
                 .with_for_update(skip_locked=True))
    with session_factory() as session, session.begin():
        rows = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(claimable.scalar_subquery()))
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
            .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.channel,
                       OutboxMessage.attempts, OutboxMessage.to_address,
                       OutboxMessage.to_name, OutboxMessage.locale, OutboxMessage.subject,
                       OutboxMessage.body, OutboxMessage.created_at)
            .execution_options(synchronize_session=False)).all()
    by_id = {row.id: row for row in rows}
    return [by_id[item.id] for item in listed if item.id in by_id]


def _release(session_factory, unsent: list, listed: list[_Listed]) -> None:
    """Hand back claimed messages this run will not send, as they were before the claim."""
    if not unsent:
        return
    before = {item.id: item for item in listed}
    table = table_of(OutboxMessage)
    with session_factory() as session, session.begin():
        session.connection().execute(
            table.update()
            .where(table.c.id == bindparam("key"), table.c.status == "pending",
                   table.c.attempts == bindparam("claimed"))
            .values(attempts=bindparam("attempts"), next_attempt_at=bindparam("due")),
            [dict(key=row.id, claimed=row.attempts, attempts=before[row.id].attempts,
                  due=before[row.id].next_attempt_at) for row in unsent])


@dataclass(frozen=True)
class _Outcome:
    #: "sent", "retry" or "failed"
    status: str
    error: str | None = None


def _send(connection, outgoing, settings: SmtpSettings, now: datetime) -> tuple[_Outcome, bool]:
    """Send one claimed message; (outcome, whether the run should stop)."""
    try:
        email = build_email(outgoing, settings, now)
    except (ValueError, TypeError, MessageError) as exc:  # an address the library refuses
        return _Outcome("failed", f"cannot build the e-mail: {exc}"), False
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        return _Outcome("retry", f"cannot reach {settings.host}:{settings.port}: "
                                 f"{_describe(exc)}"), True
    try:
        connection.send(email, parseaddr(settings.mail_from)[1], outgoing.to_address)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        return _Outcome("failed" if 500 <= code < 600 else "retry",
                        f"recipient refused: {code} {_text(text)}"), False
    except smtplib.SMTPSenderRefused as exc:  # our MAIL_FROM: configuration, not the message
        return _Outcome("retry", f"sender refused: {exc.smtp_code} {_text(exc.smtp_error)}"), True
    except smtplib.SMTPNotSupportedError as exc:  # e.g. a non-ASCII address, no SMTPUTF8
        return _Outcome("failed", _describe(exc)), False
    except smtplib.SMTPResponseException as exc:
        permanent = 500 <= exc.smtp_code < 600
        return _Outcome("failed" if permanent else "retry",
                        f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}"), False
    except (OSError, smtplib.SMTPException) as exc:
        return _Outcome("retry", _describe(exc)), False
    return _Outcome("sent"), False


def _send_sms(settings, outgoing) -> tuple[_Outcome, bool]:
    """Post one claimed text message to the gateway; (outcome, whether to stop text messages)."""
    try:
        sms_gateway.send(settings, outgoing)
    except sms_gateway.GatewayError as exc:
        return _Outcome("failed" if exc.permanent else "retry", str(exc)[:1000]), exc.stop
    return _Outcome("sent"), False


def _record(session_factory, now: datetime, outgoing, outcome: _Outcome, max_attempts: int,
            counts: dict) -> None:
    """Store the outcome of the attempt this deliverer claimed (and only that one)."""
    if outcome.status == "sent":
        values = dict(status="sent", sent_at=now, last_error=None)
        counts["sent"] += 1
    elif outcome.status == "failed" or outgoing.attempts >= max_attempts:
        values = dict(status="failed", last_error=outcome.error)
        counts["failed"] += 1
    else:
        values = dict(last_error=outcome.error,
                      next_attempt_at=now + retry_delay(outgoing.attempts))
        counts["retried"] += 1
    with session_factory() as session, session.begin():
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outgoing.id, OutboxMessage.status == "pending",
                   OutboxMessage.attempts == outgoing.attempts)
            .values(**values).execution_options(synchronize_session=False))


class _Connection:
    """The run's one SMTP connection: opened on first use, dropped after any error."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        if self.smtp is not None:
            return
        smtp = smtplib.SMTP(timeout=self.settings.timeout)
        try:
            smtp.connect(self.settings.host, self.settings.port)
            if self.settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.settings.user:
                smtp.login(self.settings.user, self.settings.password)
        except BaseException:
            smtp.close()
            raise
        self.smtp = smtp

    def send(self, email: EmailMessage, sender: str, recipient: str) -> None:
        assert self.smtp is not None, "send() comes after a successful open()"
        try:
            self.smtp.send_message(email, from_addr=sender, to_addrs=[recipient])
        except BaseException:
            self.close()  # the next message reconnects: never reuse a doubtful session
            raise

    def close(self) -> None:
        if self.smtp is None:
            return
        smtp, self.smtp = self.smtp, None
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            smtp.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
