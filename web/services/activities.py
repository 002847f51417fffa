"""The local activities catalogue (data/activities.json) and the first-meeting suggestion."""
import json
from dataclasses import dataclass
from functools import lru_cache

from matcher.geo import haversine_km
from matcher.slots import SLOTS
from web.config import DATA_DIR
from web.services.reference import ReferenceDataError

ACTIVITIES_FILE = DATA_DIR / "activities.json"


@dataclass(frozen=True)
class Activity:
    id: str
    fr: str
    en: str
    place: str
    neighbourhood: str
    slots: tuple[str, ...]
    interests: frozenset[str]

    def label(self, locale: str) -> str:
        return self.en if locale == "en" else self.fr


@lru_cache(maxsize=1)
def catalogue() -> tuple[Activity, ...]:
    """Read and check the catalogue; a bad entry names its index and field."""
    try:
        items = json.loads(ACTIVITIES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{ACTIVITIES_FILE}: {exc}") from None
    activities = []
    for index, item in enumerate(items):
        for key in ("id", "fr", "en", "place", "neighbourhood", "slots"):
            if not item.get(key):
                raise ReferenceDataError(f"{ACTIVITIES_FILE}: [{index}].{key} is missing")
        unknown = set(item["slots"]) - set(SLOTS)
        if unknown:
            raise ReferenceDataError(f"{ACTIVITIES_FILE}: [{index}].slots: unknown {sorted(unknown)}")
        activities.append(Activity(item["id"], item["fr"], item["en"], item["place"],
                                   item["neighbourhood"], tuple(item["slots"]),
                                   frozenset(item.get("interests") or ())))
    return tuple(activities)


def suggest(activities, shared_slots: list[str], shared_interests: set[str],
            centres: list[tuple[float, float]], neighbourhood_points: dict[str, tuple[float, float]]):
    """The best activity for a first meeting, with the slot to go, or (None, first shared slot).

    An activity must happen in a slot both people are free; among those, shared
    interests count most, then closeness to the two people's neighbourhoods.
    """
    best, best_key = None, None
    for activity in activities:
        slots = [s for s in activity.slots if s in shared_slots]
        if not slots:
            continue
        point = neighbourhood_points.get(activity.neighbourhood)
        distance = (sum(float(haversine_km(point[0], point[1], lat, lon)) for lat, lon in centres)
                    if point and centres else 0.0)
        key = (-len(activity.interests & shared_interests), round(distance, 3), activity.id)
        if best_key is None or key < best_key:
            best, best_key = (activity, slots[0]), key
    if best is None:
        return None, (shared_slots[0] if shared_slots else None)
    return best
