"""The "auto" solver: components solved apart (small ones batched), big ones pruned and
proved; always the full graph's optimum, and deterministic whatever the input order."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from matcher_helpers import candidate_graph, networkx_optimum, objective, random_problem
from test_matcher_assign import shuffled

from matcher import assign, match, result_to_dict
from matcher.assign import (
    heavy_mask,
    solve_auto,
    solve_by_components,
    solve_mincostflow,
    solve_pruned,
    top_k_mask,
)


def value(W, chosen):
    return len(chosen), int(W[chosen].sum())


def feasible(ni, J, rem, chosen):
    return (len(set(ni[chosen].tolist())) == len(chosen)
            and (np.bincount(J[chosen], minlength=len(rem)) <= rem).all())


@st.composite
def several_components(draw):
    """Up to four disjoint random bipartite blocks (so several components), small integer
    weights (so many ties), capacities 0 to 3, pairs in a random order."""
    ni, J, W, caps = [], [], [], []
    n = m = 0
    for _ in range(draw(st.integers(1, 4))):
        bn, bm = draw(st.integers(1, 6)), draw(st.integers(1, 4))
        edges = draw(st.lists(st.tuples(st.integers(0, bn - 1), st.integers(0, bm - 1)),
                              max_size=18, unique=True))
        for i, j in edges:
            ni.append(n + i)
            J.append(m + j)
            W.append(draw(st.integers(0, 6)))
        caps += draw(st.lists(st.integers(0, 3), min_size=bm, max_size=bm))
        n, m = n + bn, m + bm
    order = draw(st.permutations(range(len(ni))))
    pick = np.array(order, dtype=np.int64)
    arr = (lambda x: np.array(x, dtype=np.int64)[pick]) if len(ni) else (
        lambda x: np.zeros(0, dtype=np.int64))
    return n, m, arr(ni), arr(J), arr(W), np.array(caps, dtype=np.int64)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(g=several_components(), batch=st.sampled_from([1, 3, 10 ** 9]),
       prune_from=st.sampled_from([1, 10, 10 ** 9]), k=st.integers(1, 3))
def test_auto_equals_the_full_graph_optimum(g, batch, prune_from, k, monkeypatch_module):
    n, m, ni, J, W, rem = g
    monkeypatch_module.setattr(assign, "COMPONENT_BATCH", batch)
    monkeypatch_module.setattr(assign, "AUTO_PRUNE_FROM", prune_from)
    monkeypatch_module.setattr(assign, "PRUNE_K", k)
    best = value(W, solve_mincostflow(n, m, ni, J, W, rem))
    for solver in (solve_auto, solve_by_components, solve_pruned):
        chosen = solver(n, m, ni, J, W, rem)
        assert feasible(ni, J, rem, chosen)
        assert value(W, chosen) == best
        assert np.array_equal(chosen, solver(n, m, ni, J, W, rem))  # deterministic


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture
def small_thresholds(monkeypatch):
    """Make "auto" batch components and prune even on test-sized problems."""
    monkeypatch.setattr(assign, "COMPONENT_BATCH", 20)
    monkeypatch.setattr(assign, "AUTO_PRUNE_FROM", 50)
    monkeypatch.setattr(assign, "PRUNE_K", 2)


@pytest.mark.parametrize("seed", range(3))
def test_auto_on_engine_candidates_against_networkx(seed, small_thresholds):
    p = random_problem(500 + seed, n=70, m=30, min_score=0.2, max_distance_km=1.5)
    f, c = candidate_graph(p)
    args = (len(f.n_people), len(f.v_people), c.I, c.J, c.W, f.v_remaining)
    assert objective(c, solve_auto(*args)) == networkx_optimum(c.I, c.J, c.W, f.v_remaining)
    assert objective(c, solve_by_components(*args)) == objective(c, solve_mincostflow(*args))


@pytest.mark.parametrize("seed", range(3))
def test_auto_is_deterministic_whatever_the_input_order(seed, small_thresholds):
    p = random_problem(40 + seed, n=80, m=30, min_score=0.2, max_distance_km=1.5)
    first = result_to_dict(match(p, with_candidates=True))
    assert first["stats"]["matched"] > 0
    for order in range(3):
        assert result_to_dict(match(shuffled(p, order), with_candidates=True)) == first


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 5), st.integers(0, 10 ** 6)),
                min_size=1, max_size=80), st.integers(1, 4))
def test_heavy_mask_keeps_at_least_the_top_k(rows, k):
    ni, J, W = (np.array(x, dtype=np.int64) for x in zip(*rows, strict=True))
    keep = heavy_mask(ni, J, W, k, k)
    assert not (top_k_mask(ni, W, k) & ~keep).any()
    assert not (top_k_mask(J, W, k) & ~keep).any()


@settings(max_examples=100, deadline=None)
@given(g=several_components())
def test_components_same_partition_whether_pairs_are_grouped_by_newcomer_or_not(g):
    n, m, ni, J, _, _ = g
    grouped = np.argsort(ni, kind="stable")  # the fast path (pairs of a newcomer together)
    a = assign.components(n, m, ni[grouped], J[grouped])
    b = assign.components(n, m, ni, J)  # random order: the general path, usually
    assert len(a) == len(b) == n + m
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    assert len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))
