"""Check-ins after the introduction, and their one-click answers.

Two weeks and three months after a pairing became active, both people get an e-mail with
three links: "tout va bien", "on ne s'est pas encore vus", "ça ne marche pas". Each link
is signed (SECRET_KEY, itsdangerous) and names the follow-up and the answer; the page it
opens asks for one click to confirm, since mail scanners open links on their own.
"ça ne marche pas" ends the pairing; the newcomer goes back to the waiting list first in line.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from web.db import rows_changed
from web.models import Followup, Proposal
from web.models.followups import FOLLOWUP_ANSWERS
from web.services import ServiceError, audit
from web.services.jobs_claims import claim

SALT = "bienvenue.followup"
#: how long after activation each check-in is due
STAGES = {"2w": timedelta(days=14), "3m": timedelta(days=91)}
#: an answer link works this long after it was sent
LINK_MAX_AGE = timedelta(days=60)


class FollowupLinkError(Exception):
    """The answer link is invalid, expired, or its follow-up no longer exists."""


def make_token(secret_key: str, now: datetime, followup: Followup, answer: str) -> str:
    """The signed token of one answer link, issued at `now`."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps(
        [followup.id, answer, int(now.timestamp())])


def read_token(session: Session, secret_key: str, now: datetime, token: str
               ) -> tuple[Followup, str]:
    """The follow-up and answer a link stands for, or FollowupLinkError."""
    try:
        followup_id, answer, issued = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise FollowupLinkError("invalid") from None
    if answer not in FOLLOWUP_ANSWERS or not isinstance(followup_id, int) \
            or not isinstance(issued, int):
        raise FollowupLinkError("invalid")
    if now.timestamp() - issued > LINK_MAX_AGE.total_seconds():
        raise FollowupLinkError("expired")
    followup = session.get(Followup, followup_id)
    if followup is None:
        raise FollowupLinkError("unknown")
    return followup, answer


def _stage_due(proposal: Proposal, now: datetime) -> str | None:
    """The latest stage due for an active pairing (an old pairing skips straight to 3m)."""
    activated_at = proposal.activated_at
    assert activated_at is not None  # an active pairing has its date (a check constraint)
    due = [stage for stage, delay in STAGES.items() if activated_at + delay <= now]
    return due[-1] if due else None


def send_due(session: Session, now: datetime, base_url: str, secret_key: str) -> int:
    """Queue the check-ins due for active pairings; returns how many were written."""
    from web.services.notify import email_person

    first = min(STAGES.values())
    pairings = session.scalars(select(Proposal).where(
        Proposal.status == "active", Proposal.activated_at <= now - first)
        .order_by(Proposal.id)).all()
    written = 0
    for proposal in pairings:
        stage = _stage_due(proposal, now)
        for person_type, person, other in (("newcomer", proposal.newcomer, proposal.volunteer),
                                           ("volunteer", proposal.volunteer, proposal.newcomer)):
            key = dict(proposal_id=proposal.id, person_type=person_type, stage=stage)
            if not claim(session, Followup, person_id=person.id, sent_at=now, **key):
                continue  # already asked at this stage
            followup = session.scalar(select(Followup).filter_by(**key))
            assert followup is not None  # the row claimed just above
            urls = {answer: f"{base_url}/suivi/{make_token(secret_key, now, followup, answer)}"
                    for answer in FOLLOWUP_ANSWERS}
            email_person(session, now, person, "followup", other_name=other.first_name,
                         stage=stage, answer_urls=urls)
            written += 1
    session.flush()
    return written


@dataclass(frozen=True)
class AnswerResult:
    """What recording an answer did: `ended` when it ended the pairing."""

    answer: str
    already: bool
    ended: bool = False


def record_answer(session: Session, now: datetime, followup: Followup, answer: str
                  ) -> AnswerResult:
    """Record the person's first answer; "not_working" ends the pairing if still active."""
    from web.services.proposals import end_pairing

    if answer not in FOLLOWUP_ANSWERS:
        raise ServiceError("answer", f"expected one of {', '.join(FOLLOWUP_ANSWERS)}")
    recorded = rows_changed(session, update(Followup).where(
        Followup.id == followup.id, Followup.answer.is_(None))
        .values(answer=answer, answered_at=now))
    session.refresh(followup)
    if recorded != 1:
        assert followup.answer is not None  # the UPDATE found it answered already
        return AnswerResult(followup.answer, already=True)
    actor = f"{followup.person_type}:{followup.person_id}"
    person = followup.proposal.newcomer if followup.person_type == "newcomer" \
        else followup.proposal.volunteer
    person.last_active_at = now
    audit.record(session, now, "followup.answered", actor=actor, target_type="proposal",
                 target_id=followup.proposal_id, stage=followup.stage, answer=answer)
    ended = False
    if answer == "not_working" and followup.proposal.status == "active":
        end_pairing(session, now, followup.proposal, "not_working", by=followup.person_type)
        ended = True
    session.flush()
    return AnswerResult(answer, already=False, ended=ended)
