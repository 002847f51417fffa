"""Solvers on the same candidate pairs (run in its own process by the benchmark).

``python -m benchmarks.compare INPUT.json RESULT.json`` builds the engine's
candidate pairs once, then times each solver on exactly those pairs and
writes what each achieved.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from matcher import parse_problem
from matcher.assign import (
    solve_auto,
    solve_by_components,
    solve_greedy,
    solve_mincostflow,
    solve_pruned,
    solve_sparse,
    top_k_mask,
)
from matcher.candidates import WEIGHT_UNIT, build_candidates
from matcher.features import build_features

PRUNE_K = 20


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    t0 = time.perf_counter()
    problem = parse_problem(json.loads(src.read_text(encoding="utf-8")))
    f = build_features(problem)
    c = build_candidates(f)
    build_s = time.perf_counter() - t0
    N, M, rem = len(f.n_people), len(f.v_people), f.v_remaining
    rows = []

    def record(name, fn, I, J, W, idx=None):
        t = time.perf_counter()
        chosen = fn(N, M, I, J, W, rem)
        secs = time.perf_counter() - t
        Wc = W[chosen]
        rows.append({"method": name, "seconds": secs, "matched": int(len(chosen)),
                     "weight_int": int(Wc.sum()), "pairs": int(len(I))})

    record("OR-Tools min-cost flow on our candidates", solve_mincostflow, c.I, c.J, c.W)
    full = rows[-1]
    # The plain pipeline the engine is measured against: the same numpy scoring, then
    # OR-Tools on the full graph of candidate pairs (in process: no start-up, no output).
    rows.append(dict(full, method="numpy scoring + OR-Tools full-graph min-cost flow "
                     "(exact; score + solve)", seconds=build_s + full["seconds"]))
    record("OR-Tools on a pruned graph, proved exact by potentials (solver \"pruned\")",
           solve_pruned, c.I, c.J, c.W)
    record("OR-Tools by connected components (solver \"components\")", solve_by_components,
           c.I, c.J, c.W)
    record("solver \"auto\" (OR-Tools by components, big ones pruned and proved exact)",
           solve_auto, c.I, c.J, c.W)
    record("scipy LAPJVsp on expanded places (independent exact)", solve_sparse, c.I, c.J, c.W)
    record("greedy on our candidates", solve_greedy, c.I, c.J, c.W)
    keep = top_k_mask(c.I, c.W, PRUNE_K) | top_k_mask(c.J, c.W, PRUNE_K)
    record(f"pruned without proof: top-{PRUNE_K} per newcomer + per volunteer, min-cost flow",
           solve_mincostflow, c.I[keep], c.J[keep], c.W[keep])
    dst.write_text(json.dumps({"build_seconds": build_s, "candidates": len(c),
                               "unit": WEIGHT_UNIT, "rows": rows}), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
