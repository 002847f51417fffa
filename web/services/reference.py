"""Reference data read from files in data/: the town, interests and languages.

The town is data, not code: another town is another JSON file, chosen with
BIENVENUE_TOWN_FILE. Every file is validated; an error names the file and field.
"""
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from web.config import DATA_DIR
from web.services import language_names

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ReferenceDataError(ValueError):
    """A data file is missing or malformed; the message names the file and the field."""


@dataclass(frozen=True)
class NeighbourhoodInfo:
    slug: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Town:
    name: str
    timezone: str
    coordinator_contact: str
    neighbourhoods: tuple[NeighbourhoodInfo, ...]
    #: the town's places and activities (see web.services.programme_file); "" for none
    programme_file: str = ""


@dataclass(frozen=True)
class Label:
    """An item of a list (interests) with its French and English names, and its names in the
    other interface languages when the data file gives them (else English)."""

    code: str
    fr: str
    en: str
    #: {locale: name} for the other interface languages
    others: dict = field(default_factory=dict, compare=False, hash=False)

    def label(self, locale: str) -> str:
        if locale == "fr":
            return self.fr
        return self.others.get(locale) or self.en


@dataclass(frozen=True)
class LanguageLabel:
    """A language people may speak: its ISO 639 code, named from CLDR in any locale."""

    code: str
    #: among the town's most spoken: shown first, as checkboxes
    common: bool = False

    def label(self, locale: str) -> str:
        return language_names.name(self.code, locale)

    @property
    def own(self) -> str | None:
        """Its name in itself ("العربية"), when CLDR knows it."""
        return language_names.own_name(self.code)

    @property
    def fr(self) -> str:
        return self.label("fr")

    @property
    def en(self) -> str:
        return self.label("en")


def _read_json(path: Path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferenceDataError(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{path}: not valid JSON ({exc})") from None


def _field(where: str, item: dict, key: str, kind, path: Path):
    if not isinstance(item, dict) or key not in item:
        raise ReferenceDataError(f"{path}: {where}.{key} is missing")
    value = item[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ReferenceDataError(f"{path}: {where}.{key} must be a {kind.__name__}")
    if kind is str and not value.strip():
        raise ReferenceDataError(f"{path}: {where}.{key} must not be empty")
    return value


def parse_town(data, path: Path) -> Town:
    """Validate a town file's content and return it as a Town."""
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: expected an object with name and neighbourhoods")
    name = _field("town", data, "name", str, path)
    items = data.get("neighbourhoods")
    if not isinstance(items, list) or not items:
        raise ReferenceDataError(f"{path}: neighbourhoods must be a non-empty list")
    seen_slugs, seen_names, neighbourhoods = set(), set(), []
    for index, item in enumerate(items):
        where = f"neighbourhoods[{index}]"
        slug = _field(where, item, "slug", str, path)
        if not SLUG_RE.match(slug):
            raise ReferenceDataError(
                f"{path}: {where}.slug must be lower-case letters, digits and -")
        label = _field(where, item, "name", str, path)
        lat = _field(where, item, "lat", float, path)
        lon = _field(where, item, "lon", float, path)
        if not -90 <= lat <= 90:
            raise ReferenceDataError(f"{path}: {where}.lat must be between -90 and 90")
        if not -180 <= lon <= 180:
            raise ReferenceDataError(f"{path}: {where}.lon must be between -180 and 180")
        if slug in seen_slugs or label in seen_names:
            raise ReferenceDataError(f"{path}: {where} duplicates slug or name \"{slug}\"")
        seen_slugs.add(slug)
        seen_names.add(label)
        neighbourhoods.append(NeighbourhoodInfo(slug, label.strip(), lat, lon))
    return Town(name=name.strip(), timezone=str(data.get("timezone") or "Europe/Paris"),
                coordinator_contact=str(data.get("coordinator_contact") or ""),
                neighbourhoods=tuple(neighbourhoods),
                programme_file=str(Path(path).parent / data["programme"])
                if isinstance(data.get("programme"), str) and data["programme"].strip() else "")


@lru_cache(maxsize=8)
def load_town(path: str) -> Town:
    """Read and validate a town file (cached per path)."""
    return parse_town(_read_json(Path(path)), Path(path))


def _load_labels(path: Path, key: str) -> tuple[Label, ...]:
    data = _read_json(path)
    if not isinstance(data, list):
        raise ReferenceDataError(f"{path}: expected a list")
    labels, seen = [], set()
    for index, item in enumerate(data):
        where = f"[{index}]"
        code = _field(where, item, key, str, path)
        if code in seen:
            raise ReferenceDataError(f"{path}: {where}.{key} \"{code}\" appears twice")
        seen.add(code)
        others = {lang: name.strip() for lang, name in item.items()
                  if lang not in (key, "fr", "en") and isinstance(name, str) and name.strip()}
        labels.append(Label(code, _field(where, item, "fr", str, path),
                            _field(where, item, "en", str, path), others))
    return tuple(labels)


@lru_cache(maxsize=1)
def interests() -> tuple[Label, ...]:
    """The interest tags people choose from."""
    return _load_labels(DATA_DIR / "interests.json", "tag")


@lru_cache(maxsize=1)
def languages() -> tuple[LanguageLabel, ...]:
    """The languages people choose from (ISO 639 codes), the town's most common first.

    data/languages.json only lists codes (and which are common); names come from CLDR.
    """
    path = DATA_DIR / "languages.json"
    data = _read_json(path)
    if not isinstance(data, list):
        raise ReferenceDataError(f"{path}: expected a list")
    items, seen = [], set()
    for index, item in enumerate(data):
        code = _field(f"[{index}]", item, "code", str, path)
        if code in seen:
            raise ReferenceDataError(f"{path}: [{index}].code \"{code}\" appears twice")
        seen.add(code)
        items.append(LanguageLabel(code, bool(item.get("common"))))
    return tuple(items)


def label_map(items, locale: str) -> dict[str, str]:
    """{code: name in locale} for a list of labels."""
    return {item.code: item.label(locale) for item in items}
