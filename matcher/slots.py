"""Weekly availability slots: 7 days x 3 parts of the day = 21 slots.

Two representations are used across Bienvenue:

* a set of slot strings such as ``"sat-morning"`` (the file interface);
* a 21-bit integer mask (the web app's database column), where the bit index
  is ``day_index * 3 + part_index`` with days ``mon..sun`` and parts
  ``morning, afternoon, evening``.

The engine works on masks internally because intersecting two masks and
counting bits is one vectorised numpy operation for millions of pairs.
"""
from __future__ import annotations

from collections.abc import Iterable

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{d}-{p}" for d in DAYS for p in PARTS)
SLOT_INDEX = {s: i for i, s in enumerate(SLOTS)}
FULL_MASK = (1 << len(SLOTS)) - 1

DAY_LABELS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    # CLDR's names (Babel), Afghan ones for Pashto
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    "uk": ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"),
    "fa": ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"),
    "ps": ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"),
    "tr": ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
PART_LABELS = {
    "fr": ("matin", "après-midi", "soir"),
    "en": ("morning", "afternoon", "evening"),
    "ar": ("صباحًا", "بعد الظهر", "مساءً"),
    "uk": ("вранці", "після обіду", "ввечері"),
    "fa": ("صبح", "بعد از ظهر", "شام"),
    "ps": ("سهار", "ماسپښین", "ماښام"),
    "tr": ("sabah", "öğleden sonra", "akşam"),
    "es": ("por la mañana", "por la tarde", "por la noche"),
}


def slots_to_mask(slots: Iterable[str] | int) -> int:
    """Return the 21-bit mask of an iterable of slot strings (an int passes through).

    Raises ``ValueError`` naming the first unknown slot.
    """
    if isinstance(slots, bool):  # an int to Python, but never a mask
        raise ValueError(f"expected slots or a mask, got {slots!r}")
    if isinstance(slots, int):
        if not 0 <= slots <= FULL_MASK:
            raise ValueError(f"mask {slots} out of range 0..{FULL_MASK}")
        return slots
    mask = 0
    for s in slots:
        try:
            mask |= 1 << SLOT_INDEX[s]
        except (KeyError, TypeError):
            raise ValueError(f"unknown slot {s!r}") from None
    return mask


def mask_to_slots(mask: int) -> list[str]:
    """Return the slot strings of a 21-bit mask, in week order."""
    return [s for i, s in enumerate(SLOTS) if mask >> i & 1]


def slot_label(slot: str, lang: str = "fr") -> str:
    """Human label of one slot: ``"samedi matin"`` / ``"Saturday morning"``."""
    i = SLOT_INDEX[slot]
    lang = lang if lang in DAY_LABELS else "en"
    return f"{DAY_LABELS[lang][i // 3]} {PART_LABELS[lang][i % 3]}"
