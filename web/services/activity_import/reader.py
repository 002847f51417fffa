"""Pick the parser of a file (given, or guessed from its name and content) and check it."""
from flask_babel import lazy_gettext as _l

from web.services.activity_import import csv_file, ical, openagenda
from web.services.activity_import.common import Checked, RowError
from web.services.activity_import.places import PlaceRef, resolve

PARSERS = {"ical": ical.parse, "openagenda": openagenda.parse, "csv": csv_file.parse}
FORMATS = tuple(PARSERS)
EXTENSIONS = {".ics": "ical", ".ical": "ical", ".ifb": "ical", ".json": "openagenda",
              ".csv": "csv", ".txt": "csv"}


def guess_format(raw: bytes, filename: str = "") -> str:
    """"ical", "openagenda" or "csv": from the file name's extension, else its content."""
    lowered = (filename or "").lower()
    for extension, name in EXTENSIONS.items():
        if lowered.endswith(extension):
            return name
    head = raw[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return "ical"
    if head[:1] in (b"{", b"["):
        return "openagenda"
    return "csv"


def read_file(raw: bytes, fmt: str | None, town_zone: str, places: list[PlaceRef],
              filename: str = "") -> Checked:
    """Check a whole file; its rows know the place their location matched.

    Never raises on bad content: what is wrong is in `errors`, event by event.
    """
    fmt = fmt or guess_format(raw, filename)
    if fmt not in PARSERS:
        raise ValueError(f"unknown format {fmt!r}")
    if b"\x00" in raw[:4096] and fmt != "csv":
        checked = Checked(fmt)
        checked.errors.append(RowError(None, _l("ce fichier n'est pas un fichier texte")))
        return checked
    checked = PARSERS[fmt](raw, town_zone)
    resolve(checked.rows, places)
    return checked
