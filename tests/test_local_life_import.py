"""Importing activities: iCalendar, OpenAgenda and CSV files read, checked, written all or
nothing, and re-imported without duplicates."""
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from conftest import NOW
from factories import load_villiers
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Activity, ActivityChange, AuditEntry, Place
from web.services.activity_import import places, reader, saving
from web.services.activity_import.places import PlaceRef, match_place
from web.services.occurrences import expand

DATA = Path(__file__).parent / "data"
PARIS = ZoneInfo("Europe/Paris")
UTC = UTC
NANGUES = PlaceRef("maison-de-quartier-des-nangues", "Maison de quartier des Nangues",
                   "12 rue des Nangues, 94350 Villiers")


def read(name: str, fmt=None, known=(NANGUES,)):
    raw = (DATA / name).read_bytes()
    return reader.read_file(raw, fmt, "Europe/Paris", list(known), name)


def by_uid(checked) -> dict:
    return {row.source_uid: row for row in checked.rows}


def as_activity(row, activity_id=1):
    """What `expand` needs of an activity, from an imported row."""
    changes = [SimpleNamespace(original_start=c.original_start, kind=c.kind,
                               new_start=c.new_start, new_duration_minutes=c.new_duration_minutes,
                               note=c.note) for c in row.changes]
    return SimpleNamespace(id=activity_id, starts_at=row.starts_at, rrule=row.rrule,
                           duration_minutes=row.duration_minutes, all_day=row.all_day,
                           timezone=row.timezone, status=row.status, changes=changes)


# iCalendar --------------------------------------------------------------------------------

def test_a_weekly_ics_event_stays_at_two_pm_across_the_october_clock_change():
    cafe = by_uid(read("asso-villiers.ics"))["cafe-42@asso.fr"]
    assert (cafe.starts_at, cafe.timezone, cafe.duration_minutes) == (
        datetime(2026, 10, 6, 14, 0), "Europe/Paris", 120)
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    found = expand(as_activity(cafe), start, end)
    starts = [o.start for o in found]
    # every Tuesday at 14:00 in Paris, before and after 25 October (UTC offset +2, then +1)
    regular = [s for s in starts if s.date() != datetime(2026, 11, 17).date()]
    assert {s.strftime("%a %H:%M") for s in regular} == {"Tue 14:00"}
    assert {s.utcoffset() for s in starts if s.month == 10 and s.day < 25} == {timedelta(hours=2)}
    assert {s.utcoffset() for s in starts if s.month >= 11} == {timedelta(hours=1)}
    # EXDATE, a cancelled override and a moved override
    dates = [s.strftime("%m-%d %H:%M") for s in starts]
    assert "11-03 14:00" not in dates and "11-24 14:00" not in dates
    assert "11-17 15:00" in dates and "11-17 14:00" not in dates
    assert dates[-1] == "12-29 14:00"  # UNTIL 2026-12-31T22:59:59Z is the 31st in Paris
    # an independent reading of the same file agrees, occurrence by occurrence
    calendar = Calendar.from_ical((DATA / "asso-villiers.ics").read_bytes())
    oracle = sorted(
        event["DTSTART"].dt.astimezone(PARIS)
        for event in recurring_ical_events.of(calendar).between(start, end)
        if str(event.get("UID")) == "cafe-42@asso.fr" and event.get("STATUS") != "CANCELLED")
    assert starts == oracle
    assert [o.end - o.start for o in found if o.moved] == [timedelta(hours=2)]


def test_ics_time_zones_all_day_events_and_cancelled_events():
    rows = by_uid(read("asso-villiers.ics"))
    montreal = rows["yoga-montreal@asso.fr"]
    assert (montreal.timezone, montreal.starts_at, montreal.duration_minutes) == (
        "America/Montreal", datetime(2026, 12, 5, 10, 0), 60)
    assert montreal.kind == "sport" and montreal.interests == ["yoga"]
    council = rows["conseil-nov@villiers.fr"]  # 18:00 UTC is 19:00 in Paris in December
    assert (council.timezone, council.starts_at) == ("Europe/Paris", datetime(2026, 12, 8, 19, 0))
    assert council.kind == "neighbourhood_council"
    party = rows["fete-hiver@villiers.fr"]
    assert party.all_day and party.starts_at == datetime(2026, 12, 12, 0, 0)
    assert party.duration_minutes == 2 * 1440 and party.audience == "families"
    [occurrence] = expand(as_activity(party), datetime(2026, 12, 1, tzinfo=UTC),
                          datetime(2027, 1, 1, tzinfo=UTC))
    assert occurrence.all_day and occurrence.end.date() == datetime(2026, 12, 14).date()
    assert rows["brocante@villiers.fr"].status == "cancelled"
    assert rows["cafe-42@asso.fr"].status == "scheduled"
    assert rows["cafe-42@asso.fr"].kind == "cafe_rencontre"
    assert rows["cafe-42@asso.fr"].url == "https://asso.example/cafe"


def test_locations_are_matched_by_name_or_address_else_kept_to_place():
    rows = by_uid(read("asso-villiers.ics"))
    assert rows["cafe-42@asso.fr"].place_slug == NANGUES.slug  # same name
    assert rows["fete-hiver@villiers.fr"].place_slug == NANGUES.slug  # "12, r. des Nangues"
    council = rows["conseil-nov@villiers.fr"]
    assert council.place_slug is None
    assert council.location_text == "Salle des fêtes, 3 av. Jean Jaurès, Villiers"


@pytest.mark.parametrize("name, address, expected", [
    ("MAISON DE QUARTIER DES NANGUES", "", NANGUES.slug),
    ("Maison de Quartier des Nangues (salle 2)", "", NANGUES.slug),
    ("Salle polyvalente", "12 Rue des Nangues", NANGUES.slug),
    ("", "12, r. des Nangues 94350 Villiers", NANGUES.slug),
    ("", "14 rue des Nangues", None),
    ("Médiathèque", "", "mediatheque-centre"),
    ("Médiathèque Elsa-Triolet", "", "mediatheque-elsa"),
    ("Gymnase", "", None),
    ("", "", None),
])
def test_place_matching(name, address, expected):
    known = [NANGUES, PlaceRef("mediatheque-centre", "Médiathèque", "1 place de la Mairie"),
             PlaceRef("mediatheque-elsa", "Médiathèque Elsa Triolet", "")]
    assert match_place(name, address, known) == expected


# OpenAgenda and CSV --------------------------------------------------------------------------

def test_an_openagenda_export():
    checked = read("openagenda-villiers.json")
    assert checked.format == "openagenda" and not checked.errors
    rows = by_uid(checked)
    sewing = rows["51234567"]  # three Tuesdays with a week off: one weekly activity
    assert sewing.rrule == "FREQ=WEEKLY;UNTIL=20261222T140000"
    assert [(c.original_start, c.kind) for c in sewing.changes] == [
        (datetime(2026, 12, 15, 14, 0), "cancelled")]
    assert sewing.duration_minutes == 150 and sewing.kind == "workshop"
    assert sewing.place_slug == NANGUES.slug and sewing.price_cents == 0
    assert sewing.interests == ["couture"] and sewing.url == "https://asso.example/couture"
    assert "à réparer" in sewing.description and "<" not in sewing.description
    starts = [o.start.strftime("%d %H:%M") for o in expand(
        as_activity(sewing), datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))]
    assert starts == ["01 14:00", "08 14:00", "22 14:00"]
    # two irregular dates: one activity each, both from the same OpenAgenda event
    concerts = [rows["51234568#20261218T2000"], rows["51234568#20261220T1600"]]
    assert [c.duration_minutes for c in concerts] == [90, 90]
    assert {c.group for c in concerts} == {"51234568"} and concerts[0].price_cents == 500
    assert concerts[0].place_slug is None and concerts[0].location_text.startswith("Église")
    council = rows["51234569"]
    assert council.status == "cancelled" and council.kind == "participatory_budget"
    assert council.starts_at == datetime(2026, 12, 10, 19, 0)  # 18:00Z in Paris


def test_a_csv_with_semicolons_in_windows_1252():
    checked = read("activites-villiers.csv")
    assert (checked.format, checked.encoding, checked.separator) == ("csv", "cp1252", ";")
    assert not checked.errors
    rows = by_uid(checked)
    french = rows["fle-mercredi"]
    assert french.title == "Cours de français pour débutants" and french.kind == "french_class"
    assert (french.starts_at, french.duration_minutes) == (datetime(2026, 12, 2, 9, 30), 90)
    assert french.rrule == "FREQ=WEEKLY;BYDAY=WE" and french.place_slug == NANGUES.slug
    assert [c.original_start for c in french.changes] == [datetime(2026, 12, 23, 9, 30),
                                                          datetime(2026, 12, 30, 9, 30)]
    assert french.languages == ["fr", "en"] and french.capacity == 12
    garden = rows["jardin-seniors"]
    assert garden.price_cents == 250 and garden.audience == "seniors"
    assert garden.place_slug is None and garden.location_text == "Jardin du Moulin, rue du Moulin"
    party = rows["fete-familles"]
    assert party.all_day and party.status == "cancelled" and party.audience == "families"


# Bad input: one message naming the event and the field, never an exception ------------------

def ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FR\r\n"
    return f"{head}{body}END:VCALENDAR\r\n".encode()


GOOD = "UID:ok@x\r\nSUMMARY:Ok\r\nDTSTART:20261201T140000"
BAD_FILES = [
    ("garbage", None, bytes(range(256)) * 4, None, None),
    ("empty", "ical", b"", None, None),
    ("not iCalendar", "ical", b"hello\r\nworld", None, None),
    ("no event", "ical", ics()[:0] + b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", None, None),
    ("latin-1 ics", "ical", ics("UID:a\r\nSUMMARY:Cafe\r\nDTSTART:20261201T140000")
     .replace(b"Cafe", b"Caf\xe9"), None, None),
    ("no DTSTART", "ical", ics("UID:cafe-42@asso.fr\r\nSUMMARY:Café"), "cafe-42@asso.fr",
     "DTSTART"),
    ("bad DTSTART", "ical", ics("UID:a@x\r\nSUMMARY:A\r\nDTSTART:2026-12-01"), "a@x", "DTSTART"),
    ("year 1800", "ical", ics("UID:a@x\r\nSUMMARY:A\r\nDTSTART:18001201T100000"), "a@x", "DTSTART"),
    ("no UID", "ical", ics("SUMMARY:Sans uid\r\nDTSTART:20261201T140000"), "Sans uid", "UID"),
    ("twice", "ical", ics(GOOD, GOOD), "ok@x", "UID"),
    ("no SUMMARY", "ical", ics("UID:a@x\r\nDTSTART:20261201T140000"), "a@x", "SUMMARY"),
    ("end first", "ical", ics(GOOD.replace("ok@x", "a@x") + "\r\nDTEND:20261201T120000"),
     "a@x", "DTEND"),
    ("rule nonsense", "ical", ics(GOOD + "\r\nRRULE:FREQ=FORTNIGHTLY;BYDAY=XX"), "ok@x", "RRULE"),
    ("every second", "ical", ics(GOOD + "\r\nRRULE:FREQ=SECONDLY"), "ok@x", "RRULE"),
    ("never", "ical", ics(GOOD + "\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"), "ok@x", "RRULE"),
    ("orphan", "ical", ics("UID:o@x\r\nSUMMARY:O\r\nRECURRENCE-ID:20261201T140000\r\n"
                           "DTSTART:20261201T150000"), "o@x", "RECURRENCE-ID"),
    ("json", "openagenda", b'{"events": [', None, None),
    ("json shape", "openagenda", b'{"agenda": 1}', None, None),
    ("no timings", "openagenda", b'[{"uid": 7, "title": {"fr": "A"}}]', "7", "timings"),
    ("bad begin", "openagenda",
     b'[{"uid": 7, "title": "A", "timings": [{"begin": "demain"}]}]', "7", "timings[0].begin"),
    ("no uid", "openagenda", b'[{"title": {"fr": "Sans id"}, "timings": []}]', "Sans id", "uid"),
    ("zone", "openagenda", b'[{"uid": 8, "title": "A", "timezone": "Mars/Base", "timings": '
                           b'[{"begin": "2026-12-01T14:00:00+01:00"}]}]', "8", "timezone"),
    ("csv headings", "csv", b"nom;quand\r\nA;demain\r\n", None, None),
    ("csv line", "csv", b"id;titre;date;heure_debut;recurrence\r\na;A;2026-12-01;14:00;\r\n"
                        b"b;B;31/02/2026;25:00;FREQ=HOURLY\r\n", 3, "date"),
]


@pytest.mark.parametrize("label, fmt, raw, event, field", BAD_FILES,
                         ids=[case[0] for case in BAD_FILES])
def test_bad_files_are_refused_with_a_message_naming_the_event_and_the_field(
        label, fmt, raw, event, field):
    checked = reader.read_file(raw, fmt, "Europe/Paris", [NANGUES])
    assert checked.errors
    first = checked.errors[0]
    assert str(first.message)
    if field is not None:
        named = [(e.line if isinstance(event, int) else e.event, e.field) for e in checked.errors]
        assert (event, field) in named
    # refused before the database is read: a session bound to no database is enough
    with Session() as nowhere, pytest.raises(ValueError):
        saving.save(nowhere, NOW, checked, actor="test")


def test_a_huge_count_and_too_many_events():
    huge = reader.read_file(ics(GOOD + "\r\nRRULE:FREQ=WEEKLY;COUNT=999999999"), "ical",
                            "Europe/Paris", [])
    assert not huge.errors
    weeks = expand(as_activity(huge.rows[0]), datetime(2027, 1, 1, tzinfo=UTC),
                   datetime(2027, 2, 1, tzinfo=UTC))
    assert len(weeks) == 4
    many = "".join(f"BEGIN:VEVENT\r\nUID:{n}\r\nSUMMARY:E\r\nDTSTART:20261201T140000\r\n"
                   "END:VEVENT\r\n" for n in range(5001))
    checked = reader.read_file(f"BEGIN:VCALENDAR\r\n{many}END:VCALENDAR\r\n".encode(), None,
                               "Europe/Paris", [])
    assert [str(e.message) for e in checked.errors] == ["5000 événements au plus par import"]


# Writing: all or nothing, idempotent ------------------------------------------------------

@pytest.fixture
def nangues(session):
    load_villiers(session)
    place = Place(slug=NANGUES.slug, name=NANGUES.name, address=NANGUES.address,
                  kind="maison_de_quartier")
    session.add(place)
    session.commit()
    return place


def save_file(session, name, now=NOW):
    checked = reader.read_file((DATA / name).read_bytes(), None, "Europe/Paris",
                               places.load_places(session), name)
    counts = saving.save(session, now, checked, actor="test")
    session.commit()
    return counts


def snapshot(session):
    session.expire_all()
    activities = session.scalars(select(Activity).order_by(Activity.source_uid)).all()
    return [(a.id, a.source, a.source_uid, a.title, a.starts_at, a.rrule, a.place_id,
             a.location_text, a.status, sorted((c.original_start, c.kind, c.new_start)
                                               for c in a.changes)) for a in activities]


def test_importing_the_same_file_twice_changes_nothing(session, nangues):
    first = save_file(session, "asso-villiers.ics")
    assert (first.new, first.updated, first.unchanged, first.unplaced) == (5, 0, 0, 2)
    before = snapshot(session)
    again = save_file(session, "asso-villiers.ics", NOW + timedelta(days=1))
    assert (again.new, again.updated, again.unchanged, again.unplaced) == (0, 0, 5, 2)
    assert snapshot(session) == before
    assert session.scalar(select(func.count()).select_from(ActivityChange)) == 3
    cafe = session.scalars(select(Activity).where(Activity.source_uid == "cafe-42@asso.fr")).one()
    assert cafe.place_id == nangues.id and cafe.price_cents is None
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "activities.imported")).all()
    assert [e.details["new"] for e in entries] == [5, 0]


def test_a_changed_file_updates_times_titles_and_exceptions(session, nangues, tmp_path):
    save_file(session, "asso-villiers.ics")
    text = (DATA / "asso-villiers.ics").read_text(encoding="utf-8")
    text = text.replace("SUMMARY:Café-rencontre du mardi", "SUMMARY:Café du mardi", 1)
    text = text.replace("DTSTART;TZID=Europe/Paris:20261006T140000",
                        "DTSTART;TZID=Europe/Paris:20261006T143000")
    text = text.replace("EXDATE;TZID=Europe/Paris:20261103T140000\n", "")
    text = text.replace("RECURRENCE-ID;TZID=Europe/Paris:20261117T140000",
                        "RECURRENCE-ID;TZID=Europe/Paris:20261117T143000")
    text = text.replace("RECURRENCE-ID;TZID=Europe/Paris:20261124T140000",
                        "RECURRENCE-ID;TZID=Europe/Paris:20261124T143000")
    (tmp_path / "changed.ics").write_text(text, encoding="utf-8")
    checked = reader.read_file((tmp_path / "changed.ics").read_bytes(), None, "Europe/Paris",
                               places.load_places(session))
    counts = saving.save(session, NOW, checked, actor="test")
    session.commit()
    assert (counts.new, counts.updated, counts.unchanged) == (0, 1, 4)
    session.expire_all()
    cafe = session.scalars(select(Activity).where(Activity.source_uid == "cafe-42@asso.fr")).one()
    assert cafe.title == "Café du mardi" and cafe.starts_at == datetime(2026, 10, 6, 14, 30)
    assert [(c.original_start, c.kind) for c in cafe.changes] == [
        (datetime(2026, 11, 17, 14, 30), "moved"), (datetime(2026, 11, 24, 14, 30), "cancelled")]
    assert session.scalar(select(func.count()).select_from(Activity)) == 5


def test_an_unknown_location_is_kept_flagged_and_a_coordinators_placement_survives(
        session, nangues):
    save_file(session, "asso-villiers.ics")
    council = session.scalars(select(Activity).where(
        Activity.source_uid == "conseil-nov@villiers.fr")).one()
    assert council.needs_place and council.place_id is None
    council.place_id = nangues.id  # a coordinator places it
    session.commit()
    again = save_file(session, "asso-villiers.ics")
    assert (again.unchanged, again.unplaced) == (5, 1)
    session.expire_all()
    assert session.get(Activity, council.id).place_id == nangues.id


def test_an_openagenda_reimport_cancels_the_dates_the_agenda_dropped(session, nangues, tmp_path):
    first = save_file(session, "openagenda-villiers.json")
    assert (first.new, first.unplaced) == (4, 2)
    text = (DATA / "openagenda-villiers.json").read_text(encoding="utf-8")
    dropped = '{"begin": "2026-12-20T16:00:00+01:00", "end": "2026-12-20T17:30:00+01:00"}'
    text = text.replace(",\n        " + dropped, "")
    assert dropped not in text
    (tmp_path / "later.json").write_text(text, encoding="utf-8")
    checked = reader.read_file((tmp_path / "later.json").read_bytes(), None, "Europe/Paris",
                               places.load_places(session))
    outcomes, planned = saving.plan(session, checked)
    # the concert now has one date: one activity under the event's uid, the two dated
    # activities of the first import are cancelled
    assert planned.withdrawn == 2 and sorted(outcomes) == ["new", "unchanged", "unchanged"]
    counts = saving.save(session, NOW, checked, actor="test")
    session.commit()
    assert (counts.new, counts.unchanged, counts.withdrawn) == (1, 2, 2)
    session.expire_all()
    statuses = dict(session.execute(select(Activity.source_uid, Activity.status)).all())
    assert statuses["51234568#20261220T1600"] == "cancelled"
    assert statuses["51234568"] == "scheduled"  # the one date left, 18 December
    assert statuses["51234568#20261218T2000"] == "cancelled"
