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
    """OR-Tools when installed, else scipy: both exact."""
    return (solve_mincostflow if _ortools_available() else solve_sparse)(*args)


SOLVERS: dict[str, Callable] = {
    "auto": solve_auto,
    "mincostflow": solve_mincostflow,
    "sparse": solve_sparse,
    "greedy": solve_greedy,
}
EXACT_SOLVERS = ("auto", "mincostflow", "sparse")


def resolve_solver(name: str) -> str:
    """The concrete solver name behind ``name`` ("auto" resolves to one of the exact ones)."""
    if name == "auto":
        return "mincostflow" if _ortools_available() else "sparse"
    return name
