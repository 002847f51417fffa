"""The printable welcome sheet and the QR code of a person's short link.

A newcomer without e-mail (often registered by phone) keeps their link on paper: first
name, the short link in large grouped characters, its QR code, the coordinators' phone and
the nearest maison de quartier with its address and hours.
"""
import math

import segno
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Place


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG, an image named `label` for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, svgclass="qr-code",
                                                lineclass=None, omitsize=False)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def grouped(code: str, size: int = 3) -> str:
    """The code in groups (k7m 2x9 qp4 wz): easier to read aloud and to type."""
    return " ".join(code[i:i + size] for i in range(0, len(code), size))


def nearest_maison(session: Session, newcomer) -> Place | None:
    """The maison de quartier closest to the newcomer's neighbourhood (the one in it first)."""
    places = session.scalars(select(Place).where(Place.kind == "maison_de_quartier")
                             .order_by(Place.name)).all()
    if not places:
        return None
    home = newcomer.neighbourhood
    if home is None:
        return places[0]
    same = [p for p in places if p.neighbourhood_id == home.id]
    if same:
        return same[0]
    located = [(p.lat, p.lon, p) for p in places if p.lat is not None and p.lon is not None]
    if home.lat is None or home.lon is None or not located:
        return places[0]
    lat, lon = home.lat, home.lon
    return min(located, key=lambda there: _km(lat, lon, there[0], there[1]))[2]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); enough to pick the nearest place."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))
