"""Every unmatched newcomer gets the reason that applies."""
import pytest
from matcher_helpers import NBHDS, TODAY
from test_matcher_scoring import newcomer, volunteer

from matcher import Problem, Settings, match


def reason(n, vols, lang="fr", excluded=(), **settings):
    s = Settings(today=TODAY, **{"min_score": 0.0, "max_distance_km": 3.0} | settings)
    r = match(Problem(NBHDS, (n,), tuple(vols), s, frozenset(excluded)), lang=lang)
    assert len(r.unmatched) == 1
    return r.unmatched[0].reason


def test_nobody_near():
    assert reason(newcomer(neighbourhood="far"), [volunteer()]) == \
        "aucun bénévole à moins de 3 km"
    assert reason(newcomer(), []) == "aucun bénévole à moins de 3 km"


def test_nobody_speaks_the_language():
    n = newcomer(languages=("uk",))
    assert reason(n, [volunteer()]) == "personne ne parle ukrainien à moins de 3 km"
    assert reason(n, [volunteer()], lang="en") == "nobody within 3 km speaks Ukrainian"
    n2 = newcomer(languages=("uk", "ru"))
    assert reason(n2, [volunteer()]) == "personne ne parle ukrainien ni russe à moins de 3 km"


def test_gender_wishes():
    # whose wish: the newcomer's, or the volunteers'; genders named in words
    assert reason(newcomer(buddy_gender="f"), [volunteer(gender="m")]) == \
        "aucun bénévole proche n'est une femme, comme le souhaite le nouvel arrivant"
    assert reason(newcomer(gender="m"), [volunteer(newcomer_gender="f")]) == \
        "les bénévoles proches souhaitent accompagner une femme"


def test_all_full():
    vols = [volunteer(id="v1", capacity=2, active_matches=2), volunteer(id="v2", capacity=1,
                                                                       active_matches=3)]
    assert reason(newcomer(), vols) == "tous les bénévoles proches sont complets"


def test_excluded_and_min_score():
    assert "déjà été proposés" in reason(newcomer(), [volunteer()], excluded=[("n", "v")])
    assert reason(newcomer(), [volunteer(availability=frozenset())], min_score=0.9) == \
        "aucun bénévole proche n'atteint le score minimal (0,90)"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_taken_by_others(lang):
    s = Settings(today=TODAY, min_score=0.0)
    ns = (newcomer(id="a1"), newcomer(id="a2"))
    r = match(Problem(NBHDS, ns, (volunteer(),), s), lang=lang)
    assert len(r.pairs) == 1 and len(r.unmatched) == 1
    assert r.unmatched[0].reason in ("le seul bénévole compatible est pris par un autre nouvel "
                                     "arrivant",
                                     "the only compatible volunteer went to another newcomer")
