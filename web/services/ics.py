"""Calendar files (.ics, RFC 5545) for "Ajouter à mon agenda", built with `icalendar`."""
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

PRODID = "-//Bienvenue//Agenda//FR"


@dataclass(frozen=True)
class CalendarEvent:
    """One event to put in someone's calendar (an activity occurrence, a gathering...)."""

    #: globally unique and stable, so that adding it twice updates instead of duplicating
    uid: str
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def occurrence_event(occurrence, activity, description: str = "", url: str = "") -> CalendarEvent:
    """The calendar event of an activity occurrence (see web.services.occurrences)."""
    place = activity.place
    location = ", ".join(p for p in ((place.name, place.address) if place else
                                     (activity.location_text,)) if p)
    return CalendarEvent(uid=f"activity-{occurrence.key}@bienvenue", title=activity.title,
                         start=occurrence.start, end=occurrence.end, all_day=occurrence.all_day,
                         location=location, description=description or activity.description,
                         url=url, cancelled=occurrence.cancelled)


def calendar_bytes(events: list[CalendarEvent], now: datetime) -> bytes:
    """A VCALENDAR with one VEVENT per event, time zones included (VTIMEZONE)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("summary", item.title)
        if item.all_day:
            event.add("dtstart", item.start.date())
            event.add("dtend", item.end.date())
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
