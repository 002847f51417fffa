"""Activity suggestions for a whole waiting list (run in its own process by the benchmark).

``python -m benchmarks.activities RESULT.json [--people N] [--occurrences M] [--seed S]``
generates a city (the benchmark's generator), M occurrences over two weeks in its
neighbourhoods (a few per activity, as weekly activities give), ranks the 5 best for every
newcomer as the weekly e-mail run does, and writes the ranking's time and memory.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time

import numpy as np

from matcher import ActivityOccurrence, ActivityPerson, rank_activities, slots_to_mask

from .generate import TODAY, population

TAGS = ("cuisine", "randonnee", "velo", "jardinage", "lecture", "musique", "danse", "couture",
        "jeux-de-societe", "informatique", "langues", "football", "yoga", "theatre")
LANGS = ("fr", "ar", "en", "uk", "es", "pt", "tr", "ta", "wo")
AUDIENCES = ("everyone",) * 6 + ("families", "seniors", "women")
PER_ACTIVITY = 2  # weekly activities: two occurrences in two weeks


def inputs(seed: int, n_people: int, n_occ: int):
    """ActivityPerson and ActivityOccurrence lists for one generated city."""
    data = population(seed, n_people, 0, 1)
    centres = {n["id"]: (n["lat"], n["lon"]) for n in data["neighbourhoods"]}
    people = [ActivityPerson(
        id=p["id"], lat=centres[p["neighbourhood"]][0], lon=centres[p["neighbourhood"]][1],
        interests=frozenset(str(t) for t in p["interests"]),
        languages=tuple(str(c) for c in p["languages"]),
        availability_mask=slots_to_mask(p["availability"]), household=p.get("household"),
        birth_year=p.get("birth_year"), gender={"f": "female"}.get(p.get("gender"), "male"),
        neighbourhood=p["neighbourhood"]) for p in data["newcomers"]]
    rng = np.random.default_rng(seed)
    ids = list(centres)
    start = dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC)
    occs = []
    for a in range(n_occ // PER_ACTIVITY):
        nb = ids[rng.integers(len(ids))]
        first = start + dt.timedelta(days=int(rng.integers(7)), hours=int(rng.integers(13)))
        tags = frozenset(rng.choice(TAGS, size=int(rng.integers(1, 3)), replace=False).tolist())
        langs = tuple(rng.choice(LANGS, size=int(rng.integers(1, 3)), replace=False).tolist())
        audience = str(AUDIENCES[rng.integers(len(AUDIENCES))])
        for w in range(PER_ACTIVITY):
            when = first + dt.timedelta(days=7 * w)
            hour = when.hour
            slot = when.weekday() * 3 + (0 if hour < 12 else 1 if hour < 18 else 2)
            occs.append(ActivityOccurrence(
                key=f"{a}-{when:%Y%m%dT%H%M}", activity=a, start=when,
                lat=centres[nb][0] + float(rng.normal(0, 0.002)),
                lon=centres[nb][1] + float(rng.normal(0, 0.002)), interests=tags,
                languages=langs, slot=slot, audience=audience, neighbourhood=nb))
    return people, occs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.activities")
    ap.add_argument("out")
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--occurrences", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args(argv)
    people, occs = inputs(args.seed, args.people, args.occurrences)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    ranked = rank_activities(people, occs, TODAY, k=5)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"people": len(people), "occurrences": len(occs), "seconds": seconds,
              "rss_before_mb": before, "rss_peak_mb": after,
              "suggestions": sum(len(s) for s in ranked.values())}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
