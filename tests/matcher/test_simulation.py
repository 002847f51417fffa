"""The simulation in ``benchmarks.simulate``: a hidden rule per seed, the same world for
every policy, and a tiny run end to end (figures are printed by the benchmark, not
asserted here)."""
import datetime as dt
import math
from typing import TypedDict

import pytest

from benchmarks.simulate import (
    HEAVY,
    LIGHT,
    NO_ATTRITION,
    POLICIES,
    Attrition,
    HiddenRule,
    Proposal,
    make_world,
    run,
    simulate,
    summary,
)
from matcher import OUTCOMES, HistoryItem, Newcomer, Volunteer
from matcher.scoring import DEFAULT_WEIGHTS


class WorldSizes(TypedDict):
    """The sizes ``make_world`` and ``simulate`` take, so a tiny world is written once."""
    weeks: int
    initial: tuple[int, int]
    weekly: tuple[int, int]
    warm_up: int


TINY: WorldSizes = {"weeks": 4, "initial": (14, 8), "weekly": (3, 1), "warm_up": 30}


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
    strong = max(rule.yes, key=lambda c: rule.yes[c])
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


def _proposal(outcome: str, held: int) -> Proposal:
    """A week-2 proposal of "n" to "v" (who they were does not matter to ``known_on``)."""
    day = dt.date(2025, 3, 17)
    n = Newcomer(id="n", neighbourhood="a", languages=("fr",), interests=frozenset(),
                 about="", availability=frozenset(), waiting_since=day)
    v = Volunteer(id="v", neighbourhood="a", languages=("fr",), interests=frozenset(),
                  about="", availability=frozenset(), capacity=1)
    return Proposal(week=2, newcomer="n", volunteer="v", outcome=outcome, held=held,
                    item=(n, v, day))


def test_outcomes_are_known_as_time_goes_by():
    p = _proposal("lasting", held=15)
    assert [p.known_on(w) for w in (3, 14, 15)] == ["accepted", "accepted", "lasting"]
    q = _proposal("ended_early", held=4)
    assert [q.known_on(w) for w in (3, 5, 6)] == ["accepted", "accepted", "ended_early"]
    r = _proposal("declined", held=0)
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


# --- attrition (people leave the list; a no discourages) ---------------------------------

HARSH = Attrition(seed=5, leave=0.15, give_up=0.5, step_back=0.4)


@pytest.fixture(scope="module")
def harsh_runs():
    world = make_world(5, attrition=HARSH, **TINY)
    return world, {p: run(world, p) for p in POLICIES}


def test_attrition_is_drawn_from_the_seed_within_its_ranges():
    assert Attrition.draw(7) == Attrition.draw(7)
    assert Attrition.draw(7) != Attrition.draw(8)
    for seed in range(20):
        a = Attrition.draw(seed)
        assert 0.01 <= a.leave <= 0.04 and 0.15 <= a.give_up <= 0.35
        assert 0.05 <= a.step_back <= 0.15
    # the hidden rule does not move when attrition is drawn: separate generators
    assert make_world(5, attrition=False, **TINY).rule == make_world(5, **TINY).rule
    assert make_world(5, attrition=False, **TINY).attrition == NO_ATTRITION
    assert make_world(5, **TINY).attrition == Attrition.draw(5)


def _waiting_at(world, record, a, week):
    """Still on the list at the start of ``week`` before anyone leaves that week."""
    m = record["matched"].get(a)
    gone = record["left"].get(a)
    return (world.new_week[a] < week and (m is None or m >= week)
            and (gone is None or gone[0] >= week)
            and not (gone is not None and gone[0] == week and gone[1] == "gave up"))


def test_attrition_coins_are_the_same_for_every_policy(harsh_runs):
    world, runs = harsh_runs
    att = world.attrition
    seen = 0
    for record in runs.values():
        for a in world.new_week:
            for week in range(1, world.weeks):
                if _waiting_at(world, record, a, week):
                    # whoever is still waiting leaves exactly when the shared coin says so
                    assert (record["left"].get(a) == (week, "left")) == att.leaves(a, week)
        for p in record["proposals"]:
            if not p.held:
                gave_up = record["left"].get(p.newcomer) == (p.week + 1, "gave up")
                assert gave_up == att.gives_up(p.newcomer, p.week)
                seen += 1
    assert seen
    reasons = {why for r in runs.values() for _, why in r["left"].values()}
    assert reasons == {"left", "gave up"}
    assert any(r["stepped_back"] for r in runs.values())


def test_whoever_left_is_never_proposed_again(harsh_runs):
    world, runs = harsh_runs
    for policy, record in runs.items():
        assert record["left"], policy
        for p in record["proposals"]:
            gone = record["left"].get(p.newcomer)
            assert gone is None or p.week < gone[0], (policy, p)
            back = record["stepped_back"].get(p.volunteer)
            assert back is None or p.week < back, (policy, p)
        for a in record["left"]:
            assert a not in record["matched"]
        fig = summary(world, record, world.weeks)
        assert fig["left"] == sum(1 for w, _ in record["left"].values() if w < world.weeks)
        assert fig["matched_share"] <= 1 - fig["left"] / fig["newcomers"]


def test_without_attrition_nobody_leaves():
    world = make_world(5, attrition=False, **TINY)
    record = run(world, "default")
    assert record["left"] == {} and record["stepped_back"] == {}
    assert summary(world, record, 4)["left"] == 0


def test_the_command_line_runs_quick_and_refuses_bad_input(capsys, monkeypatch):
    from benchmarks import simulate as sim

    monkeypatch.setattr(sim, "QUICK_MARKETS", {"balanced": dict(
        initial=(14, 8), weekly=(3, 1), warm_up=30)})
    monkeypatch.setattr(sim, "QUICK_WEEKS", 3)
    sim.main(["--quick", "--seed", "5", "--no-attrition"])
    out = capsys.readouterr().out
    assert "No attrition" in out and "after 3 weeks" in out and "Targets:" in out
    with pytest.raises(SystemExit) as exc:
        sim.main(["--seeds", "0"])
    assert exc.value.code != 0
    assert "--seeds" in capsys.readouterr().err
