"""Fill a catalogue from JSON files of translations: `python -m web.translations.merge F...`.

Each file maps a French msgid to its translation; plural entries join their forms with
"|||" (as many forms as the language has: 2 in English, 6 in Arabic, see Babel's
Locale.plural_form). `--locale ar` fills the Arabic catalogue; the default is English.
Existing translations are kept unless a file gives a new one. Prints what is still missing
(with `--public`, only the public-facing messages: see web/translations/public_messages.py).
"""
import argparse
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
CATALOG = HERE / "en" / "LC_MESSAGES" / "messages.po"


def catalog_path(locale: str) -> Path:
    """Where a locale's catalogue lives."""
    return HERE / locale / "LC_MESSAGES" / "messages.po"
#: French is the source language; its catalogue only carries the plural forms, so that
#: French plural rules apply ("0 binôme", not "0 binômes").
FRENCH = HERE / "fr" / "LC_MESSAGES" / "messages.po"
SEP = "|||"


def plural_forms(value: str, count: int) -> tuple[str, ...]:
    """The forms of a plural translation; too few forms repeat the last one (a translator
    who gave "singular|||plural" for a six-form language still gets readable text)."""
    forms = value.split(SEP)
    return tuple(forms[:count] + [forms[-1]] * (count - len(forms)))


def merge(paths, locale: str = "en") -> list[str]:
    """Put the translations of the JSON files into `locale`'s catalogue; returns the keys
    still untranslated."""
    catalogue = catalog_path(locale)
    with catalogue.open("rb") as f:
        catalog = read_po(f, locale=locale)
    given = {}
    for source in paths:
        given.update(json.loads(Path(source).read_text(encoding="utf-8")))
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else SEP.join(message.id)
        if key in given:
            value = given[key]
            message.string = (value if isinstance(message.id, str)
                              else plural_forms(value, catalog.num_plurals))
            message.flags.discard("fuzzy")
        string = message.string
        done = all(string) if isinstance(string, (tuple, list)) else bool(string)
        if not done:
            missing.append(key)
    with catalogue.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    return missing


def fill_french_plurals() -> int:
    """Give every plural message of the French catalogue its own two forms; returns how many."""
    with FRENCH.open("rb") as f:
        catalog = read_po(f)
    count = 0
    for message in catalog:
        if message.id and not isinstance(message.id, str):
            message.string = tuple(message.id)
            message.flags.discard("fuzzy")
            count += 1
    with FRENCH.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    return count


def file_locale(path: str) -> str | None:
    """The locale a translation file is named for ("uk-f1.json" -> "uk"), if it is one of
    ours: a file of Ukrainian merged into the English catalogue would go unnoticed."""
    code = Path(path).name.split("-", 1)[0].split(".", 1)[0]
    return code if code != "fr" and catalog_path(code).exists() else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Merge JSON translations into a catalogue.")
    parser.add_argument("files", nargs="*", help="JSON files {French msgid: translation}")
    parser.add_argument("--locale", default="en", help="catalogue to fill (default: en)")
    parser.add_argument("--public", action="store_true",
                        help="report only the public-facing messages still missing")
    args = parser.parse_args(argv)
    if not catalog_path(args.locale).exists():
        print(f"error: no catalogue for locale {args.locale!r} in {HERE}", file=sys.stderr)
        return 2
    mismatch = next((path for path in args.files
                     if (named := file_locale(path)) and named != args.locale), None)
    if mismatch:
        print(f"error: {mismatch} is named for locale {file_locale(mismatch)!r}, not "
              f"{args.locale!r}: merge it with --locale {file_locale(mismatch)}", file=sys.stderr)
        return 2
    try:
        fill_french_plurals()
        still = merge(args.files, args.locale)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.public:
        from web.translations.public_messages import public_msgids
        public = set(public_msgids())
        still = [key for key in still if key in public]
    print(f"{len(still)} messages still untranslated ({args.locale})")
    for key in still:
        print(" -", key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
