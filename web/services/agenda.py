"""The public agenda: one week of activities, filtered, grouped by day.

Weeks are ISO weeks ("2026-W49") in the town's time zone, Monday 00:00 to Monday 00:00.
Filters come from the URL; a value that names nothing known is dropped (the page then
shows the unfiltered choice) rather than refused, so an old or edited link still works.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Activity, Neighbourhood, Place
from web.models.local_life import ACTIVITY_KINDS, CIVIC_KINDS
from web.services.occurrences import Occurrence, upcoming

#: the value of the kind filter that stands for every civic kind
CIVIC = "citoyen"
KIND_FILTERS = tuple(k for k in ACTIVITY_KINDS if k not in CIVIC_KINDS) + (CIVIC,)
#: weeks outside these years are refused (a typo, or someone probing the page)
FIRST_YEAR, LAST_YEAR = 2000, 2100
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
    try:
        if match := _ISO_WEEK.match(value):
            year, week = int(match[1]), int(match[2])
            if FIRST_YEAR <= year <= LAST_YEAR:
                return date.fromisocalendar(year, week, 1)
        elif match := _DATE.match(value):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day - timedelta(days=day.weekday())
    except ValueError:
        pass
    raise WeekError(value)


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

    def matches(self, occurrence: Occurrence, activity: Activity,
                neighbourhood_slug: str | None) -> bool:
        if self.neighbourhood and neighbourhood_slug != self.neighbourhood:
            return False
        if self.kind and activity.kind not in self.kinds():
            return False
        if self.language and self.language not in (activity.languages or []):
            return False
        return not self.day or occurrence.start.isoweekday() == self.day


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


@dataclass
class AgendaEntry:
    """One occurrence as the agenda shows it."""

    occurrence: Occurrence
    activity: Activity
    place: Place | None
    neighbourhood: Neighbourhood | None


@dataclass
class AgendaDay:
    day: date
    entries: list[AgendaEntry] = field(default_factory=list)


@dataclass
class Week:
    """A week of the agenda: its days with entries, and what the filters can offer."""

    monday: date
    days: list[AgendaDay]
    #: languages spoken at some activity of the week, before filtering (for the filter)
    languages: set[str]
    #: entries before filtering
    total: int

    @property
    def count(self) -> int:
        return sum(len(day.entries) for day in self.days)

    @property
    def entries(self) -> list[AgendaEntry]:
        return [entry for day in self.days for entry in day.entries]


def week_bounds(monday: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Monday 00:00 and the next Monday 00:00 in the town's time zone (aware)."""
    return (datetime.combine(monday, time(), tz),
            datetime.combine(monday + timedelta(days=7), time(), tz))


def entries_between(session: Session, start: datetime, end: datetime,
                    activity_ids=None) -> list[AgendaEntry]:
    """Every occurrence (cancelled ones included) starting in [start, end), with its place
    and neighbourhood, in order of start."""
    neighbourhoods = {n.id: n for n in session.scalars(select(Neighbourhood))}
    entries = []
    for occurrence, activity in upcoming(session, start, end, include_cancelled=True,
                                         activity_ids=activity_ids):
        place = activity.place
        entries.append(AgendaEntry(occurrence, activity, place,
                                   neighbourhoods.get(place.neighbourhood_id) if place else None))
    return entries


def week(session: Session, monday: date, tz: ZoneInfo, filters: AgendaFilters) -> Week:
    """The week starting on `monday`, narrowed by `filters`, grouped by day."""
    entries = entries_between(session, *week_bounds(monday, tz))
    spoken = {code for entry in entries for code in entry.activity.languages or []}
    days = {}
    for entry in entries:
        slug = entry.neighbourhood.slug if entry.neighbourhood else None
        if filters.matches(entry.occurrence, entry.activity, slug):
            day = entry.occurrence.start.date()
            days.setdefault(day, AgendaDay(day)).entries.append(entry)
    return Week(monday, sorted(days.values(), key=lambda d: d.day), spoken, len(entries))


def place_days(session: Session, place: Place, start: datetime, end: datetime) -> list[AgendaDay]:
    """What happens at `place` between `start` and `end`, grouped by day."""
    ids = list(session.scalars(select(Activity.id).where(Activity.place_id == place.id)))
    if not ids:
        return []
    days = {}
    for entry in entries_between(session, start, end, activity_ids=ids):
        day = entry.occurrence.start.date()
        days.setdefault(day, AgendaDay(day)).entries.append(entry)
    return sorted(days.values(), key=lambda d: d.day)
