"""Data retention, nightly: erase withdrawn and long-inactive people, purge login attempts
and old sent messages."""
import logging
from datetime import datetime

from jobs.common import run_in_transaction
from web.db import checkpoint
from web.services.instance_files import clean_abandoned_imports
from web.services.retention import DEFAULT_SENT_DAYS, apply_retention, configured_months

log = logging.getLogger("bienvenue.jobs.retention")


def erase_inactive(now: datetime | None = None, app=None) -> dict:
    """Apply the retention rules; returns how many people and attempts were erased."""
    def work(session, now, config):
        # import files previewed but never confirmed hold people's details: not kept
        clean_abandoned_imports(config["INSTANCE_DIR"], now.timestamp())
        counts = apply_retention(session, now, configured_months(config),
                                 int(config.get("SENT_RETENTION_DAYS", DEFAULT_SENT_DAYS)),
                                 config.get("SECRET_KEY"))
        if counts["newcomers"] or counts["volunteers"]:
            log.info("retention: %(newcomers)d newcomers and %(volunteers)d volunteers erased",
                     counts)
        if any(counts.values()):
            # Committed first: SQLite empties its write-ahead log only outside a transaction.
            session.commit()
            checkpoint(session)
        return counts

    return run_in_transaction(work, now, app)
