"""The assignment is exact: checked against independent oracles and properties."""
import dataclasses
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from matcher_helpers import (
    brute_force,
    candidate_graph,
    networkx_optimum,
    objective,
    random_problem,
)

from matcher import Problem, explain_pair, match, result_to_dict
from matcher.assign import SOLVERS, solve_greedy, solve_mincostflow, solve_sparse
from matcher.candidates import quantise

EXACT = [solve_mincostflow, solve_sparse]


def solve_all(f, c):
    return [s(len(f.n_people), len(f.v_people), c.I, c.J, c.W, f.v_remaining) for s in EXACT]


def check_feasible(f, c, chosen):
    """Each newcomer at most once, remaining capacity never exceeded."""
    assert len(set(c.I[chosen].tolist())) == len(chosen)
    used = np.bincount(c.J[chosen], minlength=len(f.v_people))
    assert (used <= f.v_remaining).all()


@pytest.mark.parametrize("seed", range(25))
def test_tiny_instances_against_brute_force(seed):
    p = random_problem(seed, n=1 + seed % 6, m=1 + seed % 4, min_score=0.2)
    f, c = candidate_graph(p)
    best = brute_force(len(f.n_people), c.I, c.J, c.W, f.v_remaining)
    for chosen in solve_all(f, c):
        check_feasible(f, c, chosen)
        assert objective(c, chosen) == best


@pytest.mark.parametrize("seed", range(6))
def test_medium_instances_against_networkx(seed):
    p = random_problem(100 + seed, n=35, m=14, min_score=0.3)
    f, c = candidate_graph(p)
    oracle = networkx_optimum(c.I, c.J, c.W, f.v_remaining)
    for chosen in solve_all(f, c):
        check_feasible(f, c, chosen)
        assert objective(c, chosen) == oracle


@pytest.mark.parametrize("seed", range(3))
def test_larger_instances_two_solvers_agree_and_beat_greedy(seed):
    p = random_problem(200 + seed, n=400, m=150, min_score=0.35)
    f, c = candidate_graph(p)
    a, b = solve_all(f, c)
    assert objective(c, a) == objective(c, b)
    g = solve_greedy(len(f.n_people), len(f.v_people), c.I, c.J, c.W, f.v_remaining)
    check_feasible(f, c, g)
    assert objective(c, g) <= objective(c, a)


def test_candidates_match_pair_by_pair_explanations():
    """Blocked, vectorised candidate generation == checking every pair on its own."""
    p = random_problem(7, n=30, m=20, min_score=0.3)
    f, c = candidate_graph(p)
    got = {(f.n_people[i].id, f.v_people[j].id): w for i, j, w in zip(c.I, c.J, c.W, strict=True)}
    want = {}
    for n in p.newcomers:
        for v in p.volunteers:
            e = explain_pair(p, n.id, v.id)
            if not e.violations:
                want[(n.id, v.id)] = int(quantise(np.asarray(e.weight)))
    assert got == want


def shuffled(p: Problem, seed: int) -> Problem:
    rnd = random.Random(seed)
    neighbourhoods, newcomers, volunteers = (list(p.neighbourhoods), list(p.newcomers),
                                             list(p.volunteers))
    rnd.shuffle(neighbourhoods)
    rnd.shuffle(newcomers)
    rnd.shuffle(volunteers)
    return dataclasses.replace(p, neighbourhoods=tuple(neighbourhoods),
                               newcomers=tuple(newcomers), volunteers=tuple(volunteers))


@pytest.mark.parametrize("solver", ["mincostflow", "sparse", "greedy"])
def test_deterministic_whatever_the_input_order(solver):
    p = random_problem(11, n=80, m=30, min_score=0.2, solver=solver)
    first = result_to_dict(match(p, with_candidates=True))
    for seed in range(3):
        assert result_to_dict(match(shuffled(p, seed), with_candidates=True)) == first


def test_integer_and_string_ids():
    p = random_problem(12, n=30, m=12, int_ids=True)
    r = match(p)
    assert all(isinstance(x.newcomer, int) and isinstance(x.volunteer, int) for x in r.pairs)
    ids = [x.newcomer for x in r.pairs if isinstance(x.newcomer, int)]  # all of them
    assert ids == sorted(ids)


def test_weight_overflow_is_checked():
    from matcher.assign import SolverError, _check_range
    with pytest.raises(SolverError):
        _check_range(2 ** 50, 10 ** 6, "test")


def test_empty_problems():
    for n, m in ((0, 0), (0, 3), (3, 0)):
        r = match(random_problem(1, n, m))
        assert r.pairs == () and len(r.unmatched) == n


# ---- properties -----------------------------------------------------------

problems = st.builds(
    random_problem, seed=st.integers(0, 10 ** 6), n=st.integers(0, 6), m=st.integers(0, 4),
    min_score=st.sampled_from([0.0, 0.3, 0.5]), max_distance_km=st.sampled_from([1.0, 5.0, 30.0]),
    p_excluded=st.sampled_from([0.0, 0.2, 0.6]))

PROPS = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(problems)
def test_property_constraints_hold_and_result_is_optimal(p):
    f, c = candidate_graph(p)
    best = brute_force(len(f.n_people), c.I, c.J, c.W, f.v_remaining)
    r = match(p)
    used: dict = {}
    for pair in r.pairs:
        assert (pair.newcomer, pair.volunteer) not in p.excluded_pairs
        assert explain_pair(p, pair.newcomer, pair.volunteer).violations == ()
        used[pair.volunteer] = used.get(pair.volunteer, 0) + 1
    for v in p.volunteers:
        assert used.get(v.id, 0) <= max(0, v.capacity - v.active_matches)
    assert len({x.newcomer for x in r.pairs}) == len(r.pairs)
    assert len(r.pairs) + len(r.unmatched) == len(p.newcomers)
    assert (len(r.pairs), int(quantise(np.asarray(sum(x.weight for x in r.pairs))))) == best


@PROPS
@given(problems, st.integers(0, 10 ** 6))
def test_property_adding_a_volunteer_never_lowers_the_number_matched(p, seed):
    extra = random_problem(seed, 0, 1).volunteers[0]
    extra = dataclasses.replace(extra, id="extra")
    bigger = dataclasses.replace(p, volunteers=p.volunteers + (extra,))
    assert len(match(bigger).pairs) >= len(match(p).pairs)


@PROPS
@given(problems, st.integers(0, 100))
def test_property_shuffling_the_input_changes_nothing(p, seed):
    assert result_to_dict(match(shuffled(p, seed))) == result_to_dict(match(p))


@PROPS
@given(problems)
def test_property_exact_solvers_agree(p):
    f, c = candidate_graph(p)
    a, b = solve_all(f, c)
    assert objective(c, a) == objective(c, b)


def test_solvers_are_registered_by_name():
    assert {"auto", "mincostflow", "sparse", "greedy"} <= set(SOLVERS)
