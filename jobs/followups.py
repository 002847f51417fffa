"""Check-ins two weeks and three months after an introduction (daily)."""
import logging
from datetime import datetime

from jobs.common import run_in_transaction
from web.services.followups import send_due

log = logging.getLogger("bienvenue.jobs.followups")


def send_followups(now: datetime | None = None, app=None) -> dict:
    """Queue the check-in e-mails that are due; returns how many."""
    def work(session, now, config):
        sent = send_due(session, now, config["BASE_URL"], config["SECRET_KEY"])
        if sent:
            log.info("follow-ups: %d check-ins queued", sent)
        return {"followups": sent}

    return run_in_transaction(work, now, app)
