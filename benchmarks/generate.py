"""Synthetic populations for the benchmarks and the simulation (seeded, reproducible).

Towns are scattered over metropolitan France around real regional centres,
with a heavy-tailed size distribution; each town has neighbourhoods spread
over a disc whose radius grows with its size, so that a 5 km limit keeps a
big city's far ends apart while a small town is one block.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from matcher.slots import SLOTS

TODAY = dt.date(2025, 3, 10)

# Regional centres (lat, lon) around which towns are drawn.
ANCHORS = [
    (48.857, 2.352), (45.764, 4.836), (43.296, 5.370), (43.605, 1.444), (43.710, 7.262),
    (47.218, -1.554), (48.573, 7.752), (43.611, 3.877), (44.838, -0.579), (50.629, 3.057),
    (48.117, -1.678), (49.258, 4.032), (45.439, 4.387), (43.125, 5.930), (45.188, 5.724),
    (47.322, 5.041), (47.478, -0.563), (49.443, 1.100), (46.580, 0.340), (45.833, 1.262),
    (48.692, 6.184), (49.119, 6.176), (47.394, 0.685), (45.777, 3.087), (49.894, 2.296),
    (47.238, 6.024), (48.390, -4.486), (42.698, 2.895), (43.483, -1.559), (46.160, -1.151),
]

#: (language codes, relative weights)
NEWCOMER_LANGS: tuple[list[str], list[float]] = (
    ["ar", "en", "es", "pt", "uk", "ru", "ro", "tr", "fa", "ps", "ta", "zh",
     "wo", "bm", "ln", "ti", "so", "ku", "sq", "it", "de", "pl", "vi", "bn"],
    [20, 12, 8, 6, 7, 4, 4, 4, 3, 3, 2, 3, 3, 2, 2, 1.5, 1, 1.5, 1, 2, 2, 2, 1, 1])
VOLUNTEER_EXTRA: tuple[list[str], list[float]] = (
    ["en", "es", "ar", "it", "de", "pt", "ru", "uk", "tr", "wo"],
    [40, 15, 8, 6, 6, 5, 3, 2, 2, 1])

TAGS = ["cuisine", "randonnee", "velo", "course-a-pied", "football", "jardinage", "lecture",
        "cinema", "musique", "danse", "theatre", "jeux-de-societe", "photographie", "echecs",
        "peinture", "couture", "informatique", "benevolat", "natation", "yoga", "basket",
        "langues", "histoire", "nature", "musees", "bricolage"]
TAG_POP = np.array([9, 7, 5, 4, 6, 5, 6, 6, 7, 3, 2, 4, 3, 2, 2, 2, 3, 2, 3, 3, 2, 3, 2, 4, 2, 2],
                   dtype=float)
PHRASES = {
    "cuisine": ["j'adore cuisiner des plats de chez moi", "cuisine du monde",
                "pâtisseries maison"],
    "randonnee": ["randonnées en forêt", "marcher dans la nature le dimanche", "randonnee"],
    "velo": ["balades à vélo", "je fais du velo tous les jours"],
    "course-a-pied": ["courir le matin", "course à pied"],
    "football": ["fan de foot", "je joue au football avec des amis"],
    "jardinage": ["jardin partagé", "jardinage et potager"],
    "lecture": ["je lis des romans", "lecture, bibliothèque"],
    "cinema": ["films d'auteur", "cinéma italien", "aller au cinema"],
    "musique": ["je joue de la guitare", "musique orientale", "chorale"],
    "danse": ["salsa", "danse contemporaine"], "theatre": ["théâtre amateur"],
    "jeux-de-societe": ["jeux de société", "soirées jeux"],
    "photographie": ["photographe amateur"],
    "echecs": ["joueur d'échecs"], "peinture": ["aquarelle et peinture"], "couture": ["couture"],
    "informatique": ["informatique, programmation"],
    "benevolat": ["bénévole dans une association"],
    "natation": ["piscine et natation"], "yoga": ["yoga le matin"], "basket": ["basket"],
    "langues": ["apprendre des langues"], "histoire": ["passionné d'histoire"],
    "nature": ["les oiseaux et la nature"], "musees": ["visiter les musées"],
    "bricolage": ["bricoler, réparer des vélos"],
}
FILLER = ["arrivé récemment avec ma famille", "étudiant", "retraitée", "infirmier de nuit",
          "maman de deux enfants", "je cherche à rencontrer du monde", "ingénieur",
          "je travaille dans la restauration", "aime partager un café", ""]
SLOT_P = np.array([0.15, 0.2, 0.35] * 5 + [0.5, 0.45, 0.3, 0.45, 0.4, 0.2])


def _typo(rng, text: str) -> str:
    # Small spelling noise: the character n-grams should not mind.
    if len(text) > 6 and rng.random() < 0.2:
        k = int(rng.integers(1, len(text) - 1))
        return text[:k] + text[k + 1:]
    return text


def _about(rng, tags) -> str:
    parts = [_typo(rng, str(rng.choice(PHRASES[t]))) for t in tags[:2]]
    parts.append(str(rng.choice(FILLER)))
    rng.shuffle(parts)
    return ", ".join(p for p in parts if p).capitalize()


def _person(rng, kind: str, pid, nbhd: str, today: dt.date) -> dict:
    ntags = int(rng.integers(2, 6))
    tags = list(rng.choice(TAGS, size=ntags, replace=False, p=TAG_POP / TAG_POP.sum()))
    avail = [s for s, p in zip(SLOTS, SLOT_P, strict=True) if rng.random() < p]
    gender = str(rng.choice(["f", "m", "x"], p=[0.49, 0.49, 0.02]))
    d: dict = {"id": pid, "neighbourhood": nbhd, "interests": tags, "about": _about(rng, tags),
               "availability": avail, "gender": gender}
    if kind == "newcomer":
        codes, w = NEWCOMER_LANGS
        main = str(rng.choice(codes, p=np.array(w) / sum(w)))
        langs = [main]
        if rng.random() < 0.55:
            langs.append("fr")
        if main != "en" and rng.random() < 0.3:
            langs.append("en")
        d["languages"] = langs
        d["waiting_since"] = (today - dt.timedelta(days=int(rng.integers(0, 120)))).isoformat()
        d["birth_year"] = int(rng.integers(1955, 2006))
        if rng.random() < 0.15:
            d["buddy_gender"] = gender if gender != "x" else "f"
        if rng.random() < 0.35:
            d["practise_french"] = True
        if rng.random() < 0.05:
            d["intergenerational"] = True
    else:
        langs = ["fr"]
        codes, w = VOLUNTEER_EXTRA
        for _ in range(int(rng.integers(0, 3))):
            c = str(rng.choice(codes, p=np.array(w) / sum(w)))
            if c not in langs:
                langs.append(c)
        d["languages"] = langs
        cap = int(rng.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))
        d["capacity"] = cap
        d["active_matches"] = int(rng.integers(0, cap)) if rng.random() < 0.3 else 0
        d["birth_year"] = int(rng.integers(1945, 2003))
        if rng.random() < 0.05:
            d["newcomer_gender"] = gender if gender != "x" else "f"
    if rng.random() < 0.8:
        d["household"] = "children" if rng.random() < 0.35 else "no-children"
    return d


def _town(rng, name: str, lat: float, lon: float, radius_km: float, k: int) -> list[dict]:
    r = radius_km * np.sqrt(rng.random(k))
    a = rng.random(k) * 2 * np.pi
    r[0] = 0.0
    dlat = r * np.cos(a) / 111.2
    dlon = r * np.sin(a) / (111.2 * np.cos(np.radians(lat)))
    return [{"id": f"{name}-q{q}", "name": f"{name} quartier {q}",
             "lat": round(float(lat + dlat[q]), 6), "lon": round(float(lon + dlon[q]), 6)}
            for q in range(k)]


def population(seed: int, n_new: int, n_vol: int, towns: int, today: dt.date = TODAY,
               max_distance_km: float = 5.0, city_radius_km: float = 7.0) -> dict:
    """A full INPUT document (the file interface's JSON structure)."""
    rng = np.random.default_rng(seed)
    if towns == 1:
        shares = np.array([1.0])
        centres = [ANCHORS[1]]
        radii = [city_radius_km]
        ks = [24]
    else:
        shares = rng.lognormal(0.0, 1.0, towns)
        shares /= shares.sum()
        anchor = rng.integers(0, len(ANCHORS), towns)
        centres = [(ANCHORS[a][0] + rng.normal(0, 0.35), ANCHORS[a][1] + rng.normal(0, 0.5))
                   for a in anchor]
        rel = np.sqrt(shares * towns)
        radii = list(np.clip(1.5 + 2.0 * rel, 1.5, 9.0))
        ks = list(np.clip(np.rint(3 + 6 * rel), 3, 25).astype(int))
    nbhds: list[dict] = []
    town_nbhds = []
    for t in range(len(shares)):
        items = _town(rng, f"t{t}", centres[t][0], centres[t][1], radii[t], ks[t])
        nbhds += items
        town_nbhds.append([x["id"] for x in items])
    n_town = rng.choice(len(shares), size=n_new, p=shares)
    v_town = rng.choice(len(shares), size=n_vol, p=shares)
    newcomers = [_person(rng, "newcomer", f"n{i}", str(rng.choice(town_nbhds[t])), today)
                 for i, t in enumerate(n_town)]
    volunteers = [_person(rng, "volunteer", f"v{j}", str(rng.choice(town_nbhds[t])), today)
                  for j, t in enumerate(v_town)]
    # A few pairs were already tried (declined, expired or ended).
    excluded = []
    by_nbhd: dict[str, list[str]] = {}
    for v in volunteers:
        by_nbhd.setdefault(v["neighbourhood"], []).append(v["id"])
    for n in newcomers:
        if rng.random() < 0.05 and n["neighbourhood"] in by_nbhd:
            excluded.append([n["id"], str(rng.choice(by_nbhd[n["neighbourhood"]]))])
    return {"neighbourhoods": nbhds, "newcomers": newcomers, "volunteers": volunteers,
            "excluded_pairs": excluded,
            "settings": {"today": today.isoformat(), "max_distance_km": max_distance_km}}
