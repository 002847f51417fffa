"""Fill the English catalogue from JSON files of translations: `python -m web.translations.merge F...`.

Each file maps a French msgid to its English text; plural entries join singular and plural
with "|||". Existing translations are kept unless a file gives a new one. Prints what is
still missing.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
CATALOG = HERE / "en" / "LC_MESSAGES" / "messages.po"
#: French is the source language; its catalogue only carries the plural forms, so that
#: French plural rules apply ("0 binôme", not "0 binômes").
FRENCH = HERE / "fr" / "LC_MESSAGES" / "messages.po"
SEP = "|||"


def merge(paths) -> list[str]:
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    given = {}
    for path in paths:
        given.update(json.loads(Path(path).read_text(encoding="utf-8")))
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else SEP.join(message.id)
        if key in given:
            value = given[key]
            message.string = tuple(value.split(SEP)) if not isinstance(message.id, str) else value
            message.flags.discard("fuzzy")
        done = message.string if isinstance(message.string, str) else all(message.string)
        if not done:
            missing.append(key)
    with CATALOG.open("wb") as f:
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


if __name__ == "__main__":
    fill_french_plurals()
    still = merge(sys.argv[1:])
    print(f"{len(still)} messages still untranslated")
    for key in still:
        print(" -", key)
