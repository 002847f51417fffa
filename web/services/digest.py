"""The weekly e-mail "Cette semaine à <ville>": activities near them, to newcomers still waiting.

Once per ISO week (in the town's zone) per person: the week is written on the newcomer row
by a conditional UPDATE in the same transaction as the e-mail, so a second run in the same
week, even at the same moment on PostgreSQL (the row lock makes it wait, then its condition
fails), sends nothing more. Only newcomers who wait, have an e-mail address and did not
unsubscribe receive it; nobody receives an empty one.
"""
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from web.models import Newcomer
from web.services.notify import message_row, page_url, personal_url
from web.services.outbox import insert_rows
from web.services.suggestions import suggestions_for_many
from web.services.weekly import local_week

SHOWN = 5


#: newcomers claimed per UPDATE statement
CLAIM_CHUNK = 500


def _claim_week(session: Session, newcomer_ids: list[int], week: str) -> set[int]:
    """Mark the week on these newcomers, if not marked yet; returns the ids this call
    marked (one conditional UPDATE ... RETURNING per chunk, not one per person)."""
    claimed: set[int] = set()
    for start in range(0, len(newcomer_ids), CLAIM_CHUNK):
        chunk = newcomer_ids[start:start + CLAIM_CHUNK]
        claimed.update(session.scalars(
            update(Newcomer).where(
                Newcomer.id.in_(chunk), Newcomer.weekly_digest.is_(True),
                or_(Newcomer.digest_week.is_(None), Newcomer.digest_week != week))
            .values(digest_week=week).returning(Newcomer.id)
            .execution_options(synchronize_session=False)))
    return claimed


def send_weekly_digest(session: Session, now: datetime, timezone: str) -> dict:
    """Queue this week's e-mail to every waiting newcomer who should get it; returns counts.

    Flushes; the caller commits (or rolls back: then nobody's week is marked)."""
    week = local_week(now, timezone)
    newcomers = session.scalars(
        select(Newcomer).options(selectinload(Newcomer.neighbourhood))
        .where(Newcomer.status == "waiting", Newcomer.email.is_not(None),
               Newcomer.weekly_digest.is_(True),
               or_(Newcomer.digest_week.is_(None), Newcomer.digest_week != week))
        .order_by(Newcomer.id)).all()
    chosen = suggestions_for_many(session, now, newcomers, shown=SHOWN)
    with_news = [n for n in newcomers if chosen.get(n.id)]
    empty = len(newcomers) - len(with_news)
    claimed = _claim_week(session, [n.id for n in with_news], week)
    rows = []
    for newcomer in with_news:
        if newcomer.id not in claimed:
            continue
        # one click unsubscribes: under the long, signed page address (no short form)
        row = message_row(now, newcomer, "weekly_digest", activities=chosen[newcomer.id],
                          link_url=personal_url(now, newcomer),
                          unsubscribe_url=f"{page_url(now, newcomer)}/lettre/desabonnement")
        if row is not None:
            rows.append(row)
    session.flush()   # short codes created for people registered before codes existed
    insert_rows(session, rows)   # set-based INSERTs, no ORM object per e-mail
    return {"week": week, "sent": len(rows), "nothing_to_send": empty}


def unsubscribe(session: Session, now: datetime, newcomer) -> None:
    """No more weekly e-mail for this newcomer (the profile page can turn it back on)."""
    newcomer.weekly_digest = False
    newcomer.updated_at = newcomer.last_active_at = now
    session.flush()
