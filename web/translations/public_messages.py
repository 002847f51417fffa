"""The public-facing messages, for translators: `python -m web.translations.public_messages`.

Public-facing means what newcomers, volunteers and visitors read: the files listed in
babel-public.cfg (public pages, personal pages, forms, e-mails). Coordinator pages are not
in it: they stay French and English.

Prints a JSON object {French msgid: English text} (plural entries as "singular|||plural"),
or writes it to the file given with `-o`. With `--locale ar` the value is the Arabic text
already in the catalogue, or the English text when there is none yet, and `--missing` keeps
only the messages that locale still lacks. `--stats` prints the share of public messages
each catalogue translates (French is the source: always 100 %).
"""
import argparse
import json
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CONFIG = REPO / "babel-public.cfg"
SEP = "|||"
#: files babel-public.cfg's patterns take in but only coordinators read
STAFF_ONLY = {"web/templates/email/problem_alert.txt"}
#: the gettext functions our code calls (pybabel's defaults plus _l, see the Makefile)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def key_of(msgid) -> str:
    """The JSON key of a msgid: the text, or "singular|||plural"."""
    return msgid if isinstance(msgid, str) else SEP.join(msgid)


def public_msgids() -> list[str]:
    """Every public-facing msgid (as JSON keys), in the order the extractor meets them."""
    with CONFIG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(CONFIG))
    seen: dict[str, None] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        if message and filename.replace("\\", "/") not in STAFF_ONLY:
            seen.setdefault(key_of(message), None)
    return list(seen)


def catalog(locale: str):
    """The .po catalogue of a locale, read with Babel."""
    with (HERE / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def translations(locale: str) -> dict[str, str]:
    """{key: translated text} for the finished (non-empty, non-fuzzy) entries of a locale."""
    done = {}
    for message in catalog(locale):
        if not message.id or message.fuzzy:
            continue
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if strings and all(strings):
            done[key_of(message.id)] = SEP.join(strings)
    return done


def export(locale: str = "en", missing_only: bool = False) -> dict[str, str]:
    """{msgid: text to translate from} for the public messages (see the module docstring)."""
    english = translations("en")
    own = {} if locale == "en" else translations(locale)
    result = {}
    for key in public_msgids():
        if missing_only and key in own:
            continue
        result[key] = own.get(key) or english.get(key, "")
    return result


def shares() -> dict[str, float]:
    """{locale: share of the public messages it translates}, for every catalogue."""
    keys = public_msgids()
    result = {}
    for folder in sorted(HERE.glob("*/LC_MESSAGES/messages.po")):
        locale = folder.parents[1].name
        done = set(keys) if locale == "fr" else translations(locale).keys()
        result[locale] = sum(key in done for key in keys) / len(keys) if keys else 1.0
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Export the public-facing messages as JSON.")
    parser.add_argument("--locale", default="en", help="catalogue to read (default: en)")
    parser.add_argument("--missing", action="store_true", help="only what --locale still lacks")
    parser.add_argument("-o", "--output", help="write to this file instead of printing")
    parser.add_argument("--stats", action="store_true",
                        help="print the share translated per locale")
    args = parser.parse_args(argv)
    if args.stats:
        for locale, share in shares().items():
            print(f"{locale}: {share:.0%}")
        return 0
    if not (HERE / args.locale / "LC_MESSAGES" / "messages.po").exists():
        print(f"error: no catalogue for locale {args.locale!r}", file=sys.stderr)
        return 2
    text = json.dumps(export(args.locale, args.missing), ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
