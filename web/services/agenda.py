"""The public agenda: one week of activities, filtered, grouped by day.

Weeks are ISO weeks ("2026-W49") in the town's time zone, Monday 00:00 to Monday 00:00.
Filters come from the URL; a value that names nothing known is dropped (the page then
shows the unfiltered choice) rather than refused, so an old or edited link still works.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from web.models import Activity, ActivityChange, Neighbourhood, Place
from web.models.local_life import ACTIVITY_KINDS, CIVIC_KINDS
from web.services.occurrences import MOVE_MARGIN, Occurrence, expand

#: the value of the kind filter that stands for every civic kind
CIVIC = "citoyen"
KIND_FILTERS = tuple(k for k in ACTIVITY_KINDS if k not in CIVIC_KINDS) + (CIVIC,)
#: the agenda reaches this many years before and after today; further is refused (a typo,
#: or someone probing: expanding every rule up to the year 9999 would be slow)
YEARS_AROUND = 2
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class WeekError(ValueError):
    """The week in the URL is not a week."""


def parse_week(value: str | None, today: date) -> date:
    """The Monday of the week named by `value` ("2026-W49" or a date in it such as
    "2026-12-01"); the week of `today` when empty. Raises WeekError."""
    value = (value or "").strip()
    if not value:
        return today - timedelta(days=today.weekday())
    monday = None
    try:
        if match := _ISO_WEEK.match(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        elif match := _DATE.match(value):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            monday = day - timedelta(days=day.weekday())
    except ValueError:
        pass
    if monday is None or abs(monday.year - today.year) > YEARS_AROUND:
        raise WeekError(value)
    return monday


def week_label(monday: date) -> str:
    """The URL value of a week, e.g. "2026-W49"."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class AgendaFilters:
    """What the reader narrowed the agenda to; empty values mean "all"."""

    neighbourhood: str = ""
    #: one of KIND_FILTERS
    kind: str = ""
    language: str = ""
    #: ISO day of the week, 1 (Monday) to 7
    day: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.neighbourhood or self.kind or self.language or self.day)

    def query(self) -> dict:
        """The filters as URL parameters (French names, empty ones left out)."""
        values = {"quartier": self.neighbourhood, "type": self.kind, "langue": self.language,
                  "jour": self.day}
        return {key: value for key, value in values.items() if value}

    def kinds(self) -> tuple[str, ...]:
        if not self.kind:
            return ()
        return CIVIC_KINDS if self.kind == CIVIC else (self.kind,)

def parse_filters(args, neighbourhood_slugs, language_codes) -> AgendaFilters:
    """Filters from URL parameters (`args` is a mapping); unknown values are dropped."""
    def known(key, allowed):
        value = str(args.get(key) or "").strip()
        return value if value in allowed else ""

    day = str(args.get("jour") or "").strip()
    return AgendaFilters(neighbourhood=known("quartier", set(neighbourhood_slugs)),
                         kind=known("type", KIND_FILTERS),
                         language=known("langue", set(language_codes)),
                         day=int(day) if day in ("1", "2", "3", "4", "5", "6", "7") else None)


@dataclass(frozen=True, slots=True)
class PlaceView:
    """What the agenda shows of a place (read-only, not a database row)."""

    id: int
    slug: str
    name: str
    address: str
    neighbourhood_id: int | None


@dataclass(slots=True)
class ActivityView:
    """An activity as the agenda reads it: the attributes `occurrences.expand` and
    `ics.occurrence_event` use, without the cost of ORM objects (a busy week has
    thousands)."""

    id: int
    title: str
    description: str
    kind: str
    location_text: str
    languages: list
    audience: str
    price_cents: int | None
    starts_at: datetime
    duration_minutes: int
    all_day: bool
    timezone: str
    rrule: str | None
    status: str
    url: str
    place: PlaceView | None = None
    changes: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChangeView:
    original_start: datetime
    kind: str
    new_start: datetime | None
    new_duration_minutes: int | None
    note: str


@dataclass(slots=True)
class AgendaEntry:
    """One occurrence as the agenda shows it."""

    occurrence: Occurrence
    activity: ActivityView
    place: PlaceView | None
    neighbourhood: Neighbourhood | None


@dataclass
class AgendaDay:
    day: date
    entries: list[AgendaEntry] = field(default_factory=list)


@dataclass
class Week:
    """A week of the agenda, filtered, in order of start. Only the occurrences asked for
    (a page of them) are built: a busy week has thousands of one-off activities."""

    monday: date
    #: languages spoken at the activities that may happen this week, before the language
    #: filter (for its choices)
    languages: set[str]
    #: (wall-clock start in the town's zone, title, activity, occurrence or None for a
    #: one-off activity whose occurrence is built on demand), sorted
    items: list
    start: datetime
    end: datetime
    neighbourhoods: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.items)

    def entries(self, first: int = 0, last: int | None = None) -> list[AgendaEntry]:
        """The entries from position `first` to `last` (excluded)."""
        found = []
        for _, _, activity, occurrence in self.items[first:last]:
            if occurrence is None:
                occurrence = expand(activity, self.start, self.end, include_cancelled=True)[0]
            place = activity.place
            found.append(AgendaEntry(occurrence, activity, place,
                                     self.neighbourhoods.get(place.neighbourhood_id)
                                     if place else None))
        return found


def by_day(entries: list[AgendaEntry]) -> list[AgendaDay]:
    """Entries (in order of start) grouped by the day they start."""
    days: dict[date, AgendaDay] = {}
    for entry in entries:
        day = entry.occurrence.start.date()
        days.setdefault(day, AgendaDay(day)).entries.append(entry)
    return list(days.values())


def week_bounds(monday: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Monday 00:00 and the next Monday 00:00 in the town's time zone (aware)."""
    return (datetime.combine(monday, time(), tz),
            datetime.combine(monday + timedelta(days=7), time(), tz))


_ACTIVITY_COLUMNS = (Activity.id, Activity.title, Activity.description, Activity.kind,
                     Activity.location_text, Activity.languages, Activity.audience,
                     Activity.price_cents, Activity.starts_at, Activity.duration_minutes,
                     Activity.all_day, Activity.timezone, Activity.rrule, Activity.status,
                     Activity.url)


def load_activities(session: Session, start: datetime, end: datetime,
                    place_id: int | None = None, neighbourhood_slug: str = "",
                    kinds=()) -> list[ActivityView]:
    """The activities that may have an occurrence in [start, end): every recurring one,
    the one-off ones dated then, and those an ActivityChange moves there; at one place,
    in one neighbourhood or of some kinds only if asked. Two queries."""
    # Wall-clock bounds, a day wider: activities may live in another time zone than the
    # window's, and a one-off can only be moved by a change row (looked up below).
    lo = (start - timedelta(days=1)).replace(tzinfo=None)
    hi = (end + timedelta(days=1)).replace(tzinfo=None)
    margin_lo, margin_hi = lo - MOVE_MARGIN, hi + MOVE_MARGIN
    moved_here = select(ActivityChange.activity_id).where(
        ActivityChange.kind == "moved", ActivityChange.new_start.between(lo, hi))
    query = (select(*_ACTIVITY_COLUMNS, Place.id, Place.slug, Place.name, Place.address,
                    Place.neighbourhood_id)
             .outerjoin(Place, Activity.place_id == Place.id)
             .where(or_(Activity.rrule.is_not(None), Activity.starts_at.between(lo, hi),
                        Activity.id.in_(moved_here))))
    if place_id is not None:
        query = query.where(Activity.place_id == place_id)
    if neighbourhood_slug:
        query = query.where(Place.neighbourhood_id == select(Neighbourhood.id).where(
            Neighbourhood.slug == neighbourhood_slug).scalar_subquery())
    if kinds:
        query = query.where(Activity.kind.in_(list(kinds)))
    activities = {}
    width = len(_ACTIVITY_COLUMNS)
    # Core rows through the connection: the ORM layer would double the cost of a busy week
    connection = session.connection()
    for row in connection.execute(query):
        # positional: ActivityView's first fields are _ACTIVITY_COLUMNS, in that order
        activity = ActivityView(*row[:width])
        activity.languages = activity.languages or []
        if row[width] is not None:
            activity.place = PlaceView(row[width], row[width + 1], row[width + 2],
                                       row[width + 3] or "", row[width + 4])
        activities[activity.id] = activity
    changes = select(ActivityChange.activity_id, ActivityChange.original_start,
                     ActivityChange.kind, ActivityChange.new_start,
                     ActivityChange.new_duration_minutes, ActivityChange.note).where(
        ActivityChange.original_start.between(margin_lo, margin_hi))
    for activity_id, original_start, kind, new_start, minutes, note in connection.execute(
            changes):
        if activity_id in activities:
            activities[activity_id].changes.append(
                ChangeView(original_start, kind, new_start, minutes, note))
    return list(activities.values())


def entries_between(session: Session, start: datetime, end: datetime,
                    place_id: int | None = None, keep=None, **only) -> list[AgendaEntry]:
    """Every occurrence (cancelled ones included) starting in [start, end), with its place
    and neighbourhood, in order of start then title; `keep(activity, neighbourhood)` may
    leave activities out before their rules are expanded; `only` goes to load_activities."""
    # keyed by int | None: a place without a neighbourhood finds none
    neighbourhoods: dict[int | None, Neighbourhood] = {
        n.id: n for n in session.scalars(select(Neighbourhood))}
    entries = []
    for activity in load_activities(session, start, end, place_id, **only):
        place = activity.place
        neighbourhood = neighbourhoods.get(place.neighbourhood_id) if place else None
        if keep is not None and not keep(activity, neighbourhood):
            continue
        for occurrence in expand(activity, start, end, include_cancelled=True):
            entries.append(AgendaEntry(occurrence, activity, place, neighbourhood))
    entries.sort(key=lambda e: (e.occurrence.start, e.activity.title))
    return entries


def week(session: Session, monday: date, tz: ZoneInfo, filters: AgendaFilters) -> Week:
    """The week starting on `monday`, narrowed by `filters`, in order of start."""
    start, end = week_bounds(monday, tz)
    if filters.day:
        start = datetime.combine(monday + timedelta(days=filters.day - 1), time(), tz)
        end = datetime.combine(start.date() + timedelta(days=1), time(), tz)
    lo, hi = start.replace(tzinfo=None), end.replace(tzinfo=None)
    town_zone = str(tz)
    result = Week(monday, set(), [], start, end,
                  {n.id: n for n in session.scalars(select(Neighbourhood))})
    # Neighbourhood and kind narrow the query; the languages offered are those of what
    # is left, so that the language filter only proposes choices that find something.
    for activity in load_activities(session, start, end, neighbourhood_slug=filters.neighbourhood,
                                    kinds=filters.kinds()):
        result.languages.update(activity.languages)
        if filters.language and filters.language not in activity.languages:
            continue
        if not activity.rrule and not activity.changes and activity.timezone == town_zone:
            # a plain one-off: its wall-clock start says when and where it sorts
            if lo <= activity.starts_at < hi:
                result.items.append((activity.starts_at, activity.title, activity, None))
            continue
        for occurrence in expand(activity, start, end, include_cancelled=True):
            local = occurrence.start.astimezone(tz).replace(tzinfo=None)
            result.items.append((local, activity.title, activity, occurrence))
    result.items.sort(key=lambda item: item[:2])
    return result


def place_days(session: Session, place: Place, start: datetime, end: datetime) -> list[AgendaDay]:
    """What happens at `place` between `start` and `end`, grouped by day."""
    return by_day(entries_between(session, start, end, place_id=place.id))
