"""Bienvenue's matching engine: pure Python, numpy, scipy and scikit-learn.

Scores every feasible (newcomer, volunteer) pair and computes the best pairing
for the whole waiting list at once (maximum number matched, then maximum total
weight, exactly).  No web framework, no database, no clock, no randomness:
today's date is part of the input.  See ``matcher/README.md``.
"""
from .activities import (
                         ACTIVITY_COMPONENTS,
                         ACTIVITY_WEIGHTS,
                         PAIR_WEIGHTS,
                         ActivityOccurrence,
                         ActivityPerson,
                         ActivitySuggestion,
                         rank_activities,
                         rank_for_pair,
)
from .assign import SOLVERS
from .engine import explain_pair, match, rank_volunteers, result_to_dict
from .gatherings import GatheringSpot, Invitee, WaitingNewcomer, rank_invitees
from .labels import LANGUAGE_NAMES, Labels
from .model import (
                         OUTCOMES,
                         Candidate,
                         HistoryItem,
                         ModelReport,
                         Neighbourhood,
                         Newcomer,
                         Pair,
                         PairExplanation,
                         Problem,
                         Result,
                         Settings,
                         Unmatched,
                         Volunteer,
                         id_key,
)
from .parse import InputError, parse_problem
from .scoring import COMPONENTS, DEFAULT_WEIGHTS, waiting_boost
from .slots import SLOTS, mask_to_slots, slots_to_mask

__all__ = [
    "ACTIVITY_COMPONENTS", "ACTIVITY_WEIGHTS", "ActivityOccurrence", "ActivityPerson",
    "ActivitySuggestion", "PAIR_WEIGHTS", "rank_activities", "rank_for_pair",
    "COMPONENTS", "Candidate", "DEFAULT_WEIGHTS", "HistoryItem", "ModelReport", "OUTCOMES",
    "GatheringSpot", "InputError", "Invitee",
    "LANGUAGE_NAMES", "Labels", "Neighbourhood", "Newcomer", "Pair", "PairExplanation", "Problem",
    "Result", "SLOTS", "SOLVERS", "Settings", "Unmatched", "Volunteer", "WaitingNewcomer",
    "explain_pair", "id_key", "mask_to_slots", "match", "parse_problem", "rank_invitees",
    "rank_volunteers", "result_to_dict", "slots_to_mask", "waiting_boost",
]
