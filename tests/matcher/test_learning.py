"""Learning from outcomes (matcher.learning): it finds what matters, says so plainly,
stays out of the way when it cannot do better, and never bends a hard constraint."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import cache

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from matcher_helpers import NBHDS, TODAY, candidate_graph, random_problem

from matcher import HistoryItem, Problem, Settings, match, result_to_dict
from matcher.candidates import WEIGHT_UNIT, quantise
from matcher.learning import MIN_OUTCOMES, blockwise, history_components, learn
from matcher.scoring import components
from matcher.slots import mask_to_slots, slots_to_mask
from web.cli import cli

FAIL = ("declined", "expired", "ended_early")
SUCCEED = ("accepted", "lasting")


def _logistic(z):
    return 1 / (1 + np.exp(-z))


def strong_rule(c):
    """Success hinges on language and free time in common, not on interests, and a
    little against living in the same neighbourhood (unlike the default weights)."""
    return _logistic(-5 + 4 * c["language"] + 4 * c["availability"] - 1.5 * c["neighbourhood"])


def noise_rule(c):
    return np.full(len(c["language"]), 0.4)


@cache
def history(seed: int, n: int, rule_name: str) -> tuple[HistoryItem, ...]:
    """``n`` past proposals, one a day up to yesterday, with outcomes drawn from a
    hidden rule applied to the engine's components of each pair."""
    rule = {"strong": strong_rule, "noise": noise_rule}[rule_name]
    people = random_problem(seed, n, n, p_excluded=0)
    rng = np.random.default_rng(seed + 1000)
    items = [HistoryItem(people.newcomers[k], people.volunteers[k],
                         TODAY - dt.timedelta(days=n - k), "declined") for k in range(n)]
    names, X, _, _, _ = history_components(problem_with(items))
    success = rng.random(n) < rule(dict(zip(names, X.T, strict=True)))
    return tuple(dataclasses.replace(h, outcome=str(rng.choice(SUCCEED if ok else FAIL)))
                 for h, ok in zip(items, success, strict=True))


def problem_with(items, learning: str = "auto", today_seed: int | None = None) -> Problem:
    base = (random_problem(today_seed, 30, 15) if today_seed is not None
            else Problem(NBHDS, (), (), Settings(today=TODAY)))
    return dataclasses.replace(base, history=tuple(items),
                               settings=dataclasses.replace(base.settings, learning=learning))


def test_recovers_what_matters_and_is_used():
    report = learn(problem_with(history(2, 400, "strong"))).report
    assert report.used, report.reason
    assert report.outcomes == 400 and 0 < report.positives < 400
    ranked = sorted(report.effects, key=lambda n: -abs(np.log(report.effects[n])))
    assert set(ranked[:2]) == {"language", "availability"}
    assert report.effects["language"] > 3 and report.effects["availability"] > 3
    assert report.effects["neighbourhood"] < 1  # learned against the default weights
    assert 0.5 < report.effects["interests"] < 2  # no real effect
    q = report.quality
    assert q["held_out"] == 100 and q["trained"] == 300
    assert q["model_log_loss"] < q["default_log_loss"]
    assert q["model_auc"] > q["default_auc"] and q["model_brier"] < q["default_brier"]
    fr, en = report.explanation["fr"], report.explanation["en"]
    assert fr[0].startswith("Le modèle appris sur 400 propositions est utilisé")
    assert en[0] == report.reason
    assert fr[1].startswith("Sur les 100 dernières propositions, le modèle a mieux prévu")
    # one sentence per component, biggest effect first
    assert len(fr) == 2 + 6 and len(en) == 2 + 6
    assert {fr[2].split(" :")[0], fr[3].split(" :")[0]} == {
        "Parler la même langue", "Des moments libres en commun"}
    assert "les chances de succès sont multipliées par" in fr[2]
    assert "Cela compte beaucoup." in fr[2]
    assert any(s.startswith("Shared interests: ") for s in en)


def test_too_few_outcomes_keeps_the_defaults_and_says_why():
    report = learn(problem_with(history(2, 400, "strong")[:120])).report
    assert not report.used and report.outcomes == 120
    assert report.reason == (f"Only 120 outcomes known ({MIN_OUTCOMES} needed): "
                             "the default weights are used.")
    assert report.explanation["fr"][0] == (
        f"Seulement 120 résultats connus (il en faut {MIN_OUTCOMES}) : "
        "les poids par défaut sont utilisés.")
    assert report.effects == {}


def test_too_few_failures_keeps_the_defaults():
    items = [dataclasses.replace(h, outcome="lasting") for h in history(2, 400, "strong")]
    items[:5] = [dataclasses.replace(h, outcome="declined") for h in items[:5]]
    report = learn(problem_with(items)).report
    assert not report.used
    assert report.reason.startswith("Only 5 failures known")
    assert report.explanation["fr"][0].startswith("Seulement 5 échecs connus")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_does_not_beat_the_defaults(seed):
    report = learn(problem_with(history(seed, 400, "noise"))).report
    assert not report.used
    assert report.reason.startswith("On the last 100 proposals, the model did no better")
    assert report.explanation["fr"][0].startswith(
        "Sur les 100 dernières propositions, le modèle ne fait pas mieux")
    assert set(report.quality) >= {"model_log_loss", "default_log_loss"}


def test_learning_off():
    report = learn(problem_with(history(2, 400, "strong"), learning="off")).report
    assert not report.used
    assert report.reason == "Learning is off: the default weights are used."


def test_engine_uses_the_model_for_weights_only():
    plain = random_problem(7, 30, 15)
    learned = problem_with(history(2, 400, "strong"), today_seed=7)
    res, base = match(learned), match(plain)
    assert res.model is not None and res.model.used and base.model is None
    f, cands = candidate_graph(plain)
    # the same feasible pairs (hard constraints and min_score unchanged) ...
    feasible = set(zip(cands.I.tolist(), cands.J.tolist(), strict=True))
    for p in res.pairs:
        assert (f.n_index[p.newcomer], f.v_index[p.volunteer]) in feasible
        assert p.probability is not None and 0 < p.probability < 1
        boost = f.n_boost[f.n_index[p.newcomer]]
        # ... the weight is the probability plus the waiting boost
        quantised = quantise(np.asarray(p.probability + boost))
        assert p.weight == pytest.approx(float(quantised) * WEIGHT_UNIT, abs=1e-4)
    assert len(res.pairs) == len(base.pairs)  # still as many matched as possible
    assert all(p.probability is None for p in base.pairs)
    # the learned assignment is the best one by predicted success (plus boosts)
    by_pair = {(p.newcomer, p.volunteer): p for p in res.pairs}
    learned_again = match(learned, with_candidates=True)
    assert learned_again.candidates is not None  # asked for
    weights = {(c.newcomer, c.volunteer): c.weight for c in learned_again.candidates}
    total = sum(weights[k] for k in by_pair)
    assert total >= sum(weights[(p.newcomer, p.volunteer)] for p in base.pairs) - 1e-9


def test_probability_is_the_models_and_blocks_agree_with_pairs():
    learned = learn(problem_with(history(2, 400, "strong")))
    today = random_problem(3, 60, 30)
    f, c = candidate_graph(today)
    comps = components(f, c.I, c.J, c.D, today.settings)
    expected = learned.model.predict_proba(np.column_stack([comps[n] for n in learned.names]))
    probability = learned.probability(comps)
    assert probability is not None  # the model is used
    assert np.allclose(probability, expected[:, 1], atol=1e-12)
    in_blocks = blockwise(f, c.I, c.J, today.settings, learned.probability, max_cells=200)
    assert np.allclose(in_blocks, expected[:, 1], atol=1e-5)


def test_engine_keeps_the_defaults_when_not_used():
    plain = random_problem(7, 30, 15)
    res = match(problem_with(history(0, 400, "noise"), today_seed=7))
    base = match(plain)
    assert res.model is not None and not res.model.used
    assert [(p.newcomer, p.volunteer, p.weight) for p in res.pairs] == \
        [(p.newcomer, p.volunteer, p.weight) for p in base.pairs]
    assert all(p.probability is None for p in res.pairs)
    out = result_to_dict(res)
    assert out["model"]["used"] is False and all(p["probability"] is None for p in out["pairs"])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_hard_constraints_hold_with_learning(seed):
    problem = problem_with(history(2, 400, "strong"), today_seed=seed)
    res = match(problem)
    assert res.model is not None and res.model.used
    caps = {v.id: v.capacity - v.active_matches for v in problem.volunteers}
    load: dict = {}
    for p in res.pairs:
        assert (p.newcomer, p.volunteer) not in problem.excluded_pairs
        load[p.volunteer] = load.get(p.volunteer, 0) + 1
        assert p.score >= problem.settings.min_score
    assert all(load[v] <= caps[v] for v in load)
    assert len(res.pairs) == len(match(dataclasses.replace(problem, history=())).pairs)


# --- the file interface -------------------------------------------------------------

def person_json(p) -> dict:
    out = {"id": p.id, "neighbourhood": p.neighbourhood, "languages": list(p.languages),
           "interests": sorted(p.interests), "about": p.about,
           "availability": mask_to_slots(slots_to_mask(p.availability))}
    for name in ("birth_year", "gender", "household"):
        if getattr(p, name) is not None:
            out[name] = getattr(p, name)
    return out


def file_data(items) -> dict:
    today = random_problem(7, 30, 15)
    news = [dict(person_json(p), waiting_since=p.waiting_since.isoformat())
            for p in today.newcomers]
    vols = [dict(person_json(v), capacity=v.capacity) for v in today.volunteers]
    return {
        "neighbourhoods": [{"id": n.id, "name": n.name, "lat": n.lat, "lon": n.lon}
                           for n in NBHDS],
        "newcomers": news, "volunteers": vols,
        "settings": {"today": TODAY.isoformat()},
        "history": [{"newcomer": person_json(h.newcomer), "volunteer": person_json(h.volunteer),
                     "proposed_on": h.proposed_on.isoformat(), "outcome": h.outcome}
                    for h in items],
    }


def run(tmp_path, data):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return CliRunner().invoke(cli, ["match-file", str(path), "--lang", "en"])


def test_match_file_with_history(tmp_path):
    res = run(tmp_path, file_data(history(2, 400, "strong")))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    model = out["model"]
    assert model["used"] is True and model["outcomes"] == 400
    assert set(model["effects"]) == {"neighbourhood", "interests", "availability", "language",
                                     "age", "household"}
    assert model["explanation"]["en"][0] == model["reason"]
    assert out["pairs"] and all(0 < p["probability"] < 1 for p in out["pairs"])


def test_match_file_without_history_has_no_model(tmp_path):
    data = file_data(())
    del data["history"]
    out = json.loads(run(tmp_path, data).stdout)
    assert "model" not in out and all("probability" not in p for p in out["pairs"])


@pytest.mark.parametrize("change, message", [
    (lambda h: h[3].update(outcome="maybe"),
     'history[3].outcome: expected one of declined, expired, ended_early, accepted, '
     'lasting, got "maybe"'),
    (lambda h: h[0].update(proposed_on="2025-13-01"),
     'history[0].proposed_on: invalid date "2025-13-01"'),
    (lambda h: h[1]["newcomer"].pop("languages"), "history[1].newcomer.languages: missing"),
    (lambda h: h[2]["volunteer"].update(neighbourhood="nowhere"),
     'history[2].volunteer.neighbourhood: unknown neighbourhood "nowhere"'),
    (lambda h: h.__setitem__(4, "x"), "history[4]: expected an object, got str"),
])
def test_bad_history_item_exits_2_naming_the_field(tmp_path, change, message):
    data = file_data(history(2, 400, "strong")[:10])
    change(data["history"])
    res = run(tmp_path, data)
    assert res.exit_code == 2
    assert res.stderr.strip() == message and "\n" not in res.stderr.strip()


def test_bad_learning_setting(tmp_path):
    data = file_data(())
    data["settings"]["learning"] = "on"
    res = run(tmp_path, data)
    assert res.exit_code == 2
    assert res.stderr.strip() == 'settings.learning: expected "auto" or "off", got "on"'
