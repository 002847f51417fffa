"""Validation of the file interface's input."""
import copy
import datetime as dt

import pytest
from matcher_helpers import example_data

from matcher import SLOTS, InputError, mask_to_slots, parse_problem, slots_to_mask


def error_of(data, **kw) -> str:
    with pytest.raises(InputError) as info:
        parse_problem(data, **kw)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_example_parses():
    p = parse_problem(example_data())
    assert len(p.newcomers) == 6 and len(p.volunteers) == 4
    assert p.settings.today == dt.date(2025, 3, 10)
    assert p.settings.max_distance_km == 3
    assert ("n5", "v1") in p.excluded_pairs


def test_empty_lists_are_valid():
    p = parse_problem({"neighbourhoods": [], "newcomers": [], "volunteers": [],
                       "settings": {"today": "2025-01-01"}})
    assert p.newcomers == () and p.volunteers == ()


def test_today_comes_from_the_caller_when_absent():
    empty: dict[str, list[dict]] = {"neighbourhoods": [], "newcomers": [], "volunteers": []}
    assert parse_problem(empty, today=dt.date(2024, 5, 1)).settings.today == dt.date(2024, 5, 1)
    assert error_of(empty) == "settings.today: missing"


def test_integer_ids_are_accepted():
    d = example_data()
    for i, n in enumerate(d["newcomers"]):
        n["id"] = i + 1
    d["excluded_pairs"] = [[5, "v1"]]
    p = parse_problem(d)
    assert {n.id for n in p.newcomers} == {1, 2, 3, 4, 5, 6}


def mutate(fn):
    d = example_data()
    fn(d)
    return d


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["newcomers"][2].pop("languages"), "newcomers[id=n3].languages: missing"),
    (lambda d: d["volunteers"][0].pop("capacity"), "volunteers[id=v1].capacity: missing"),
    (lambda d: d["newcomers"][0].update(availability=["sat-night"]),
     'newcomers[id=n1].availability: unknown slot "sat-night" '
     "(expected mon..sun-morning|afternoon|evening)"),
    (lambda d: d["newcomers"][1].update(neighbourhood="atlantis"),
     'newcomers[id=n2].neighbourhood: unknown neighbourhood "atlantis"'),
    (lambda d: d["volunteers"][1].update(id="v1"), "volunteers[id=v1].id: duplicate id"),
    (lambda d: d["volunteers"][2].update(capacity=4),
     "volunteers[id=v3].capacity: expected an integer 1..3, got 4"),
    (lambda d: d["volunteers"][2].update(capacity=0),
     "volunteers[id=v3].capacity: expected an integer 1..3, got 0"),
    (lambda d: d["volunteers"][2].update(capacity=2.5),
     "volunteers[id=v3].capacity: expected an integer 1..3, got 2.5"),
    (lambda d: d["volunteers"][2].update(capacity="2"),
     'volunteers[id=v3].capacity: expected an integer 1..3, got "2"'),
    (lambda d: d["volunteers"][2].update(capacity=True),
     "volunteers[id=v3].capacity: expected an integer 1..3, got True"),
    (lambda d: d["neighbourhoods"][1].update(lat=91),
     "neighbourhoods[id=les-nangues].lat: 91 out of range -90..90"),
    (lambda d: d["neighbourhoods"][1].update(lon=-181.5),
     "neighbourhoods[id=les-nangues].lon: -181.5 out of range -180..180"),
    (lambda d: d["neighbourhoods"][1].update(lat="48.8"),
     'neighbourhoods[id=les-nangues].lat: expected a number, got "48.8"'),
    (lambda d: d["newcomers"][3].update(waiting_since="10/03/2025"),
     'newcomers[id=n4].waiting_since: expected a date YYYY-MM-DD, got "10/03/2025"'),
    (lambda d: d["newcomers"][3].update(interests="cuisine"),
     'newcomers[id=n4].interests: expected a list of strings, got "cuisine"'),
    (lambda d: d["newcomers"][3].update(practise_french="yes"),
     'newcomers[id=n4].practise_french: expected true or false, got "yes"'),
    (lambda d: d["newcomers"][3].update(languages=[]),
     "newcomers[id=n4].languages: must list at least one language"),
    (lambda d: d["newcomers"][0].pop("id"), "newcomers[0].id: missing"),
    (lambda d: d["newcomers"][0].update(id=1.5),
     "newcomers[0].id: expected a string or an integer, got 1.5"),
    (lambda d: d.update(newcomers={"id": "x"}), "newcomers: expected a list, got dict"),
    (lambda d: d["newcomers"].append("oops"), "newcomers[6]: expected an object, got str"),
    (lambda d: d["settings"].update(weights={"charisma": 1}),
     "settings.weights.charisma: unknown component (expected one of neighbourhood, interests, "
     "availability, language, age, household)"),
    (lambda d: d["settings"].update(min_score=2), "settings.min_score: 2 out of range 0..1"),
    (lambda d: d["settings"].update(today="2025-02-30"),
     'settings.today: invalid date "2025-02-30"'),
    (lambda d: d.update(excluded_pairs=[["n1"]]),
     "excluded_pairs[0]: expected [newcomer_id, volunteer_id], got ['n1']"),
])
def test_bad_input_names_field_and_id(change, expected):
    assert error_of(mutate(change)) == expected


def test_top_level_must_be_an_object():
    assert error_of([1, 2]) == "input: expected a JSON object, got list"


def test_availability_mask_and_slots_agree():
    assert slots_to_mask(["mon-morning"]) == 1
    assert slots_to_mask(["sun-evening"]) == 1 << 20
    assert mask_to_slots(slots_to_mask(["sat-morning", "wed-evening"])) == ["wed-evening",
                                                                             "sat-morning"]
    assert mask_to_slots((1 << 21) - 1) == list(SLOTS)
    d = example_data()
    d["newcomers"][0]["availability"] = slots_to_mask(["sat-morning", "sun-afternoon"])
    same = parse_problem(example_data()).newcomers[0].availability
    assert parse_problem(d).newcomers[0].availability == same
    with pytest.raises(ValueError):
        slots_to_mask(["sat-night"])
    d["newcomers"][0]["availability"] = 1 << 21
    assert "out of range" in error_of(d)


def test_example_is_not_mutated_by_parsing():
    d = example_data()
    before = copy.deepcopy(d)
    parse_problem(d)
    assert d == before
