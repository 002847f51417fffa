"""Phone numbers: one normalised form (E.164, e.g. +33612345678) for sending text messages.

People type numbers in many ways ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78",
"0033 6 ..."). French national numbers (10 digits starting with 0) become +33...; numbers
written with their country code (+XX or 00XX) are kept as they are. Anything else is not a
number we can text.
"""
import re

#: separators people type between digit groups
_SEPARATORS = re.compile(r"[\s.\-/()]+")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_FRENCH = re.compile(r"^0[1-9]\d{8}$")


def normalise(raw: str | None) -> str | None:
    """The number in E.164 form (+33612345678), or None when it is empty or not a number."""
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+33") and text[3:4] == "0":  # "+33 (0)6 ...": the 0 is not dialled
        text = "+33" + text[4:]
    if _FRENCH.match(text):
        text = "+33" + text[1:]
    return text if _E164.match(text) else None


def is_mobile(number: str | None) -> bool:
    """True for a number that can receive text messages as far as we can tell.

    French numbers must be mobiles (06, 07); foreign numbers are trusted as given.
    """
    if not number:
        return False
    if number.startswith("+33"):
        return number[3:4] in ("6", "7")
    return True
