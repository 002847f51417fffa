"""Reasons a person understands, in the 8 interface languages: genders in words, whose
wish could not be met, free times grouped naturally, who speaks which language, and the
score components named."""
import re
from collections.abc import Mapping
from typing import Any

import pytest
from matcher_helpers import NBHDS, TODAY

from matcher import Newcomer, Problem, Settings, Volunteer, explain_pair, match
from matcher.labels import LANGS, Labels, component_name, named_components
from matcher.sentences import COMPONENT_NAMES

RAW = re.compile(r"\b(female|male|other|neighbourhood|availability|household)\b|[{}]")


def newcomer(**kw):
    base = dict(id="n", neighbourhood="a", languages=("ar", "fr"), interests=frozenset(),
                about="", availability=frozenset({"sat-morning"}), waiting_since=TODAY,
                name="Amina")
    return Newcomer(**{**base, **kw})


def volunteer(**kw):
    base = dict(id="v", neighbourhood="a", languages=("fr", "ar"), interests=frozenset(),
                about="", availability=frozenset({"sat-morning"}), capacity=1, name="Claire")
    return Volunteer(**{**base, **kw})


def problem(n, v, excluded=frozenset(), **settings):
    return Problem(NBHDS, (n,), (v,), Settings(today=TODAY, **settings), excluded)


def unmatched(n, v, **kw) -> Mapping[str, str]:
    (u,) = match(problem(n, v, **kw), langs=LANGS).unmatched
    return u.reason_by_lang


def check_eight(said: Mapping[str, str | tuple[str, ...]], english_text: str):
    """Every language has its own wording, with no raw code or placeholder left."""
    assert set(said) == set(LANGS)
    english = said["en"]
    for lang, text in said.items():
        joined = " ".join(text) if isinstance(text, tuple) else text
        assert joined and not RAW.search(joined), (lang, joined)
        if lang != "en":
            assert joined != (" ".join(english) if isinstance(english, tuple) else english)
    assert english_text in (" | ".join(english) if isinstance(english, tuple) else english)


#: keyword arguments of newcomer(), volunteer() or problem(): values of mixed types
Kwargs = dict[str, Any]

#: case -> (people's changes {"n": ..., "v": ...}, problem's changes, French, English)
UNMATCHED: dict[str, tuple[dict[str, Kwargs], Kwargs, str, str]] = {
    "near": (dict(v=dict(neighbourhood="far")), {}, "aucun bénévole à moins de 5 km",
             "no volunteer within 5 km"),
    "language": (dict(n=dict(languages=("uk",))), {}, "personne ne parle ukrainien à moins de 5 km",
                 "nobody within 5 km speaks Ukrainian"),
    "newcomer's gender wish": (
        dict(n=dict(buddy_gender="female"), v=dict(gender="male")), {},
        "aucun bénévole proche n'est une femme, comme le souhaite le nouvel arrivant",
        "no nearby volunteer is a woman, as the newcomer wishes"),
    "volunteer's gender wish": (
        dict(n=dict(gender="female"), v=dict(newcomer_gender="male")), {},
        "les bénévoles proches souhaitent accompagner un homme",
        "the nearby volunteers wish to accompany a man"),
    "volunteer's wish, newcomer's gender unknown": (
        dict(v=dict(newcomer_gender="female")), {},
        "les bénévoles proches souhaitent accompagner une femme ; le genre du nouvel "
        "arrivant n'est pas indiqué", "the newcomer's gender is not given"),
    "capacity": (dict(v=dict(active_matches=1)), {}, "tous les bénévoles proches sont complets",
                 "all nearby volunteers are fully booked"),
    "excluded": (dict(), dict(excluded=frozenset({("n", "v")})),
                 "tous les bénévoles compatibles ont déjà été proposés (refus, expiration ou fin)",
                 "every compatible volunteer was already proposed"),
    "min_score": (dict(), dict(min_score=0.99),
                  "aucun bénévole proche n'atteint le score minimal (0,99)",
                  "no nearby volunteer reaches the minimum score (0.99)"),
}


@pytest.mark.parametrize("case", list(UNMATCHED))
def test_each_unmatched_reason_in_the_eight_languages(case):
    people, kw, french, english = UNMATCHED[case]
    said = unmatched(newcomer(**people.get("n", {})), volunteer(**people.get("v", {})), **kw)
    assert said["fr"] == french
    check_eight(said, english)


def test_the_short_gender_codes_of_match_files_read_the_same():
    said = unmatched(newcomer(buddy_gender="f"), volunteer(gender="m"))
    assert "une femme" in said["fr"] and "female" not in said["fr"] and "(f)" not in said["fr"]
    assert said["ar"].count("امرأة") == 1 and "ښځه" in said["ps"]


def test_the_volunteers_wishes_are_listed_when_they_differ():
    n = newcomer(gender="other")
    p = Problem(NBHDS, (n,), (volunteer(id="v1", newcomer_gender="female"),
                              volunteer(id="v2", newcomer_gender="male")), Settings(today=TODAY))
    (u,) = match(p, langs=("fr", "es")).unmatched
    assert u.reason == "les bénévoles proches souhaitent accompagner une femme ou un homme"
    assert u.reason_by_lang["es"] == \
        "los voluntarios cercanos desean acompañar a una mujer o un hombre"


def test_a_manual_pairing_says_whose_gender_wish_it_breaks():
    p = problem(newcomer(buddy_gender="female", gender="female"),
                volunteer(gender="male", newcomer_gender="male"))
    e = explain_pair(p, "n", "v", langs=LANGS)
    assert e.violations == ("souhait du nouvel arrivant non respecté (binôme : une femme)",
                            "souhait du bénévole non respecté (accompagner : un homme)")
    check_eight(e.violations_by_lang, "the volunteer's wish is not met (to accompany: a man)")
    only_volunteer = explain_pair(problem(newcomer(), volunteer(newcomer_gender="female")),
                                  "n", "v", lang="en")
    assert only_volunteer.violations == (
        "the volunteer's wish (to accompany: a woman): the newcomer's gender is not given",)


def pair_reasons(n, v) -> Mapping[str, tuple[str, ...]]:
    (pair,) = match(problem(n, v, min_score=0.0), langs=LANGS).pairs
    return pair.reasons_by_lang


def test_free_times_are_grouped_with_correct_plurals():
    free = frozenset({"tue-afternoon", "wed-afternoon", "sat-morning"})
    said = pair_reasons(newcomer(availability=free), volunteer(availability=free))
    assert said["fr"][1] == "Disponibles tous les deux : mardi et mercredi après-midi, samedi matin"
    assert said["en"][1] == "Both available: Tuesday and Wednesday afternoon, Saturday morning"
    assert said["es"][1] == ("Ambos disponibles: martes y miércoles por la tarde, "
                             "sábado por la mañana")
    check_eight({k: v[1] for k, v in said.items()}, "Tuesday and Wednesday afternoon")
    five = free | {"sat-afternoon", "sun-evening"}
    said = pair_reasons(newcomer(availability=five), volunteer(availability=five))
    assert said["fr"][1] == ("Disponibles tous les deux : mardi et mercredi après-midi, "
                             "samedi matin et après-midi et 1 autre créneau")
    assert "1 autres" not in said["fr"][1] and said["en"][1].endswith("and 1 other time")
    every = frozenset(f"{d}-{p}" for d in ("mon", "tue", "wed", "thu", "fri")
                      for p in ("morning", "evening"))
    said = pair_reasons(newcomer(availability=every), volunteer(availability=every))
    assert said["fr"][1] == ("Disponibles tous les deux : lundi, mardi, mercredi, jeudi et "
                             "vendredi matin et soir")
    days = frozenset({"mon-morning", "tue-afternoon", "wed-evening", "thu-morning",
                      "fri-afternoon", "sat-evening"})
    said = pair_reasons(newcomer(availability=days), volunteer(availability=days))
    assert said["fr"][1] == ("Disponibles tous les deux : lundi et jeudi matin, mardi et "
                             "vendredi après-midi et 2 autres créneaux")
    assert said["en"][1].endswith("and 2 other times")


def test_who_speaks_which_language():
    said = pair_reasons(newcomer(practise_french=True), volunteer())
    assert said["fr"][-2:] == ("Langue commune : arabe, la première langue d'Amina",
                               "Amina veut pratiquer le français : Claire le parle")
    assert said["en"][-2:] == ("Common language: Arabic, Amina's first language",
                               "Amina wants to practise French: Claire speaks it")
    check_eight({k: v[-2:] for k, v in said.items()}, "Claire speaks it")
    # without first names (a match file), the roles; French and Spanish contract "de"
    said = pair_reasons(newcomer(name=None, practise_french=True), volunteer(name=None))
    assert said["fr"][-1] == "Le nouvel arrivant veut pratiquer le français : le bénévole le parle"
    assert said["fr"][-2] == "Langue commune : arabe, la première langue du nouvel arrivant"
    # a shared language that is not the newcomer's first: simply the common language
    said = pair_reasons(newcomer(languages=("uk", "ar")), volunteer(languages=("ar",)))
    assert said["fr"][-1] == "Langue commune : arabe"
    assert Labels("fr").t("first_language", name="persan", newcomer="Hamid") == \
        "Langue commune : persan, la première langue de Hamid"


def test_every_component_has_a_reason_in_words():
    n = newcomer(interests=frozenset({"cuisine"}), birth_year=1990, household="children",
                 neighbourhood="b")
    v = volunteer(interests=frozenset({"cuisine"}), birth_year=1991, household="children")
    e = explain_pair(problem(n, v, min_score=0.0), "n", "v", langs=LANGS)
    assert e.reasons[:3] == ("Quartiers proches : Centre-ville et Les Nangues (1,1 km)",
                             "Intérêts communs : cuisine",
                             "Disponibles tous les deux : samedi matin")
    assert e.reasons[3] == "Langue commune : arabe, la première langue d'Amina"
    check_eight(e.reasons_by_lang, "Shared interests: cooking")
    few = pair_reasons(newcomer(languages=("fr",), birth_year=1990, household="children",
                                availability=frozenset()),
                       volunteer(birth_year=1991, household="children"))
    assert few["fr"][1:] == ("Langue commune : français, la première langue d'Amina",
                             "Âges proches", "Situations de vie semblables")


def test_components_are_named_in_every_language():
    assert set(COMPONENT_NAMES) == {"neighbourhood", "interests", "availability", "language",
                                    "age", "household"}
    for names in COMPONENT_NAMES.values():
        assert set(names) == set(LANGS) and all(names.values())
    assert component_name("age", "fr") == "Âge" and component_name("age", "de") == "Age"
    assert component_name("learned", "fr") == "learned"
    assert named_components({"age": 0.8, "neighbourhood": 1.0, "zz": 0.1}, "fr") == [
        ("Quartier", 1.0), ("Âge", 0.8), ("zz", 0.1)]
