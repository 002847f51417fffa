"""Whom to invite to a welcome gathering: filters, order, reasons, reserves."""
import pytest
from hypothesis import given, settings, strategies as st

from matcher import GatheringSpot, WaitingNewcomer, rank_invitees, slots_to_mask
from matcher.gatherings import can_come, distance_km

#: Maison de quartier des Nangues, Saturday morning (day 5 * 3 + part 0)
NANGUES = GatheringSpot(lat=48.8341, lon=2.5570, slot=15, languages=("fr", "ar", "en"),
                        capacity=2)
SAT_MORNING = slots_to_mask(["sat-morning"])


def person(id, lat=48.8338, lon=2.5562, availability=SAT_MORNING, languages=("ar",),
           days_waited=10):
    return WaitingNewcomer(id, lat, lon, availability, tuple(languages), days_waited)


def test_the_longest_wait_comes_first_then_the_nearest_then_the_id():
    people = [person(1, days_waited=3), person(2, days_waited=42),
              person(3, lat=48.8275, lon=2.545, days_waited=42),  # Centre-ville, ~1.1 km
              person(4, days_waited=3)]
    ranked = rank_invitees(NANGUES, people, reserves=2)
    assert [i.id for i in ranked] == [2, 3, 1, 4]
    assert [i.reserve for i in ranked] == [False, False, True, True]
    assert ranked[1].distance_km == pytest.approx(1.145, abs=0.01)


def test_hard_filters_leave_out_who_cannot_come():
    people = [person("busy", availability=slots_to_mask(["sat-afternoon"])),
              person("no-language", languages=("uk",)),
              person("far", lat=48.8171, lon=2.6),  # > 3 km
              person("unplaced", lat=None, lon=None),
              person("ok")]
    assert [i.id for i in rank_invitees(NANGUES, people, reserves=5)] == ["ok"]
    # the limit is a parameter
    far = person("far", lat=48.8171, lon=2.6)
    assert can_come(NANGUES, far, max_distance_km=10)


def test_a_gathering_without_languages_is_held_in_french():
    spot = GatheringSpot(48.8341, 2.557, 15, (), capacity=5)
    ranked = rank_invitees(spot, [person("fr", languages=("uk", "fr")), person("ar")])
    assert [i.id for i in ranked] == ["fr"]
    assert ranked[0].reasons["fr"][-1] == "Parle français"


def test_reasons_in_french_and_english():
    [invitee] = rank_invitees(NANGUES, [person(7, lat=48.8380, lon=2.5570, days_waited=44)])
    assert invitee.reasons["fr"] == ["Attend depuis 6 semaines", "À 400 m",
                                     "Libre le samedi matin", "Parle arabe"]
    assert invitee.reasons["en"] == ["Waiting for 6 weeks", "400 m away",
                                     "Free on Saturday morning", "Speaks Arabic"]
    far = rank_invitees(NANGUES, [person(8, lat=48.8275, lon=2.545, days_waited=1)])[0]
    assert far.reasons["fr"][:2] == ["Attend depuis 1 jour", "À 1,1 km"]


def test_capacity_bounds_the_list_and_a_bad_slot_is_refused():
    people = [person(i) for i in range(10)]
    assert len(rank_invitees(NANGUES, people)) == 2
    assert len(rank_invitees(NANGUES, people, limit=4, reserves=1)) == 5
    with pytest.raises(ValueError, match="slot 21"):
        rank_invitees(GatheringSpot(0, 0, 21), people)


LANGS = ("fr", "ar", "en", "uk")
people_strategy = st.lists(st.builds(
    WaitingNewcomer, id=st.integers(0, 10_000),
    lat=st.one_of(st.none(), st.floats(48.80, 48.86)), lon=st.floats(2.52, 2.60),
    availability=st.integers(0, (1 << 21) - 1),
    languages=st.lists(st.sampled_from(LANGS), max_size=3).map(tuple),
    days_waited=st.integers(0, 120)), max_size=40, unique_by=lambda p: p.id)


@settings(max_examples=150, deadline=None)
@given(people=people_strategy, slot=st.integers(0, 20),
       spoken=st.lists(st.sampled_from(LANGS), max_size=2).map(tuple),
       capacity=st.integers(1, 8), reserves=st.integers(0, 3))
def test_same_as_brute_force(people, slot, spoken, capacity, reserves):
    spot = GatheringSpot(48.8341, 2.557, slot, spoken, capacity)
    ranked = rank_invitees(spot, people, reserves=reserves)
    # brute force: every rule written out again, then the order by comparison
    languages = spoken or ("fr",)
    eligible = [p for p in people
                if p.availability >> slot & 1 and set(p.languages) & set(languages)
                and p.lat is not None and (km := distance_km(spot, p)) is not None and km <= 3.0]
    expected = sorted(eligible, key=lambda p: (-p.days_waited, distance_km(spot, p), p.id))
    assert [i.id for i in ranked] == [p.id for p in expected[:capacity + reserves]]
    # nobody left out waited longer than someone chosen
    chosen = {i.id for i in ranked}
    for p in eligible:
        if p.id not in chosen:
            assert all(p.days_waited <= i.days_waited for i in ranked)
    assert [i.rank for i in ranked] == list(range(len(ranked)))
    assert all(i.reserve == (i.rank >= capacity) for i in ranked)
