"""What every import format shares: the checked row, its errors, limits and the guesses
(kind, interests, audience) made from an event's categories and title.

Messages are lazy translations (French source): the coordinator page shows them in the
reader's language, the command line in English.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l

from web.services import reference

#: a file holds at most this many events (or CSV lines)
MAX_EVENTS = 5000
#: uploads on the coordinator page; the command line accepts larger exports
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
#: dates outside these years are refused (a typo, or a rule that would never end)
FIRST_YEAR, LAST_YEAR = 1970, 2100
#: when the source gives no kind we recognise: most of what town agendas publish
DEFAULT_KIND = "culture"
#: when the source gives no end
DEFAULT_MINUTES = 120
#: longest event kept (all-day exhibitions included)
MAX_MINUTES = 366 * 1440
#: languages spoken when the source does not say: the town's
DEFAULT_LANGUAGES = ("fr",)
#: rule frequencies accepted (finer ones would expand into thousands of occurrences)
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


@dataclass(frozen=True)
class RowError:
    """What is wrong with one event (named by `event`) or one CSV line (`line`)."""

    field: str | None
    message: object
    event: str | None = None
    line: int | None = None

    def subject(self, lang: str = "fr") -> str:
        """"event "uid"", "line 3" (English) or their French words."""
        if self.line is not None:
            return f"{'line' if lang == 'en' else 'ligne'} {self.line}"
        if self.event is not None:
            return f"{'event' if lang == 'en' else 'événement'} \"{self.event}\""
        return "file" if lang == "en" else "fichier"


@dataclass(frozen=True)
class Change:
    """One occurrence cancelled or moved, by its original wall-clock start."""

    original_start: datetime
    kind: str
    new_start: datetime | None = None
    new_duration_minutes: int | None = None
    note: str = ""

    def key(self) -> tuple:
        return (self.original_start, self.kind, self.new_start, self.new_duration_minutes,
                self.note)


@dataclass
class ImportedActivity:
    """One activity as read from a file, ready to be written (see `saving`)."""

    #: how the file names it: its UID or id, else "line N" or the title
    ref: str
    source: str
    source_uid: str
    title: str
    #: wall-clock start in `timezone`
    starts_at: datetime
    timezone: str
    description: str = ""
    kind: str = DEFAULT_KIND
    #: the location as written, and its parts for matching a known place
    location_text: str = ""
    location_name: str = ""
    location_address: str = ""
    #: the known place matched (filled by places.resolve)
    place_slug: str | None = None
    interests: list = field(default_factory=list)
    languages: list = field(default_factory=lambda: list(DEFAULT_LANGUAGES))
    audience: str = "everyone"
    price_cents: int | None = None
    capacity: int | None = None
    duration_minutes: int = DEFAULT_MINUTES
    all_day: bool = False
    rrule: str | None = None
    url: str = ""
    status: str = "scheduled"
    changes: list = field(default_factory=list)
    #: OpenAgenda: the event uid several activities come from; an activity of the same
    #: group that the file no longer has is cancelled on import
    group: str | None = None


@dataclass
class Checked:
    """A whole file read and checked: the activities, or the errors (then nothing is written)."""

    format: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    encoding: str = "utf-8"
    separator: str = ""


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: how names and words are compared."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def contains(haystack: str, needle: str) -> bool:
    """Whether the normalised `needle` appears in `haystack` as whole words."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def clip(text, limit: int) -> str:
    """Text cut to a column's length (an ellipsis shows that it was cut)."""
    text = " ".join(str(text or "").split()) if limit <= 255 else str(text or "").strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def web_link(value) -> str:
    """An http(s) address short enough to keep, else ""."""
    value = str(value or "").strip()
    return value if re.match(r"https?://\S+$", value) and len(value) <= 255 else ""


@lru_cache(maxsize=256)
def known_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone (Europe/Paris), which is what we store."""
    if not name or "/" not in name and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def year_ok(moment) -> bool:
    return FIRST_YEAR <= moment.year < LAST_YEAR


def date_range_message():
    return _l("une date entre %(first)d et %(last)d", first=FIRST_YEAR, last=LAST_YEAR - 1)


# Guesses from words. Phrases are matched whole on normalised text, in this order: the
# more specific first ("cours de français" before "atelier", civic words before all).
KIND_WORDS = (
    ("conseil de quartier", "neighbourhood_council"), ("conseil citoyen", "neighbourhood_council"),
    ("budget participatif", "participatory_budget"),
    ("concertation", "consultation"), ("consultation", "consultation"),
    ("reunion publique", "consultation"), ("enquete publique", "consultation"),
    ("cours de francais", "french_class"), ("francais langue etrangere", "french_class"),
    ("fle", "french_class"), ("alphabetisation", "french_class"),
    ("cafe rencontre", "cafe_rencontre"), ("cafe", "cafe_rencontre"),
    ("francais", "french_class"),
    ("intergenerationnel", "intergenerational"), ("intergenerationnelle", "intergenerational"),
    ("atelier", "workshop"),
    ("sport", "sport"), ("sports", "sport"), ("football", "sport"), ("yoga", "sport"),
    ("gym", "sport"), ("course a pied", "sport"), ("natation", "sport"), ("danse", "sport"),
    ("sortie", "outing"), ("visite", "outing"), ("balade", "outing"), ("promenade", "outing"),
    ("randonnee", "outing"), ("excursion", "outing"),
    ("culture", "culture"), ("concert", "culture"), ("exposition", "culture"),
    ("spectacle", "culture"), ("theatre", "culture"), ("cinema", "culture"),
    ("conference", "culture"), ("lecture", "culture"),
)
#: words people write for the codes of ACTIVITY_KINDS (CSV "type" column)
KIND_NAMES = {
    "cafe rencontre": "cafe_rencontre", "atelier": "workshop", "atelier partage": "workshop",
    "cours de francais": "french_class", "intergenerationnel": "intergenerational",
    "sport": "sport", "culture": "culture", "sortie": "outing",
    "conseil de quartier": "neighbourhood_council",
    "budget participatif": "participatory_budget", "concertation": "consultation",
    "consultation": "consultation",
}
INTEREST_WORDS = {
    "tricot": "couture", "jardin": "jardinage", "potager": "jardinage",
    "jeux": "jeux-de-societe", "jeu": "jeux-de-societe", "cafe": "cafe-rencontre",
    "conversation": "langues", "francais": "langues", "photo": "photographie",
    "numerique": "informatique", "dessin": "arts-plastiques", "peinture": "arts-plastiques",
    "patrimoine": "histoire-locale", "balade": "marche", "livres": "lecture",
    "reparation": "bricolage", "repair": "bricolage", "concert": "musique",
    "chorale": "musique", "film": "cinema", "enfants": "parentalite", "famille": "parentalite",
    "benevoles": "benevolat", "benevolat": "benevolat",
}
AUDIENCE_WORDS = (
    ("femmes", "women"), ("seniors", "seniors"), ("aines", "seniors"),
    ("retraites", "seniors"), ("familles", "families"), ("famille", "families"),
    ("parents", "families"),
)


def guess_kind(categories: list[str], title: str) -> str:
    """The activity kind the categories (first) or the title name; DEFAULT_KIND else."""
    for text in (" ".join(normalise(c) for c in categories), normalise(title)):
        for phrase, kind in KIND_WORDS:
            if contains(text, phrase):
                return kind
    return DEFAULT_KIND


@lru_cache(maxsize=1)
def _interest_names() -> tuple[tuple[str, str], ...]:
    names = {}
    for label in reference.interests():
        for name in (label.code, label.fr, label.en):
            names[normalise(name)] = label.code
    names.update(INTEREST_WORDS)
    return tuple(names.items())


def guess_interests(categories: list[str], title: str) -> list[str]:
    """The app's interest tags the categories or the title mention."""
    text = " ".join(normalise(c) for c in [*categories, title])
    found = []
    for name, code in _interest_names():
        if contains(text, name) and code not in found:
            found.append(code)
    return found


def guess_audience(categories: list[str], title: str) -> str:
    text = " ".join(normalise(c) for c in [*categories, title])
    for word, audience in AUDIENCE_WORDS:
        if contains(text, word):
            return audience
    return "everyone"


#: rule parts an activity's rule may use; the others (BYHOUR, BYWEEKNO, BYYEARDAY...) are
#: not needed for activities and can describe rules that expand into nothing for years
RULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH",
              "BYSETPOS", "WKST"}
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def rule_problem(rule: str, starts_at: datetime):
    """None if `rule` (RRULE value) is usable for an activity starting at `starts_at`, else
    what is expected (lazy message).

    Beyond what dateutil accepts, the rule must give an occurrence; parts that could make
    dateutil search for years without finding one are refused before it tries.
    """
    from web.services.occurrences import check_rule

    expected = _l("une règle RFC 5545 comme FREQ=WEEKLY;BYDAY=TU")
    if len(rule) > 255:
        return _l("255 caractères au plus")
    try:
        parts = dict(part.split("=", 1) for part in rule.upper().split(";") if part)
    except ValueError:
        return expected
    unknown = sorted(set(parts) - RULE_PARTS)
    if unknown:
        return _l("%(part)s n'est pas pris en charge (utilisez FREQ, INTERVAL, COUNT, UNTIL, "
                  "BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS)", part=unknown[0])
    if parts.get("FREQ") not in FREQUENCIES:
        return _l("FREQ doit valoir DAILY, WEEKLY, MONTHLY ou YEARLY")
    if "BYSETPOS" in parts and parts["FREQ"] not in ("MONTHLY", "YEARLY"):
        return _l("BYSETPOS seulement avec FREQ=MONTHLY ou YEARLY")
    try:
        months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
        days = ([int(d) for d in parts["BYMONTHDAY"].split(",")]
                if "BYMONTHDAY" in parts else [])
        positions = [int(p) for p in parts["BYSETPOS"].split(",")] if "BYSETPOS" in parts else []
    except ValueError:
        return expected
    if any(not 1 <= abs(p) <= 5 for p in positions):
        return _l("BYSETPOS entre -5 et 5 (par exemple le premier ou le dernier mardi)")
    if any(not 1 <= m <= 12 for m in months) or any(not 1 <= abs(d) <= 31 for d in days):
        return _l("BYMONTH entre 1 et 12, BYMONTHDAY entre 1 et 31")
    if not parts.get("INTERVAL", "1").isdigit() or not 1 <= int(parts.get("INTERVAL", "1")) <= 1000:
        return _l("INTERVAL entre 1 et 1000")
    ordinals = [int(match.group(1)) for match in
                re.finditer(r"([+-]?\d+)[A-Z]{2}", parts.get("BYDAY", ""))]
    most = {"MONTHLY": 5, "YEARLY": 53}.get(parts["FREQ"], 0)
    if any(not 1 <= abs(n) <= most for n in ordinals):
        return _l("BYDAY : un rang comme 1TU ou -1FR seulement avec FREQ=MONTHLY (1 à 5) ou "
                  "YEARLY (1 à 53)")
    if months and days and not any(1 <= m <= 12 and abs(d) <= DAYS_IN_MONTH[m - 1]
                                   for m in months for d in days):
        return _l("cette règle ne donne aucune date")
    problem = check_rule(rule, starts_at)
    if problem is not None:
        return expected
    from dateutil.rrule import rrulestr

    if rrulestr(rule, dtstart=starts_at, ignoretz=True).after(starts_at, inc=True) is None:
        return _l("cette règle ne donne aucune date")
    return None
