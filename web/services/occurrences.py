"""Occurrences of activities: the recurrence rule expanded over a window of time.

Occurrences are computed, never stored. An activity keeps its first wall-clock start in its
own time zone and an RFC 5545 rule (python-dateutil expands it), so "every Tuesday 14:00"
is 14:00 in winter and in summer. Changes to one occurrence (cancelled, moved) are
`ActivityChange` rows keyed by the start the rule gives.

`expand` is pure (no database, no clock); `upcoming` loads the activities of a window.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from web.models import Activity

#: a moved occurrence is looked for this far around the window
MOVE_MARGIN = timedelta(days=62)
#: parts of the day, as in matcher.slots: morning before 12:00, afternoon before 18:00
AFTERNOON_FROM, EVENING_FROM = 12, 18


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an activity, in the activity's time zone."""

    activity_id: int
    #: the wall-clock start the rule gives (naive); with activity_id, identifies the occurrence
    original_start: datetime
    #: the actual start and end, aware, in the activity's time zone
    start: datetime
    end: datetime
    all_day: bool = False
    cancelled: bool = False
    moved: bool = False
    #: why it is cancelled or moved, as the coordinator or the source wrote it
    note: str = ""

    @property
    def key(self) -> str:
        """A stable, URL-safe identifier, e.g. "12-20261201T1400"."""
        return f"{self.activity_id}-{self.original_start:%Y%m%dT%H%M}"

    @property
    def slot(self) -> int:
        """Index of the weekly slot (matcher.slots: day * 3 + part) the occurrence starts in."""
        part = (0 if self.start.hour < AFTERNOON_FROM
                else 1 if self.start.hour < EVENING_FROM else 2)
        return self.start.weekday() * 3 + part


def parse_key(key: str) -> tuple[int, datetime] | None:
    """The (activity id, original start) of an occurrence key, or None if malformed."""
    head, _, stamp = key.partition("-")
    if not head.isdigit() or len(head) > 12:
        return None
    try:
        return int(head), datetime.strptime(stamp, "%Y%m%dT%H%M")
    except ValueError:
        return None


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _aware(local: datetime, tz: ZoneInfo) -> datetime:
    # Through UTC and back, so that a wall-clock time skipped by the spring change
    # (02:30 on the last Sunday of March) becomes a real instant.
    return local.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).astimezone(tz)


_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


@lru_cache(maxsize=1024)
def local_rule(rrule: str, tz_name: str) -> str:
    """The rule with a UTC UNTIL ("...Z", as RFC 5545 requires with a zoned start) turned
    into the wall-clock time of `tz_name`, since rules are expanded in wall-clock time."""
    def to_local(match) -> str:
        moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo("UTC"))
        return f"UNTIL={moment.astimezone(zone(tz_name)):%Y%m%dT%H%M%S}"
    return _UTC_UNTIL.sub(to_local, rrule)


def rule_starts(activity, start_local: datetime, end_local: datetime) -> list[datetime]:
    """Wall-clock starts the activity's rule gives in [start_local, end_local]."""
    if not activity.rrule or rule_frequency(activity.rrule) not in ALLOWED_FREQS:
        return [activity.starts_at] if start_local <= activity.starts_at <= end_local else []
    rule = _parsed_rule(activity.rrule, activity.timezone, activity.starts_at)
    return list(rule.between(start_local, end_local, inc=True))


@lru_cache(maxsize=1024)
def _parsed_rule(rrule: str, tz_name: str, starts_at: datetime):
    # Parsing, then walking from the first occurrence to the window, costs far more than
    # the window itself: parsed rules are kept, with the occurrences they have generated
    # (dateutil's cache, behind its own lock), so the pages of a busy week share them.
    return rrulestr(local_rule(rrule, tz_name), dtstart=starts_at, ignoretz=True, cache=True)


#: activities happen at most daily: finer rules would make thousands of occurrences a week
ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_FREQ = re.compile(r"(?:^|;)FREQ=([A-Z]+)", re.IGNORECASE)


def rule_frequency(rrule: str) -> str | None:
    match = _FREQ.search(rrule or "")
    return match.group(1).upper() if match else None


def check_rule(rrule: str, starts_at: datetime) -> str | None:
    """None if the rule is valid for this start, else what is wrong (for import messages)."""
    if rule_frequency(rrule) not in ALLOWED_FREQS:
        return f"FREQ must be one of {', '.join(ALLOWED_FREQS)}"
    try:
        rule = rrulestr(rrule, dtstart=starts_at, ignoretz=True)
        rule.after(starts_at, inc=True)
    except (ValueError, TypeError) as error:
        return str(error) or "invalid rule"
    return None


def expand(activity, window_start: datetime, window_end: datetime,
           include_cancelled: bool = False) -> list[Occurrence]:
    """The occurrences of `activity` that start in [window_start, window_end) (aware times).

    `activity` is an `Activity` or any object with its attributes (starts_at, rrule,
    duration_minutes, all_day, timezone, status, changes). Cancelled occurrences, and every
    occurrence of a cancelled activity, are left out unless `include_cancelled`.
    """
    tz = zone(activity.timezone)
    lo = window_start.astimezone(tz).replace(tzinfo=None)
    hi = window_end.astimezone(tz).replace(tzinfo=None)
    changes = {change.original_start: change for change in activity.changes}
    whole_cancelled = activity.status == "cancelled"
    length = (timedelta(days=max(1, activity.duration_minutes // 1440)) if activity.all_day
              else timedelta(minutes=activity.duration_minutes))
    # Only a moved occurrence can come into the window from outside it: without one, the
    # rule is expanded over the window alone (a busy week has thousands of activities).
    margin = (MOVE_MARGIN if any(change.kind == "moved" for change in changes.values())
              else timedelta(0))
    found = []
    for original in rule_starts(activity, lo - margin, hi + margin):
        change = changes.get(original)
        start_local, duration, note = original, length, ""
        cancelled = whole_cancelled
        moved = False
        if change is not None:
            note = change.note or ""
            if change.kind == "cancelled":
                cancelled = True
            else:
                moved = True
                start_local = change.new_start
                if change.new_duration_minutes:
                    duration = timedelta(minutes=change.new_duration_minutes)
        if not lo <= start_local < hi or (cancelled and not include_cancelled):
            continue
        start = _aware(start_local, tz)
        found.append(Occurrence(activity.id, original, start, _aware(start_local + duration, tz),
                                activity.all_day, cancelled, moved, note))
    found.sort(key=lambda o: o.start)
    return found


def upcoming(session: Session, window_start: datetime, window_end: datetime,
             include_cancelled: bool = False,
             activity_ids=None) -> list[tuple[Occurrence, Activity]]:
    """Every occurrence starting in [window_start, window_end), with its activity (place
    loaded), in order of start."""
    query = (select(Activity)
             .options(selectinload(Activity.changes), selectinload(Activity.place))
             .where(or_(Activity.rrule.is_not(None),
                        Activity.starts_at.between(
                            (window_start - MOVE_MARGIN).replace(tzinfo=None),
                            (window_end + MOVE_MARGIN).replace(tzinfo=None)))))
    if not include_cancelled:
        query = query.where(Activity.status == "scheduled")
    if activity_ids is not None:
        query = query.where(Activity.id.in_(list(activity_ids)))
    pairs = [(occurrence, activity) for activity in session.scalars(query)
             for occurrence in expand(activity, window_start, window_end, include_cancelled)]
    pairs.sort(key=lambda pair: (pair[0].start, pair[1].title))
    return pairs


def find(session: Session, key: str) -> tuple[Occurrence, Activity] | None:
    """The occurrence with this key (cancelled ones included), or None."""
    parsed = parse_key(key)
    if parsed is None or not 0 < parsed[0] < 2**31:  # no integer column holds larger ids
        return None
    activity = session.get(Activity, parsed[0])
    if activity is None:
        return None
    tz = zone(activity.timezone)
    original = parsed[1]
    around = _aware(original, tz)
    for occurrence in expand(activity, around - MOVE_MARGIN, around + MOVE_MARGIN, True):
        if occurrence.original_start == original:
            return occurrence, activity
    return None
