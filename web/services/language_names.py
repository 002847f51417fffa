"""Names of languages from the Unicode CLDR (through Babel): one source for the whole app.

Pure: no Flask, no files. `name(code, reader)` is a language named in the reader's
language ("arabe" for a French reader), `own_name(code)` in its own script ("العربية").
Codes are ISO 639 (639-1 when there is one; "kab", "prs" otherwise).
"""
from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: the few codes CLDR does not name: (French, English); other readers get the English name
MISSING = {"ber": ("berbère", "Berber"), "sgn": ("langue des signes", "Sign language")}
#: codes CLDR names under another key: Dari ("prs") is CLDR's "fa_AF"; "dar" (Dargwa in
#: ISO 639) was used here for Dari by older data
ALIASES = {"prs": "fa_AF", "dar": "fa_AF"}


@lru_cache(maxsize=32)
def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        return None


def _cldr_name(code: str, reader: str) -> str | None:
    locale = _locale(reader)
    return locale.languages.get(ALIASES.get(code, code)) if locale else None


@lru_cache(maxsize=4096)
def name(code: str, reader: str = "fr") -> str:
    """The language `code` named in `reader`'s language; English, then the code, as fallbacks."""
    found = _cldr_name(code, reader)
    if found:
        return found
    if code in MISSING:
        return MISSING[code][0 if reader.split("_")[0] == "fr" else 1]
    return _cldr_name(code, "en") or code


@lru_cache(maxsize=1024)
def own_name(code: str) -> str | None:
    """The language named in itself ("Українська" for "uk"), or None when CLDR has no data."""
    code = ALIASES.get(code, code)
    locale = _locale(code)
    if locale is None:
        return None
    found = locale.languages.get(code) or locale.get_display_name(locale)
    # Some scripts capitalise names, some do not: a lone name reads better capitalised.
    return found[:1].upper() + found[1:] if found else None


def names(codes, reader: str = "fr") -> dict[str, str]:
    """{code: name in reader's language} for many codes."""
    return {code: name(code, reader) for code in codes}


def both(code: str, reader: str = "fr") -> str:
    """ "arabe — العربية": the reader's name, then the language's own when it differs."""
    mine, own = name(code, reader), own_name(code)
    return mine if not own or own.casefold() == mine.casefold() else f"{mine} — {own}"
