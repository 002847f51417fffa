"""Unanswered proposals: one reminder to the volunteer, then expiry.

A proposal still "proposed" `reminder_days` after it was sent gets one reminder (a
`proposal_reminder` row, so never two); after `expiry_days` it expires. Expiry frees the
volunteer's place, excludes the pair for ever (an expired pair is never proposed again)
and leaves the newcomer waiting with their original waiting date, so first in line.
"""
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from web.db import rows_changed
from web.models import Proposal, ProposalReminder, Volunteer
from web.services import audit
from web.services.jobs_claims import claim

DEFAULT_EXPIRY_DAYS = 7
DEFAULT_REMINDER_DAYS = 3


def expire_proposals(session: Session, now: datetime,
                     days: int = DEFAULT_EXPIRY_DAYS) -> list[int]:
    """Expire proposals unanswered for `days` days; returns their ids."""
    cutoff = now - timedelta(days=days)
    due = session.execute(select(Proposal.id, Proposal.volunteer_id).where(
        Proposal.status == "proposed", Proposal.proposed_at <= cutoff)
        .order_by(Proposal.id)).all()
    expired = []
    for proposal_id, volunteer_id in due:
        # Conditional, like every transition: an answer arriving now wins or loses cleanly.
        moved = rows_changed(session, update(Proposal).where(
            Proposal.id == proposal_id, Proposal.status == "proposed")
            .values(status="expired"))
        if moved != 1:
            continue
        session.execute(update(Volunteer).where(Volunteer.id == volunteer_id)
                        .values(load=Volunteer.load - 1))
        audit.record(session, now, "proposal.expired", actor="job:expiry",
                     target_type="proposal", target_id=proposal_id, days=days)
        expired.append(proposal_id)
    session.flush()
    return expired


def remind_volunteers(session: Session, now: datetime, days: int = DEFAULT_REMINDER_DAYS,
                      expiry_days: int = DEFAULT_EXPIRY_DAYS) -> list[int]:
    """E-mail one reminder per proposal unanswered for `days` days; returns the proposal ids."""
    from web.services.notify import email_person

    reminded = select(ProposalReminder.proposal_id)
    due = session.scalars(select(Proposal).where(
        Proposal.status == "proposed", Proposal.proposed_at <= now - timedelta(days=days),
        Proposal.id.not_in(reminded)).order_by(Proposal.id)).all()
    sent = []
    for proposal in due:
        if not claim(session, ProposalReminder, proposal_id=proposal.id, sent_at=now):
            continue  # another run reminded them a moment ago
        proposed_at = proposal.proposed_at
        assert proposed_at is not None  # the query compared it with a date
        left = max(1, (proposed_at + timedelta(days=expiry_days) - now).days)
        email_person(session, now, proposal.volunteer, "reminder_volunteer",
                     newcomer_name=proposal.newcomer.first_name, days_left=left)
        sent.append(proposal.id)
    session.flush()
    return sent
