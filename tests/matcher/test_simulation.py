"""The simulation in ``benchmarks.simulate``: a hidden rule per seed, the same world for
every policy, and a tiny run end to end (figures are printed by the benchmark, not
asserted here)."""
import datetime as dt
import math

import pytest

from benchmarks.simulate import (HEAVY, LIGHT, POLICIES, HiddenRule, Proposal, make_world,
                                 run, simulate, summary)
from matcher import OUTCOMES, HistoryItem
from matcher.scoring import DEFAULT_WEIGHTS

TINY = dict(weeks=4, initial=(14, 8), weekly=(3, 1), warm_up=30)


def test_the_hidden_rule_is_drawn_from_the_seed_and_differs_from_the_defaults():
    a, b = HiddenRule.draw(1), HiddenRule.draw(2)
    assert HiddenRule.draw(1) == a  # reproducible
    assert a.yes != b.yes and a.last != b.last
    for seed in range(10):
        rule = HiddenRule.draw(seed)
        assert set(rule.yes) == set(DEFAULT_WEIGHTS)
        # one of the components the defaults weigh most does not matter at all...
        assert any(rule.yes[c] == 0 for c in HEAVY)
        # ...and one of those they weigh least matters a lot
        assert any(rule.yes[c] >= 2.5 for c in LIGHT)
    line = a.describe()
    assert all(name in line for name in DEFAULT_WEIGHTS)


def test_a_pair_that_fits_the_rule_says_yes_more_often():
    rule = HiddenRule.draw(3)
    strong = max(rule.yes, key=rule.yes.get)
    low = {c: [0.5, 0.5] for c in DEFAULT_WEIGHTS}
    high = dict(low, **{strong: [1.0, 1.0]})
    low[strong] = [0.0, 0.0]
    ids = (["n1", "n2"], ["v1", "v2"])
    assert (rule.p_yes(high, *ids) > rule.p_yes(low, *ids)).all()


@pytest.fixture(scope="module")
def tiny_runs():
    world = make_world(5, **TINY)
    return world, {p: run(world, p) for p in POLICIES}


def test_every_policy_meets_the_same_people_and_the_same_coins(tiny_runs):
    world, runs = tiny_runs
    joined = [r["joined"] for r in runs.values()]
    assert all(j == joined[0] for j in joined)
    assert sum(len(ids) for ids in joined[0].values()) == 14 + 3 * 3
    # a pair proposed in the same week by two policies gets the same answer
    fates: dict = {}
    shared = 0
    for r in runs.values():
        for p in r["proposals"]:
            key = (p.week, p.newcomer, p.volunteer)
            if key in fates:
                shared += 1
                assert fates[key] == (p.outcome, p.held)
            fates[key] = (p.outcome, p.held)
    assert shared > 0


def test_the_warm_up_is_a_previous_year_of_final_outcomes(tiny_runs):
    world, _ = tiny_runs
    assert len(world.history) == 30
    assert all(isinstance(h, HistoryItem) for h in world.history)
    assert {h.outcome for h in world.history} <= set(OUTCOMES) - {"accepted"}
    assert max(h.proposed_on for h in world.history) < world.start
    current = {n["id"] for n in world.data["newcomers"]}
    assert not current & {h.newcomer.id for h in world.history}


def test_outcomes_are_known_as_time_goes_by():
    p = Proposal(week=2, newcomer="n", volunteer="v", outcome="lasting", held=15, item=())
    assert [p.known_on(w) for w in (3, 14, 15)] == ["accepted", "accepted", "lasting"]
    q = Proposal(week=2, newcomer="n", volunteer="v", outcome="ended_early", held=4, item=())
    assert [q.known_on(w) for w in (3, 5, 6)] == ["accepted", "accepted", "ended_early"]
    r = Proposal(week=2, newcomer="n", volunteer="v", outcome="declined", held=0, item=())
    assert r.known_on(3) == "declined"


def test_a_tiny_simulation_runs_end_to_end(tiny_runs):
    world, runs = tiny_runs
    for policy, record in runs.items():
        assert record["proposals"], policy
        fig = summary(world, record, 4)
        assert fig["newcomers"] == 23 and fig["volunteers"] == 11
        assert 0 <= fig["accepted"] <= fig["proposals"]
        assert fig["lasting"] <= fig["accepted"]
        assert 0.0 <= fig["matched_share"] <= 1.0
        assert fig["median_wait_weeks"] is None or fig["median_wait_weeks"] >= 0
        assert not math.isnan(fig["mean_wait_weeks"])
        # a newcomer says yes at most once
        yes = [p.newcomer for p in record["proposals"] if p.held]
        assert len(yes) == len(set(yes))
    res = simulate([5], policies=("default", "nearest"), horizons=(2, 4), **TINY)
    assert set(res["figures"]) == {(p, 5, h) for p in ("default", "nearest") for h in (2, 4)}
    assert res["figures"][("default", 5, 4)] == summary(world, runs["default"], 4)


def test_an_unknown_policy_is_refused(tiny_runs):
    world, _ = tiny_runs
    with pytest.raises(ValueError, match="unknown policy"):
        run(world, "random")
    assert world.start == dt.date(2025, 3, 10)
