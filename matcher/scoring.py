"""Score components, their default weights, and the waiting boost.

Every component maps a set of (newcomer, volunteer) pairs to values in
[0, 1].  Components are vectorised: ``I`` and ``J`` are index arrays into the
encoded newcomers and volunteers (:class:`matcher.features.Features`) that
broadcast together, either as a block (``I`` of shape (R, 1) and ``J`` of
shape (1, C)) or as flat lists of pairs of the same length; ``D`` holds the
matching distances in km between the two neighbourhood centres.

A pair's score depends only on the two people, the settings and today's
date, never on who else is in the problem: that keeps a coordinator's
"explain this pair" screen consistent with the batch result, and makes
"adding a volunteer never lowers the number matched" hold.

Default weights (they sum to 1; configuration may change any of them, and the
weighted sum is divided by the sum of the weights so the score stays in [0, 1]):

============== ====== ==========================================================
component      weight meaning
============== ====== ==========================================================
neighbourhood  0.30   1 for the same neighbourhood, else 0.8·exp(−d / 2 km)
interests      0.25   0.6 × shared tags (3 shared = full) + 0.4 × cosine of "about"
availability   0.20   shared weekly slots, 3 or more = 1; 0.5 when the newcomer
                      has not given their free time yet (unknown, not "never free")
language       0.15   practise_french: 1 if the volunteer speaks French, else 0.3;
                      otherwise 1 if the volunteer speaks the newcomer's first
                      language, else 0.7 (some language is always shared)
age            0.05   intergenerational wish: 0 under 10 years apart, 1 from 30;
                      otherwise 1 − gap / 25 years; 0.5 when a birth year is missing
household      0.05   same life situation (e.g. children) 1, different 0.2, unknown 0.5
============== ====== ==========================================================

With no common weekly slot the whole score is multiplied by
``settings.no_common_slot_factor`` (0.5): such a pair can hardly meet.  A newcomer
who skipped the free-time step of the intake (empty mask) is neither rewarded nor
penalised: 0.5 on availability and no factor, so they stay matchable (a newcomer in
the same neighbourhood with no interests and no slots still scores about 0.6).

The pair weight used by the assignment is ``score + waiting_boost(days)``,
where the boost grows linearly by ``boost_per_week`` (0.025) per week waited
and is capped at ``boost_cap`` (0.3, reached after 12 weeks).  The boost
never makes a pair feasible: ``min_score`` applies to the score alone.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

DEFAULT_WEIGHTS: dict[str, float] = {
    "neighbourhood": 0.30,
    "interests": 0.25,
    "availability": 0.20,
    "language": 0.15,
    "age": 0.05,
    "household": 0.05,
}

NEAR_DECAY_KM = 2.0
TAGS_FOR_FULL = 3
SLOTS_FOR_FULL = 3


def pairdot(A, B, I, J) -> np.ndarray:
    """Row-wise dot products A[I] · B[J] for a block or for a list of pairs.

    Works on dense arrays and on scipy sparse matrices; never materialises an
    N×M matrix larger than the block asked for.
    """
    if I.ndim == 2 and I.shape[1] == 1 and J.ndim == 2 and J.shape[0] == 1:
        if hasattr(A, "toarray"):
            # sparse x dense (the block's few rows made dense): no sparse result to build,
            # about twice as fast; each sum runs over the same terms in the same order
            # (the extra terms are exact zeros), so the values are the same to the bit
            return np.ascontiguousarray((B[J[0]] @ A[I[:, 0]].toarray().T).T)
        return np.asarray(A[I[:, 0]] @ B[J[0]].T)
    I, J = np.broadcast_arrays(I, J)
    shape = I.shape
    I, J = I.ravel(), J.ravel()
    if hasattr(A, "multiply"):
        out = np.asarray(A[I].multiply(B[J]).sum(axis=1)).ravel()
    else:
        out = np.einsum("ij,ij->i", A[I], B[J])
    return out.reshape(shape)


def common_slots(f, I, J) -> np.ndarray:
    return np.bitwise_count(f.n_avail[I] & f.v_avail[J])


def c_neighbourhood(f, I, J, D):
    same = f.n_nb[I] == f.v_nb[J]
    return np.where(same, 1.0, 0.8 * np.exp(-np.asarray(D, dtype=np.float64) / NEAR_DECAY_KM))


def c_interests(f, I, J, D):
    if getattr(f, "n_tag_bits", None) is not None and f.v_tag_bits is not None:
        shared = np.bitwise_count(f.n_tag_bits[I] & f.v_tag_bits[J])  # same counts, faster
    else:
        shared = pairdot(f.n_tags, f.v_tags, I, J)
    k = np.minimum(np.minimum(f.n_ntags[I], f.v_ntags[J]), TAGS_FOR_FULL)
    tags = np.where(k > 0, np.minimum(1.0, shared / np.maximum(k, 1)), 0.0)
    about = np.clip(pairdot(f.n_about, f.v_about, I, J), 0.0, 1.0)
    return 0.6 * tags + 0.4 * about


def c_availability(f, I, J, D):
    value = np.minimum(1.0, common_slots(f, I, J) / SLOTS_FOR_FULL)
    return np.where(f.n_avail[I] == 0, 0.5, value)


def c_language(f, I, J, D):
    practise = f.n_practise[I]
    speaks_fr = f.v_fr[J]
    speaks_first = f.v_lang_bool[J, f.n_first_lang[I]]
    return np.where(practise, np.where(speaks_fr, 1.0, 0.3), np.where(speaks_first, 1.0, 0.7))


def c_age(f, I, J, D):
    gap = np.abs(f.n_birth[I] - f.v_birth[J])  # nan when unknown
    inter = f.n_intergen[I]
    with np.errstate(invalid="ignore"):
        val = np.where(inter, np.clip((gap - 10.0) / 20.0, 0.0, 1.0),
                       1.0 - np.clip(gap / 25.0, 0.0, 1.0))
    return np.where(np.isnan(gap), 0.5, val)


def c_household(f, I, J, D):
    a, b = f.n_household[I], f.v_household[J]
    return np.where((a < 0) | (b < 0), 0.5, np.where(a == b, 1.0, 0.2))


# The registry: configuration refers to components by these names.
COMPONENTS: dict[str, Callable] = {
    "neighbourhood": c_neighbourhood,
    "interests": c_interests,
    "availability": c_availability,
    "language": c_language,
    "age": c_age,
    "household": c_household,
}


def effective_weights(settings) -> dict[str, float]:
    """Default weights overridden by ``settings.weights``."""
    w = dict(DEFAULT_WEIGHTS)
    w.update(settings.weights or {})
    return w


def components(f, I, J, D, settings) -> dict[str, np.ndarray]:
    """All component values for the pairs (I, J)."""
    return {name: COMPONENTS[name](f, I, J, D) for name in effective_weights(settings)}


def score(f, I, J, D, settings, comps: dict | None = None) -> np.ndarray:
    """Combined score in [0, 1]; only components with a positive weight are computed."""
    weights = {k: v for k, v in effective_weights(settings).items() if v > 0}
    total = sum(weights.values())
    acc = None
    for name, w in weights.items():
        val = comps[name] if comps is not None else COMPONENTS[name](f, I, J, D)
        acc = val * (w / total) if acc is None else acc + val * (w / total)
    if acc is None:  # parse_problem refuses such settings; a direct caller learns why here
        raise ValueError("at least one weight must be positive")
    factor = settings.no_common_slot_factor
    if factor != 1.0:
        # Only a real mismatch is penalised, not free time the newcomer has not given.
        apart = (common_slots(f, I, J) == 0) & (f.n_avail[I] != 0)
        acc = np.where(apart, acc * factor, acc)
    # Rounded to 1e-9 so that the block (matrix product) and pair-by-pair
    # (einsum) code paths, which may differ in the last bit, agree exactly.
    return np.round(np.clip(acc, 0.0, 1.0), 9)


def waiting_boost(days, settings) -> np.ndarray:
    """Boost added to the score of a newcomer who waited ``days`` days."""
    days = np.maximum(np.asarray(days, dtype=np.float64), 0.0)
    return np.minimum(settings.boost_cap, settings.boost_per_week * days / 7.0)
