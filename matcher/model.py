"""Plain, frozen data types: what the engine reads and what it returns.

The engine never sees a database row or a request: the file interface
(`matcher.parse`) and the web app's service both convert their data into
these types.  Ids are whatever the caller uses (``int`` in the web app,
``str`` in files); the engine only compares them for equality and sorts
them with :func:`id_key`, which never compares a ``str`` with an ``int``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

Id = Hashable  # str or int in practice


def id_key(value: Any) -> tuple:
    """Total order over mixed ids: ints first (numerically), then strings."""
    if isinstance(value, bool):  # bool is an int subclass; keep it apart
        return (2, str(value))
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


@dataclass(frozen=True)
class Neighbourhood:
    id: Id
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Newcomer:
    """A person who has just moved to town and waits for a buddy.

    ``languages`` is ordered by preference (the first one is the newcomer's
    most comfortable language).  ``availability`` is a set of slot strings
    (``"sat-morning"``) or a 21-bit mask, see :mod:`matcher.slots`.
    """
    id: Id
    neighbourhood: Id
    languages: tuple[str, ...]
    interests: frozenset[str]
    about: str
    availability: frozenset[str] | int
    waiting_since: dt.date
    birth_year: int | None = None
    gender: str | None = None
    buddy_gender: str | None = None  # wish about the volunteer's gender
    practise_french: bool = False
    household: str | None = None  # life situation, e.g. "children", "no-children"
    intergenerational: bool = False  # explicitly wants a buddy of another generation
    #: first name, only to say who in reasons ("Amina wants to practise French"); optional
    name: str | None = None


@dataclass(frozen=True)
class Volunteer:
    """A local buddy.  Paused or unvetted volunteers must not be passed in."""
    id: Id
    neighbourhood: Id
    languages: tuple[str, ...]
    interests: frozenset[str]
    about: str
    availability: frozenset[str] | int
    capacity: int
    active_matches: int = 0
    birth_year: int | None = None
    gender: str | None = None
    newcomer_gender: str | None = None  # wish about the newcomer's gender
    max_distance_km: float | None = None  # the volunteer's own limit, if any
    household: str | None = None
    #: first name, only to say who in reasons ("Claire speaks it"); optional
    name: str | None = None


@dataclass(frozen=True)
class Settings:
    """Tunable parameters.  ``weights`` may name only some components; the
    others keep their defaults (see :data:`matcher.scoring.DEFAULT_WEIGHTS`)."""
    today: dt.date
    weights: Mapping[str, float] = field(default_factory=dict)
    min_score: float = 0.25
    max_distance_km: float = 5.0
    solver: str = "auto"
    no_common_slot_factor: float = 0.5  # score multiplier when no weekly slot is shared
    boost_per_week: float = 0.025  # waiting boost grows by this per week waited...
    boost_cap: float = 0.3  # ...up to this (reached after 12 weeks)
    #: "auto": learn which pairs work from ``Problem.history`` and use the model when it
    #: beats the default weights on held-out outcomes; "off": the default weights only
    learning: str = "auto"


#: what became of a proposal, from the worst to the best (``HistoryItem.outcome``)
OUTCOMES = ("declined", "expired", "ended_early", "accepted", "lasting")


@dataclass(frozen=True)
class HistoryItem:
    """One past proposal and what became of it: the two people as they were then
    (same fields as today's), the day it was proposed, and one of :data:`OUTCOMES`
    ("accepted": both said yes, too recent to know more; "lasting": still going, or
    completed, three months on; "ended_early": ended as not working before that)."""
    newcomer: Newcomer
    volunteer: Volunteer
    proposed_on: dt.date
    outcome: str


@dataclass(frozen=True)
class Problem:
    neighbourhoods: tuple[Neighbourhood, ...]
    newcomers: tuple[Newcomer, ...]
    volunteers: tuple[Volunteer, ...]
    settings: Settings
    excluded_pairs: frozenset[tuple[Id, Id]] = frozenset()  # (newcomer id, volunteer id)
    #: the programme's past proposals and their outcomes (``matcher.learning``)
    history: tuple[HistoryItem, ...] = ()


@dataclass(frozen=True)
class Pair:
    newcomer: Id
    volunteer: Id
    score: float
    weight: float
    components: Mapping[str, float]
    reasons: tuple[str, ...]
    #: the reasons in each language asked for (``langs``), the output language included
    reasons_by_lang: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the learned model's probability that this pair says yes and lasts (None when the
    #: default weights were used)
    probability: float | None = None


@dataclass(frozen=True)
class ModelReport:
    """What learning from ``Problem.history`` gave, in words a coordinator can check.

    ``used``: the assignment maximised the model's predicted success; otherwise the
    default weights were used and ``reason`` says why (too few outcomes, no better than
    the defaults on held-out data, learning off). ``quality``: held-out figures of the
    model and of the default weights on the same outcomes (e.g. ``log_loss``,
    ``auc``, ``brier``, with ``model_``/``default_`` prefixes). ``effects``: per score
    component, the learned effect (how much the odds of success change across the
    component's range). ``explanation``: plain sentences per language ("fr", "en")."""
    used: bool
    reason: str
    outcomes: int
    positives: int = 0
    quality: Mapping[str, float] = field(default_factory=dict)
    effects: Mapping[str, float] = field(default_factory=dict)
    explanation: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Unmatched:
    newcomer: Id
    reason: str
    #: the reason in each language asked for (``langs``), the output language included
    reason_by_lang: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    newcomer: Id
    volunteer: Id
    weight: float


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    stats: Mapping[str, Any]
    candidates: tuple[Candidate, ...] | None = None
    #: learning from the history (None when the problem had no history)
    model: ModelReport | None = None


@dataclass(frozen=True)
class PairExplanation:
    """One pair looked at on its own, e.g. for a coordinator's manual pairing.

    ``violations`` lists the hard constraints the pair breaks (empty when the
    engine could have proposed it)."""
    newcomer: Id
    volunteer: Id
    score: float
    weight: float
    distance_km: float
    components: Mapping[str, float]
    reasons: tuple[str, ...]
    violations: tuple[str, ...]
    reasons_by_lang: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    violations_by_lang: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the learned model's probability that this pair says yes and lasts (None when the
    #: default weights were used), as :attr:`Pair.probability`
    probability: float | None = None
