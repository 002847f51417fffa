"""The town map: a pure function from neighbourhoods and places to an SVG element."""
from xml.etree import ElementTree

from web.services.town_map import MARGIN, WIDTH, MapArea, MapMarker, town_map_svg

SVG = "{http://www.w3.org/2000/svg}"
AREAS = [MapArea("Nord", 48.84, 2.54), MapArea("Sud", 48.82, 2.54),
         MapArea("Est & Co", 48.83, 2.57)]


def _parse(text):
    return ElementTree.fromstring(text)


def _marker_positions(svg):
    return {a.find(f"{SVG}title").text: (float(a.find(f"{SVG}circle").get("cx")),
                                          float(a.find(f"{SVG}circle").get("cy")))
            for a in svg.findall(f"{SVG}a")}


def test_places_are_links_with_names_and_the_map_is_a_named_group():
    markers = [MapMarker("Maison <des> Nangues", 48.834, 2.557, "/lieux/nangues"),
               MapMarker("Médiathèque", 48.827, 2.546, "/lieux/mediatheque")]
    svg = _parse(town_map_svg(AREAS, markers, "Carte de Villiers", "Les lieux sont des points."))
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") == "carte-titre"
    assert svg.get("aria-describedby") == "carte-description"
    assert svg.find(f"{SVG}title").text == "Carte de Villiers"
    assert svg.find(f"{SVG}desc").text == "Les lieux sont des points."
    links = svg.findall(f"{SVG}a")
    assert [(a.get("href"), a.find(f"{SVG}title").text) for a in links] == [
        ("/lieux/nangues", "Maison <des> Nangues"), ("/lieux/mediatheque", "Médiathèque")]
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["Nord", "Sud", "Est & Co"]
    assert svg.get("width") == "100%" and svg.get("viewBox").startswith(f"0 0 {WIDTH} ")


def test_the_projection_keeps_north_up_east_right_and_everything_inside():
    markers = [MapMarker("north-west", 48.84, 2.54, "/a"),
               MapMarker("south-east", 48.82, 2.57, "/b"),
               MapMarker("middle", 48.83, 2.555, "/c")]
    svg = _parse(town_map_svg(AREAS, markers, "Carte"))
    height = float(svg.get("viewBox").split()[3])
    spots = _marker_positions(svg)
    (x1, y1), (x2, y2), (xm, ym) = spots["north-west"], spots["south-east"], spots["middle"]
    assert x1 < xm < x2 and y1 < ym < y2
    assert x1 == MARGIN and y1 == MARGIN and x2 == WIDTH - MARGIN
    assert all(0 <= x <= WIDTH and 0 <= y <= height for x, y in spots.values())
    # a degree of longitude is shorter than a degree of latitude at 48.8° N (cos ≈ 0.66)
    assert abs((x2 - x1) / (y2 - y1) - (0.03 * 0.6587) / 0.02) < 0.01


def test_places_without_coordinates_are_left_out_and_one_point_still_draws():
    svg = _parse(town_map_svg([MapArea("Seul", 45.0, 5.0)],
                              [MapMarker("Sans adresse", None, None, "/x"),
                               MapMarker("Sans lien", 45.0, 5.0)], "Carte"))
    assert svg.findall(f"{SVG}a") == []
    named = [g.find(f"{SVG}title") for g in svg.findall(f"{SVG}g")]
    assert [title.text for title in named if title is not None] == ["Sans lien"]
    assert float(svg.get("viewBox").split()[3]) > 0
