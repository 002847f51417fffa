"""Feasible (newcomer, volunteer) pairs with their scores and weights.

Hard constraints, checked here and nowhere else:

* distance between the neighbourhood centres at most ``settings.max_distance_km``
  and at most the volunteer's own ``max_distance_km`` when given;
* at least one common language;
* each side's gender wish, when given (an unknown gender does not satisfy a wish);
* remaining capacity (capacity minus active matches) above zero;
* the pair is not in ``excluded_pairs`` (declined, expired or ended before);
* ``score >= settings.min_score``.

Geographic blocking: people are grouped by neighbourhood, and a BallTree over
the neighbourhood centres gives, for each neighbourhood, the ones within the
distance limit.  Each group of newcomers is scored against the volunteers of
those neighbourhoods only, in dense blocks of bounded size, so the work grows
with the number of pairs that are close enough, not with N × M.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import Features
from .geo import haversine_rad, neighbours_within
from .scoring import components, pairdot, score as score_fn

WEIGHT_UNIT = 1e-5  # solvers work on integer weights in this unit (exact arithmetic)
BLOCK_CELLS = 1 << 20  # at most this many pairs scored at once (bounded memory)

# Order in which an unmatched newcomer's candidates are filtered; the first
# filter that leaves nobody gives the reason shown to coordinators.
STAGES = ("near", "language", "gender", "capacity", "excluded", "min_score")


@dataclass
class Candidates:
    I: np.ndarray  # newcomer index (canonical order), int64
    J: np.ndarray  # volunteer index, int64
    D: np.ndarray  # distance in km
    score: np.ndarray
    W: np.ndarray  # integer weight in WEIGHT_UNIT, what the solver maximises
    counts: dict  # stage -> per-newcomer number of volunteers left after that filter

    @property
    def weight(self) -> np.ndarray:
        return self.W * WEIGHT_UNIT

    def __len__(self) -> int:
        return len(self.I)


def language_ok(f: Features, I, J):
    if f.n_lang_bits is not None and f.v_lang_bits is not None:
        return (f.n_lang_bits[I] & f.v_lang_bits[J]) != 0
    return pairdot(f.n_lang, f.v_lang, I, J) > 0


def gender_ok(f: Features, I, J):
    wish_n = f.n_buddy_gender[I]
    wish_v = f.v_newcomer_gender[J]
    return (((wish_n < 0) | (wish_n == f.v_gender[J]))
            & ((wish_v < 0) | (wish_v == f.n_gender[I])))


def distance_km(f: Features, I, J) -> np.ndarray:
    return haversine_rad(f.nb_latlon[f.n_nb[I]], f.nb_latlon[f.v_nb[J]])


def excluded_keys(f: Features) -> np.ndarray:
    """Sorted keys i * M + j of the excluded pairs (unknown ids are ignored)."""
    M = len(f.v_people)
    keys = [f.n_index[a] * M + f.v_index[b] for a, b in f.problem.excluded_pairs
            if a in f.n_index and b in f.v_index]
    return np.array(sorted(keys), dtype=np.int64)


def quantise(weight: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(weight, dtype=np.float64) / WEIGHT_UNIT).astype(np.int64)


def build_candidates(f: Features, rows: np.ndarray | None = None) -> Candidates:
    """All feasible pairs for the newcomers ``rows`` (default: all of them)."""
    s = f.problem.settings
    N, M = len(f.n_people), len(f.v_people)
    K = len(f.nb_ids)
    counts = {st: np.zeros(N, dtype=np.int64) for st in STAGES}
    parts: list[tuple] = []
    excl = excluded_keys(f)

    rows = np.arange(N) if rows is None else np.asarray(rows, dtype=np.int64)
    if len(rows) and M:
        near_idx, near_d = neighbours_within(f.nb_latlon, s.max_distance_km)
        vol_order = np.argsort(f.v_nb, kind="stable")
        vol_count = np.bincount(f.v_nb, minlength=K)
        vol_start = np.concatenate([[0], np.cumsum(vol_count)])
        row_nb = f.n_nb[rows]
        order = np.argsort(row_nb, kind="stable")
        bounds = np.flatnonzero(np.diff(row_nb[order])) + 1
        for group in np.split(rows[order], bounds):
            h = f.n_nb[group[0]]
            nbs, ds = near_idx[h], near_d[h]
            cols = np.concatenate([vol_order[vol_start[k]:vol_start[k + 1]] for k in nbs]
                                  + [np.zeros(0, dtype=np.int64)])
            Dc = np.repeat(ds, vol_count[nbs])
            keep = Dc <= f.v_max_km[cols]
            cols, Dc = cols[keep], Dc[keep]
            counts["near"][group] = len(cols)
            if not len(cols):
                continue
            step = max(1, BLOCK_CELLS // len(cols))
            for a in range(0, len(group), step):
                parts.append(_block(f, group[a:a + step], cols, Dc, excl, counts))
    if parts:
        I, J, D, sc = (np.concatenate(x) for x in zip(*parts, strict=True))
    else:
        I = J = np.zeros(0, dtype=np.int64)
        D = sc = np.zeros(0, dtype=np.float64)
    W = quantise(sc + f.n_boost[I])
    return Candidates(I=I, J=J, D=D, score=sc, W=W, counts=counts)


def _block(f: Features, R: np.ndarray, cols: np.ndarray, Dc: np.ndarray,
           excl: np.ndarray, counts: dict) -> tuple:
    s = f.problem.settings
    M = len(f.v_people)
    I, J, D = R[:, None], cols[None, :], Dc[None, :]
    ok = language_ok(f, I, J)
    counts["language"][R] = ok.sum(axis=1)
    ok &= gender_ok(f, I, J)
    counts["gender"][R] = ok.sum(axis=1)
    ok &= (f.v_remaining[cols] > 0)[None, :]
    counts["capacity"][R] = ok.sum(axis=1)
    ri, ci = np.nonzero(ok)
    if len(excl) and len(ri):
        keys = R[ri] * M + cols[ci]
        pos = np.minimum(np.searchsorted(excl, keys), len(excl) - 1)
        keep = excl[pos] != keys
        ri, ci = ri[keep], ci[keep]
    counts["excluded"][R] = np.bincount(ri, minlength=len(R))
    if not len(ri):
        return (np.zeros(0, np.int64),) * 2 + (np.zeros(0),) * 2
    if len(ri) * 4 < ok.size:
        # Sparse block: score only the surviving pairs.
        I2, J2, D2 = R[ri], cols[ci], Dc[ci]
        sc = score_fn(f, I2, J2, D2, s)
    else:
        sc = score_fn(f, I, J, D, s)[ri, ci]
    keep = sc >= s.min_score
    ri, ci, sc = ri[keep], ci[keep], sc[keep]
    counts["min_score"][R] = np.bincount(ri, minlength=len(R))
    return R[ri], cols[ci], Dc[ci], sc


def pair_details(f: Features, I: np.ndarray, J: np.ndarray) -> tuple[np.ndarray, dict, np.ndarray]:
    """Distance, components and score for explicit lists of pairs."""
    s = f.problem.settings
    D = distance_km(f, I, J)
    comps = components(f, I, J, D, s)
    return D, comps, score_fn(f, I, J, D, s, comps)
