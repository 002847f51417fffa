"""Coordinators keep the town's places up to date: create, edit, list by neighbourhood.

Every change is audited. A place's slug is made from its name when it is created and then
kept, so that links to /lieux/<slug> keep working after a rename.
"""
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from web.models import Activity, Coordinator, Neighbourhood, Place
from web.models.local_life import PLACE_KINDS
from web.services import ServiceError, audit, occurrences
from web.services.reference import languages

#: how far ahead the places list counts occurrences
UPCOMING = timedelta(weeks=4)
TEXT_LIMITS = {"name": 160, "address": 255, "contact": 255, "website": 255,
               "opening_hours": 2000, "description": 4000}


@dataclass
class PlaceFields:
    """What a coordinator can set on a place (lat/lon None: the neighbourhood centre)."""

    name: str
    kind: str = "other"
    neighbourhood_id: int | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    opening_hours: str = ""
    languages: list = field(default_factory=list)
    step_free: bool | None = None
    contact: str = ""
    website: str = ""
    description: str = ""


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by "-" ("Maison de quartier des Nangues" ->
    "maison-de-quartier-des-nangues"); "lieu" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70].strip("-")
    return slug or "lieu"


def unique_slug(session: Session, name: str) -> str:
    """A slug made from `name` that no place has yet (suffixed -2, -3... when taken)."""
    base = slugify(name)
    taken = set(session.scalars(select(Place.slug).where(Place.slug.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def is_web_address(value: str) -> bool:
    """An http:// or https:// address with a host name."""
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.hostname) and " " not in value


def _check(session: Session, fields: PlaceFields) -> Neighbourhood | None:
    """Raise ServiceError naming the first wrong field; return the neighbourhood."""
    if not fields.name.strip():
        raise ServiceError("name", "is required")
    for key, limit in TEXT_LIMITS.items():
        if len(getattr(fields, key) or "") > limit:
            raise ServiceError(key, f"must be at most {limit} characters")
    if fields.kind not in PLACE_KINDS:
        raise ServiceError("kind", f"must be one of {', '.join(PLACE_KINDS)}")
    neighbourhood = None
    if fields.neighbourhood_id is not None:
        neighbourhood = session.get(Neighbourhood, fields.neighbourhood_id)
        if neighbourhood is None:
            raise ServiceError("neighbourhood", "is not a neighbourhood of the town")
    if (fields.lat is None) != (fields.lon is None):
        raise ServiceError("lat", "latitude and longitude go together")
    if fields.lat is not None and not -90 <= fields.lat <= 90:
        raise ServiceError("lat", "must be between -90 and 90")
    if fields.lon is not None and not -180 <= fields.lon <= 180:
        raise ServiceError("lon", "must be between -180 and 180")
    unknown = set(fields.languages) - {label.code for label in languages()}
    if unknown:
        raise ServiceError("languages", f"unknown language \"{sorted(unknown)[0]}\"")
    if fields.website and not is_web_address(fields.website):
        raise ServiceError("website", "must be an http:// or https:// address")
    return neighbourhood


def _apply(place: Place, fields: PlaceFields, neighbourhood: Neighbourhood | None) -> None:
    lat, lon = fields.lat, fields.lon
    if lat is None and neighbourhood is not None:
        # No coordinates given: the neighbourhood's centre puts it on the map and in range.
        lat, lon = neighbourhood.lat, neighbourhood.lon
    place.name = fields.name.strip()
    place.kind = fields.kind
    place.neighbourhood_id = fields.neighbourhood_id
    place.lat, place.lon = lat, lon
    place.languages = list(dict.fromkeys(fields.languages))
    place.step_free = fields.step_free
    for key in ("address", "opening_hours", "contact", "website", "description"):
        setattr(place, key, (getattr(fields, key) or "").strip())


def _actor(coordinator: Coordinator) -> str:
    return f"coordinator:{coordinator.id}"


def create_place(session: Session, now: datetime, coordinator: Coordinator,
                 fields: PlaceFields) -> Place:
    """Add a place with a new unique slug; audited."""
    neighbourhood = _check(session, fields)
    place = Place(slug=unique_slug(session, fields.name), created_at=now, updated_at=now)
    _apply(place, fields, neighbourhood)
    session.add(place)
    session.flush()
    audit.record(session, now, "place.created", actor=_actor(coordinator),
                 coordinator_id=coordinator.id, target_type="place", target_id=place.id,
                 slug=place.slug, name=place.name)
    return place


def update_place(session: Session, now: datetime, coordinator: Coordinator, place: Place,
                 fields: PlaceFields) -> Place:
    """Change a place (its slug stays); audited with the names of the fields that changed."""
    neighbourhood = _check(session, fields)
    before = {key: getattr(place, key) for key in
              ("name", "kind", "neighbourhood_id", "address", "lat", "lon", "opening_hours",
               "languages", "step_free", "contact", "website", "description")}
    _apply(place, fields, neighbourhood)
    changed = sorted(key for key, value in before.items() if getattr(place, key) != value)
    place.updated_at = now
    session.flush()
    audit.record(session, now, "place.updated", actor=_actor(coordinator),
                 coordinator_id=coordinator.id, target_type="place", target_id=place.id,
                 changed=changed)
    return place


@dataclass(frozen=True)
class PlaceGroup:
    """The places of one neighbourhood ("" when none), each with its upcoming occurrences."""

    neighbourhood: str
    places: list


def places_by_neighbourhood(session: Session, now: datetime) -> list[PlaceGroup]:
    """Every place grouped by neighbourhood name, with the number of occurrences in the
    next four weeks: [(place, count)] per group, places without a neighbourhood last."""
    soon = occurrences.upcoming(session, now, now + UPCOMING)
    counts = Counter(activity.place_id for _occurrence, activity in soon)
    rows = session.scalars(select(Place).options(selectinload(Place.neighbourhood))).all()
    groups: dict[str, list] = {}
    for place in rows:
        name = place.neighbourhood.name if place.neighbourhood else ""
        groups.setdefault(name, []).append((place, counts.get(place.id, 0)))
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))
    return [PlaceGroup(name, sorted(items, key=lambda pair: pair[0].name.casefold()))
            for name, items in ordered]


def neighbourhoods(session: Session) -> list[Neighbourhood]:
    """The town's neighbourhoods by name, for select lists."""
    return list(session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def all_places(session: Session) -> list[Place]:
    """Every place by name."""
    return list(session.scalars(select(Place).order_by(Place.name)))


def unplaced_activity_count(session: Session) -> int:
    """Activities with a written location but no place yet (an import could not match it)."""
    return len(session.scalars(select(Activity.id).where(
        Activity.place_id.is_(None), Activity.location_text != "")).all())


def activities_at(session: Session, place: Place) -> list[Activity]:
    """The activities held at `place`, by title."""
    return list(session.scalars(select(Activity).where(Activity.place_id == place.id)
                                .order_by(Activity.title)))


def by_slug(session: Session, slug: str) -> Place | None:
    """The place at /lieux/<slug>, with its neighbourhood; None for an unknown slug."""
    if len(slug) > 80:  # longer than any slug: no need to ask the database
        return None
    return session.scalar(select(Place).options(selectinload(Place.neighbourhood))
                          .where(Place.slug == slug))


def chosen(session: Session, choice: str) -> Place | None:
    """The place a select list's value names (its id as text); None if it names none."""
    if not choice.isdigit() or len(choice) >= 10:  # beyond any id: unknown, not an error
        return None
    return session.get(Place, int(choice))


def place_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "Name (Neighbourhood)") of every place, by name, for select lists."""
    rows = sorted(session.scalars(select(Place).options(selectinload(Place.neighbourhood))),
                  key=lambda place: place.name.casefold())
    return [(place.id, f"{place.name} ({place.neighbourhood.name})" if place.neighbourhood
             else place.name) for place in rows]
