"""Ranking one newcomer's volunteers and explaining one pair weigh pairs as the batch run
does: by the learned model's predicted success when it is used, by the defaults otherwise."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matcher_helpers import random_problem
from test_learning import history, problem_with

from matcher import explain_pair, match, rank_volunteers
from matcher.candidates import WEIGHT_UNIT, quantise
from matcher.learning import learn

SEED = 7


def learned_problem():
    return problem_with(history(2, 400, "strong"), today_seed=SEED)


def match_weights(problem) -> dict:
    """{(newcomer, volunteer): weight} of every feasible pair, as match's solver saw them."""
    candidates = match(problem, with_candidates=True).candidates
    assert candidates is not None  # asked for
    return {(c.newcomer, c.volunteer): c.weight for c in candidates}


def busiest_newcomer(weights: dict):
    """The newcomer with the most candidate volunteers (a ranking worth checking)."""
    count: dict = {}
    for n, _ in weights:
        count[n] = count.get(n, 0) + 1
    return max(sorted(count), key=lambda n: count[n])


def test_ranking_uses_the_same_weights_as_match():
    problem = learned_problem()
    weights = match_weights(problem)
    newcomer = busiest_newcomer(weights)
    ranked = rank_volunteers(problem, newcomer, limit=None)
    mine = {(newcomer, v): w for (n, v), w in weights.items() if n == newcomer}
    assert len(ranked) == len(mine) > 3
    assert {(p.newcomer, p.volunteer): p.weight for p in ranked} == mine
    assert [p.weight for p in ranked] == sorted(mine.values(), reverse=True)
    boost = _boost(problem, newcomer)
    for p in ranked:  # the weight is the probability plus the waiting boost
        assert p.probability is not None and 0 < p.probability < 1
        quantised = quantise(np.asarray(p.probability + boost))
        assert p.weight == pytest.approx(float(quantised) * WEIGHT_UNIT, abs=1e-4)
    # The ranking differs from the defaults' (the hidden rule is not the default weights).
    plain = rank_volunteers(dataclasses.replace(problem, history=()), newcomer, limit=None)
    assert all(p.probability is None for p in plain)
    assert [p.volunteer for p in plain] != [p.volunteer for p in ranked]


def _boost(problem, newcomer_id) -> float:
    from matcher.features import build_features

    f = build_features(problem)
    return float(f.n_boost[f.n_index[newcomer_id]])


def test_an_already_learned_model_gives_the_same_ranking():
    problem = learned_problem()
    newcomer = busiest_newcomer(match_weights(problem))
    learned = learn(problem)
    assert learned.used
    again = rank_volunteers(problem, newcomer, limit=5, learned=learned)
    assert again == rank_volunteers(problem, newcomer, limit=5)
    # With the model given, the history need not be converted again.
    assert rank_volunteers(dataclasses.replace(problem, history=()), newcomer, limit=5,
                           learned=learned) == again


def test_explaining_a_pair_gives_its_probability_and_matchs_weight():
    problem = learned_problem()
    weights = match_weights(problem)
    newcomer = busiest_newcomer(weights)
    [top, *_] = rank_volunteers(problem, newcomer, limit=3)
    said = explain_pair(problem, newcomer, top.volunteer)
    assert said.probability == pytest.approx(top.probability, abs=1e-4)
    assert said.weight == weights[(newcomer, top.volunteer)]
    assert said.violations == ()
    assert explain_pair(problem, newcomer, top.volunteer, learned=learn(problem)) == said


@pytest.mark.parametrize("case", ["off", "too_few", "noise", "no_history"])
def test_defaults_when_the_model_is_not_used(case):
    base = random_problem(SEED, 30, 15)
    problem = {
        "off": problem_with(history(2, 400, "strong"), learning="off", today_seed=SEED),
        "too_few": problem_with(history(2, 400, "strong")[:120], today_seed=SEED),
        "noise": problem_with(history(0, 400, "noise"), today_seed=SEED),
        "no_history": base,
    }[case]
    weights = match_weights(base)
    newcomer = busiest_newcomer(weights)
    ranked = rank_volunteers(problem, newcomer, limit=None)
    assert [(p.volunteer, p.weight, p.probability) for p in ranked] == \
        [(p.volunteer, p.weight, None) for p in rank_volunteers(base, newcomer, limit=None)]
    assert {(p.newcomer, p.volunteer): p.weight for p in ranked} == \
        {k: w for k, w in weights.items() if k[0] == newcomer}
    said = explain_pair(problem, newcomer, ranked[0].volunteer)
    assert said.probability is None and said.weight == ranked[0].weight


def test_learning_off_ignores_a_given_model():
    problem = learned_problem()
    learned = learn(problem)
    off = dataclasses.replace(problem, settings=dataclasses.replace(problem.settings,
                                                                    learning="off"))
    newcomer = busiest_newcomer(match_weights(problem))
    assert all(p.probability is None
               for p in rank_volunteers(off, newcomer, limit=None, learned=learned))
