"""Assignment: choose the pairs, for the whole waiting list at once.

Objective (lexicographic): first match as many newcomers as possible, then,
among all assignments of that size, maximise the sum of pair weights.
Weights are integers (``WEIGHT_UNIT`` = 1e-5) so the exact solvers compute
an exact optimum of the quantised problem, with no floating-point tolerance.

Solvers, registered by name (``settings.solver``):

``mincostflow`` (OR-Tools ``SimpleMinCostFlow`` on the whole graph)
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
    keeps at least the ``PRUNE_K`` heaviest pairs of each newcomer and of each
    volunteer place (:func:`heavy_mask`: a histogram per person, no sort), solves that
    graph by components, then proves the result optimal on *every* candidate pair: node
    potentials of the residual graph (Bellman-Ford, vectorised, relaxing only the arcs
    of nodes lowered in the round before) give each left-out pair a reduced cost; a
    negative one could improve the result, so those pairs are added and only the
    components they join are solved again, until none is negative (then no negative
    cycle exists in the full residual graph: optimal).  Each new proof starts from the
    last potentials, so it settles in a few rounds.  Falls back to the full graph when
    the proof does not settle.
``components`` (OR-Tools, one connected component at a time)
    no pair links two components, so the optimum is the union of their optima; small
    components are batched into one call (a disjoint union is still exact).
``auto`` (the default)
    OR-Tools by components, big components pruned and proved (see :func:`solve_auto`
    for the figures); scipy's ``sparse`` when OR-Tools is missing.  Same number
    matched and same total weight as ``mincostflow`` on the full graph.
``greedy``
    the baseline "best pair first": not exact, used for comparison only.

Ties between optimal assignments are broken deterministically: pairs reach the
solver in the canonical id order (:mod:`matcher.features`) and the solvers are
deterministic, so the same input always gives the same output, whatever the
order of the people in the input.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import numpy as np

INT64_SAFE = 2 ** 62
PRUNE_K = 10  # pairs kept per newcomer and per volunteer place by the pruned solver
PRUNE_MAX_ROUNDS = 5000  # Bellman-Ford rounds before giving the proof up (then: full graph)
PRUNE_MAX_RESOLVES = 20
COMPONENT_BATCH = 2_000  # pairs: smaller components are solved together (one OR-Tools call)
AUTO_PRUNE_FROM = 200_000  # pairs: from this size "auto" prunes (see solve_auto)


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


def components(n_new: int, n_vol: int, I, J) -> np.ndarray:
    """Connected component of each node (newcomers ``0..n_new-1``, then volunteers)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    I, J = np.asarray(I, dtype=np.int64), np.asarray(J, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, I[1:] != I[:-1]]) if len(I) else np.zeros(0, np.int64)
    runs = I[starts]
    if len(np.unique(runs)) < len(runs):  # a newcomer's pairs are not together: general way
        n = n_new + n_vol
        g = sp.csr_matrix((np.ones(len(I), dtype=np.int8), (I, n_new + J)), shape=(n, n))
        return connected_components(g, directed=False)[1]
    # Each newcomer's pairs are together (as build_candidates makes them): the graph's rows
    # are those runs, built directly (no sort of the millions of pairs).
    R = len(runs)
    indptr = np.concatenate([starts, np.full(n_vol + 1, len(I))])
    g = sp.csr_matrix((np.ones(len(I), dtype=np.int8), R + J, indptr), shape=(R + n_vol,) * 2)
    k, lab = connected_components(g, directed=False)
    label = np.empty(n_new + n_vol, dtype=np.int64)
    alone = np.ones(n_new, dtype=bool)
    alone[runs] = False
    label[runs] = lab[:R]
    label[np.flatnonzero(alone)] = k + np.arange(int(alone.sum()))  # no pair: alone
    label[n_new:] = lab[R:]
    return label


def _local_index(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index of each item within its group, items ordered by group, group sizes)."""
    order = np.argsort(group, kind="stable")
    sizes = np.bincount(group, minlength=n_groups)
    start = np.cumsum(sizes) - sizes
    local = np.empty(len(group), dtype=np.int64)
    local[order] = np.arange(len(group)) - np.repeat(start, sizes)
    return local, order, sizes


def solve_by_components(n_new: int, n_vol: int, I, J, W, remaining,
                        solve: Callable | None = None) -> np.ndarray:
    """Exact, one connected component at a time: no pair links two components, so the
    optimum is the union of the components' optima.  OR-Tools' time grows faster than
    the graph (cost scaling), so many small solves beat one big one (national benchmark:
    10,685 components, 2.2 times faster).  Components too small to be worth a call of
    their own are solved together, in batches of about ``COMPONENT_BATCH`` pairs (a
    disjoint union is still exact).  People are renumbered within each batch, in the
    same order, so the result is as deterministic as ``solve`` (default
    :func:`solve_mincostflow`)."""
    solve = solve or solve_mincostflow
    I, J, W = np.asarray(I, np.int64), np.asarray(J, np.int64), np.asarray(W, np.int64)
    rem = np.asarray(remaining, dtype=np.int64)
    if len(I) < COMPONENT_BATCH:
        return solve(n_new, n_vol, I, J, W, rem)
    label = components(n_new, n_vol, I, J)
    n_labels = int(label.max()) + 1
    if n_labels == 1:
        return solve(n_new, n_vol, I, J, W, rem)
    # Consecutive components share a batch until it holds COMPONENT_BATCH pairs.
    size = np.bincount(label[I], minlength=n_labels)
    batch_of = (np.cumsum(size) - size) // COMPONENT_BATCH
    _, batch_of = np.unique(batch_of, return_inverse=True)
    n_batches = int(batch_of.max()) + 1
    if n_batches == 1:
        return solve(n_new, n_vol, I, J, W, rem)
    node_batch = batch_of[label]
    new_local, _, new_count = _local_index(node_batch[:n_new], n_batches)
    vol_local, vol_order, vol_count = _local_index(node_batch[n_new:], n_batches)
    vol_start = np.cumsum(vol_count) - vol_count
    pair_batch = node_batch[I]
    order = np.argsort(pair_batch, kind="stable")
    bounds = np.flatnonzero(np.diff(pair_batch[order])) + 1
    chosen = []
    for idx in np.split(order, bounds):
        b = pair_batch[idx[0]]
        vols = vol_order[vol_start[b]:vol_start[b] + vol_count[b]]
        chosen.append(idx[solve(int(new_count[b]), int(vol_count[b]), new_local[I[idx]],
                                vol_local[J[idx]], W[idx], rem[vols])])
    return np.sort(np.concatenate(chosen))


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
    return _first_in_order(key, order, k)


def _first_in_order(key: np.ndarray, order: np.ndarray, k) -> np.ndarray:
    """True for the first ``k`` positions of each value of ``key`` in ``order`` (which
    groups equal keys together)."""
    sk = key[order]
    start = np.concatenate([[0], np.flatnonzero(np.diff(sk)) + 1])
    first = np.repeat(start, np.diff(np.concatenate([start, [len(sk)]])))
    limit = k[sk] if isinstance(k, np.ndarray) else k
    mask = np.zeros(len(key), dtype=bool)
    mask[order[np.arange(len(sk)) - first < limit]] = True
    return mask


def heavy_mask(I, J, W, k_new: int, k_vol) -> np.ndarray:
    """True for at least the ``k_new`` heaviest pairs of each newcomer and the ``k_vol``
    heaviest of each volunteer (``k_vol`` may be an array, one per volunteer).

    For pruning only, so "at least": weights are cut into ``buckets`` bands (histogram
    per person, no sort) and each person keeps every band down to the one where the count
    reaches ``k``; ties and near-ties in that last band are all kept.  Several times faster
    than :func:`top_k_mask` on millions of pairs, and a function of the values only."""
    if not len(I):
        return np.zeros(0, dtype=bool)
    W = np.asarray(W, dtype=np.int64)
    wmax = int(W.max())
    depth = (wmax - W) / (wmax - int(W.min()) + 1)  # in [0, 1): 0 = heaviest
    keep = np.zeros(len(I), dtype=bool)
    for key, k in ((np.asarray(I), k_new), (np.asarray(J), k_vol)):
        groups = len(k) if isinstance(k, np.ndarray) else int(key.max()) + 1
        # 16 to 256 bands, at most about 4 million counters
        bands = int(min(256, max(16, (1 << 22) // groups)))
        cell = key.astype(np.int32) * np.int32(bands) + (depth * bands).astype(np.int32)
        cum = np.bincount(cell, minlength=groups * bands).reshape(groups, bands).cumsum(axis=1)
        need = np.minimum(k, cum[:, -1])
        last = (cum < need[:, None]).sum(axis=1)  # first band where the count reaches k
        keep |= cell <= (key * bands + last[key])
    return keep


def potentials(n_new: int, n_vol: int, I, J, W, remaining, chosen,
               max_rounds: int = PRUNE_MAX_ROUNDS, *, big: int | None = None,
               start: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Node potentials proving that ``chosen`` is optimal on the pairs (I, J, W), or None.

    The lexicographic objective is the maximum weight b-matching for the weights
    ``W + B`` with ``B`` larger than the weight of any matching (one more pair always
    beats any weight gain): a min-cost flow source → newcomer → volunteer → sink with
    costs ``−(W + B)`` and a free source → sink arc for the newcomers left unmatched.
    A flow is optimal iff its residual graph has no negative cycle, i.e. iff there are
    potentials ``d`` with ``cost(a→b) + d[a] − d[b] ≥ 0`` on every residual arc;
    shortest distances from a virtual root (Bellman-Ford, vectorised) are such
    potentials.  Returns (d over newcomers, d over volunteers, d over all nodes), to
    check other pairs with :func:`violations` (same ``B``, see :func:`_big`); None when
    the relaxation has not settled within ``max_rounds`` rounds (the caller then solves the
    full graph).

    Any settled relaxation proves it, not only shortest distances: when no arc can lower
    ``d`` any more, every reduced cost is ≥ 0.  So ``start`` (all the nodes' potentials
    from a previous, nearly identical graph: newcomers, volunteers, source, sink) may
    replace the zeros, and settles in a few rounds.  Each round relaxes only the arcs
    leaving a node lowered in the round before.
    """
    I, J, W = np.asarray(I, np.int64), np.asarray(J, np.int64), np.asarray(W, np.int64)
    big = _big(W, n_new, remaining) if big is None else big
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
    n = n_new + n_vol + 2
    order = np.argsort(tail, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    first = np.searchsorted(tail, np.arange(n + 1))  # arcs leaving node a: first[a]:first[a+1]
    d = np.zeros(n, dtype=np.int64) if start is None else start.astype(np.int64).copy()
    lowered = np.arange(n)
    for _ in range(max_rounds):
        # the arcs leaving the nodes lowered last round
        lo, count = first[lowered], first[lowered + 1] - first[lowered]
        total = int(count.sum())
        if total == 0:
            return d[:n_new], d[n_new:n_new + n_vol], d
        arcs = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(total)
        t, h = tail[arcs], head[arcs]
        reach = d[t] + cost[arcs]
        better = reach < d[h]
        if not better.any():
            return d[:n_new], d[n_new:n_new + n_vol], d
        h, reach = h[better], reach[better]
        np.minimum.at(d, h, reach)
        lowered = np.unique(h)
    return None


def _big(W, n_new: int, remaining) -> int:
    """An offset larger than the total weight of any matching."""
    wmax = int(np.max(W)) if len(W) else 0
    return wmax * int(min(n_new, np.asarray(remaining).sum())) + 1


def violations(I, J, W, d_new, d_vol, big: int) -> np.ndarray:
    """Pairs whose residual arc has a negative reduced cost under the potentials."""
    return -(np.asarray(W, np.int64) + big) + d_new[I] - d_vol[J] < 0


def solve_pruned(n_new: int, n_vol: int, I, J, W, remaining,
                 k: int = PRUNE_K, *, keep: np.ndarray | None = None) -> np.ndarray:
    """Exact, on a pruned graph: the ``k`` heaviest pairs of each newcomer and of each
    volunteer place, solved with :func:`solve_mincostflow`, then proved optimal on every
    pair with potentials (:func:`potentials`); pairs that break the proof are added and
    the pruned graph solved again until none does.  Falls back to the full graph when the
    proof does not settle.  Same number matched and same total weight as the full graph;
    among equally good assignments it may choose another one (still deterministically).
    ``keep`` replaces the first pruned graph (a mask over the pairs).
    """
    I, J, W = np.asarray(I, np.int64), np.asarray(J, np.int64), np.asarray(W, np.int64)
    if len(I) == 0:
        return np.zeros(0, dtype=np.int64)
    rem = np.asarray(remaining, dtype=np.int64)
    big = _big(W, n_new, rem)
    if (big + int(W.max())) * (n_new + n_vol + 2) * 4 >= INT64_SAFE:
        return solve_by_components(n_new, n_vol, I, J, W, rem)  # potentials could overflow
    if keep is None:
        keep = heavy_mask(I, J, W, k, k * np.maximum(rem, 1))
    keep = keep.copy()
    chosen = np.zeros(len(I), dtype=bool)
    todo = np.flatnonzero(keep)  # the pairs of the components to solve (again)
    start = None
    for _ in range(PRUNE_MAX_RESOLVES):
        chosen[todo] = False
        chosen[todo[solve_by_components(n_new, n_vol, I[todo], J[todo], W[todo], rem)]] = True
        idx = np.flatnonzero(keep)
        pot = potentials(n_new, n_vol, I[idx], J[idx], W[idx], rem,
                         np.flatnonzero(chosen[idx]), big=big, start=start)
        if pot is None:
            break
        d_new, d_vol, start = pot
        bad = violations(I, J, W, d_new, d_vol, big) & ~keep
        if not bad.any():
            return np.flatnonzero(chosen)
        keep |= bad
        # Only the components the new pairs join change: solve those again, keep the rest.
        idx = np.flatnonzero(keep)
        label = components(n_new, n_vol, I[idx], J[idx])
        touched = np.zeros(int(label.max()) + 1, dtype=bool)
        touched[label[I[bad]]] = True
        todo = idx[touched[label[I[idx]]]]
    return solve_by_components(n_new, n_vol, I, J, W, rem)


def solve_greedy(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """Baseline: take pairs by decreasing weight (ties by ids) while both sides are free."""
    order = np.lexsort((J, I, -np.asarray(W)))
    left = np.asarray(remaining, dtype=np.int64).copy()
    done = np.zeros(n_new, dtype=bool)
    chosen = []
    to_match = min(len(np.unique(I)), int(left.sum())) if len(I) else 0
    Il, Jl = I[order].tolist(), J[order].tolist()
    for k, i, j in zip(order.tolist(), Il, Jl, strict=True):
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
        import_module("ortools.graph.python.min_cost_flow")
    except ImportError:
        return False
    return True


def solve_auto(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """Exact; the fastest of our exact solvers for the size of the problem.

    With OR-Tools: :func:`solve_by_components`, each batch of ``AUTO_PRUNE_FROM`` pairs
    or more solved by :func:`solve_pruned`; when the pruned graph is connected (then so
    is the whole graph) it prunes at once, without the components of every pair.
    Measured on the benchmark populations (same run, 2 shared cores): city, 3.1 million
    pairs in one component, full graph 1.4 s, ``auto`` (pruned and proved) 0.4 s;
    national, 9.8 million pairs in 10,685 components, full graph 9.1 s, by components
    3.3 s, ``auto`` 3.7 s (3.3 to 3.7 s over several runs: within noise).  Without
    OR-Tools: :func:`solve_sparse`."""
    if not _ortools_available():
        return solve_sparse(n_new, n_vol, I, J, W, remaining)
    if len(I) >= AUTO_PRUNE_FROM:
        # When the pruned graph is connected, so is the whole graph (it only has more
        # pairs): prune at once, without the cost of the components of every pair.
        rem = np.asarray(remaining, dtype=np.int64)
        keep = heavy_mask(I, J, W, PRUNE_K, PRUNE_K * np.maximum(rem, 1))
        idx = np.flatnonzero(keep)
        if len(np.unique(components(n_new, n_vol, I[idx], J[idx])[I[idx]])) == 1:
            return solve_pruned(n_new, n_vol, I, J, W, rem, keep=keep)
    return solve_by_components(n_new, n_vol, I, J, W, remaining, solve=_solve_part)


def _solve_part(n_new: int, n_vol: int, I, J, W, remaining) -> np.ndarray:
    """One batch of components for :func:`solve_auto`: pruned when big, else whole."""
    if len(I) >= AUTO_PRUNE_FROM:
        return solve_pruned(n_new, n_vol, I, J, W, remaining)
    return solve_mincostflow(n_new, n_vol, I, J, W, remaining)


SOLVERS: dict[str, Callable] = {
    "auto": solve_auto,
    "mincostflow": solve_mincostflow,
    "sparse": solve_sparse,
    "pruned": solve_pruned,
    "components": solve_by_components,
    "greedy": solve_greedy,
}
EXACT_SOLVERS = ("auto", "mincostflow", "sparse", "pruned", "components")


def resolve_solver(name: str) -> str:
    """The solver that runs for ``name`` (``stats.solver``): "auto" is itself with OR-Tools
    (by components, big ones pruned and proved: :func:`solve_auto`), else "sparse"."""
    if name == "auto":
        return "auto" if _ortools_available() else "sparse"
    return name
