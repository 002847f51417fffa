"""All models, importable from one place."""
from web.models.base import Base
from web.models.followups import Followup, ProposalReminder
from web.models.local_life import (
                                    Activity,
                                    ActivityChange,
                                    Gathering,
                                    GatheringInvitation,
                                    Participation,
                                    Place,
)
from web.models.notes import Note
from web.models.people import Newcomer, Volunteer
from web.models.proposals import MatchRun, MatchWeek, ProblemReport, Proposal
from web.models.records import AuditEntry, OutboxMessage
from web.models.security import LoginAttempt, RateEvent
from web.models.staff import Coordinator
from web.models.town import Neighbourhood, Setting

__all__ = [
    "Activity", "ActivityChange", "Gathering", "GatheringInvitation", "Participation", "Place",
    "AuditEntry", "Base", "Coordinator", "Followup", "LoginAttempt", "MatchRun", "MatchWeek",
    "Neighbourhood", "Newcomer", "Note", "OutboxMessage", "ProblemReport", "Proposal",
    "ProposalReminder", "RateEvent", "Setting", "Volunteer",
]
