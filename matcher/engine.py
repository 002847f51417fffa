"""The engine's entry points: batch matching, ranking and explaining one pair."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .assign import SOLVERS, resolve_solver
from .candidates import WEIGHT_UNIT, build_candidates, pair_details, quantise
from .explain import pair_reasons, unmatched_reason, violations
from .features import Features, build_features
from .labels import Labels
from .model import Candidate, ModelReport, Pair, PairExplanation, Problem, Result, Unmatched, id_key


def _round(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def _books(lang: str, langs: Sequence[str], labels: Mapping | None,
           labels_by_lang: Mapping | None) -> dict[str, Labels]:
    """{language: Labels}, the output language first, then the other ``langs``.

    ``labels_by_lang`` gives each language its names; ``labels`` is the output
    language's (the older, one-language form)."""
    by_lang = dict(labels_by_lang or {})
    books = {}
    for code in (lang, *langs):
        if code not in books:
            books[code] = Labels(code, by_lang.get(code, labels if code == lang else None))
    return books


def _pairs(f: Features, I, J, score, W, books: dict[str, Labels], prob=None) -> list[Pair]:
    """Pair objects (components, reasons in each language) for chosen index pairs."""
    if not len(I):
        return []
    D, comps, _ = pair_details(f, I, J)
    # Python numbers once per column (``tolist``), not numpy scalars pair by pair: the
    # same values, and a third of the time for the national file's 90,000 pairs.
    cols = {name: vals.tolist() for name, vals in comps.items()}
    Il, Jl, Dl = I.tolist(), J.tolist(), D.tolist()
    scores = np.asarray(score, dtype=np.float64).tolist()
    weights = (np.asarray(W) * WEIGHT_UNIT).tolist()
    probs = None if prob is None else np.asarray(prob, dtype=np.float64).tolist()
    out = []
    for k in range(len(Il)):
        c = {name: col[k] for name, col in cols.items()}
        # the same pair explained in each language: scores and distances computed once
        said = {code: pair_reasons(f, Il[k], Jl[k], Dl[k], c, L)
                for code, L in books.items()}
        out.append(Pair(
            newcomer=f.n_people[Il[k]].id, volunteer=f.v_people[Jl[k]].id,
            score=round(scores[k], 4), weight=round(weights[k], 5),
            components={name: round(v, 4) for name, v in c.items()},
            reasons=next(iter(said.values())), reasons_by_lang=said,
            probability=None if probs is None else round(probs[k], 4)))
    return out


def _learned_weights(f: Features, cands, problem: Problem) -> tuple[ModelReport | None, Any]:
    """Learning from ``problem.history`` (:mod:`matcher.learning`).

    Returns (report, probability per candidate pair), (None, None) without history.
    When the model is used the solver's weights ``cands.W`` become
    ``quantise(probability + waiting boost)``; the candidate set itself (hard constraints,
    ``min_score`` on the default score) is unchanged."""
    if not problem.history:
        return None, None
    from .learning import blockwise, learn  # only when there is a history

    learned = learn(problem)
    if not learned.used:
        return learned.report, None
    prob = blockwise(f, cands.I, cands.J, problem.settings, learned.probability)
    cands.W = quantise(prob + f.n_boost[cands.I])
    return learned.report, prob


def _ranking_model(problem: Problem, learned):
    """The learned model that ranks pairs one newcomer (or one pair) at a time, or None
    for the default weights: the same rule as :func:`match` (a history, learning "auto",
    a model that beat the defaults). ``learned`` is ``matcher.learning.learn(problem)``'s
    result when the caller already has it (learning costs a fit and a time split)."""
    if problem.settings.learning != "auto":
        return None
    if learned is None:
        if not problem.history:
            return None
        from .learning import learn  # only when there is a history
        learned = learn(problem)
    return learned if learned.used else None


def match(problem: Problem, lang: str = "fr", with_candidates: bool = False,
          labels: Mapping | None = None, solver: str | None = None, *,
          langs: Sequence[str] = (), labels_by_lang: Mapping | None = None) -> Result:
    """Propose the best pairing for the whole waiting list.

    Maximises first the number of newcomers matched, then the sum of pair
    weights (score + waiting boost), exactly.  ``solver`` overrides
    ``problem.settings.solver`` (see :mod:`matcher.assign`).  With
    ``with_candidates`` the result also lists every feasible pair with the
    weight the solver used.  Reasons are in ``lang``; each pair's
    ``reasons_by_lang`` (and each unmatched ``reason_by_lang``) also holds them
    in every one of ``langs``, from the same run, named with
    ``labels_by_lang[code]``.
    """
    books = _books(lang, langs, labels, labels_by_lang)
    f = build_features(problem)
    cands = build_candidates(f)
    name = solver or problem.settings.solver
    if name not in SOLVERS:
        raise ValueError(f"unknown solver {name!r}")
    report, prob = _learned_weights(f, cands, problem)  # issue 13: learned weights, if any
    chosen = SOLVERS[name](len(f.n_people), len(f.v_people), cands.I, cands.J, cands.W,
                           f.v_remaining)
    chosen = chosen[np.argsort(cands.I[chosen], kind="stable")]  # canonical newcomer order
    I, J = cands.I[chosen], cands.J[chosen]
    pairs = _pairs(f, I, J, cands.score[chosen], cands.W[chosen], books,
                   None if prob is None else prob[chosen])
    matched = np.zeros(len(f.n_people), dtype=bool)
    matched[I] = True
    unmatched = []
    for i in np.flatnonzero(~matched).tolist():
        said = {code: unmatched_reason(f, i, cands.counts, L) for code, L in books.items()}
        unmatched.append(Unmatched(newcomer=f.n_people[i].id, reason=said[lang],
                                   reason_by_lang=said))
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
                                              weights.tolist(), strict=True))
    return Result(pairs=tuple(pairs), unmatched=tuple(unmatched), stats=stats,
                  candidates=candidates, model=report)


def rank_volunteers(problem: Problem, newcomer_id, lang: str = "fr", limit: int | None = 10,
                    labels: Mapping | None = None, *, langs: Sequence[str] = (),
                    labels_by_lang: Mapping | None = None, learned=None) -> list[Pair]:
    """The feasible volunteers for one newcomer, best weight first (ties by id).

    The weight is the one :func:`match` gives the pair: with a learned model in use (see
    :func:`match`), ``quantise(probability + waiting boost)`` and each pair's
    ``probability``; otherwise score + waiting boost.  ``learned``: the result of
    ``matcher.learning.learn(problem)`` if the caller has it, so that ranking for many
    newcomers learns once.  ``langs`` and ``labels_by_lang`` as for :func:`match`.
    Raises ``KeyError`` for an unknown newcomer id.
    """
    books = _books(lang, langs, labels, labels_by_lang)
    f = build_features(problem)
    i = f.n_index[newcomer_id]
    cands = build_candidates(f, rows=np.array([i]))
    model = _ranking_model(problem, learned)
    prob = None
    if model is not None and len(cands):
        from .learning import blockwise

        # the same arithmetic as match's weights, so both rank the pairs alike
        prob = blockwise(f, cands.I, cands.J, problem.settings, model.probability)
        cands.W = quantise(prob + f.n_boost[cands.I])
    order = np.lexsort((cands.J, -cands.W))
    if limit is not None:
        order = order[:limit]
    return _pairs(f, cands.I[order], cands.J[order], cands.score[order], cands.W[order], books,
                  None if prob is None else prob[order])


def explain_pair(problem: Problem, newcomer_id, volunteer_id, lang: str = "fr",
                 labels: Mapping | None = None, *, langs: Sequence[str] = (),
                 labels_by_lang: Mapping | None = None, learned=None) -> PairExplanation:
    """Score, components, reasons and broken hard constraints of any pair.

    Weight and ``probability`` as :func:`rank_volunteers` gives them (``learned`` too).
    ``langs`` and ``labels_by_lang`` as for :func:`match`.  Raises ``KeyError`` for an
    unknown id.
    """
    books = _books(lang, langs, labels, labels_by_lang)
    f = build_features(problem)
    i, j = f.n_index[newcomer_id], f.v_index[volunteer_id]
    I, J = np.array([i]), np.array([j])
    D, comps, score = pair_details(f, I, J)
    c = {name: float(v[0]) for name, v in comps.items()}
    sc = float(score[0])
    model = _ranking_model(problem, learned)
    prob = None
    if model is None:
        W = int(quantise(sc + f.n_boost[i]))
    else:
        prob = float(model.probability(comps)[0])
        W = int(quantise(prob + f.n_boost[i]))
    reasons = {code: pair_reasons(f, i, j, float(D[0]), c, L) for code, L in books.items()}
    broken = {code: violations(f, i, j, float(D[0]), sc, L) for code, L in books.items()}
    return PairExplanation(
        newcomer=newcomer_id, volunteer=volunteer_id, score=_round(sc),
        weight=_round(W * WEIGHT_UNIT, 5), distance_km=_round(float(D[0]), 3),
        components={k: _round(v) for k, v in c.items()},
        reasons=reasons[lang], violations=broken[lang],
        reasons_by_lang=reasons, violations_by_lang=broken,
        probability=None if prob is None else _round(prob))


def result_to_dict(result: Result) -> dict:
    """The file interface's OUTPUT structure (JSON-ready)."""
    out: dict[str, Any] = {
        "pairs": [{"newcomer": p.newcomer, "volunteer": p.volunteer, "score": p.score,
                   "weight": p.weight, "components": dict(p.components),
                   "reasons": list(p.reasons)} for p in result.pairs],
        "unmatched": [{"newcomer": u.newcomer, "reason": u.reason} for u in result.unmatched],
        "stats": dict(result.stats),
    }
    if result.model is not None:  # learning from the history (issue 13)
        m = result.model
        for row, p in zip(out["pairs"], result.pairs, strict=True):
            row["probability"] = p.probability
        out["model"] = {"used": m.used, "reason": m.reason, "outcomes": m.outcomes,
                        "positives": m.positives, "quality": dict(m.quality),
                        "effects": dict(m.effects),
                        "explanation": {k: list(v) for k, v in m.explanation.items()}}
    if result.candidates is not None:
        cands = sorted(result.candidates, key=lambda c: (id_key(c.newcomer), id_key(c.volunteer)))
        out["candidates"] = [{"newcomer": c.newcomer, "volunteer": c.volunteer,
                              "weight": c.weight} for c in cands]
    return out
