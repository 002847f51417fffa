"""Builders and independent oracles shared by the matcher tests."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import networkx as nx
import numpy as np

from matcher import Neighbourhood, Newcomer, Problem, Settings, Volunteer
from matcher.candidates import build_candidates
from matcher.features import build_features

TODAY = dt.date(2025, 3, 10)
EXAMPLE = Path(__file__).resolve().parents[2] / "matcher" / "examples" / "villiers.json"

NBHDS = (
    Neighbourhood("a", "Les Nangues", 48.8338, 2.5562),
    Neighbourhood("b", "Centre-ville", 48.8275, 2.5450),  # ~1.1 km from a
    Neighbourhood("c", "Les Friches", 48.8302, 2.5700),   # ~1.1 km from a
    Neighbourhood("far", "Ailleurs", 48.95, 2.80),        # ~22 km away
)
LANGS = ["fr", "ar", "uk", "en"]
TAGS = ["cuisine", "randonnee", "velo", "lecture", "musique"]
SLOTS = ["sat-morning", "sat-afternoon", "sun-morning", "wed-evening", "mon-evening"]
ABOUTS = ["J'adore la cuisine et les randonnées", "randonnee en foret, cuisine", "Musicien",
          "lecture de romans", "", "Je fais du vélo", "velos et randonnées"]


def example_data() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def random_problem(seed: int, n: int, m: int, *, min_score: float = 0.0,
                   max_distance_km: float = 5.0, p_excluded: float = 0.1,
                   int_ids: bool = False, solver: str = "auto") -> Problem:
    """A random problem with the whole variety of constraints, built from dataclasses."""
    rng = np.random.default_rng(seed)

    def pick(pool, lo, hi):
        k = int(rng.integers(lo, hi + 1))
        return [pool[i] for i in sorted(rng.choice(len(pool), size=k, replace=False))]

    def nid(i):
        return i if int_ids else f"n{i}"

    def vid(j):
        return 1000 + j if int_ids else f"v{j}"

    nb_p = [0.4, 0.3, 0.2, 0.1]
    newcomers = []
    for i in range(n):
        langs = pick(LANGS, 1, 2)
        rng.shuffle(langs)
        newcomers.append(Newcomer(
            id=nid(i), neighbourhood=NBHDS[rng.choice(4, p=nb_p)].id, languages=tuple(langs),
            interests=frozenset(pick(TAGS, 0, 3)), about=str(rng.choice(ABOUTS)),
            availability=frozenset(pick(SLOTS, 0, 3)),
            waiting_since=TODAY - dt.timedelta(days=int(rng.integers(0, 150))),
            birth_year=int(rng.integers(1950, 2005)) if rng.random() < 0.7 else None,
            gender=str(rng.choice(["f", "m"])) if rng.random() < 0.9 else None,
            buddy_gender=str(rng.choice(["f", "m"])) if rng.random() < 0.2 else None,
            practise_french=bool(rng.random() < 0.3),
            household=str(rng.choice(["children", "alone"])) if rng.random() < 0.5 else None,
            intergenerational=bool(rng.random() < 0.1)))
    volunteers = []
    for j in range(m):
        cap = int(rng.integers(1, 4))
        volunteers.append(Volunteer(
            id=vid(j), neighbourhood=NBHDS[rng.choice(4, p=nb_p)].id,
            languages=tuple(pick(LANGS, 1, 3)), interests=frozenset(pick(TAGS, 0, 3)),
            about=str(rng.choice(ABOUTS)), availability=frozenset(pick(SLOTS, 0, 4)),
            capacity=cap, active_matches=int(rng.integers(0, cap + 1)) if rng.random() < 0.3 else 0,
            birth_year=int(rng.integers(1945, 2003)) if rng.random() < 0.7 else None,
            gender=str(rng.choice(["f", "m"])) if rng.random() < 0.9 else None,
            newcomer_gender=str(rng.choice(["f", "m"])) if rng.random() < 0.1 else None,
            max_distance_km=float(rng.choice([1.0, 3.0])) if rng.random() < 0.1 else None,
            household=str(rng.choice(["children", "alone"])) if rng.random() < 0.5 else None))
    excluded = frozenset((p.id, v.id) for p in newcomers for v in volunteers
                         if rng.random() < p_excluded)
    settings = Settings(today=TODAY, min_score=min_score, max_distance_km=max_distance_km,
                        solver=solver)
    return Problem(NBHDS, tuple(newcomers), tuple(volunteers), settings, excluded)


def candidate_graph(problem: Problem):
    """(features, candidates) of a problem, as the engine computes them."""
    f = build_features(problem)
    return f, build_candidates(f)


def objective(c, chosen) -> tuple[int, int]:
    """(number matched, total integer weight) of chosen candidate indices."""
    return len(chosen), int(c.W[chosen].sum())


def brute_force(n_new: int, ni, J, W, remaining) -> tuple[int, int]:
    """Best (matched, weight) by trying every assignment: tiny instances only."""
    options: list[list[int | None]] = [[None] for _ in range(n_new)]  # None: left unmatched
    for cand in range(len(ni)):
        options[ni[cand]].append(cand)
    best = (0, 0)
    for combo in itertools.product(*options):
        used = np.zeros(len(remaining), dtype=int)
        ok = True
        for k in combo:
            if k is not None:
                used[J[k]] += 1
                if used[J[k]] > remaining[J[k]]:
                    ok = False
                    break
        if ok:
            ks = [k for k in combo if k is not None]
            best = max(best, (len(ks), int(sum(W[k] for k in ks))))
    return best


def networkx_optimum(ni, J, W, remaining) -> tuple[int, int]:
    """Max-cardinality max-weight matching with networkx on expanded volunteer places."""
    g: nx.Graph[tuple[str, int] | tuple[str, int, int]] = nx.Graph()
    for i, j, w in zip(ni.tolist(), J.tolist(), W.tolist(), strict=True):
        for s in range(int(remaining[j])):
            g.add_edge(("n", i), ("v", j, s), weight=w)
    m = nx.max_weight_matching(g, maxcardinality=True)
    return len(m), int(sum(g.edges[e]["weight"] for e in m))
