"""Score components, weights, the waiting boost, and their explanations."""
import dataclasses
import datetime as dt

import numpy as np
import pytest
from matcher_helpers import NBHDS, TODAY, example_data, random_problem

from matcher import (
    DEFAULT_WEIGHTS,
    Newcomer,
    Problem,
    Settings,
    Volunteer,
    explain_pair,
    match,
    parse_problem,
    rank_volunteers,
    waiting_boost,
)
from matcher.features import about_vectors


def newcomer(**kw):
    base = Newcomer(id="n", neighbourhood="a", languages=("ar", "fr"), interests=frozenset(),
                    about="", availability=frozenset({"sat-morning"}), waiting_since=TODAY)
    return dataclasses.replace(base, **kw)


def volunteer(**kw):
    base = Volunteer(id="v", neighbourhood="a", languages=("fr",), interests=frozenset(),
                     about="", availability=frozenset({"sat-morning"}), capacity=1)
    return dataclasses.replace(base, **kw)


def problem(n, vols, **settings):
    vols = vols if isinstance(vols, (list, tuple)) else [vols]
    return Problem(NBHDS, (n,), tuple(vols), Settings(today=TODAY, **{"min_score": 0.0} | settings))


def explain(n, v, **settings):
    return explain_pair(problem(n, v, **settings), n.id, v.id)


def test_default_weights_are_documented_and_sum_to_one():
    assert abs(sum(DEFAULT_WEIGHTS.values()) - 1) < 1e-12
    readme = (example_data.__globals__["EXAMPLE"].parents[1] / "README.md").read_text()
    for name, w in DEFAULT_WEIGHTS.items():
        assert f"| {name}" in readme and f"{w:.2f}" in readme


def test_components_are_in_unit_interval_and_pairs_consistent():
    p = random_problem(3, 40, 25)
    r = match(p)
    assert r.pairs
    for pair in r.pairs:
        assert set(pair.components) == set(DEFAULT_WEIGHTS)
        assert all(0 <= v <= 1 for v in pair.components.values())
        assert 0 <= pair.score <= 1 and pair.weight >= pair.score
        e = explain_pair(p, pair.newcomer, pair.volunteer)
        assert e.violations == ()
        assert (e.score, e.weight, dict(e.components), e.reasons) == (
            pair.score, pair.weight, dict(pair.components), pair.reasons)


def test_neighbourhood_same_is_best_then_decays_with_distance():
    same = explain(newcomer(), volunteer())
    near = explain(newcomer(), volunteer(neighbourhood="b"))
    assert same.components["neighbourhood"] == 1.0
    assert 0 < near.components["neighbourhood"] < 0.8
    assert 1.0 < near.distance_km < 1.3
    far = explain(newcomer(), volunteer(neighbourhood="far"), max_distance_km=50)
    assert far.components["neighbourhood"] < near.components["neighbourhood"]
    assert any("Même quartier : Les Nangues" == r for r in same.reasons)


def test_interests_tags_and_french_text_tolerate_accents_plurals_typos():
    X = about_vectors(["Randonnée en forêt", "randonnee en foret", "randonees en forets",
                       "informatique et programmation", "Les randonnées dans les forêts"])
    sim = (X @ X.T).toarray()
    assert sim[0, 1] > 0.999  # accents and case only
    assert sim[0, 2] > 0.5  # typo + plural
    assert sim[0, 4] > 0.7  # plurals and function words
    assert sim[0, 3] < 0.1
    a = explain(newcomer(interests=frozenset({"cuisine", "randonnee"})),
                volunteer(interests=frozenset({"cuisine", "randonnee", "velo"})))
    b = explain(newcomer(interests=frozenset({"cuisine", "randonnee"})),
                volunteer(interests=frozenset({"velo"})))
    assert a.components["interests"] > b.components["interests"]
    assert "Intérêts communs : cuisine, randonnée" in a.reasons


def test_no_common_slot_lowers_the_score_strongly():
    one = explain(newcomer(), volunteer())
    none = explain(newcomer(), volunteer(availability=frozenset({"mon-evening"})))
    assert none.components["availability"] == 0
    assert none.score <= 0.5 * one.score + 1e-9
    assert "Disponibles tous les deux : samedi matin" in one.reasons


def test_practise_french_prefers_a_french_speaker():
    n = newcomer(languages=("ar", "fr"), practise_french=True)
    fr = explain(n, volunteer(languages=("fr", "ar")))
    ar = explain(n, volunteer(languages=("ar",)))
    assert fr.components["language"] == 1.0 > ar.components["language"]
    n2 = newcomer(languages=("ar", "fr"))
    assert explain(n2, volunteer(languages=("ar",))).components["language"] == 1.0
    assert ("Langue commune : arabe, la première langue du nouvel arrivant"
            in explain(n2, volunteer(languages=("ar",))).reasons)


def test_age_and_intergenerational_wish():
    close = explain(newcomer(birth_year=1990), volunteer(birth_year=1992)).components["age"]
    far = explain(newcomer(birth_year=1990), volunteer(birth_year=1950)).components["age"]
    assert close > far
    inter = explain(newcomer(birth_year=1990, intergenerational=True),
                    volunteer(birth_year=1950)).components["age"]
    assert inter == 1.0
    assert explain(newcomer(), volunteer()).components["age"] == 0.5


def test_household_component():
    same = explain(newcomer(household="children"), volunteer(household="children"))
    diff = explain(newcomer(household="children"), volunteer(household="alone"))
    assert same.components["household"] > diff.components["household"]


def test_weights_are_configuration():
    n = newcomer(interests=frozenset({"cuisine"}))
    v = volunteer(neighbourhood="b", interests=frozenset({"cuisine"}))
    base = explain(n, v).score
    only_interests = explain(n, v, weights={k: 0.0 for k in DEFAULT_WEIGHTS} | {"interests": 1.0})
    assert only_interests.score != base
    assert only_interests.score == pytest.approx(only_interests.components["interests"], abs=1e-4)


def test_waiting_boost_grows_then_caps_and_never_makes_a_pair_feasible():
    s = Settings(today=TODAY)
    b = waiting_boost(np.array([0, 7, 70, 84, 400, -5]), s)
    assert list(np.round(b, 6)) == [0, 0.025, 0.25, 0.3, 0.3, 0]
    old = newcomer(waiting_since=TODAY - dt.timedelta(days=200))
    v = volunteer(availability=frozenset({"mon-evening"}))
    e = explain(old, v, min_score=0.99)
    assert e.weight == pytest.approx(e.score + 0.3, abs=1e-5)
    assert any("minimum" in x for x in e.violations)
    p = problem(old, v, min_score=0.99)
    p = dataclasses.replace(p, settings=dataclasses.replace(p.settings, min_score=0.99))
    assert match(p).pairs == ()


def test_longer_wait_wins_a_contested_volunteer():
    n_new = newcomer(id="new", waiting_since=TODAY)
    n_old = newcomer(id="old", waiting_since=TODAY - dt.timedelta(days=60))
    p = Problem(NBHDS, (n_new, n_old), (volunteer(),), Settings(today=TODAY))
    r = match(p)
    assert [(x.newcomer, x.volunteer) for x in r.pairs] == [("old", "v")]
    assert r.unmatched[0].newcomer == "new"
    assert r.unmatched[0].reason == \
        "le seul bénévole compatible est pris par un autre nouvel arrivant"


def test_rank_volunteers_is_sorted_and_feasible():
    p = random_problem(5, 10, 30)
    nid = p.newcomers[0].id
    ranked = rank_volunteers(p, nid, limit=None)
    weights = [x.weight for x in ranked]
    assert weights == sorted(weights, reverse=True)
    assert all(explain_pair(p, nid, x.volunteer).violations == () for x in ranked)
    assert len(rank_volunteers(p, nid, limit=3)) == min(3, len(ranked))
    assert all(2 <= len(x.reasons) <= 4 for x in ranked)


def test_explain_pair_lists_violated_constraints():
    n = newcomer(languages=("uk",), buddy_gender="f")
    v = volunteer(neighbourhood="far", languages=("fr",), gender="m", capacity=1,
                  active_matches=1)
    p = Problem(NBHDS, (n,), (v,), Settings(today=TODAY, min_score=0.9), frozenset({("n", "v")}))
    e = explain_pair(p, "n", "v", lang="en")
    text = " | ".join(e.violations)
    for word in ("distance", "no common language", "newcomer's wish is not met (buddy: a woman)",
                 "fully booked",
                 "already proposed", "below the minimum"):
        assert word in text


def test_example_reasons_in_both_languages():
    p = parse_problem(example_data())
    for lang, needle in (("fr", "Même quartier : Les Nangues"),
                         ("en", "Same neighbourhood: Les Nangues")):
        r = match(p, lang=lang)
        assert all(2 <= len(x.reasons) <= 4 for x in r.pairs)
        assert needle in r.pairs[0].reasons
        assert all(u.reason for u in r.unmatched)


def test_label_overrides():
    p = parse_problem(example_data())
    r = match(p, labels={"languages": {"ar": "arabe dialectal"},
                         "interests": {"cuisine": "Cuisiner"}})
    reasons = r.pairs[0].reasons
    assert "Langue commune : arabe dialectal, la première langue du nouvel arrivant" in reasons
    assert any("cuisiner" in x for x in reasons)
