"""The weekly e-mail of activities to waiting newcomers (Friday 16:00 by default, DIGEST_CRON)."""
import logging
from datetime import datetime

from jobs.common import run_in_transaction
from web.services.digest import send_weekly_digest

log = logging.getLogger("bienvenue.jobs.local_life")


def weekly_digest(now: datetime | None = None, app=None) -> dict:
    """Queue this week's "Cette semaine à ..." e-mails once (all or nothing); returns counts."""
    def work(session, now, config):
        summary = send_weekly_digest(session, now, config["TIMEZONE"])
        log.info("weekly digest %(week)s: %(sent)d e-mails, %(nothing_to_send)d with nothing "
                 "to suggest", summary)
        return summary

    return run_in_transaction(work, now, app)
