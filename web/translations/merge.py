"""Fill the English catalogue from JSON files of translations: `python -m web.translations.merge F...`.

Each file maps a French msgid to its English text; plural entries join singular and plural
with "|||". Existing translations are kept unless a file gives a new one. Prints what is
still missing.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "messages.po"
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


if __name__ == "__main__":
    still = merge(sys.argv[1:])
    print(f"{len(still)} messages still untranslated")
    for key in still:
        print(" -", key)
