"""One gender vocabulary: a match file's "f"/"m"/"x" and the web's "female"/"male"/"other"
are the same genders for the hard constraint, whichever side uses which."""
import datetime as dt

import pytest

import matcher

TODAY = dt.date(2026, 11, 30)


def problem(newcomer_gender, buddy_wish, volunteer_gender, volunteer_wish):
    return matcher.Problem(
        neighbourhoods=(matcher.Neighbourhood("c", "Centre", 48.85, 2.35),),
        newcomers=(matcher.Newcomer(id="n", neighbourhood="c", languages=("fr",),
                                    interests=frozenset({"cuisine"}), about="",
                                    availability=0b111, waiting_since=TODAY,
                                    gender=newcomer_gender, buddy_gender=buddy_wish),),
        volunteers=(matcher.Volunteer(id="v", neighbourhood="c", languages=("fr",),
                                      interests=frozenset({"cuisine"}), about="",
                                      availability=0b111, capacity=1, gender=volunteer_gender,
                                      newcomer_gender=volunteer_wish),),
        settings=matcher.Settings(today=TODAY))


@pytest.mark.parametrize("newcomer_gender,wish,volunteer_gender,volunteer_wish", [
    ("female", "f", "female", None), ("f", "female", "F", "female"),
    ("m", None, "male", "male"), ("other", None, "x", "x"),
])
def test_short_and_long_codes_are_the_same_gender(newcomer_gender, wish, volunteer_gender,
                                                  volunteer_wish):
    result = matcher.match(problem(newcomer_gender, wish, volunteer_gender, volunteer_wish))
    assert [(p.newcomer, p.volunteer) for p in result.pairs] == [("n", "v")]


def test_a_wish_for_a_woman_is_not_met_by_a_man_in_either_vocabulary():
    for wish, gender in (("f", "male"), ("female", "m")):
        result = matcher.match(problem("female", wish, gender, None), lang="fr")
        assert result.pairs == ()
        (unmatched,) = result.unmatched
        assert "une femme" in unmatched.reason and "female" not in unmatched.reason
