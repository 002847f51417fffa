"""Whom to invite to a welcome gathering: waiting newcomers who can come, longest wait first.

Pure: plain data in, plain data out (no database, no clock; how long each person has waited
is part of the input). A newcomer can be invited when they are free in the gathering's weekly
slot, speak a language spoken there (a gathering that names no language speaks French) and
live within `max_distance_km` of the place. Among them, the longest wait comes first, then
the nearest, then the smallest id, so that the same input always gives the same list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .geo import haversine_km
from .labels import Labels
from .model import id_key
from .slots import SLOTS, slot_label

DEFAULT_MAX_DISTANCE_KM = 3.0
#: a gathering with no language given is held in French
DEFAULT_LANGUAGES = ("fr",)
#: these reasons are read by coordinators, whose pages speak French and English
LANGS = ("fr", "en")

MESSAGES = {
    "waited_weeks": ("Attend depuis {n} semaines", "Waiting for {n} weeks"),
    "waited_week": ("Attend depuis 1 semaine", "Waiting for 1 week"),
    "waited_days": ("Attend depuis {n} jours", "Waiting for {n} days"),
    "waited_day": ("Attend depuis 1 jour", "Waiting for 1 day"),
    "waited_today": ("Inscrit·e aujourd'hui", "Signed up today"),
    "distance": ("À {distance}", "{distance} away"),
    "free": ("Libre le {slot}", "Free on {slot}"),
    "speaks": ("Parle {name}", "Speaks {name}"),
}


@dataclass(frozen=True)
class GatheringSpot:
    """Where and when the gathering is, and how many people it can welcome."""

    lat: float
    lon: float
    #: weekly slot index of the start: day * 3 + part (matcher.slots)
    slot: int
    languages: tuple[str, ...] = ()
    capacity: int = 12


@dataclass(frozen=True)
class WaitingNewcomer:
    """One newcomer on the waiting list, as the gathering ranking needs them."""

    id: object
    #: centre of their neighbourhood; None when unknown (then never invited)
    lat: float | None
    lon: float | None
    #: 21-bit availability mask (matcher.slots)
    availability: int
    languages: tuple[str, ...]
    days_waited: int = 0


@dataclass(frozen=True)
class Invitee:
    """A newcomer to invite, with why, in French and English."""

    id: object
    rank: int
    distance_km: float
    days_waited: int
    #: a reserve is suggested beyond the capacity, in case some cannot come
    reserve: bool
    reasons: dict = field(default_factory=dict)


def spoken_languages(spot: GatheringSpot) -> tuple[str, ...]:
    """The languages spoken at the gathering (French when none is given)."""
    return tuple(spot.languages) or DEFAULT_LANGUAGES


def common_language(spot: GatheringSpot, person: WaitingNewcomer) -> str | None:
    """The first of the person's languages spoken at the gathering, or None."""
    spoken = spoken_languages(spot)
    return next((code for code in person.languages if code in spoken), None)


def distance_km(spot: GatheringSpot, person: WaitingNewcomer) -> float | None:
    """Great-circle distance from the person's neighbourhood centre to the place."""
    if person.lat is None or person.lon is None:
        return None
    return float(haversine_km(spot.lat, spot.lon, person.lat, person.lon))


def can_come(spot: GatheringSpot, person: WaitingNewcomer,
             max_distance_km: float = DEFAULT_MAX_DISTANCE_KM) -> bool:
    """The hard rules: free at that time, a common language, near enough."""
    if not person.availability >> spot.slot & 1:
        return False
    if common_language(spot, person) is None:
        return False
    distance = distance_km(spot, person)
    return distance is not None and distance <= max_distance_km


def reasons(spot: GatheringSpot, person: WaitingNewcomer, distance: float,
            labels: dict | None = None) -> dict[str, list[str]]:
    """{"fr": [...], "en": [...]}: wait, distance, free time, language (for a person who
    :func:`can_come`)."""
    language = common_language(spot, person)
    assert language is not None  # can_come: a language spoken at the gathering
    out = {}
    for i, lang in enumerate(LANGS):
        L = Labels(lang, labels)
        days = max(0, int(person.days_waited))
        if days >= 14:
            wait = MESSAGES["waited_weeks"][i].format(n=days // 7)
        elif days >= 7:
            wait = MESSAGES["waited_week"][i]
        elif days >= 2:
            wait = MESSAGES["waited_days"][i].format(n=days)
        else:
            wait = MESSAGES["waited_day" if days == 1 else "waited_today"][i]
        where = MESSAGES["distance"][i].format(distance=L.distance(distance))
        free = MESSAGES["free"][i].format(slot=slot_label(SLOTS[spot.slot], lang))
        speaks = MESSAGES["speaks"][i].format(name=L.language(language))
        out[lang] = [wait, where, free, speaks]
    return out


def rank_invitees(spot: GatheringSpot, newcomers, max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
                  reserves: int = 0, limit: int | None = None, labels: dict | None = None
                  ) -> list[Invitee]:
    """Up to `limit` (default: the capacity) newcomers to invite, plus `reserves` more.

    Only those who `can_come`; the longest wait first, then the nearest, then by id.
    """
    if not 0 <= spot.slot < len(SLOTS):
        raise ValueError(f"slot {spot.slot} out of range 0..{len(SLOTS) - 1}")
    limit = spot.capacity if limit is None else limit
    eligible = []
    for person in newcomers:
        if can_come(spot, person, max_distance_km):
            distance = distance_km(spot, person)
            assert distance is not None  # can_come: a known place near enough
            eligible.append((person, distance))
    eligible.sort(key=lambda item: (-int(item[0].days_waited), item[1], id_key(item[0].id)))
    chosen = eligible[:max(0, limit) + max(0, reserves)]
    return [Invitee(person.id, rank, round(distance, 3), int(person.days_waited),
                    rank >= limit, reasons(spot, person, distance, labels))
            for rank, (person, distance) in enumerate(chosen)]
