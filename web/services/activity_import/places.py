"""Match an imported event's location to a known place, by name or by street address.

Comparisons ignore case, accents and punctuation, and read common abbreviations
("r." for rue, "av." for avenue, "st" for saint). A location no place matches, or that
matches two places equally, is kept as text and flagged for a coordinator: never refused.
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Place
from web.services.activity_import.common import contains, normalise

ABBREVIATIONS = {"r": "rue", "av": "avenue", "ave": "avenue", "bd": "boulevard",
                 "bld": "boulevard", "boul": "boulevard", "pl": "place", "st": "saint",
                 "ste": "sainte", "ch": "chemin", "chem": "chemin", "imp": "impasse",
                 "all": "allee", "mdq": "maison de quartier", "qu": "quai"}


@dataclass(frozen=True)
class PlaceRef:
    """What matching needs to know of a place."""

    slug: str
    name: str
    address: str = ""


def load_places(session: Session) -> list[PlaceRef]:
    """Every known place, for `resolve`."""
    return [PlaceRef(p.slug, p.name, p.address or "")
            for p in session.scalars(select(Place).order_by(Place.id))]


def words(text: str) -> str:
    """Normalised text with abbreviations spelt out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in normalise(text).split())


def street(address: str) -> str:
    """The street part of an address ("12 rue des Nangues" of "12, r. des Nangues, 94350
    Villiers"), normalised; "" when it is too vague to identify a place."""
    parts = [part for part in address.split(",") if part.strip()]
    if not parts:
        return ""
    first = words(parts[0])
    if first.isdigit() and len(parts) > 1:  # "12, rue des Nangues"
        first = f"{first} {words(parts[1])}"
    return first if len(first.split()) >= 2 else ""


def match_place(name: str, address: str, places: list[PlaceRef]) -> str | None:
    """The slug of the one place this location names, or None.

    Tried in order, the first step that finds exactly one place wins: the same name; the
    place's street address within the location; the place's name within the location
    (the longest name when several fit).
    """
    said_name = words(name)
    said_all = words(f"{name} {address}")
    same = [p for p in places if said_name and said_name in (words(p.name), words(p.slug))]
    if len(same) == 1:
        return same[0].slug
    at = [p for p in places if contains(said_all, street(p.address))]
    if len(at) == 1:
        return at[0].slug
    named = sorted((p for p in places if contains(said_all, words(p.name))),
                   key=lambda p: -len(words(p.name)))
    if len(named) == 1 or (len(named) > 1
                           and len(words(named[0].name)) > len(words(named[1].name))):
        return named[0].slug
    return None


def resolve(rows, places: list[PlaceRef]) -> None:
    """Set each row's `place_slug` from its location."""
    for row in rows:
        if row.location_name or row.location_address:
            row.place_slug = match_place(row.location_name, row.location_address, places)
