"""The weekly matching job (Monday 09:00 by default, MATCHING_CRON)."""
import logging
from datetime import datetime

from jobs.common import run_in_transaction
from web.services.weekly import run_weekly

log = logging.getLogger("bienvenue.jobs.weekly")


def weekly_matching(now: datetime | None = None, app=None, force: bool = False) -> dict:
    """Run this week's matching once (all or nothing); returns a summary."""
    def work(session, now, config):
        done = run_weekly(session, now, timezone=config["TIMEZONE"], force=force)
        if done.skipped:
            log.info("weekly matching: %s already done, nothing to do", done.week)
            return {"week": done.week, "skipped": True}
        stats = done.outcome.stats
        summary = {"week": done.week, "skipped": False, "run": done.outcome.run.id,
                   "proposals": stats["proposals"], "unmatched": stats["unmatched"],
                   "seconds": stats["seconds"]}
        log.info("weekly matching %(week)s: run %(run)d, %(proposals)d proposals, "
                 "%(unmatched)d unmatched, %(seconds)ss", summary)
        return summary

    return run_in_transaction(work, now, app)
