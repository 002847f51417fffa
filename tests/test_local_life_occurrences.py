"""Occurrences of activities: recurrence rules expanded in the town's time zone."""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import recurring_ical_events
from hypothesis import given, settings, strategies as st
from icalendar import Calendar

from web.services.ics import CalendarEvent, calendar_bytes
from web.services.occurrences import expand, parse_key

PARIS = ZoneInfo("Europe/Paris")
UTC = UTC


def activity(**overrides):
    values = dict(id=7, starts_at=datetime(2026, 10, 6, 14, 0), duration_minutes=120,
                  all_day=False, timezone="Europe/Paris", rrule="FREQ=WEEKLY;BYDAY=TU",
                  status="scheduled", changes=[])
    values.update(overrides)
    return SimpleNamespace(**values)


def change(original, kind="cancelled", new_start=None, minutes=None, note=""):
    return SimpleNamespace(original_start=original, kind=kind, new_start=new_start,
                           new_duration_minutes=minutes, note=note)


def window(start: tuple[int, int, int], end: tuple[int, int, int]) -> tuple[datetime, datetime]:
    return datetime(*start, tzinfo=UTC), datetime(*end, tzinfo=UTC)


def test_a_weekly_cafe_stays_at_two_pm_across_the_autumn_clock_change():
    occurrences = expand(activity(), *window((2026, 10, 1), (2026, 11, 10)))
    assert [o.start.strftime("%a %d %H:%M") for o in occurrences] == [
        "Tue 06 14:00", "Tue 13 14:00", "Tue 20 14:00", "Tue 27 14:00", "Tue 03 14:00"]
    # the instant moves by one hour in UTC when Paris leaves summer time (25 October 2026)
    assert occurrences[2].start.astimezone(UTC).hour == 12
    assert occurrences[3].start.astimezone(UTC).hour == 13
    assert all(o.end - o.start == timedelta(hours=2) for o in occurrences)


def test_and_across_the_spring_change():
    occurrences = expand(activity(starts_at=datetime(2027, 3, 16, 14, 0)),
                         *window((2027, 3, 15), (2027, 4, 7)))
    assert [o.start.astimezone(UTC).hour for o in occurrences] == [13, 13, 12, 12]
    assert {o.start.hour for o in occurrences} == {14}


def test_a_cancelled_occurrence_is_left_out_or_flagged():
    cancelled = datetime(2026, 10, 20, 14, 0)
    item = activity(changes=[change(cancelled, note="Salle fermée")])
    kept = expand(item, *window((2026, 10, 1), (2026, 11, 1)))
    assert cancelled not in [o.original_start for o in kept]
    every = expand(item, *window((2026, 10, 1), (2026, 11, 1)), include_cancelled=True)
    flagged = [o for o in every if o.cancelled]
    assert [(o.original_start, o.note) for o in flagged] == [(cancelled, "Salle fermée")]


def test_a_moved_occurrence_keeps_its_key_and_takes_its_new_time():
    original = datetime(2026, 10, 13, 14, 0)
    item = activity(changes=[change(original, "moved", datetime(2026, 10, 15, 10, 0), 90)])
    occurrences = expand(item, *window((2026, 10, 12), (2026, 10, 19)))
    assert len(occurrences) == 1
    moved = occurrences[0]
    assert moved.moved and moved.key == "7-20261013T1400"
    assert (moved.start.day, moved.start.hour, moved.end - moved.start) == \
        (15, 10, timedelta(minutes=90))
    # moved out of the window: gone from the week it was planned in
    item = activity(changes=[change(original, "moved", datetime(2026, 10, 22, 10, 0))])
    assert expand(item, *window((2026, 10, 12), (2026, 10, 19))) == []


def test_a_cancelled_activity_has_no_occurrence():
    assert expand(activity(status="cancelled"), *window((2026, 10, 1), (2026, 11, 1))) == []


def test_one_date_and_all_day_events():
    once = activity(rrule=None, starts_at=datetime(2026, 12, 5, 10, 0))
    assert [o.key for o in expand(once, *window((2026, 12, 1), (2026, 12, 8)))] == \
        ["7-20261205T1000"]
    assert expand(once, *window((2026, 12, 6), (2026, 12, 8))) == []
    fair = activity(rrule=None, all_day=True, starts_at=datetime(2026, 12, 12),
                    duration_minutes=2880)
    [occurrence] = expand(fair, *window((2026, 12, 1), (2026, 12, 31)))
    assert occurrence.all_day and (occurrence.end - occurrence.start) == timedelta(days=2)


def test_until_in_utc_ends_the_rule():
    item = activity(rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261020T120000Z")
    assert len(expand(item, *window((2026, 10, 1), (2026, 12, 1)))) == 3


def test_slot_follows_the_engine_convention():
    [occurrence] = expand(activity(rrule=None, starts_at=datetime(2026, 12, 5, 19, 30)),
                          *window((2026, 12, 1), (2026, 12, 8)))
    assert occurrence.slot == 5 * 3 + 2  # Saturday evening


def test_occurrence_keys_round_trip_and_bad_keys_are_refused():
    assert parse_key("7-20261013T1400") == (7, datetime(2026, 10, 13, 14, 0))
    for bad in ("", "x-20261013T1400", "7-2026", "7", "99999999999999999999-20261013T1400",
                "7-20261313T1400"):
        assert parse_key(bad) is None


@settings(max_examples=40, deadline=None)
@given(day=st.integers(0, 6), hour=st.integers(7, 21), weeks=st.integers(1, 30),
       start_day=st.integers(0, 300))
def test_expansion_agrees_with_recurring_ical_events(day, hour, weeks, start_day):
    """An independent implementation (recurring-ical-events over the .ics we write) gives
    the same instants for a weekly rule in Paris time."""
    first = datetime(2026, 1, 5, hour, 0) + timedelta(days=start_day + day)
    byday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[first.weekday()]
    item = activity(starts_at=first, rrule=f"FREQ=WEEKLY;BYDAY={byday};COUNT={weeks}")
    lo, hi = datetime(2025, 12, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    ours = [o.start.astimezone(UTC) for o in expand(item, lo, hi)]
    calendar = Calendar.from_ical(calendar_bytes([CalendarEvent(
        "x@test", "Café", first.replace(tzinfo=PARIS), first.replace(tzinfo=PARIS) +
        timedelta(hours=2))], lo))
    event = calendar.walk("VEVENT")[0]
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": byday, "COUNT": weeks})
    theirs = [e.decoded("dtstart").astimezone(UTC)
              for e in recurring_ical_events.of(calendar).between(lo, hi)]
    assert ours == sorted(theirs)


def test_rules_finer_than_daily_are_refused():
    from web.services.occurrences import check_rule

    start = datetime(2026, 10, 6, 14, 0)
    assert check_rule("FREQ=WEEKLY;BYDAY=TU", start) is None
    for rule in ("FREQ=SECONDLY", "BYDAY=TU"):
        message = check_rule(rule, start)
        assert message is not None and "FREQ" in message
    assert check_rule("FREQ=WEEKLY;BYDAY=XX", start)
