"""The town's places and programme of activities, the file the town file names in "programme".

`make run` loads it (`bienvenue setup`, `bienvenue load-town`): places are matched by
`slug`, activities by their `id` (stored as source "town_file"), so reloading updates them
instead of duplicating. Nothing is deleted; an exception listed in the file is added once.
A malformed file is refused whole with one line naming the field.

    {"places": [{"slug", "name", "kind", "neighbourhood", "address", "lat", "lon",
                 "opening_hours", "languages", "step_free", "contact", "website",
                 "description"}],
     "activities": [{"id", "title", "description", "kind", "place", "interests",
                     "languages", "audience", "price_cents", "capacity",
                     "start": "2026-09-01T14:00", "duration_minutes", "all_day",
                     "rrule": "FREQ=WEEKLY;BYDAY=TU",
                     "exceptions": [{"start": "2026-12-29T14:00", "note": "..."}], "url"}]}
"""
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Activity, ActivityChange, Neighbourhood, Place
from web.models.local_life import ACTIVITY_KINDS, AUDIENCES, PLACE_KINDS
from web.services.occurrences import check_rule
from web.services.reference import SLUG_RE, ReferenceDataError, _read_json, interests, languages

PLACE_TEXT = ("address", "opening_hours", "contact", "website", "description")


def _error(path, where: str, message: str) -> ReferenceDataError:
    return ReferenceDataError(f"{path}: {where} {message}")


def _text(path, where, item, key, required=False, limit=255) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _error(path, f"{where}.{key}", "must be text")
    if required and not value.strip():
        raise _error(path, f"{where}.{key}", "is missing")
    if len(value) > limit:
        raise _error(path, f"{where}.{key}", f"must be at most {limit} characters")
    return value.strip()


def _codes(path, where, item, key, known: set[str]) -> list[str]:
    value = item.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(path, f"{where}.{key}", "must be a list of codes")
    unknown = sorted(set(value) - known)
    if unknown:
        raise _error(path, f"{where}.{key}", f"has unknown code \"{unknown[0]}\"")
    return list(dict.fromkeys(value))


def _choice(path, where, item, key, allowed, default) -> str:
    value = item.get(key, default)
    if value not in allowed:
        raise _error(path, f"{where}.{key}", f"must be one of {', '.join(allowed)}")
    return value


def _number(path, where, item, key, kind=int, minimum=None, optional=True):
    value = item.get(key)
    if value is None and optional:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        noun = "number" if kind is float else "whole number"
        raise _error(path, f"{where}.{key}", f"must be a {noun}")
    if minimum is not None and value < minimum:
        raise _error(path, f"{where}.{key}", f"must be at least {minimum}")
    return value


def _moment(path, where, value) -> datetime:
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise _error(path, where, "must be a date and time like 2026-09-01T14:00") from None


def parse_programme(data, path, neighbourhood_slugs: set[str]) -> tuple[list[dict], list[dict]]:
    """Validate a programme file's content; returns (places, activities) as plain dicts."""
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: expected an object with places and activities")
    known_languages = {label.code for label in languages()}
    known_interests = {label.code for label in interests()}
    places, slugs = [], set()
    for index, item in enumerate(data.get("places") or []):
        where = f"places[{index}]"
        if not isinstance(item, dict):
            raise _error(path, where, "must be an object")
        slug = _text(path, where, item, "slug", required=True, limit=80)
        if not SLUG_RE.match(slug) or slug in slugs:
            raise _error(path, f"{where}.slug", "must be unique lower-case letters, digits and -")
        slugs.add(slug)
        neighbourhood = item.get("neighbourhood")
        if neighbourhood is not None and neighbourhood not in neighbourhood_slugs:
            raise _error(path, f"{where}.neighbourhood",
                         f"\"{neighbourhood}\" is not a neighbourhood of the town")
        lat = _number(path, where, item, "lat", float)
        lon = _number(path, where, item, "lon", float)
        if lat is not None and not -90 <= lat <= 90:
            raise _error(path, f"{where}.lat", "must be between -90 and 90")
        if lon is not None and not -180 <= lon <= 180:
            raise _error(path, f"{where}.lon", "must be between -180 and 180")
        step_free = item.get("step_free")
        if step_free is not None and not isinstance(step_free, bool):
            raise _error(path, f"{where}.step_free", "must be true, false or null")
        places.append({
            "slug": slug, "name": _text(path, where, item, "name", required=True, limit=160),
            "kind": _choice(path, where, item, "kind", PLACE_KINDS, "other"),
            "neighbourhood": neighbourhood, "lat": lat, "lon": lon, "step_free": step_free,
            "languages": _codes(path, where, item, "languages", known_languages),
            **{key: _text(path, where, item, key,
                          limit=2000 if key in ("description", "opening_hours") else 255)
               for key in PLACE_TEXT}})
    activities, ids = [], set()
    for index, item in enumerate(data.get("activities") or []):
        where = f"activities[{index}]"
        if not isinstance(item, dict):
            raise _error(path, where, "must be an object")
        uid = _text(path, where, item, "id", required=True)
        if uid in ids:
            raise _error(path, f"{where}.id", f"\"{uid}\" appears twice")
        ids.add(uid)
        place = item.get("place")
        if place is not None and place not in slugs:
            raise _error(path, f"{where}.place", f"\"{place}\" is not a place of this file")
        start = _moment(path, f"{where}.start", item.get("start"))
        rrule = item.get("rrule") or None
        if rrule is not None and (not isinstance(rrule, str) or check_rule(rrule, start)):
            raise _error(path, f"{where}.rrule",
                         "must be an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU")
        exceptions = []
        for number, exception in enumerate(item.get("exceptions") or []):
            there = f"{where}.exceptions[{number}]"
            if not isinstance(exception, dict):
                raise _error(path, there, "must be an object with start and note")
            exceptions.append((_moment(path, f"{there}.start", exception.get("start")),
                               _text(path, there, exception, "note")))
        activities.append({
            "uid": uid, "title": _text(path, where, item, "title", required=True, limit=200),
            "description": _text(path, where, item, "description", limit=4000),
            "kind": _choice(path, where, item, "kind", ACTIVITY_KINDS, None),
            "place": place, "location_text": _text(path, where, item, "location"),
            "interests": _codes(path, where, item, "interests", known_interests),
            "languages": _codes(path, where, item, "languages", known_languages),
            "audience": _choice(path, where, item, "audience", AUDIENCES, "everyone"),
            "price_cents": (_number(path, where, item, "price_cents", int, 0)
                            if "price_cents" in item else 0),
            "capacity": _number(path, where, item, "capacity", int, 1),
            "starts_at": start, "rrule": rrule,
            "duration_minutes": (_number(path, where, item, "duration_minutes", int, 1,
                                         optional=True) or 120),
            "all_day": bool(item.get("all_day", False)),
            "url": _text(path, where, item, "url"), "exceptions": exceptions})
    return places, activities


def load_programme(session: Session, path: str, timezone: str) -> dict:
    """Add or update the places and activities of a programme file; returns counts."""
    if not path:
        return {"places": 0, "activities": 0}
    neighbourhoods = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    places, activities = parse_programme(_read_json(Path(path)), path, set(neighbourhoods))
    existing_places = {p.slug: p for p in session.scalars(select(Place))}
    by_slug = {}
    for item in places:
        place = existing_places.get(item["slug"]) or Place(slug=item["slug"])
        neighbourhood = neighbourhoods.get(item.pop("neighbourhood") or "")
        place.neighbourhood_id = neighbourhood.id if neighbourhood else None
        for key, value in item.items():
            setattr(place, key, value)
        session.add(place)
        by_slug[place.slug] = place
    session.flush()
    existing = {a.source_uid: a for a in session.scalars(
        select(Activity).where(Activity.source == "town_file"))}
    for item in activities:
        activity = existing.get(item["uid"]) or Activity(source="town_file", source_uid=item["uid"])
        held_at = by_slug.get(item.pop("place") or "")
        activity.place_id = held_at.id if held_at else None
        exceptions = item.pop("exceptions")
        item.pop("uid")
        for key, value in item.items():
            setattr(activity, key, value)
        activity.timezone = timezone
        session.add(activity)
        session.flush()
        known = {change.original_start for change in activity.changes}
        for start, note in exceptions:
            if start not in known:
                activity.changes.append(ActivityChange(original_start=start, kind="cancelled",
                                                       note=note))
    session.flush()
    return {"places": len(places), "activities": len(activities)}
