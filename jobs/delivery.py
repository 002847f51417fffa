"""The delivery job: send the outbox's due e-mails and text messages, every minute.

One run sends batch after batch, most urgent first, for up to DELIVERY_BUDGET_SECONDS.
Safe to run twice at once or to crash half-way: messages are claimed in a transaction
before they are sent (see web.services.delivery).
"""
import logging
from datetime import datetime

from web import clock
from web.services.delivery import DEFAULT_BATCH, DEFAULT_BUDGET, deliver_due, smtp_settings
from web.services.sms import sms_settings

log = logging.getLogger("bienvenue.jobs.delivery")


def deliver_outbox(now: datetime | None = None, app=None) -> dict:
    """Send the due messages; returns the counts. Builds (and disposes) an app if none is given."""
    own_app = app is None
    if own_app:
        from web import create_app

        app = create_app()
    try:
        settings = smtp_settings(app.config)
        sms = sms_settings(app.config)
        counts = deliver_due(app.extensions["db_sessionmaker"], now or clock.utcnow(), settings,
                             sms=sms,
                             batch=int(app.config.get("DELIVERY_BATCH") or DEFAULT_BATCH),
                             budget=float(app.config.get("DELIVERY_BUDGET_SECONDS")
                                          or DEFAULT_BUDGET))
        if not settings.host and not sms.gateway:
            if counts["waiting"]:
                log.warning("SMTP_HOST and SMS_GATEWAY are not set: %d messages wait in the outbox",
                            counts["waiting"])
        elif any(counts.values()):
            log.info("outbox: %(sent)d sent, %(retried)d to retry, %(failed)d failed, "
                     "%(skipped)d skipped, %(waiting)d waiting", counts)
        return counts
    finally:
        if own_app:
            app.extensions["db_engine"].dispose()
