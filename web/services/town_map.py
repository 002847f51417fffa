"""A map of the town as inline SVG: no tiles, no script, readable on a phone.

Latitude and longitude are projected with a plain equirectangular projection, longitudes
shrunk by cos(latitude) so that distances look right at the town's scale. Neighbourhoods
are labelled circles at their centres; places are markers linking to their pages.
Pure: text in, text out (escaped), so the page and the tests build the same picture.
"""
import math
from dataclasses import dataclass
from html import escape

#: viewBox width; the height follows the town's shape
WIDTH = 600
MARGIN = 60
NEIGHBOURHOOD_RADIUS = 46
MARKER_RADIUS = 9


@dataclass(frozen=True)
class MapArea:
    """A neighbourhood: its name at its centre."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MapMarker:
    """A place on the map; `href` makes it a link."""

    name: str
    lat: float | None  # a place without coordinates is left off the map
    lon: float | None
    href: str = ""


class Projection:
    """Equirectangular projection of the given points into a WIDTH-wide viewBox."""

    def __init__(self, points: list[tuple[float, float]]):
        lats = [lat for lat, _ in points] or [0.0]
        lons = [lon for _, lon in points] or [0.0]
        self.scale_lon = math.cos(math.radians(sum(lats) / len(lats)))
        self.north, self.west = max(lats), min(lons)
        span_x = (max(lons) - self.west) * self.scale_lon
        span_y = self.north - min(lats)
        # A single point, or points on one line, still get a usable picture.
        self.unit = (WIDTH - 2 * MARGIN) / max(span_x, span_y * 0.5, 1e-6)
        self.height = max(round(span_y * self.unit) + 2 * MARGIN, 2 * MARGIN + 40)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = MARGIN + (lon - self.west) * self.scale_lon * self.unit
        y = MARGIN + (self.north - lat) * self.unit
        return round(x, 1), round(y, 1)


def town_map_svg(areas: list[MapArea], markers: list[MapMarker], title: str,
                 description: str = "", id_prefix: str = "carte") -> str:
    """The SVG element: a group named by `title` and described by `description`.

    Marker links are left out of the keyboard order (tabindex -1): the page lists the same
    places as ordinary links next to the map, for keyboards. Not `role="img"`: an image's
    content is flat, and links inside it are interactive controls nested in another
    (axe-core's nested-interactive).
    """
    placed = [(m, m.lat, m.lon) for m in markers if m.lat is not None and m.lon is not None]
    project = Projection([(a.lat, a.lon) for a in areas] + [(lat, lon) for _, lat, lon in placed])
    title_id, desc_id = f"{id_prefix}-titre", f"{id_prefix}-description"
    described = f' aria-describedby="{desc_id}"' if description else ""
    parts = [f'<svg class="town-map" xmlns="http://www.w3.org/2000/svg" role="group" '
             f'viewBox="0 0 {WIDTH} {project.height}" width="100%" '
             f'preserveAspectRatio="xMidYMid meet" aria-labelledby="{title_id}"{described}>',
             f'<title id="{title_id}">{escape(title)}</title>']
    if description:
        parts.append(f'<desc id="{desc_id}">{escape(description)}</desc>')
    parts.append(f'<rect class="map-ground" x="0" y="0" width="{WIDTH}" '
                 f'height="{project.height}" rx="12"/>')
    for area in areas:
        x, y = project(area.lat, area.lon)
        parts.append(f'<g class="map-area"><circle cx="{x}" cy="{y}" r="{NEIGHBOURHOOD_RADIUS}"/>'
                     f'<text x="{x}" y="{y + NEIGHBOURHOOD_RADIUS + 16}" '
                     f'text-anchor="middle">{escape(area.name)}</text></g>')
    for marker, lat, lon in placed:
        x, y = project(lat, lon)
        inner = (f'<title>{escape(marker.name)}</title>'
                 f'<circle class="map-marker" cx="{x}" cy="{y}" r="{MARKER_RADIUS}"/>')
        parts.append(f'<a href="{escape(marker.href)}" tabindex="-1">{inner}</a>' if marker.href
                     else f'<g>{inner}</g>')
    parts.append("</svg>")
    return "\n".join(parts)
