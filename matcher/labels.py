"""Human names for languages and interest tags, and the reason sentences.

The engine reads no file: it ships a built-in table of the languages most
often spoken by newcomers to France, and callers may pass overrides as
``labels={"languages": {code: name}, "interests": {tag: name}}`` (names in
the output language).  Unknown codes and tags are shown as themselves.

The web app and ``bienvenue match-file`` always pass language names from the Unicode
CLDR (web/services/language_names.py), in the reader's language, so the built-in tables
below (French and English; English for the other languages) are only a fallback for
callers that pass none.  The sentences themselves are in :mod:`matcher.sentences`, in the
app's 8 languages (fr, en, ar, uk, fa, ps, tr, es); any other ``lang`` reads English.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from .sentences import COMPONENT_NAMES, DECIMAL_COMMA, GENDER_ALIASES, GENDER_NAMES, LANGS, MESSAGES
from .slots import DAY_LABELS, PART_LABELS, SLOT_INDEX

__all__ = ["LANGS", "MESSAGES", "LANGUAGE_NAMES", "INTEREST_NAMES", "Labels", "component_name",
           "named_components", "canonical_gender"]

#: "de {x}" in a pattern, to write "d'Amina", "du nouvel arrivant" (French), "del" (Spanish)
_DE = re.compile(r"\bde \{(\w+)\}")
_VOWELS = tuple("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def canonical_gender(code) -> str | None:
    """The gender as the web app stores it (``female``, ``male``, ``other``); the short
    ``f``, ``m``, ``x`` of match files are read as the same; None stays None."""
    if code is None:
        return None
    code = str(code).strip().lower()
    return GENDER_ALIASES.get(code, code)


def component_name(name: str, lang: str = "fr") -> str:
    """A score component's name in words ("Âge", "Disponibilités"); unknown names as is."""
    names = COMPONENT_NAMES.get(name)
    if not names:
        return name
    return names.get(lang) or names["en"]


def named_components(components: Mapping[str, float], lang: str = "fr") -> list[tuple[str, float]]:
    """(name in words, value) of a pair's components, in the engine's order (neighbourhood,
    interests, availability, language, age, household), other names after, by name."""
    rank = {name: k for k, name in enumerate(COMPONENT_NAMES)}
    keys = sorted(components, key=lambda name: (rank.get(name, len(rank)), name))
    return [(component_name(name, lang), components[name]) for name in keys]


def _of(pattern: str, lang: str, kw: dict) -> str:
    """Contract "de" before a filled-in name or role: "d'Amina", "du nouvel arrivant",
    "del voluntario", so that patterns can simply say "de {newcomer}"."""
    def fix(m: re.Match) -> str:
        value = str(kw.get(m.group(1), ""))
        if lang == "fr" and value.startswith("le "):
            return "du " + value[3:].replace("{", "{{").replace("}", "}}")
        if lang == "fr" and value.startswith(_VOWELS):
            return "d'" + value.replace("{", "{{").replace("}", "}}")
        if lang == "es" and value.startswith("el "):
            return "del " + value[3:].replace("{", "{{").replace("}", "}}")
        return m.group(0)
    return _DE.sub(fix, pattern) if lang in ("fr", "es") else pattern

# ISO 639-1 (and 639-2/3 where there is no 639-1 code, e.g. kab) -> (fr, en)
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "fr": ("français", "French"), "en": ("anglais", "English"), "ar": ("arabe", "Arabic"),
    "es": ("espagnol", "Spanish"), "pt": ("portugais", "Portuguese"),
    "it": ("italien", "Italian"), "de": ("allemand", "German"),
    "uk": ("ukrainien", "Ukrainian"), "ru": ("russe", "Russian"), "pl": ("polonais", "Polish"),
    "ro": ("roumain", "Romanian"), "tr": ("turc", "Turkish"), "fa": ("persan", "Persian"),
    "ps": ("pachto", "Pashto"), "ta": ("tamoul", "Tamil"), "zh": ("chinois", "Chinese"),
    "vi": ("vietnamien", "Vietnamese"), "bn": ("bengali", "Bengali"), "ur": ("ourdou", "Urdu"),
    "hi": ("hindi", "Hindi"), "wo": ("wolof", "Wolof"), "bm": ("bambara", "Bambara"),
    "ln": ("lingala", "Lingala"), "sw": ("swahili", "Swahili"), "am": ("amharique", "Amharic"),
    "ti": ("tigrigna", "Tigrinya"), "so": ("somali", "Somali"), "ku": ("kurde", "Kurdish"),
    "hy": ("arménien", "Armenian"), "ka": ("géorgien", "Georgian"),
    "sq": ("albanais", "Albanian"), "sr": ("serbe", "Serbian"), "hr": ("croate", "Croatian"),
    "bs": ("bosnien", "Bosnian"), "el": ("grec", "Greek"), "nl": ("néerlandais", "Dutch"),
    "ja": ("japonais", "Japanese"), "ko": ("coréen", "Korean"), "th": ("thaï", "Thai"),
    "tl": ("tagalog", "Tagalog"), "kab": ("kabyle", "Kabyle"), "ber": ("berbère", "Berber"),
    "ff": ("peul", "Fula"), "mg": ("malgache", "Malagasy"),
    "ht": ("créole haïtien", "Haitian Creole"),
    "he": ("hébreu", "Hebrew"), "bg": ("bulgare", "Bulgarian"), "hu": ("hongrois", "Hungarian"),
    "cs": ("tchèque", "Czech"), "ne": ("népalais", "Nepali"), "pa": ("pendjabi", "Punjabi"),
    "si": ("cingalais", "Sinhala"), "km": ("khmer", "Khmer"), "lo": ("lao", "Lao"),
    "mn": ("mongol", "Mongolian"), "uz": ("ouzbek", "Uzbek"), "ce": ("tchétchène", "Chechen"),
    "dar": ("dari", "Dari"), "sgn": ("langue des signes", "sign language"),
}

# A few common tags so reasons read well without the web app's table.
INTEREST_NAMES: dict[str, tuple[str, str]] = {
    "cuisine": ("cuisine", "cooking"), "randonnee": ("randonnée", "hiking"),
    "velo": ("vélo", "cycling"), "course-a-pied": ("course à pied", "running"),
    "football": ("football", "football"), "jardinage": ("jardinage", "gardening"),
    "lecture": ("lecture", "reading"), "cinema": ("cinéma", "cinema"),
    "musique": ("musique", "music"), "danse": ("danse", "dance"),
    "theatre": ("théâtre", "theatre"), "jeux-de-societe": ("jeux de société", "board games"),
    "photographie": ("photographie", "photography"), "echecs": ("échecs", "chess"),
    "peinture": ("peinture", "painting"), "couture": ("couture", "sewing"),
    "informatique": ("informatique", "computing"), "benevolat": ("bénévolat", "volunteering"),
    "natation": ("natation", "swimming"), "yoga": ("yoga", "yoga"),
    "basket": ("basket", "basketball"), "langues": ("langues", "languages"),
    "histoire": ("histoire", "history"), "nature": ("nature", "nature"),
    "musees": ("musées", "museums"), "bricolage": ("bricolage", "DIY"),
}


class Labels:
    """Label lookup for one output language, with caller overrides."""

    def __init__(self, lang: str = "fr", overrides: Mapping | None = None):
        self.lang = lang if lang in LANGS else "en"
        # the fallback name tables are (French, English): other languages read English
        self._i = 0 if self.lang == "fr" else 1
        overrides = overrides or {}
        self._languages = dict(overrides.get("languages") or {})
        self._interests = dict(overrides.get("interests") or {})

    def language(self, code: str) -> str:
        if code in self._languages:
            return self._languages[code]
        if code in LANGUAGE_NAMES:
            return LANGUAGE_NAMES[code][self._i]
        return code

    def interest(self, tag: str) -> str:
        if tag in self._interests:
            name = self._interests[tag]
        elif tag in INTEREST_NAMES:
            name = INTEREST_NAMES[tag][self._i]
        else:
            return tag
        # Inside a sentence the tag reads better in lower case ("cuisine"),
        # unless it looks like an acronym ("DIY").
        if name[:1].isupper() and name[1:2].islower():
            name = name[0].lower() + name[1:]
        return name

    def gender(self, code: str) -> str:
        """A gender in words: "une femme" / "a woman" (``female`` or ``f``)."""
        canonical = canonical_gender(code)
        names = GENDER_NAMES.get(canonical) if canonical is not None else None
        return names[self.lang] if names else str(code)

    def component(self, name: str) -> str:
        """A score component's name in the output language."""
        return component_name(name, self.lang)

    def t(self, key: str, **kw) -> str:
        """The sentence ``key`` in the output language, formatted with ``kw``."""
        return _of(MESSAGES[key][self.lang], self.lang, kw).format(**kw)

    def sentence(self, key: str, **kw) -> str:
        """Like :meth:`t`, with a capital first letter (a name may be a role word)."""
        text = self.t(key, **kw)
        return text[:1].upper() + text[1:]

    def person(self, name: str | None, role: str) -> str:
        """A person's first name, or the role word ("le bénévole") when it is unknown."""
        return name.strip() if name and name.strip() else self.t("role_" + role)

    @property
    def sep(self) -> str:
        """The list separator: ", " (Arabic script: "، ")."""
        return MESSAGES["list_sep"][self.lang]

    def join(self, items: list[str], conj: str = "and") -> str:
        """Natural-language list: "a, b et c" / "a, b and c" / "a، b وc"."""
        if len(items) <= 1:
            return "".join(items)
        return self.t("list_" + conj, rest=self.sep.join(items[:-1]), last=items[-1])

    def either(self, items: list[str]) -> str:
        """Positive alternatives: "une femme ou un homme"."""
        return self.join(items, "either")

    def slots(self, slots: list[str], limit: int = 4) -> tuple[str, int]:
        """Slots in natural groups and how many were left out.

        Days with the same parts of the day are named together, in week order:
        "mardi et mercredi après-midi, samedi matin et soir".  Groups are shown while
        they hold at most ``limit`` slots in all (the first one always); the count of
        the others is returned for "et 2 autres créneaux"."""
        days_parts: dict[int, list[int]] = {}
        for slot in slots:
            i = SLOT_INDEX[slot]
            days_parts.setdefault(i // 3, []).append(i % 3)
        groups: dict[tuple, list[int]] = {}
        for day in sorted(days_parts):
            groups.setdefault(tuple(sorted(days_parts[day])), []).append(day)
        lang = self.lang if self.lang in DAY_LABELS else "en"
        shown: list[str] = []
        count = 0
        for parts, days in groups.items():  # dicts keep the first day's week order
            size = len(parts) * len(days)
            if shown and count + size > limit:
                break
            shown.append(self.join([DAY_LABELS[lang][d] for d in days]) + " "
                         + self.join([PART_LABELS[lang][p] for p in parts]))
            count += size
        return self.sep.join(shown), len(slots) - count

    def number(self, text: str) -> str:
        """A decimal written in the output language: "1,5" in French, "1.5" in English."""
        return text.replace(".", ",") if self.lang in DECIMAL_COMMA else text

    def km(self, value: float) -> str:
        text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
        if text.endswith(".0"):
            text = text[:-2]
        return self.number(text)

    def distance(self, value: float) -> str:
        """A distance as people say it: "800 m" under a kilometre (100 m at least), else
        "1,5 km"; 0.97 km is "1 km", never "1000 m"."""
        metres = max(100, int(round(value * 10)) * 100)
        if metres < 1000:
            return self.t("unit_m", n=metres)
        return self.t("unit_km", n=self.km(value))
