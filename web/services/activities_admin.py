"""Coordinators keep activities up to date: create, edit, place, cancel or move occurrences.

The "when" of an activity is written by the coordinator as a `Schedule` (once; every week,
every two weeks or every month on some days; from a date, until an optional date) and
stored as a wall-clock start plus an RFC 5545 rule (`schedule_to_rule`). Editing reads the
rule back (`rule_to_schedule`); a rule from an import the form cannot express is kept as
it is. Every change is audited.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Activity, ActivityChange, Coordinator, Place
from web.models.local_life import ACTIVITY_KINDS, AUDIENCES
from web.services import ServiceError, audit
from web.services.occurrences import MOVE_MARGIN, check_rule
from web.services.pagination import Page, paginate
from web.services.places import is_web_address
from web.services.reference import interests, languages

MODES = ("once", "weekly", "biweekly", "monthly")
#: RFC 5545 day codes, Monday first (as date.weekday())
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: "the 1st, 2nd, 3rd, 4th or last <day> of the month"
ORDINALS = (1, 2, 3, 4, -1)
#: a moved occurrence must stay this close to its original start to be found again
MOVE_LIMIT_DAYS = MOVE_MARGIN.days - 2


@dataclass
class Schedule:
    """When an activity happens, as the form asks it."""

    mode: str
    #: the date (once) or the first possible date (recurring)
    first_date: date
    start: time
    end: time
    #: day codes (MO...SU) for recurring modes
    days: list = field(default_factory=list)
    #: for "monthly": which week of the month (1-4, -1 = last)
    ordinal: int = 1
    until: date | None = None


def schedule_to_rule(schedule: Schedule) -> tuple[datetime, int, str | None]:
    """(first wall-clock start, duration in minutes, rrule or None) for a schedule.

    The start is moved to the rule's first occurrence, so that it is an occurrence itself
    (as RFC 5545 expects of DTSTART). Raises ServiceError naming the field.
    """
    if schedule.mode not in MODES:
        raise ServiceError("mode", f"must be one of {', '.join(MODES)}")
    if schedule.end <= schedule.start:
        raise ServiceError("end", "must be after the start time")
    begin = datetime.combine(schedule.first_date, schedule.start)
    duration = int((datetime.combine(schedule.first_date, schedule.end) - begin)
                   .total_seconds() // 60)
    if schedule.mode == "once":
        return begin, duration, None
    days = [day for day in DAY_CODES if day in schedule.days]
    if not days:
        raise ServiceError("days", "choose at least one day")
    if schedule.until is not None and schedule.until < schedule.first_date:
        raise ServiceError("until", "must not be before the first date")
    if schedule.mode == "monthly":
        if schedule.ordinal not in ORDINALS:
            raise ServiceError("ordinal", "must be 1, 2, 3, 4 or -1")
        parts = ["FREQ=MONTHLY", "BYDAY=" + ",".join(f"{schedule.ordinal}{d}" for d in days)]
    else:
        parts = ["FREQ=WEEKLY"] + (["INTERVAL=2"] if schedule.mode == "biweekly" else [])
        parts.append("BYDAY=" + ",".join(days))
    if schedule.until is not None:
        parts.append(f"UNTIL={schedule.until:%Y%m%d}T235959")
    rule = ";".join(parts)
    problem = check_rule(rule, begin)
    if problem:
        raise ServiceError("mode", problem)
    first = rrulestr(rule, dtstart=begin, ignoretz=True).after(begin, inc=True)
    if first is None:
        raise ServiceError("until", "no occurrence between the first date and the end date")
    return first, duration, rule


def _until(value: str) -> date | None:
    """The date of an UNTIL the form writes (a date, or a date at 23:59:59), else None."""
    value = value.rstrip("Z")
    for pattern in ("%Y%m%d", "%Y%m%dT235959"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def rule_to_schedule(activity) -> Schedule | None:
    """The form's view of an activity's timing, or None when the form cannot express it
    (all-day events, rules with COUNT, BYMONTHDAY..., activities past midnight)."""
    start = activity.starts_at
    end = start + timedelta(minutes=activity.duration_minutes)
    if activity.all_day or end.date() != start.date() or end.time() <= start.time():
        return None
    common = dict(first_date=start.date(), start=start.time(), end=end.time())
    if not activity.rrule:
        return Schedule("once", **common)
    try:
        parts = dict(part.split("=", 1) for part in activity.rrule.upper().split(";"))
    except ValueError:
        return None
    until = None
    if "UNTIL" in parts:
        until = _until(parts.pop("UNTIL"))
        if until is None:
            return None
    frequency, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    byday = [code for code in parts.pop("BYDAY", "").split(",") if code]
    if parts.get("WKST") == "MO":
        del parts["WKST"]  # the default week start: nothing lost
    if parts or interval not in ("1", "2"):
        return None
    if frequency == "WEEKLY":
        byday = byday or [DAY_CODES[start.weekday()]]
        if not all(code in DAY_CODES for code in byday):
            return None
        return Schedule("biweekly" if interval == "2" else "weekly", days=byday, until=until,
                        **common)
    if frequency == "MONTHLY" and interval == "1" and byday:
        ordinals = {code[:-2] for code in byday}
        days = [code[-2:] for code in byday]
        if (len(ordinals) != 1 or not all(d in DAY_CODES for d in days)
                or ordinals.pop().lstrip("+") not in {str(o) for o in ORDINALS}):
            return None
        ordinal = int(byday[0][:-2].lstrip("+"))
        return Schedule("monthly", days=days, ordinal=ordinal, until=until, **common)
    return None


@dataclass
class ActivityFields:
    """What a coordinator sets on an activity, besides its schedule."""

    title: str
    kind: str
    description: str = ""
    place_id: int | None = None
    interests: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    audience: str = "everyone"
    #: 0 free, None unknown
    price_cents: int | None = 0
    capacity: int | None = None
    url: str = ""


def _check(session: Session, fields: ActivityFields) -> None:
    if not fields.title.strip():
        raise ServiceError("title", "is required")
    if len(fields.title) > 200:
        raise ServiceError("title", "must be at most 200 characters")
    if len(fields.description) > 4000:
        raise ServiceError("description", "must be at most 4000 characters")
    if fields.kind not in ACTIVITY_KINDS:
        raise ServiceError("kind", f"must be one of {', '.join(ACTIVITY_KINDS)}")
    if fields.audience not in AUDIENCES:
        raise ServiceError("audience", f"must be one of {', '.join(AUDIENCES)}")
    if fields.place_id is not None and session.get(Place, fields.place_id) is None:
        raise ServiceError("place", "is not a known place")
    for key, known in (("interests", interests()), ("languages", languages())):
        unknown = set(getattr(fields, key)) - {label.code for label in known}
        if unknown:
            raise ServiceError(key, f"unknown code \"{sorted(unknown)[0]}\"")
    if fields.price_cents is not None and fields.price_cents < 0:
        raise ServiceError("price", "must not be negative")
    if fields.capacity is not None and fields.capacity < 1:
        raise ServiceError("capacity", "must be at least 1")
    if fields.url and (len(fields.url) > 255 or not is_web_address(fields.url)):
        raise ServiceError("url", "must be an http:// or https:// address")


def _apply(activity: Activity, fields: ActivityFields) -> None:
    activity.title = fields.title.strip()
    activity.description = fields.description.strip()
    activity.kind = fields.kind
    activity.place_id = fields.place_id
    activity.interests = list(dict.fromkeys(fields.interests))
    activity.languages = list(dict.fromkeys(fields.languages))
    activity.audience = fields.audience
    activity.price_cents = fields.price_cents
    activity.capacity = fields.capacity
    activity.url = fields.url.strip()


def _record(session, now, coordinator: Coordinator, action: str, activity: Activity, **details):
    audit.record(session, now, action, actor=f"coordinator:{coordinator.id}",
                 coordinator_id=coordinator.id, target_type="activity", target_id=activity.id,
                 **details)


def create_activity(session: Session, now: datetime, coordinator: Coordinator,
                    fields: ActivityFields, schedule: Schedule, timezone: str) -> Activity:
    """Add an activity written by a coordinator, in the town's time zone; audited."""
    _check(session, fields)
    starts_at, duration, rule = schedule_to_rule(schedule)
    activity = Activity(source="coordinator", timezone=timezone, starts_at=starts_at,
                        duration_minutes=duration, rrule=rule, all_day=False,
                        status="scheduled", created_at=now, updated_at=now)
    _apply(activity, fields)
    session.add(activity)
    session.flush()
    _record(session, now, coordinator, "activity.created", activity, title=activity.title,
            rrule=rule, starts_at=starts_at.isoformat())
    return activity


def update_activity(session: Session, now: datetime, coordinator: Coordinator,
                    activity: Activity, fields: ActivityFields,
                    schedule: Schedule | None) -> Activity:
    """Change an activity; `schedule` None keeps its timing (an imported rule); audited."""
    _check(session, fields)
    timing = None
    if schedule is not None:
        timing = schedule_to_rule(schedule)
    _apply(activity, fields)
    details = {}
    if timing is not None and timing != (activity.starts_at, activity.duration_minutes,
                                         activity.rrule):
        activity.starts_at, activity.duration_minutes, activity.rrule = timing
        activity.all_day = False
        details = {"rrule": activity.rrule, "starts_at": activity.starts_at.isoformat()}
    activity.updated_at = now
    session.flush()
    _record(session, now, coordinator, "activity.updated", activity, **details)
    return activity


def _change_of(session: Session, activity: Activity, original: datetime) -> ActivityChange | None:
    return session.scalar(select(ActivityChange).where(
        ActivityChange.activity_id == activity.id, ActivityChange.original_start == original))


def cancel_occurrence(session: Session, now: datetime, coordinator: Coordinator,
                      activity: Activity, original: datetime, reason: str) -> ActivityChange:
    """Cancel one occurrence (its rule start `original`), with the reason shown to people."""
    reason = reason.strip()
    if not reason:
        raise ServiceError("reason", "is required")
    change = _change_of(session, activity, original)
    if change is None:
        change = ActivityChange(activity_id=activity.id, original_start=original)
        session.add(change)
    change.kind, change.new_start, change.new_duration_minutes = "cancelled", None, None
    change.note = reason[:255]
    change.created_at = now
    session.flush()
    session.expire(activity, ["changes"])
    _record(session, now, coordinator, "activity.occurrence_cancelled", activity,
            occurrence=original.isoformat(), reason=change.note)
    return change


def move_occurrence(session: Session, now: datetime, coordinator: Coordinator,
                    activity: Activity, original: datetime, new_start: datetime,
                    duration_minutes: int, note: str = "") -> ActivityChange:
    """Move one occurrence to another wall-clock start and length."""
    if duration_minutes <= 0:
        raise ServiceError("end", "must be after the start time")
    if abs(new_start - original) > timedelta(days=MOVE_LIMIT_DAYS):
        raise ServiceError("date", f"must be within {MOVE_LIMIT_DAYS} days of the occurrence")
    change = _change_of(session, activity, original)
    if change is None:
        change = ActivityChange(activity_id=activity.id, original_start=original)
        session.add(change)
    change.kind, change.new_start = "moved", new_start
    change.new_duration_minutes = duration_minutes
    change.note = note.strip()[:255]
    change.created_at = now
    session.flush()
    session.expire(activity, ["changes"])
    _record(session, now, coordinator, "activity.occurrence_moved", activity,
            occurrence=original.isoformat(), new_start=new_start.isoformat(),
            duration_minutes=duration_minutes)
    return change


def restore_occurrence(session: Session, now: datetime, coordinator: Coordinator,
                       activity: Activity, original: datetime) -> bool:
    """Undo the cancellation or move of one occurrence; False if it had none."""
    change = _change_of(session, activity, original)
    if change is None:
        return False
    previous = change.kind
    session.delete(change)
    session.flush()
    session.expire(activity, ["changes"])
    _record(session, now, coordinator, "activity.occurrence_restored", activity,
            occurrence=original.isoformat(), previous=previous)
    return True


def set_cancelled(session: Session, now: datetime, coordinator: Coordinator,
                  activity: Activity, cancelled: bool) -> None:
    """Cancel every occurrence of the activity, or restore it."""
    activity.status = "cancelled" if cancelled else "scheduled"
    activity.updated_at = now
    session.flush()
    _record(session, now, coordinator,
            "activity.cancelled" if cancelled else "activity.restored", activity)


def place_activity(session: Session, now: datetime, coordinator: Coordinator,
                   activity: Activity, place: Place) -> None:
    """Put an activity (typically an import whose location matched no place) at a place;
    the source's location text is kept for the record."""
    previous = activity.place_id
    activity.place_id = place.id
    activity.updated_at = now
    session.flush()
    _record(session, now, coordinator, "activity.placed", activity, place=place.slug,
            previous_place_id=previous, location_text=activity.location_text)


def listing(session: Session, filters: dict, page: int = 1) -> Page:
    """One page of activities by title, filtered: `place` (id), `kind`, `status`
    ("annulees" for cancelled ones, "prevues" for the others), `unplaced` (a written
    location but no place)."""
    query = select(Activity).order_by(Activity.title, Activity.id)
    if filters.get("place") is not None:
        query = query.where(Activity.place_id == filters["place"])
    if filters.get("kind"):
        query = query.where(Activity.kind == filters["kind"])
    if filters.get("status"):
        query = query.where(Activity.status == ("cancelled" if filters["status"] == "annulees"
                                                else "scheduled"))
    if filters.get("unplaced"):
        query = query.where(Activity.place_id.is_(None), Activity.location_text != "")
    return paginate(session, query, page)
