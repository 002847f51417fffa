"""Write a checked file: new activities added, known ones (same source and source_uid)
updated, unchanged ones left alone; all in the caller's one transaction.

The file is the authority for what it describes: an update replaces the activity's fields
and its cancelled or moved occurrences. One exception: an activity a coordinator placed by
hand (its location matched no place) keeps that place while the file says the same thing.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import null, or_, select
from sqlalchemy.orm import Session, selectinload

from web.models import Activity, ActivityChange, Place
from web.services import audit

FIELDS = ("title", "description", "kind", "location_text", "interests", "languages",
          "audience", "price_cents", "capacity", "starts_at", "duration_minutes", "all_day",
          "timezone", "rrule", "url", "status")


@dataclass
class Counts:
    """What an import did (or would do)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    #: activities whose location matched no place: a coordinator should place them
    unplaced: int = 0
    #: activities the source no longer lists (an OpenAgenda timing removed), cancelled
    withdrawn: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _existing(session: Session, rows) -> dict:
    found = {}
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row.source_uid)
    for source, uids in by_source.items():
        for start in range(0, len(uids), 500):
            query = (select(Activity).options(selectinload(Activity.changes))
                     .where(Activity.source == source,
                            Activity.source_uid.in_(uids[start:start + 500])))
            found.update({(a.source, a.source_uid): a for a in session.scalars(query)})
    return found


def _withdrawn(session: Session, rows) -> list[Activity]:
    """Activities of the file's groups (OpenAgenda uids) that the file no longer has."""
    listed = {(row.source, row.source_uid) for row in rows}
    groups = sorted({(row.source, row.group) for row in rows if row.group})
    stale: list[Activity] = []
    for source, group in groups:
        query = select(Activity).where(
            Activity.source == source, Activity.status == "scheduled",
            or_(Activity.source_uid == group,
                Activity.source_uid.startswith(f"{group}#", autoescape=True)))
        stale.extend(a for a in session.scalars(query)
                     if (a.source, a.source_uid) not in listed)
    return stale


def _values(row, activity: Activity | None, place_ids: dict) -> dict:
    values = {name: getattr(row, name) for name in FIELDS}
    values["place_id"] = place_ids.get(row.place_slug)
    if (values["place_id"] is None and activity is not None and activity.place_id is not None
            and activity.location_text == row.location_text):
        values["place_id"] = activity.place_id  # placed by a coordinator: kept
    return values


def _change_keys(changes) -> list[tuple]:
    return sorted((c.original_start, c.kind, c.new_start, c.new_duration_minutes, c.note or "")
                  for c in changes)


def _outcome(activity: Activity | None, values: dict, row) -> str:
    if activity is None:
        return "new"
    same = (all(getattr(activity, name) == value for name, value in values.items())
            and _change_keys(activity.changes) == _change_keys(row.changes))
    return "unchanged" if same else "updated"


def _place_ids(session: Session) -> dict:
    return dict(session.execute(select(Place.slug, Place.id)).all())


def plan(session: Session, checked) -> tuple[list[str], Counts]:
    """What saving would do, row by row ("new", "updated", "unchanged"), without writing."""
    existing, place_ids = _existing(session, checked.rows), _place_ids(session)
    outcomes, counts = [], Counts()
    for row in checked.rows:
        activity = existing.get((row.source, row.source_uid))
        values = _values(row, activity, place_ids)
        outcome = _outcome(activity, values, row)
        outcomes.append(outcome)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        counts.unplaced += values["place_id"] is None and bool(row.location_text)
    counts.withdrawn = len(_withdrawn(session, checked.rows))
    return outcomes, counts


def save(session: Session, now: datetime, checked, *, actor: str,
         coordinator_id: int | None = None, file_name: str = "") -> Counts:
    """Add or update every activity of a file without errors; one audit entry sums it up."""
    if checked.errors:
        raise ValueError("a file with errors is never imported")
    existing, place_ids = _existing(session, checked.rows), _place_ids(session)
    counts = Counts()
    for row in checked.rows:
        activity = existing.get((row.source, row.source_uid))
        values = _values(row, activity, place_ids)
        outcome = _outcome(activity, values, row)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        counts.unplaced += values["place_id"] is None and bool(row.location_text)
        if outcome == "unchanged":
            continue
        if activity is None:
            activity = Activity(source=row.source, source_uid=row.source_uid, created_at=now)
            session.add(activity)
        for name, value in values.items():
            # null(): a None would let the column's default (price 0, "free") fill it in
            setattr(activity, name, null() if value is None else value)
        activity.updated_at = now
        if _change_keys(activity.changes) != _change_keys(row.changes):
            if activity.changes:
                activity.changes.clear()
                session.flush()  # old rows deleted before new ones reuse their starts
            activity.changes.extend(
                ActivityChange(original_start=c.original_start, kind=c.kind,
                               new_start=c.new_start, new_duration_minutes=c.new_duration_minutes,
                               note=c.note, created_at=now) for c in row.changes)
    for activity in _withdrawn(session, checked.rows):
        activity.status = "cancelled"
        activity.updated_at = now
        counts.withdrawn += 1
    audit.record(session, now, "activities.imported", actor=actor,
                 coordinator_id=coordinator_id, format=checked.format, file=file_name[:100],
                 **counts.as_dict())
    session.flush()
    return counts
