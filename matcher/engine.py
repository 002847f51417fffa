"""The engine's entry points: batch matching, ranking and explaining one pair."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .assign import SOLVERS, resolve_solver
from .candidates import WEIGHT_UNIT, build_candidates, pair_details, quantise
from .explain import pair_reasons, unmatched_reason, violations
from .features import Features, build_features
from .labels import Labels
from .model import (Candidate, Pair, PairExplanation, Problem, Result, Unmatched, id_key)


def _round(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def _pairs(f: Features, I, J, score, W, L: Labels) -> list[Pair]:
    """Pair objects (components, reasons) for chosen index pairs."""
    if not len(I):
        return []
    D, comps, _ = pair_details(f, I, J)
    out = []
    for k in range(len(I)):
        c = {name: float(vals[k]) for name, vals in comps.items()}
        out.append(Pair(
            newcomer=f.n_people[I[k]].id, volunteer=f.v_people[J[k]].id,
            score=_round(score[k]), weight=_round(W[k] * WEIGHT_UNIT, 5),
            components={name: _round(v) for name, v in c.items()},
            reasons=pair_reasons(f, int(I[k]), int(J[k]), float(D[k]), c, L)))
    return out


def match(problem: Problem, lang: str = "fr", with_candidates: bool = False,
          labels: Mapping | None = None, solver: str | None = None) -> Result:
    """Propose the best pairing for the whole waiting list.

    Maximises first the number of newcomers matched, then the sum of pair
    weights (score + waiting boost), exactly.  ``solver`` overrides
    ``problem.settings.solver`` (see :mod:`matcher.assign`).  With
    ``with_candidates`` the result also lists every feasible pair with the
    weight the solver used.
    """
    L = Labels(lang, labels)
    f = build_features(problem)
    cands = build_candidates(f)
    name = solver or problem.settings.solver
    if name not in SOLVERS:
        raise ValueError(f"unknown solver {name!r}")
    chosen = SOLVERS[name](len(f.n_people), len(f.v_people), cands.I, cands.J, cands.W,
                           f.v_remaining)
    chosen = chosen[np.argsort(cands.I[chosen], kind="stable")]  # canonical newcomer order
    I, J = cands.I[chosen], cands.J[chosen]
    pairs = _pairs(f, I, J, cands.score[chosen], cands.W[chosen], L)
    matched = np.zeros(len(f.n_people), dtype=bool)
    matched[I] = True
    unmatched = [Unmatched(newcomer=f.n_people[i].id,
                           reason=unmatched_reason(f, i, cands.counts, L))
                 for i in np.flatnonzero(~matched)]
    total_w = int(cands.W[chosen].sum())
    stats: dict[str, Any] = {
        "newcomers": len(f.n_people),
        "volunteers": len(f.v_people),
        "places": int(f.v_remaining.sum()),
        "candidates": len(cands),
        "matched": len(pairs),
        "unmatched": len(unmatched),
        "total_weight": _round(total_w * WEIGHT_UNIT, 5),
        "total_score": _round(float(cands.score[chosen].sum()), 4),
        "mean_score": _round(float(cands.score[chosen].mean()), 4) if len(chosen) else 0.0,
        "solver": resolve_solver(name),
    }
    candidates = None
    if with_candidates:
        weights = cands.W * WEIGHT_UNIT
        candidates = tuple(Candidate(f.n_people[i].id, f.v_people[j].id, _round(w, 5))
                           for i, j, w in zip(cands.I.tolist(), cands.J.tolist(),
                                              weights.tolist()))
    return Result(pairs=tuple(pairs), unmatched=tuple(unmatched), stats=stats,
                  candidates=candidates)


def rank_volunteers(problem: Problem, newcomer_id, lang: str = "fr", limit: int | None = 10,
                    labels: Mapping | None = None) -> list[Pair]:
    """The feasible volunteers for one newcomer, best weight first (ties by id).

    Raises ``KeyError`` for an unknown newcomer id.
    """
    L = Labels(lang, labels)
    f = build_features(problem)
    i = f.n_index[newcomer_id]
    cands = build_candidates(f, rows=np.array([i]))
    order = np.lexsort((cands.J, -cands.W))
    if limit is not None:
        order = order[:limit]
    return _pairs(f, cands.I[order], cands.J[order], cands.score[order], cands.W[order], L)


def explain_pair(problem: Problem, newcomer_id, volunteer_id, lang: str = "fr",
                 labels: Mapping | None = None) -> PairExplanation:
    """Score, components, reasons and broken hard constraints of any pair.

    Raises ``KeyError`` for an unknown id.
    """
    L = Labels(lang, labels)
    f = build_features(problem)
    i, j = f.n_index[newcomer_id], f.v_index[volunteer_id]
    I, J = np.array([i]), np.array([j])
    D, comps, score = pair_details(f, I, J)
    c = {name: float(v[0]) for name, v in comps.items()}
    sc = float(score[0])
    W = int(quantise(sc + f.n_boost[i]))
    return PairExplanation(
        newcomer=newcomer_id, volunteer=volunteer_id, score=_round(sc),
        weight=_round(W * WEIGHT_UNIT, 5), distance_km=_round(float(D[0]), 3),
        components={k: _round(v) for k, v in c.items()},
        reasons=pair_reasons(f, i, j, float(D[0]), c, L),
        violations=violations(f, i, j, float(D[0]), sc, L))


def result_to_dict(result: Result) -> dict:
    """The file interface's OUTPUT structure (JSON-ready)."""
    out: dict[str, Any] = {
        "pairs": [{"newcomer": p.newcomer, "volunteer": p.volunteer, "score": p.score,
                   "weight": p.weight, "components": dict(p.components),
                   "reasons": list(p.reasons)} for p in result.pairs],
        "unmatched": [{"newcomer": u.newcomer, "reason": u.reason} for u in result.unmatched],
        "stats": dict(result.stats),
    }
    if result.candidates is not None:
        cands = sorted(result.candidates, key=lambda c: (id_key(c.newcomer), id_key(c.volunteer)))
        out["candidates"] = [{"newcomer": c.newcomer, "volunteer": c.volunteer,
                              "weight": c.weight} for c in cands]
    return out
