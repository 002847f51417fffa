"""Assignment: choose the pairs, for the whole waiting list at once.

Objective (lexicographic): first match as many newcomers as possible, then,
among all assignments of that size, maximise the sum of pair weights.
Weights are integers (``WEIGHT_UNIT`` = 1e-5) so the exact solvers compute
an exact optimum of the quantised problem, with no floating-point tolerance.

Solvers, registered by name (``settings.solver``):

``mincostflow`` (OR-Tools ``SimpleMinCostFlow``, the default when installed)
    source → newcomer (capacity 1) → volunteer (capacity 1, cost
    ``Wmax − W``) → sink (capacity = remaining capacity).
    ``solve_max_flow_with_min_cost`` returns a maximum flow (= maximum number
    of newcomers matched) of minimum cost among maximum flows (= maximum total
    weight, since every unit of flow pays ``Wmax``).  Exact; integer costs;
    the cost range is checked against int64 overflow.
``sparse`` (scipy ``min_weight_full_bipartite_matching``, LAPJVsp; the
    fallback when OR-Tools is missing)
    volunteers expanded into one column per remaining place, plus one
    "stay unmatched" column per newcomer whose cost ``BIG`` exceeds any
    weight gain an extra unmatched newcomer could buy, so minimum cost is
    maximum cardinality first, then maximum weight.  All costs are ≥ 1 (the
    sparse matcher treats zeros as missing edges).
``pruned`` (OR-Tools on a pruned graph, proved exact)
    keeps the ``PRUNE_K`` heaviest pairs of each newcomer and of each volunteer
    place, solves that graph, then proves the result optimal on *every* candidate
    pair: node potentials of the residual graph (shortest distances, Bellman-Ford)
    give each left-out pair a reduced cost; a negative one could improve the
    result, so those pairs are added and the graph solved again, until none is
    negative (then no negative cycle exists in the full residual graph: optimal).
    Same number matched and total weight as ``mincostflow``; not used by ``auto``
    (slower on our benchmarks, see :func:`solve_auto`).
``greedy``
    the baseline "best pair first": not exact, used for comparison only.

Ties between optimal assignments are broken deterministically: pairs reach the
solver in the canonical id order (:mod:`matcher.features`) and the solvers are
deterministic, so the same input always gives the same output, whatever the
order of the people in the input.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

INT64_SAFE = 2 ** 62
PRUNE_K = 10  # pairs kept per newcomer and per volunteer place by the pruned solver
PRUNE_MAX_ROUNDS = 5000  # Bellman-Ford rounds before giving the proof up (then: full graph)
PRUNE_MAX_RESOLVES = 20


class SolverError(RuntimeError):
    pass


def _check_range(max_cost: int, n_nodes: int, what: str) -> None:
    # OR-Tools' cost scaling multiplies costs by (number of nodes + 1) and sums
    # them along paths; keep a wide margin below int64.
    if max_cost * (n_nodes + 1) * 4 >= INT64_SAFE:
        raise SolverError(f"{what}: cost range too large for int64 ({max_cost} x {n_nodes} nodes)")


def solve_mincostflow(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """Indices of the chosen candidate pairs (OR-Tools min-cost max-flow)."""
    from ortools.graph.python import min_cost_flow

    if len(I) == 0:
        return np.zeros(0, dtype=np.int64)
    W = np.asarray(W, dtype=np.int64)
    wmax = int(W.max())
    n_nodes = n_new + n_vol + 2
    _check_range(wmax + 1, n_nodes, "mincostflow")
    src, snk = n_new + n_vol, n_new + n_vol + 1
    vols = np.flatnonzero(remaining > 0)
    news = np.unique(I)
    tails = np.concatenate([I, np.full(len(news), src), n_new + vols]).astype(np.int32)
    heads = np.concatenate([n_new + J, news, np.full(len(vols), snk)]).astype(np.int32)
    caps = np.concatenate([np.ones(len(I) + len(news), dtype=np.int64), remaining[vols]])
    costs = np.concatenate([wmax - W, np.zeros(len(news) + len(vols), dtype=np.int64)])
    g = min_cost_flow.SimpleMinCostFlow()
    arcs = g.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supply = int(min(len(news), remaining[vols].sum()))
    g.set_node_supply(src, supply)
    g.set_node_supply(snk, -supply)
    status = g.solve_max_flow_with_min_cost()
    if status != g.OPTIMAL:
        raise SolverError(f"mincostflow: solver status {status}")
    flows = g.flows(arcs[:len(I)])
    return np.flatnonzero(flows > 0)


def solve_sparse(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """Indices of the chosen candidate pairs (scipy LAPJVsp on expanded places)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    if len(I) == 0:
        return np.zeros(0, dtype=np.int64)
    I, J, W = np.asarray(I), np.asarray(J), np.asarray(W, dtype=np.int64)
    news, row_of = np.unique(I, return_inverse=True)
    n_rows = len(news)
    rem = np.asarray(remaining, dtype=np.int64)
    first_slot = np.concatenate([[0], np.cumsum(rem)])
    n_slots = int(first_slot[-1])
    wmax = int(W.max())
    c = wmax + 1
    big = wmax * min(n_rows, n_slots) + 1  # > any weight an extra unmatched row could buy
    # LAPJVsp sums costs in float64: keep every partial sum exactly representable.
    if (c + big) * (n_rows + 1) >= 2 ** 52:
        raise SolverError("sparse: cost range too large for exact float64 sums")
    # Expand each pair into one entry per remaining place of its volunteer.
    reps = rem[J]
    pos = np.repeat(np.arange(len(I)), reps)
    offs = np.arange(len(pos)) - np.repeat(np.cumsum(reps) - reps, reps)
    rows = np.concatenate([row_of[pos], np.arange(n_rows)])
    cols = np.concatenate([first_slot[J[pos]] + offs, n_slots + np.arange(n_rows)])
    data = np.concatenate([(c - W[pos]).astype(np.float64), np.full(n_rows, float(c + big))])
    m = sp.csr_matrix((data, (rows, cols)), shape=(n_rows, n_slots + n_rows))
    r, col = min_weight_full_bipartite_matching(m)
    matched = col < n_slots
    r, col = r[matched], col[matched]
    slot_vol = np.repeat(np.arange(len(rem)), rem)
    # Map (row, volunteer) back to the candidate index.
    M = len(rem)
    keys = row_of * M + J
    order = np.argsort(keys, kind="stable")
    want = r * M + slot_vol[col]
    return np.sort(order[np.searchsorted(keys[order], want)])


def top_k_mask(key: np.ndarray, W: np.ndarray, k) -> np.ndarray:
    """True for the ``k`` heaviest pairs of each value of ``key`` (ties by position).

    ``k`` is a number, or an array giving each value of ``key`` its own ``k``."""
    if not len(key):
        return np.zeros(0, dtype=bool)
    W = np.asarray(W, dtype=np.int64)
    wmax = int(W.max())
    # One stable sort of an int64 key (key, then heaviest first, then position): the
    # order of ``np.lexsort((-W, key))``, about three times faster.
    order = np.argsort(np.asarray(key, dtype=np.int64) * (wmax + 1) + (wmax - W), kind="stable")
    sk = key[order]
    start = np.concatenate([[0], np.flatnonzero(np.diff(sk)) + 1])
    first = np.repeat(start, np.diff(np.concatenate([start, [len(sk)]])))
    limit = k[sk] if isinstance(k, np.ndarray) else k
    mask = np.zeros(len(key), dtype=bool)
    mask[order[np.arange(len(sk)) - first < limit]] = True
    return mask


def potentials(n_new: int, n_vol: int, I, J, W, remaining, chosen,
               max_rounds: int = PRUNE_MAX_ROUNDS) -> tuple[np.ndarray, np.ndarray] | None:
    """Node potentials proving that ``chosen`` is optimal on the pairs (I, J, W), or None.

    The lexicographic objective is the maximum weight b-matching for the weights
    ``W + B`` with ``B`` larger than the weight of any matching (one more pair always
    beats any weight gain): a min-cost flow source → newcomer → volunteer → sink with
    costs ``−(W + B)`` and a free source → sink arc for the newcomers left unmatched.
    A flow is optimal iff its residual graph has no negative cycle, i.e. iff there are
    potentials ``d`` with ``cost(a→b) + d[a] − d[b] ≥ 0`` on every residual arc;
    shortest distances from a virtual root (Bellman-Ford, vectorised) are such
    potentials.  Returns (d over newcomers, d over volunteers), to check other pairs
    with :func:`violations` (same ``B``, see :func:`_big`); None when the relaxation
    has not settled within ``max_rounds`` rounds (the caller then solves the full graph).
    """
    I, J, W = np.asarray(I, np.int64), np.asarray(J, np.int64), np.asarray(W, np.int64)
    big = _big(W, n_new, remaining)
    rem = np.asarray(remaining, dtype=np.int64)
    src, snk = n_new + n_vol, n_new + n_vol + 1
    x = np.zeros(len(I), dtype=bool)
    x[chosen] = True
    matched = np.zeros(n_new, dtype=bool)
    matched[I[chosen]] = True
    load = np.bincount(J[chosen], minlength=n_vol)
    news = np.arange(n_new)
    vols = np.arange(n_vol)
    # Residual arcs (tail, head, cost), all int64.
    tails = [I[~x], n_new + J[x],                      # pair arcs: forward if unused, back if used
             np.full((~matched).sum(), src), news[matched],  # source arcs
             n_new + vols[load < rem], np.full((load > 0).sum(), snk),  # sink arcs
             np.array([src]), np.array([snk])]          # the bypass, both ways (see note)
    heads = [n_new + J[~x], I[x],
             news[~matched], np.full(matched.sum(), src),
             np.full((load < rem).sum(), snk), n_new + vols[load > 0],
             np.array([snk]), np.array([src])]
    costs = [-(W[~x] + big), W[x] + big,
             np.zeros((~matched).sum(), np.int64), np.zeros(matched.sum(), np.int64),
             np.zeros((load < rem).sum(), np.int64), np.zeros((load > 0).sum(), np.int64),
             np.zeros(1, np.int64), np.zeros(1, np.int64)]
    # The bypass carries every newcomer not matched; its reverse arc (t → s) exists
    # whenever that flow is positive.  With supply n_new at the source it always is
    # unless everybody is matched, in which case dropping it only removes an arc.
    if matched.all():
        for part in (tails, heads, costs):
            part.pop()
    tail, head, cost = (np.concatenate(p).astype(np.int64) for p in (tails, heads, costs))
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    starts = np.flatnonzero(np.r_[True, np.diff(head) != 0])
    targets = head[starts]
    d = np.zeros(n_new + n_vol + 2, dtype=np.int64)
    for _ in range(max_rounds):
        best = np.minimum.reduceat(d[tail] + cost, starts)
        better = best < d[targets]
        if not better.any():
            return d[:n_new], d[n_new:n_new + n_vol]
        d[targets[better]] = best[better]
    return None


def _big(W, n_new: int, remaining) -> int:
    """An offset larger than the total weight of any matching."""
    wmax = int(np.max(W)) if len(W) else 0
    return wmax * int(min(n_new, np.asarray(remaining).sum())) + 1


def violations(I, J, W, d_new, d_vol, big: int) -> np.ndarray:
    """Pairs whose residual arc has a negative reduced cost under the potentials."""
    return -(np.asarray(W, np.int64) + big) + d_new[I] - d_vol[J] < 0


def solve_pruned(n_new: int, n_vol: int, I, J, W, remaining,
                 k: int = PRUNE_K) -> np.ndarray:
    """Exact, on a pruned graph: the ``k`` heaviest pairs of each newcomer and of each
    volunteer place, solved with :func:`solve_mincostflow`, then proved optimal on every
    pair with potentials (:func:`potentials`); pairs that break the proof are added and
    the pruned graph solved again until none does.  Falls back to the full graph when the
    proof does not settle.  Same number matched and same total weight as the full graph;
    among equally good assignments it may choose another one (still deterministically).
    """
    I, J, W = np.asarray(I, np.int64), np.asarray(J, np.int64), np.asarray(W, np.int64)
    if len(I) == 0:
        return np.zeros(0, dtype=np.int64)
    rem = np.asarray(remaining, dtype=np.int64)
    big = _big(W, n_new, rem)
    if (big + int(W.max())) * (n_new + n_vol + 2) * 4 >= INT64_SAFE:
        return solve_mincostflow(n_new, n_vol, I, J, W, rem)  # potentials could overflow
    keep = top_k_mask(I, W, k) | top_k_mask(J, W, k * np.maximum(rem, 1))
    for _ in range(PRUNE_MAX_RESOLVES):
        idx = np.flatnonzero(keep)
        chosen = idx[solve_mincostflow(n_new, n_vol, I[idx], J[idx], W[idx], rem)]
        pot = potentials(n_new, n_vol, I[idx], J[idx], W[idx], rem,
                         np.searchsorted(idx, chosen))
        if pot is None:
            break
        bad = violations(I, J, W, *pot, big) & ~keep
        if not bad.any():
            return np.sort(chosen)
        keep |= bad
    return solve_mincostflow(n_new, n_vol, I, J, W, rem)


def solve_greedy(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """Baseline: take pairs by decreasing weight (ties by ids) while both sides are free."""
    order = np.lexsort((J, I, -np.asarray(W)))
    left = np.asarray(remaining, dtype=np.int64).copy()
    done = np.zeros(n_new, dtype=bool)
    chosen = []
    to_match = min(len(np.unique(I)), int(left.sum())) if len(I) else 0
    Il, Jl = I[order].tolist(), J[order].tolist()
    for k, i, j in zip(order.tolist(), Il, Jl):
        if done[i] or left[j] == 0:
            continue
        done[i] = True
        left[j] -= 1
        chosen.append(k)
        if len(chosen) == to_match:
            break
    return np.sort(np.array(chosen, dtype=np.int64))


def _ortools_available() -> bool:
    try:
        from ortools.graph.python import min_cost_flow  # noqa: F401
    except ImportError:
        return False
    return True


def solve_auto(*args) -> np.ndarray:
    """OR-Tools when installed, else scipy: both exact.

    Not the pruned solver: on the national benchmark (9.8 million candidate pairs)
    OR-Tools solves the full graph in about 11 s, while pruning needs several solves
    (each adds the few pairs that break the proof) and took two to three times longer."""
    return (solve_mincostflow if _ortools_available() else solve_sparse)(*args)


SOLVERS: dict[str, Callable] = {
    "auto": solve_auto,
    "mincostflow": solve_mincostflow,
    "sparse": solve_sparse,
    "pruned": solve_pruned,
    "greedy": solve_greedy,
}
EXACT_SOLVERS = ("auto", "mincostflow", "sparse", "pruned")


def resolve_solver(name: str) -> str:
    """The concrete solver name behind ``name`` ("auto" resolves to one of the exact ones)."""
    if name == "auto":
        return "mincostflow" if _ortools_available() else "sparse"
    return name
