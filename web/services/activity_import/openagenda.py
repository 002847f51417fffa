"""OpenAgenda JSON exports (the agenda platform many French towns use).

Accepted: the export's `{"events": [...]}` or a bare list of events, each with `uid`,
`title`, `description`, `longDescription` (text or {"fr": ..., "en": ...}), `keywords`,
`location` {name, address, city, postalCode}, `timezone`, `timings` [{begin, end}] (ISO
8601 with offsets), `status` (1 scheduled ... 4 postponed, 6 cancelled), `conditions`,
`registration` and `canonicalUrl`.

An event's timings become one activity (source_uid = uid) when they are one date, or the
same weekday, time and length week after week (a weekly rule until the last date, the
weeks without a timing cancelled); otherwise one activity per timing (source_uid =
"<uid>#<local start>"). Either way the activities of a uid that a new export no longer
has are cancelled on import (see saving), so re-importing follows the agenda.
"""
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from web.services.activity_import.common import (
    MAX_EVENTS,
    MAX_MINUTES,
    Change,
    Checked,
    ImportedActivity,
    RowError,
    clip,
    contains,
    date_range_message,
    guess_audience,
    guess_interests,
    guess_kind,
    known_zone,
    normalise,
    web_link,
    year_ok,
)

#: OpenAgenda status codes: 4 is "reporté" (postponed, no new date yet), 6 "annulé"
CANCELLED_STATUSES = {4, 6, "4", "6", "cancelled", "postponed"}
FREE_WORDS = ("gratuit", "gratuite", "entree libre", "libre", "free")


class _Bad(Exception):
    def __init__(self, field: str, message):
        super().__init__(field)
        self.field = field
        self.message = message


def _text(value, lang: str = "fr") -> str:
    """The French text of a multilingual field (else English, else any)."""
    if isinstance(value, dict):
        for key in (lang, "en", *value):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
        return ""
    return value.strip() if isinstance(value, str) else ""


def _keywords(value) -> list[str]:
    if isinstance(value, dict):
        value = value.get("fr") or value.get("en") or next(iter(value.values()), [])
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value or [] if isinstance(v, (str, int)) and str(v).strip()]


def _plain(text: str) -> str:
    """Text without the HTML tags long descriptions may carry."""
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]{0,500}>", " ", text)).strip()


def _price(conditions: str) -> int | None:
    said = normalise(conditions)
    if any(contains(said, word) for word in FREE_WORDS):
        return 0
    found = re.search(r"(\d{1,4})(?:[.,](\d{1,2}))?\s*(?:€|eur)", conditions.lower())
    if found:
        return int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))
    return None


def _moment(value, field: str, tz: ZoneInfo) -> datetime:
    if not isinstance(value, str):
        raise _Bad(field, _l("une date et une heure ISO 8601 comme 2026-12-01T14:00:00+01:00"))
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise _Bad(field, _l("une date et une heure ISO 8601 comme "
                             "2026-12-01T14:00:00+01:00")) from None
    if not year_ok(moment):
        raise _Bad(field, date_range_message())
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz).replace(tzinfo=None)
    return moment


def _timings(event: dict, tz: ZoneInfo) -> list[tuple[datetime, int]]:
    timings = event.get("timings")
    if not isinstance(timings, list) or not timings:
        raise _Bad("timings", _l("au moins une date : [{\"begin\": ..., \"end\": ...}]"))
    found = set()
    for index, timing in enumerate(timings):
        where = f"timings[{index}]"
        if not isinstance(timing, dict):
            raise _Bad(where, _l("un objet avec begin et end"))
        begin = _moment(timing.get("begin"), f"{where}.begin", tz)
        end = _moment(timing.get("end"), f"{where}.end", tz) if timing.get("end") else None
        minutes = int((end - begin).total_seconds() // 60) if end else 120
        if minutes <= 0:
            raise _Bad(f"{where}.end", _l("la fin doit venir après le début"))
        if minutes > MAX_MINUTES:
            raise _Bad(f"{where}.end", _l("366 jours au plus"))
        found.add((begin, minutes))
    return sorted(found)


def _weekly(timings: list[tuple[datetime, int]]) -> tuple[str, list[Change]] | None:
    """A weekly rule and the weeks it skips, when the timings are one weekly series."""
    first, minutes = timings[0]
    weeks = []
    for start, length in timings:
        gap = start - first
        if length != minutes or gap % timedelta(weeks=1):
            return None
        weeks.append(gap // timedelta(weeks=1))
    missing = sorted(set(range(weeks[-1] + 1)) - set(weeks))
    if len(timings) < 2 or len(missing) > len(timings):
        return None
    rule = f"FREQ=WEEKLY;UNTIL={timings[-1][0]:%Y%m%dT%H%M%S}"
    return rule, [Change(first + timedelta(weeks=week), "cancelled") for week in missing]


def _activities(event: dict, index: int, town_zone: str) -> list[ImportedActivity]:
    uid = event.get("uid")
    if isinstance(uid, bool) or not isinstance(uid, (int, str)) or not str(uid).strip():
        raise _Bad("uid", _l("valeur obligatoire : l'identifiant OpenAgenda de l'événement"))
    uid = str(uid).strip()
    if len(uid) > 200:
        raise _Bad("uid", _l("200 caractères au plus"))
    title = _text(event.get("title"))
    if not title:
        raise _Bad("title", _l("valeur obligatoire : le titre de l'événement"))
    location = event.get("location")
    if not isinstance(location, dict):
        location = {}
    zone = _text(event.get("timezone")) or _text(location.get("timezone")) or town_zone
    if not known_zone(zone):
        raise _Bad("timezone", _l("un fuseau horaire comme Europe/Paris"))
    timings = _timings(event, ZoneInfo(zone))
    if len(timings) > MAX_EVENTS:
        raise _Bad("timings", _l("%(num)d dates au plus", num=MAX_EVENTS))
    keywords = _keywords(event.get("keywords"))
    name = _text(location.get("name")) or _text(location.get("placename"))
    address = ", ".join(part for part in (
        _text(location.get("address")),
        " ".join(p for p in (_text(str(location.get("postalCode") or "")),
                             _text(location.get("city"))) if p)) if part)
    description = _text(event.get("description"))
    long = _plain(_text(event.get("longDescription")))
    if long and long != description:
        description = f"{description}\n\n{long}".strip()
    registration = event.get("registration")
    if not isinstance(registration, list):
        registration = []
    links = [item.get("value") if isinstance(item, dict) else item for item in registration]
    url = next((web_link(link) for link in links if web_link(link)), "") or web_link(
        event.get("canonicalUrl") or event.get("link"))
    kind, audience = guess_kind(keywords, title), guess_audience(keywords, title)
    interests = guess_interests(keywords, title)
    status = "cancelled" if event.get("status") in CANCELLED_STATUSES else "scheduled"
    price_cents = _price(_text(event.get("conditions")))

    def activity(ref: str, start: datetime, minutes: int, rule: str | None = None,
                 changes: list[Change] | None = None) -> ImportedActivity:
        """One activity of this event: what differs between them is when."""
        return ImportedActivity(
            ref=ref, source_uid=ref, starts_at=start, rrule=rule, changes=changes or [],
            duration_minutes=minutes, source="openagenda", title=clip(title, 200),
            timezone=zone, description=clip(description, 4000),
            kind=kind, interests=interests, audience=audience,
            location_text=clip(", ".join(p for p in (name, address) if p), 255),
            location_name=name, location_address=address, price_cents=price_cents, url=url,
            status=status, group=uid)

    weekly = _weekly(timings) if len(timings) > 1 else None
    if len(timings) == 1 or weekly:
        start, minutes = timings[0]
        rule, changes = weekly or (None, [])
        return [activity(uid, start, minutes, rule, changes)]
    return [activity(f"{uid}#{start:%Y%m%dT%H%M}", start, minutes) for start, minutes in timings]


def parse(raw: bytes, town_zone: str) -> Checked:
    """Read an OpenAgenda export: every event checked."""
    result = Checked("openagenda")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        result.errors.append(RowError(None, _l("le fichier n'est pas en UTF-8")))
        return result
    except (ValueError, RecursionError):
        result.errors.append(RowError(None, _l("ce n'est pas un fichier JSON lisible")))
        return result
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        result.errors.append(RowError(None, _l(
            "un export OpenAgenda : {\"events\": [...]} ou une liste d'événements")))
        return result
    if not events:
        result.errors.append(RowError(None, _l("aucun événement dans le fichier")))
        return result
    seen = set()
    for index, event in enumerate(events):
        if len(result.rows) > MAX_EVENTS:
            break
        ref = f"events[{index}]"
        if isinstance(event, dict):
            ref = str(event.get("uid") or "").strip()[:200] or _text(event.get("title")) or ref
        try:
            if not isinstance(event, dict):
                raise _Bad(f"events[{index}]", _l("un objet"))
            rows = _activities(event, index, town_zone)
            if rows[0].group in seen:
                raise _Bad("uid", _l("cet identifiant apparaît deux fois"))
            seen.add(rows[0].group)
            result.rows.extend(rows)
        except _Bad as bad:
            result.errors.append(RowError(bad.field, bad.message, event=ref))
    if len(result.rows) > MAX_EVENTS:
        result.rows = []
        result.errors.insert(0, RowError(None, _l("%(num)d activités au plus par import",
                                                  num=MAX_EVENTS)))
    return result
