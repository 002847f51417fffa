"""Learn from past proposals which pairs work, and say so plainly.

Inputs are :attr:`Problem.history` items: the two people as they were when the pair
was proposed, the day, and the outcome. Each item is scored with the engine's own
components (:mod:`matcher.scoring`), so the model speaks the engine's language:
six numbers in [0, 1] per pair.

**Label.** Success = the outcome is "accepted" or "lasting"; "declined", "expired" and
"ended_early" are failures. We keep one binary label rather than an ordinal model
because what the assignment maximises is "both say yes and it does not end badly";
"accepted" counts as a success because it is what a recent proposal that went well
looks like (it has not had three months to become "lasting" yet), and leaving it out
would bias the model against recent pairs. "ended_early" is a failure: the pair met
and it did not work, which is exactly what we want to learn to avoid.

**Model.** A regularised logistic regression (L2, C = 1) on standardised components.
**Check.** A time split, as it will be used: the model is fitted on the older 75 % of
the outcomes and judged on the newest 25 % (sorted by ``proposed_on``). The default
weights are judged on the same held-out outcomes, their score turned into a probability
by a one-feature logistic calibration fitted on the same older part. The model is used
only if learning is "auto", there are at least :data:`MIN_OUTCOMES` outcomes with at
least :data:`MIN_PER_CLASS` successes and failures, and its held-out log loss beats the
default's by at least :data:`MIN_GAIN` per proposal *and* by :data:`Z` (1.645) standard
errors of the per-proposal difference, a one-sided 95 % test (so noise does not win by
luck). When used, the final model is fitted again on all outcomes.

**Effects.** Per component, the odds ratio of success between the component at 0 and
at 1, the other components unchanged (``exp`` of the coefficient on the raw scale).

``ModelReport.reason`` is English; ``explanation["fr"]`` and ``explanation["en"]``
start with the same sentence in French and English, then the held-out quality, then
one sentence per component, biggest effect first.

scikit-learn is imported inside the functions: importing this module costs nothing.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .model import ModelReport, Problem

MIN_OUTCOMES = 200  # fewer outcomes than this: too little to learn from
MIN_PER_CLASS = 20  # and at least this many successes and this many failures
HOLDOUT_SHARE = 0.25  # the newest quarter is held out
MIN_GAIN = 0.005  # held-out log loss must improve by at least this much per proposal
SUCCESS = frozenset({"accepted", "lasting"})
C = 1.0  # inverse L2 strength of the logistic regression
Z = 1.645  # the gain must pass a one-sided 95 % test: mean > Z standard errors

#: plain names of the components, as subjects of a sentence (fr, en)
NAMES = {
    "neighbourhood": ("Habiter près l'un de l'autre", "Living close to each other"),
    "interests": ("Les centres d'intérêt communs", "Shared interests"),
    "availability": ("Des moments libres en commun", "Free time in common"),
    "language": ("Parler la même langue", "Speaking the same language"),
    "age": ("L'âge qui convient", "A fitting age"),
    "household": ("La même situation de vie", "The same life situation"),
}


@dataclass
class Learned:
    """What :func:`learn` gives the engine: the report and, when used, the model."""
    report: ModelReport
    names: tuple[str, ...] = ()
    model: Any = None  # a fitted scikit-learn pipeline, or None

    @property
    def used(self) -> bool:
        return bool(self.report.used and self.model is not None)

    def probability(self, components: Mapping[str, np.ndarray]) -> np.ndarray | None:
        """Predicted probability of success for pairs given by their components
        (arrays of the same shape); None when the model is not used."""
        if not self.used:
            return None
        # The pipeline's own arithmetic, one component at a time: on millions of
        # candidate pairs this avoids stacking a copy of them all (same values as
        # ``predict_proba``).
        scaler, logit = self.model[0], self.model[-1]
        z = None
        for k, name in enumerate(self.names):
            term = ((np.asarray(components[name], dtype=np.float64) - scaler.mean_[k])
                    * (logit.coef_[0, k] / scaler.scale_[k]))
            z = term if z is None else z + term
        return 1.0 / (1.0 + np.exp(-(z + logit.intercept_[0])))


def history_components(problem: Problem) -> tuple[tuple[str, ...], np.ndarray, np.ndarray,
                                                   np.ndarray, np.ndarray]:
    """(component names, X, default score, success label, proposed_on ordinal) of the
    history items, each scored as the engine scores today's pairs.

    Each item becomes one pseudo newcomer and one pseudo volunteer (ids are the item's
    position: history ids may repeat or clash with today's). Items whose neighbourhood
    is not among the problem's are left out (they cannot be placed)."""
    from .candidates import pair_details
    from .features import build_features
    from .scoring import COMPONENTS

    known = {n.id for n in problem.neighbourhoods}
    items = [h for h in problem.history
             if h.newcomer.neighbourhood in known and h.volunteer.neighbourhood in known]
    names = tuple(COMPONENTS)
    if not items:
        empty = np.zeros(0)
        return names, np.zeros((0, len(names))), empty, empty.astype(bool), empty
    pseudo = Problem(
        neighbourhoods=problem.neighbourhoods,
        newcomers=tuple(dataclasses.replace(h.newcomer, id=k) for k, h in enumerate(items)),
        volunteers=tuple(dataclasses.replace(h.volunteer, id=k, active_matches=0)
                         for k, h in enumerate(items)),
        settings=problem.settings)
    f = build_features(pseudo)
    idx = np.arange(len(items))  # ids 0..n-1 keep their order in the canonical sort
    _, comps, score = pair_details(f, idx, idx)
    X = np.column_stack([np.asarray(comps[n], dtype=np.float64) for n in names])
    y = np.array([h.outcome in SUCCESS for h in items], dtype=bool)
    when = np.array([h.proposed_on.toordinal() for h in items], dtype=np.int64)
    return names, X, np.asarray(score, dtype=np.float64), y, when


def blockwise(f, I: np.ndarray, J: np.ndarray, settings, fn,
              max_cells: int = 1 << 20) -> np.ndarray:
    """``fn(components)`` for many pairs (I, J), components computed in dense blocks as
    the candidate builder does: newcomers of one neighbourhood against the volunteers
    they have candidates with. Pair by pair, sparse row products on millions of pairs
    cost several times more; and only ``fn``'s result is kept, not six arrays of
    components per pair."""
    from .candidates import distance_km
    from .scoring import components

    out = np.empty(len(I), dtype=np.float64)
    if not len(I):
        return out
    key = f.n_nb[I] * len(f.n_people) + I  # newcomers grouped by neighbourhood
    order = (np.arange(len(I)) if bool((np.diff(key) >= 0).all())
             else np.argsort(key, kind="stable"))
    nb = f.n_nb[I[order]]
    for part in np.split(order, np.flatnonzero(np.diff(nb)) + 1):
        rows = np.unique(I[part])
        cols = np.unique(J[part])
        step = max(1, max_cells // len(cols))
        for a in range(0, len(rows), step):
            R = rows[a:a + step]
            sel = part[(I[part] >= R[0]) & (I[part] <= R[-1])]
            Ib, Jb = R[:, None], cols[None, :]
            vals = fn(components(f, Ib, Jb, distance_km(f, Ib, Jb), settings))
            vals = np.broadcast_to(vals, (len(R), len(cols)))
            out[sel] = vals[np.searchsorted(R, I[sel]), np.searchsorted(cols, J[sel])]
    return out


def _pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))


def _per_item_log_loss(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return -(y * np.log(p) + (~y) * np.log(1 - p))


def _auc(y: np.ndarray, p: np.ndarray) -> float | None:
    if y.all() or not y.any():
        return None
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, p))


def _odds_ratios(model, names) -> dict[str, float]:
    """exp(coefficient on the raw 0..1 scale): the odds ratio from 0 to 1."""
    scaler, logit = model[0], model[-1]
    beta = logit.coef_[0] / scaler.scale_
    return {n: float(round(math.exp(float(b)), 3)) for n, b in zip(names, beta, strict=True)}


def _num(x: float, lang: str, digits: int = 1) -> str:
    s = f"{x:.{digits}f}"
    return s.replace(".", ",") if lang == "fr" else s


def effect_sentences(effects: Mapping[str, float]) -> dict[str, tuple[str, ...]]:
    """One plain sentence per component, biggest effect first, in French and English."""
    order = sorted(effects, key=lambda n: (-abs(math.log(max(effects[n], 1e-9))), n))
    fr, en = [], []
    for n in order:
        ratio = effects[n]
        nf, ne = NAMES.get(n, (n, n))
        # "Name: sentence." keeps French agreement out of the way (plural subjects)
        if ratio >= 1.25:
            much_fr, much_en = (("Cela compte beaucoup.", "This matters a lot.") if ratio >= 2
                                else ("Cela compte un peu.", "This matters somewhat."))
            fr.append(f"{nf} : les chances de succès sont multipliées par "
                      f"{_num(ratio, 'fr')}. {much_fr}")
            en.append(f"{ne}: the odds of success are multiplied by "
                      f"{_num(ratio, 'en')}. {much_en}")
        elif ratio > 0.8:
            fr.append(f"{nf} : cela compte peu.")
            en.append(f"{ne}: this matters little.")
        else:
            fr.append(f"{nf} : les chances de succès sont divisées par {_num(1 / ratio, 'fr')}.")
            en.append(f"{ne}: the odds of success are divided by {_num(1 / ratio, 'en')}.")
    return {"fr": tuple(fr), "en": tuple(en)}


def _quality_sentences(q: Mapping[str, float], better: bool) -> dict[str, str]:
    n = int(q["held_out"])
    if better:
        fr = (f"Sur les {n} dernières propositions, le modèle a mieux prévu les réussites "
              "que les poids par défaut.")
        en = (f"On the last {n} proposals, the model predicted success better than the "
              "default weights.")
    else:
        fr = (f"Sur les {n} dernières propositions, le modèle n'a pas mieux prévu les "
              "réussites que les poids par défaut.")
        en = (f"On the last {n} proposals, the model did not predict success better than "
              "the default weights.")
    if "model_auc" in q and "default_auc" in q:
        m, d = round(100 * q["model_auc"]), round(100 * q["default_auc"])
        fr += (f" Il place une réussite avant un échec {m} fois sur 100 "
               f"(poids par défaut : {d} fois sur 100).")
        en += (f" It ranks a success above a failure {m} times in 100 "
               f"(default weights: {d} times in 100).")
    return {"fr": fr, "en": en}


def _report(used: bool, reason: tuple[str, str], outcomes: int, positives: int,
            quality: Mapping[str, float] | None = None,
            effects: Mapping[str, float] | None = None) -> ModelReport:
    fr, en = [reason[0]], [reason[1]]
    if quality:
        said = _quality_sentences(quality, used)
        fr.append(said["fr"])
        en.append(said["en"])
    if effects:
        sentences = effect_sentences(effects)
        fr.extend(sentences["fr"])
        en.extend(sentences["en"])
    return ModelReport(used=used, reason=reason[1], outcomes=outcomes, positives=positives,
                       quality=dict(quality or {}), effects=dict(effects or {}),
                       explanation={"fr": tuple(fr), "en": tuple(en)})


def learn(problem: Problem) -> Learned:
    """Fit, check on the newest outcomes and report; see the module docstring."""
    names, X, default, y, when = history_components(problem)
    n, pos = len(y), int(y.sum())
    neg = n - pos
    if problem.settings.learning == "off":
        return Learned(_report(False, (
            "L'apprentissage est désactivé : les poids par défaut sont utilisés.",
            "Learning is off: the default weights are used."), n, pos))
    if n < MIN_OUTCOMES:
        return Learned(_report(False, (
            f"Seulement {n} résultats connus (il en faut {MIN_OUTCOMES}) : "
            "les poids par défaut sont utilisés.",
            f"Only {n} outcomes known ({MIN_OUTCOMES} needed): "
            "the default weights are used."), n, pos))
    if min(pos, neg) < MIN_PER_CLASS:
        few_fr, few_en = ("réussites", "successes") if pos < neg else ("échecs", "failures")
        return Learned(_report(False, (
            f"Seulement {min(pos, neg)} {few_fr} connus (il en faut {MIN_PER_CLASS}) : "
            "les poids par défaut sont utilisés.",
            f"Only {min(pos, neg)} {few_en} known ({MIN_PER_CLASS} needed): "
            "the default weights are used."), n, pos))

    from sklearn.linear_model import LogisticRegression

    order = np.lexsort((np.arange(n), when))  # oldest first, ties by position: stable
    cut = n - max(1, int(round(n * HOLDOUT_SHARE)))
    train, test = order[:cut], order[cut:]
    if y[train].all() or not y[train].any():
        return Learned(_report(False, (
            "Les propositions anciennes ont toutes le même résultat : "
            "les poids par défaut sont utilisés.",
            "The older proposals all have the same outcome: the default weights are used."),
            n, pos))
    model = _pipeline().fit(X[train], y[train])
    p_model = model.predict_proba(X[test])[:, 1]
    calib = LogisticRegression(C=1e6, max_iter=1000).fit(default[train, None], y[train])
    p_default = calib.predict_proba(default[test, None])[:, 1]
    yt = y[test]
    ll_m, ll_d = _per_item_log_loss(yt, p_model), _per_item_log_loss(yt, p_default)
    gain = ll_d - ll_m
    se = float(gain.std(ddof=1) / math.sqrt(len(gain))) if len(gain) > 1 else math.inf
    quality: dict[str, float] = {
        "held_out": float(len(test)), "trained": float(len(train)),
        "model_log_loss": round(float(ll_m.mean()), 4),
        "default_log_loss": round(float(ll_d.mean()), 4),
        "model_brier": round(float(((p_model - yt) ** 2).mean()), 4),
        "default_brier": round(float(((p_default - yt) ** 2).mean()), 4),
    }
    auc_m, auc_d = _auc(yt, p_model), _auc(yt, p_default)
    if auc_m is not None and auc_d is not None:  # both None or neither: the same labels
        quality["model_auc"], quality["default_auc"] = round(auc_m, 4), round(auc_d, 4)
    better = float(gain.mean()) >= max(MIN_GAIN, Z * se)
    if not better:
        return Learned(_report(False, (
            f"Sur les {len(test)} dernières propositions, le modèle ne fait pas mieux que "
            "les poids par défaut : ils sont gardés.",
            f"On the last {len(test)} proposals, the model did no better than the default "
            "weights: they are kept."), n, pos, quality, _odds_ratios(model, names)))
    final = _pipeline().fit(X, y)
    report = _report(True, (
        f"Le modèle appris sur {n} propositions est utilisé : il prévoit mieux que les "
        "poids par défaut.",
        f"The model learned from {n} proposals is used: it predicts better than the "
        "default weights."), n, pos, quality, _odds_ratios(final, names))
    return Learned(report, names, final)
