"""What the scheduled jobs remember about pairings: the reminders sent to volunteers, and the
follow-up check-ins with their one-click answers."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in
from web.models.proposals import Proposal

#: check-in stages after the introduction: two weeks and three months
FOLLOWUP_STAGES = ("2w", "3m")
#: the three one-click answers: "tout va bien", "on ne s'est pas encore vus", "ça ne marche pas"
FOLLOWUP_ANSWERS = ("fine", "not_met", "not_working")
PERSON_TYPES = ("newcomer", "volunteer")


class ProposalReminder(Base):
    """The one reminder a volunteer gets about an unanswered proposal (never two)."""

    __tablename__ = "proposal_reminder"

    proposal_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Followup(Base):
    """A check-in message to one person of an active pairing, and their answer."""

    __tablename__ = "followup"
    __table_args__ = (
        UniqueConstraint("proposal_id", "person_type", "stage",
                         name="uq_followup_proposal_person_stage"),
        CheckConstraint(sql_in("person_type", PERSON_TYPES), name="person_type_value"),
        CheckConstraint(sql_in("stage", FOLLOWUP_STAGES), name="stage_value"),
        CheckConstraint(f"answer IS NULL OR {sql_in('answer', FOLLOWUP_ANSWERS)}",
                        name="answer_value"),
        CheckConstraint("(answer IS NULL) = (answered_at IS NULL)", name="answer_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    #: who was asked: "newcomer" or "volunteer" of the proposal
    person_type: Mapped[str] = mapped_column(String(12))
    person_id: Mapped[int]
    #: one of FOLLOWUP_STAGES
    stage: Mapped[str] = mapped_column(String(4))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: one of FOLLOWUP_ANSWERS, None until the person clicks
    answer: Mapped[str | None] = mapped_column(String(12))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)

    proposal: Mapped[Proposal] = relationship()
