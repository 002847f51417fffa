"""The pruned solver keeps only the best pairs, then proves the result optimal on all of them."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from matcher_helpers import candidate_graph, networkx_optimum, objective, random_problem

from matcher import assign, match
from matcher.assign import (
    potentials,
    solve_auto,
    solve_mincostflow,
    solve_pruned,
    solve_sparse,
    top_k_mask,
)


def graph(draw_n, draw_m, edges, weights, caps):
    """Arrays (ni, J, W, remaining) of a random bipartite instance, one pair at most per (i, j);
    ni and J index newcomers and volunteers."""
    seen: dict[tuple[int, int], int] = {}
    # 60 weights are drawn, for the longest edge list: the first len(edges) are used.
    for (i, j), w in zip(edges, weights, strict=False):
        seen.setdefault((i % draw_n, j % draw_m), w)
    keys = sorted(seen)
    ni = np.array([k[0] for k in keys], dtype=np.int64)
    J = np.array([k[1] for k in keys], dtype=np.int64)
    W = np.array([seen[k] for k in keys], dtype=np.int64)
    return ni, J, W, np.array(caps[:draw_m] + [1] * (draw_m - len(caps)), dtype=np.int64)


def value(ni, J, W, chosen):
    return len(chosen), int(W[chosen].sum())


def feasible(n, ni, J, rem, chosen):
    return (len(set(ni[chosen].tolist())) == len(chosen)
            and (np.bincount(J[chosen], minlength=len(rem)) <= rem).all())


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(n=st.integers(1, 12), m=st.integers(1, 8), k=st.integers(1, 3),
       edges=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 7)), max_size=60),
       weights=st.lists(st.integers(0, 40), min_size=60, max_size=60),
       caps=st.lists(st.integers(0, 3), max_size=8))
def test_pruned_equals_the_full_graph_optimum(n, m, k, edges, weights, caps):
    ni, J, W, rem = graph(n, m, edges, weights, caps)
    full = solve_mincostflow(n, m, ni, J, W, rem)
    pruned = solve_pruned(n, m, ni, J, W, rem, k=k)
    assert feasible(n, ni, J, rem, pruned)
    assert value(ni, J, W, pruned) == value(ni, J, W, full)
    # the full optimum always has its certificate (the proof never refuses an optimum)
    assert potentials(n, m, ni, J, W, rem, full) is not None


@pytest.mark.parametrize("seed", range(4))
def test_pruned_on_engine_candidates_against_networkx(seed, monkeypatch):
    p = random_problem(300 + seed, n=60, m=25, min_score=0.2)
    f, c = candidate_graph(p)
    oracle = networkx_optimum(c.I, c.J, c.W, f.v_remaining)
    sizes = []

    def counted(*args):
        sizes.append(len(args[2]))
        return solve_mincostflow(*args)

    monkeypatch.setattr(assign, "solve_mincostflow", counted)
    for k in (1, 2, 5):
        chosen = solve_pruned(len(f.n_people), len(f.v_people), c.I, c.J, c.W, f.v_remaining, k=k)
        assert objective(c, chosen) == oracle
    # proved on the pruned graphs: never fell back to solving all the pairs
    assert sizes and max(sizes) < len(c.I)


def test_pruning_too_hard_is_repaired_by_the_proof():
    # Keeping one pair per newcomer loses the only way to match both of them; the
    # potentials show the missing pair and the second solve adds it back.
    ni, J, W = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10, 1, 9])
    rem = np.array([1, 1])
    assert not top_k_mask(ni, W, 1)[1]
    assert value(ni, J, W, solve_pruned(2, 2, ni, J, W, rem, k=1)) == (2, 10)


def test_potentials_certify_an_optimum_and_refuse_a_worse_one():
    ni, J, W = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10, 1, 9])
    rem = np.array([1, 1])
    assert potentials(2, 2, ni, J, W, rem, np.array([1, 2])) is not None
    # (0, 0) alone matches one newcomer: a negative cycle, so no potentials settle.
    assert potentials(2, 2, ni, J, W, rem, np.array([0]), max_rounds=50) is None


def test_the_engine_runs_with_the_pruned_solver():
    p = random_problem(7, n=30, m=12, min_score=0.2)
    f, c = candidate_graph(p)
    args = (len(f.n_people), len(f.v_people), c.I, c.J, c.W, f.v_remaining)
    best = objective(c, solve_sparse(*args))
    assert objective(c, solve_auto(*args)) == best
    result = match(p, solver="pruned")
    assert result.stats["solver"] == "pruned"
    assert (result.stats["matched"], round(result.stats["total_weight"] / 1e-5)) == best
