"""Activities that fit a newcomer ("Près de chez vous cette semaine"), ready to display.

Rows become the engine's plain input (`matcher.activities`), the engine ranks, and each
suggestion comes back with what a page or an e-mail shows: day, date and time in the
town's zone, place, address, neighbourhood, languages, price, audience, reasons, key.
"""
from datetime import datetime, timedelta
from functools import lru_cache

from babel.dates import format_date, format_time
from babel.numbers import format_currency
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matcher import ActivityOccurrence, ActivityPerson, rank_activities
from web.models import Activity, Participation
from web.services import occurrences as occ_service
from web.services.jobs_claims import claim
from web.services.matching import all_labels
from web.services.reference import label_map, languages

#: an occurrence and its activity
OccurrencePair = tuple[occ_service.Occurrence, Activity]
#: look a week ahead first, then two if the week has too little
WINDOWS_DAYS = (7, 14)
SHOWN = 5
ENOUGH = 3
#: larger ids cannot be rows (PostgreSQL integer)
MAX_ID = 2**31 - 1


def person_input(newcomer) -> ActivityPerson:
    """A newcomer as the engine's input: their neighbourhood's centre stands for home."""
    hood = newcomer.neighbourhood
    return ActivityPerson(
        id=newcomer.id, lat=hood.lat if hood else None, lon=hood.lon if hood else None,
        interests=frozenset(newcomer.interests or ()), languages=tuple(newcomer.languages or ()),
        availability_mask=int(newcomer.availability or 0), household=newcomer.household,
        birth_year=newcomer.birth_year, gender=newcomer.gender,
        neighbourhood=newcomer.neighbourhood_id)


def _where(activity):
    """(lat, lon, neighbourhood id) of an activity's place; None when it has no place yet."""
    place = activity.place
    if place is None:
        return None
    hood = place.neighbourhood
    if place.lat is not None and place.lon is not None:
        return place.lat, place.lon, place.neighbourhood_id
    if hood is not None:
        return hood.lat, hood.lon, hood.id
    return None


def _participants(session: Session, pairs) -> dict:
    """{(activity id, original start): participants} for activities with a capacity."""
    limited = {activity.id for _, activity in pairs if activity.capacity}
    if not limited:
        return {}
    rows = session.execute(select(Participation.activity_id, Participation.occurrence_start,
                                  func.count()).where(Participation.activity_id.in_(limited))
                           .group_by(Participation.activity_id, Participation.occurrence_start))
    return {(a, start): n for a, start, n in rows}


def engine_occurrences(session: Session, start: datetime, end: datetime, keep=frozenset()
                       ) -> tuple[list[ActivityOccurrence], dict[str, OccurrencePair]]:
    """The engine input for every placed, not full occurrence in [start, end) (full ones
    whose key is in `keep` stay), and {key: (Occurrence, Activity)} to display them."""
    pairs = occ_service.upcoming(session, start, end)
    taken = _participants(session, pairs)
    items: list[ActivityOccurrence] = []
    found: dict[str, OccurrencePair] = {}
    for occurrence, activity in pairs:
        where = _where(activity)
        if where is None:
            continue
        full = activity.capacity and taken.get(
            (activity.id, occurrence.original_start), 0) >= activity.capacity
        if full and occurrence.key not in keep:
            continue
        items.append(ActivityOccurrence(
            key=occurrence.key, activity=activity.id, start=occurrence.start, lat=where[0],
            lon=where[1], interests=frozenset(activity.interests or ()),
            languages=tuple(activity.languages or ()), slot=occurrence.slot,
            audience=activity.audience, kind=activity.kind,
            place_name=activity.place.name if activity.place else "", neighbourhood=where[2]))
        found[occurrence.key] = (occurrence, activity)
    return items, found


def when_label(occurrence, locale: str) -> str:
    """ "mardi 1 décembre, 14:00 – 16:00" / "Tuesday 1 December, 2:00 PM – 4:00 PM"."""
    return _when(occurrence.start, occurrence.end, occurrence.all_day, locale)


@lru_cache(maxsize=4096)
def _when(start: datetime, end: datetime, all_day: bool, locale: str) -> str:
    # Cached: the weekly e-mail shows the same few hundred sessions to thousands of people,
    # and Babel's formatting is the slow part of it.
    day = format_date(start, "EEEE d MMMM", locale=locale)
    if all_day:
        return day
    return (f"{day}, {format_time(start, 'short', locale=locale)} – "
            f"{format_time(end, 'short', locale=locale)}")


def price_label(cents: int | None, locale: str) -> str | None:
    """ "3 €", "3,50 €" / "€3", "€3.50"; None when free or unknown (pages then say "Gratuit"
    or "Demandez sur place"). The public agenda and personal pages both use it."""
    if not cents:
        return None
    amount = cents / 100
    pattern = None if cents % 100 else ("#,##0\u00a0¤" if locale == "fr" else "¤#,##0")
    return format_currency(amount, "EUR", format=pattern, locale=locale,
                           currency_digits=pattern is None)


def display(occurrence, activity, locale: str, reasons=(), going: bool = False) -> dict:
    """What a page or an e-mail shows of one occurrence, in `locale`."""
    place = activity.place
    names = label_map(languages(), locale)
    return {
        "key": occurrence.key,
        "title": activity.title,
        "description": activity.description,
        "kind": activity.kind,
        "when": when_label(occurrence, locale),
        "start": occurrence.start,
        "place": place.name if place else activity.location_text,
        "place_slug": place.slug if place else None,
        "address": place.address if place else "",
        "neighbourhood": place.neighbourhood.name if place and place.neighbourhood else None,
        "languages": [names.get(code, code) for code in (activity.languages or ["fr"])],
        "free": activity.price_cents == 0,
        "price": price_label(activity.price_cents, locale),
        "audience": activity.audience,
        "moved": occurrence.moved,
        "note": occurrence.note,
        "reasons": list(reasons),
        "going": going,
    }


def going_keys(session: Session, newcomer) -> set[str]:
    """Keys of the occurrences the newcomer said they go to."""
    rows = session.execute(select(Participation.activity_id, Participation.occurrence_start)
                           .where(Participation.newcomer_id == newcomer.id))
    return {f"{a}-{start:%Y%m%dT%H%M}" for a, start in rows}


def suggestions_for(session: Session, now: datetime, newcomer, locale: str,
                    shown: int = SHOWN) -> list[dict]:
    """The best upcoming activities for one newcomer: the next 7 days, else the next 14;
    the occurrences they said they go to come first."""
    going = going_keys(session, newcomer)
    me = person_input(newcomer)
    today = now.date()
    for days in WINDOWS_DAYS:
        items, found = engine_occurrences(session, now, now + timedelta(days=days), going)
        ranked = rank_activities([me], items, today, k=shown, langs=(locale,),
                                 labels=all_labels())[me.id]
        if len(ranked) >= ENOUGH:
            break
    reasons = {s.key: s.reasons[locale] for s in ranked}
    mine = [key for key in found if key in going]
    keys = mine + [s.key for s in ranked if s.key not in going]
    return [display(*found[key], locale, reasons.get(key, ()), key in going)
            for key in keys[:max(shown, len(mine))]]


def suggestions_for_many(session: Session, now: datetime, newcomers, shown: int = 3,
                         days: int = WINDOWS_DAYS[0]) -> dict:
    """{newcomer id: [display dicts]} for many newcomers at once, each in their locale (the
    weekly e-mail)."""
    items, found = engine_occurrences(session, now, now + timedelta(days=days))
    # reasons only in the languages these newcomers read
    ranked = rank_activities([person_input(n) for n in newcomers], items, now.date(), k=shown,
                             langs=sorted({n.locale for n in newcomers}), labels=all_labels())
    return {n.id: [display(*found[s.key], n.locale, s.reasons[n.locale])
                   for s in ranked.get(n.id, ())] for n in newcomers}


def find_occurrence(session: Session, key: str) -> OccurrencePair | None:
    """(Occurrence, Activity) for a key from a URL, or None (malformed, unknown, too big)."""
    parsed = occ_service.parse_key(key or "") if len(key or "") <= 40 else None
    if parsed is None or parsed[0] > MAX_ID:
        return None
    return occ_service.find(session, key)


def say_going(session: Session, now: datetime, newcomer, key: str, going: bool) -> bool:
    """Record (or withdraw) that the newcomer goes to this occurrence; idempotent.

    Returns False when the key names no occurrence, or a cancelled or past one (for going).
    """
    found = find_occurrence(session, key)
    if found is None:
        return False
    occurrence, activity = found
    where = (Participation.newcomer_id == newcomer.id,
             Participation.activity_id == activity.id,
             Participation.occurrence_start == occurrence.original_start)
    if not going:
        session.execute(delete(Participation).where(*where))
        session.flush()
        return True
    if occurrence.cancelled or occurrence.end <= now:
        return False
    claim(session, Participation, newcomer_id=newcomer.id, activity_id=activity.id,
          occurrence_start=occurrence.original_start, created_at=now)
    newcomer.last_active_at = now
    return True


def participation_data(newcomer) -> dict:
    """The newcomer's participations, for their data download."""
    from sqlalchemy.orm import object_session

    session = object_session(newcomer)
    assert session is not None  # the newcomer was loaded from the database
    rows = session.scalars(select(Participation).where(
        Participation.newcomer_id == newcomer.id).order_by(Participation.occurrence_start))
    return {"participations": [{"activity": p.activity.title,
                                "occurrence_start": p.occurrence_start.isoformat(),
                                "said_at": p.created_at.isoformat()} for p in rows]}


def for_email(session: Session, now: datetime, newcomer, shown: int = 3) -> list[dict]:
    """The first suggestions for an e-mail to the newcomer, in their language."""
    return suggestions_for(session, now, newcomer, newcomer.locale, shown)
