"""iCalendar files (RFC 5545), read with the `icalendar` library.

One activity per UID: the VEVENT without RECURRENCE-ID is the activity (SUMMARY, DTSTART,
DTEND or DURATION, RRULE, LOCATION, CATEGORIES, URL, STATUS); EXDATE cancels one
occurrence; a VEVENT with RECURRENCE-ID moves one (another DTSTART or length) or cancels
it (STATUS:CANCELLED).

Times: with a TZID naming an IANA zone (or a Windows zone name), the activity keeps that
zone and the wall-clock start, so a weekly 14:00 stays 14:00 across daylight saving;
UTC times ("Z"), floating times and unknown zones become wall-clock times of the town's
zone. All-day events (VALUE=DATE) start at midnight and last whole days. Without DTEND
or DURATION an event lasts DEFAULT_MINUTES (one day when all-day).
"""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from icalendar import Calendar, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from web.services.activity_import.common import (
    DEFAULT_MINUTES,
    MAX_EVENTS,
    MAX_MINUTES,
    Change,
    Checked,
    ImportedActivity,
    RowError,
    clip,
    date_range_message,
    guess_audience,
    guess_interests,
    guess_kind,
    known_zone,
    rule_problem,
    web_link,
    year_ok,
)

DATE_EXPECTED = _l("une date comme 20261201 ou une date et une heure comme 20261201T140000")


class _Bad(Exception):
    """One property of one event is wrong: stops reading that event."""

    def __init__(self, field: str, message):
        super().__init__(field)
        self.field = field
        self.message = message


def _attr(value, name: str):
    """An attribute of a property, or None when the property is broken (icalendar keeps
    unreadable values as vBroken, whose attributes raise)."""
    try:
        return getattr(value, name, None)
    except Exception:  # noqa: BLE001 - BrokenCalendarProperty and what it chains
        return None


def _values(component, name) -> list:
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(component, name) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _moment(component, name):
    """The date or datetime of a date property; _Bad when unreadable."""
    prop = component.get(name)
    if isinstance(prop, list):
        raise _Bad(name, _l("une seule valeur"))
    value = _attr(prop, "dt")
    if not isinstance(value, (date, datetime)):
        raise _Bad(name, DATE_EXPECTED)
    if not year_ok(value):
        raise _Bad(name, date_range_message())
    return value, _attr(prop, "params") or {}


class _Clock:
    """Turns the times of one event into wall-clock times of the event's zone."""

    def __init__(self, start, params, town_zone: str):
        tzid = str(params.get("TZID", "") or "")
        if isinstance(start, datetime) and start.tzinfo is not None:
            tzid = tzid if known_zone(tzid) else WINDOWS_TO_OLSON.get(tzid, "")
            self.zone = tzid if known_zone(tzid) else town_zone
        else:
            self.zone = town_zone
        self.tz = ZoneInfo(self.zone)

    def local(self, value) -> datetime:
        if not isinstance(value, datetime):
            return datetime.combine(value, time())
        if value.tzinfo is not None:
            return value.astimezone(self.tz).replace(tzinfo=None)
        return value


def _minutes(component, start, clock: _Clock, all_day: bool) -> int:
    if component.get("DTEND") is not None:
        end, _params = _moment(component, "DTEND")
        length = clock.local(end) - clock.local(start)
        field = "DTEND"
    elif component.get("DURATION") is not None:
        length = _attr(component.get("DURATION"), "dt")
        field = "DURATION"
        if not isinstance(length, timedelta):
            raise _Bad(field, _l("une durée comme PT2H ou P1D"))
    else:
        return 1440 if all_day else DEFAULT_MINUTES
    if all_day:
        length = timedelta(days=max(1, length.days))
    minutes = int(length.total_seconds() // 60)
    if minutes <= 0:
        raise _Bad(field, _l("la fin doit venir après DTSTART"))
    if minutes > MAX_MINUTES:
        raise _Bad(field, _l("366 jours au plus"))
    return minutes


def _rule(component, starts_at: datetime, clock: _Clock, all_day: bool) -> str | None:
    rules = _values(component, "RRULE")
    if not rules:
        return None
    if len(rules) > 1:
        raise _Bad("RRULE", _l("une seule règle par événement"))
    if not isinstance(rules[0], vRecur):
        raise _Bad("RRULE", _l("une règle RFC 5545 comme FREQ=WEEKLY;BYDAY=TU"))
    rule = vRecur(rules[0])
    # dateutil expands the rule from a naive start: UNTIL must be a naive wall-clock time
    # of the same zone (or a date), so a "Z" UNTIL is converted, not just stripped.
    untils = rule.get("UNTIL") or []
    if untils:
        until = untils[0]
        if isinstance(until, datetime):
            until = clock.local(until)
        elif not all_day:
            until = datetime.combine(until, time(23, 59, 59))
        rule["UNTIL"] = [until]
    try:
        text = rule.to_ical().decode()
    except (ValueError, TypeError, AttributeError):
        raise _Bad("RRULE", _l("une règle RFC 5545 comme FREQ=WEEKLY;BYDAY=TU")) from None
    problem = rule_problem(text, starts_at)
    if problem is not None:
        raise _Bad("RRULE", problem)
    return text


def _master(component, town_zone: str, ref: str, uid: str) -> tuple[ImportedActivity, _Clock]:
    title = _text(component, "SUMMARY")
    if not title:
        raise _Bad("SUMMARY", _l("valeur obligatoire : le titre de l'événement"))
    if component.get("DTSTART") is None:
        raise _Bad("DTSTART", _l("valeur obligatoire : une date ou une date et une heure"))
    if component.get("RDATE") is not None:
        raise _Bad("RDATE", _l("non pris en charge : décrivez ces dates par une RRULE ou "
                               "par des événements séparés"))
    start, params = _moment(component, "DTSTART")
    all_day = not isinstance(start, datetime)
    clock = _Clock(start, params, town_zone)
    starts_at = clock.local(start)
    categories = [str(c) for prop in _values(component, "CATEGORIES")
                  for c in (_attr(prop, "cats") or [prop])]
    location = _text(component, "LOCATION")
    row = ImportedActivity(
        ref=ref, source="ical", source_uid=uid, title=clip(title, 200),
        starts_at=starts_at, timezone=clock.zone, all_day=all_day,
        description=clip(_text(component, "DESCRIPTION"), 4000),
        kind=guess_kind(categories, title), interests=guess_interests(categories, title),
        audience=guess_audience(categories, title),
        location_text=clip(location, 255), location_name=location,
        duration_minutes=_minutes(component, start, clock, all_day),
        rrule=_rule(component, starts_at, clock, all_day), url=web_link(_text(component, "URL")),
        status="cancelled" if _text(component, "STATUS").upper() == "CANCELLED" else "scheduled")
    for prop in _values(component, "EXDATE"):
        if not isinstance(_attr(prop, "dts"), list):
            raise _Bad("EXDATE", DATE_EXPECTED)
        for item in prop.dts:
            value = _attr(item, "dt")
            if not isinstance(value, (date, datetime)) or not year_ok(value):
                raise _Bad("EXDATE", DATE_EXPECTED)
            change = Change(clock.local(value), "cancelled")
            if change not in row.changes:
                row.changes.append(change)
    return row, clock


def _override(component, row: ImportedActivity, clock: _Clock) -> Change | None:
    """The change a RECURRENCE-ID event makes to one occurrence, or None if it moves
    nothing (only its text differs)."""
    params = _attr(component.get("RECURRENCE-ID"), "params") or {}
    if str(params.get("RANGE", "")).upper() == "THISANDFUTURE":
        raise _Bad("RECURRENCE-ID", _l("RANGE=THISANDFUTURE n'est pas pris en charge"))
    original, _params = _moment(component, "RECURRENCE-ID")
    original = clock.local(original)
    if _text(component, "STATUS").upper() == "CANCELLED":
        return Change(original, "cancelled")
    if component.get("DTSTART") is None:
        return None
    start, _params = _moment(component, "DTSTART")
    minutes = (_minutes(component, start, clock, row.all_day)
               if component.get("DTEND") is not None or component.get("DURATION") is not None
               else row.duration_minutes)
    new_start = clock.local(start)
    if new_start == original and minutes == row.duration_minutes:
        return None
    return Change(original, "moved", new_start, minutes)


def _ref(component, number: int) -> str:
    return _text(component, "UID") or _text(component, "SUMMARY") or f"VEVENT {number}"


def parse(raw: bytes, town_zone: str) -> Checked:
    """Read an .ics file: every VEVENT checked; `rows` one activity per UID."""
    result = Checked("ical")
    try:
        calendar = Calendar.from_ical(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        result.errors.append(RowError(None, _l("le fichier n'est pas en UTF-8")))
        return result
    except Exception:  # noqa: BLE001 - icalendar raises many kinds on malformed input
        result.errors.append(RowError(None, _l(
            "ce n'est pas un fichier iCalendar lisible (BEGIN:VCALENDAR … END:VCALENDAR)")))
        return result
    events = list(calendar.walk("VEVENT"))
    if not events:
        result.errors.append(RowError(None, _l("aucun événement (VEVENT) dans le fichier")))
        return result
    if len(events) > MAX_EVENTS:
        result.errors.append(RowError(None, _l("%(num)d événements au plus par import",
                                               num=MAX_EVENTS)))
        return result
    #: None for a main event with an error (already reported)
    masters: dict[str, tuple[ImportedActivity, _Clock] | None] = {}
    overrides = []
    for number, component in enumerate(events, start=1):
        ref = _ref(component, number)
        uid = _text(component, "UID")
        try:
            if not uid:
                raise _Bad("UID", _l("valeur obligatoire : un identifiant unique de "
                                     "l'événement"))
            if len(uid) > 255:
                raise _Bad("UID", _l("255 caractères au plus"))
            if component.get("RECURRENCE-ID") is not None:
                overrides.append((ref, uid, component))
                continue
            if uid in masters:
                raise _Bad("UID", _l("cet UID apparaît deux fois"))
            masters[uid] = _master(component, town_zone, ref, uid)
        except _Bad as bad:
            masters.setdefault(uid, None)
            result.errors.append(RowError(bad.field, bad.message, event=ref))
    for ref, uid, component in overrides:
        if uid not in masters:
            result.errors.append(RowError("RECURRENCE-ID", _l(
                "aucun événement principal (sans RECURRENCE-ID) avec cet UID"), event=ref))
            continue
        master = masters[uid]
        if master is None:
            continue  # the main event is already reported
        row, clock = master
        try:
            change = _override(component, row, clock)
        except _Bad as bad:
            result.errors.append(RowError(bad.field, bad.message, event=ref))
            continue
        if change is not None:
            row.changes = [c for c in row.changes if c.original_start != change.original_start
                           or c.kind == "cancelled"]
            if all(c.original_start != change.original_start for c in row.changes):
                row.changes.append(change)
    result.rows = [pair[0] for pair in masters.values() if pair is not None]
    return result
