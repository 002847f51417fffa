"""Proposals (one newcomer-volunteer pair), the match runs that create them, and the weeks
whose weekly run has been claimed."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.clock import utcnow
from web.models.base import Base, UtcDateTime, sql_in
from web.models.people import Newcomer, Volunteer

#: the lifecycle, see shared DESIGN.md
PROPOSAL_STATUSES = (
    "draft", "proposed", "accepted", "active", "ended",
    "rejected", "expired", "declined_by_volunteer", "declined_by_newcomer",
)
OPEN_STATUSES = ("draft", "proposed", "accepted")
#: statuses that take one place of the volunteer's capacity
LOAD_STATUSES = OPEN_STATUSES + ("active",)
#: a pair that reached one of these is never proposed again
EXCLUDING_STATUSES = ("rejected", "expired", "declined_by_volunteer", "declined_by_newcomer",
                      "ended")
END_REASONS = ("completed", "not_working", "withdrawn", "problem")
#: why a volunteer or a newcomer said no (with free text beside it)
DECLINE_CODES = ("unavailable", "too_far", "no_common_ground", "full", "other")
SOURCES = ("engine", "coordinator")

_ONE_OPEN_PER_NEWCOMER = sql_in("status", LOAD_STATUSES)


class MatchRun(Base):
    """One run of the engine over the whole waiting list."""

    __tablename__ = "match_run"
    __table_args__ = (
        CheckConstraint(sql_in("status", ("running", "done", "failed")), name="status_value"),
        CheckConstraint(sql_in("trigger", ("schedule", "manual")), name="trigger_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: ISO week the run belongs to, e.g. "2026-W48" (the weekly job runs once per week)
    week: Mapped[str] = mapped_column(String(10), index=True)
    trigger: Mapped[str] = mapped_column(String(10), default="schedule")
    status: Mapped[str] = mapped_column(String(10), default="running")
    #: counts, timings, and every unmatched newcomer with the reason
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinator.id"))


class MatchWeek(Base):
    """One row per ISO week whose weekly matching ran: the primary key makes it once a week,
    even when two scheduler processes start the run at the same moment."""

    __tablename__ = "match_week"

    #: ISO week in the programme's time zone, e.g. "2026-W48"
    week: Mapped[str] = mapped_column(String(10), primary_key=True)
    match_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("match_run.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Proposal(Base):
    """One newcomer-volunteer pair, from suggestion to the end of the pairing."""

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint(sql_in("status", PROPOSAL_STATUSES), name="status_value"),
        CheckConstraint(sql_in("source", SOURCES), name="source_value"),
        CheckConstraint(f"end_reason IS NULL OR {sql_in('end_reason', END_REASONS)}",
                        name="end_reason_value"),
        CheckConstraint("status <> 'ended' OR (end_reason IS NOT NULL AND ended_at IS NOT NULL)",
                        name="ended_has_reason"),
        CheckConstraint("status <> 'active' OR activated_at IS NOT NULL", name="active_has_date"),
        CheckConstraint(f"decline_code IS NULL OR {sql_in('decline_code', DECLINE_CODES)}",
                        name="decline_code_value"),
        CheckConstraint("predicted_success IS NULL OR predicted_success BETWEEN 0 AND 1",
                        name="predicted_success_range"),
        # A newcomer has at most one open proposal or active pairing at a time.
        Index("uq_proposal_one_open_per_newcomer", "newcomer_id", unique=True,
              sqlite_where=text(_ONE_OPEN_PER_NEWCOMER),
              postgresql_where=text(_ONE_OPEN_PER_NEWCOMER)),
        Index("ix_proposal_pair", "newcomer_id", "volunteer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    newcomer_id: Mapped[int] = mapped_column(ForeignKey("newcomer.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"),
                                              index=True)
    match_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("match_run.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(24), index=True)
    #: engine (a match run) or coordinator (manual pairing)
    source: Mapped[str] = mapped_column(String(12), default="engine")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    #: the learned model's probability, when the pair was proposed, that both say yes and
    #: it lasts (None: proposed with the default weights); compared later with the outcome
    predicted_success: Mapped[float | None] = mapped_column(Float)
    #: score components, e.g. {"neighbourhood": 1.0, "interests": 0.4, ...}
    components: Mapped[dict] = mapped_column(JSON, default=dict)
    #: short human-readable reasons, in French and English: {"fr": [...], "en": [...]}
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    #: hard constraints a coordinator knowingly overrode in a manual pairing
    overridden_constraints: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    volunteer_answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    newcomer_answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: one of DECLINE_CODES, with decline_reason as free text
    decline_code: Mapped[str | None] = mapped_column(String(20))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    end_reason: Mapped[str | None] = mapped_column(String(12))
    end_note: Mapped[str | None] = mapped_column(Text)
    #: the first outing the pair chose (an activity occurrence); None: the suggestion stands
    outing_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL"))
    #: wall-clock start of the chosen occurrence, in the activity's time zone
    outing_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))

    newcomer: Mapped[Newcomer] = relationship()
    volunteer: Mapped[Volunteer] = relationship()
    match_run: Mapped[MatchRun | None] = relationship()

    def __repr__(self) -> str:
        return f"<Proposal {self.id} n{self.newcomer_id}-v{self.volunteer_id} {self.status}>"


class ProblemReport(Base):
    """A problem a volunteer or newcomer reports about a pairing; coordinators are alerted at
    once."""

    __tablename__ = "problem_report"
    __table_args__ = (
        CheckConstraint(sql_in("reporter_type", ("newcomer", "volunteer")), name="reporter_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                                    index=True)
    reporter_type: Mapped[str] = mapped_column(String(12))
    reporter_id: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordinator.id", ondelete="SET NULL"))
    #: what the coordinator did about it
    handling_note: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal | None] = relationship()
