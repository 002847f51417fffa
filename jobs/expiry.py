"""Unanswered proposals: reminders after 3 days, expiry after 7 (hourly)."""
import logging
from datetime import datetime

from jobs.common import run_in_transaction
from web.services.expiry import (
    DEFAULT_EXPIRY_DAYS,
    DEFAULT_REMINDER_DAYS,
    expire_proposals,
    remind_volunteers,
)

log = logging.getLogger("bienvenue.jobs.expiry")


def expire_and_remind(now: datetime | None = None, app=None) -> dict:
    """Expire the proposals too old, then remind volunteers of the others; returns counts."""
    def work(session, now, config):
        days = int(config.get("PROPOSAL_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS))
        expired = expire_proposals(session, now, days)
        reminded = remind_volunteers(session, now,
                                     int(config.get("REMINDER_AFTER_DAYS", DEFAULT_REMINDER_DAYS)),
                                     days)
        if expired or reminded:
            log.info("proposals: %d expired, %d reminders", len(expired), len(reminded))
        return {"expired": len(expired), "reminded": len(reminded)}

    return run_in_transaction(work, now, app)
