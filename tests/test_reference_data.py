"""Files in data/: the town, the lists and the demo people are valid and consistent."""
import importlib.util
import json
from collections import Counter

import pytest

from web.config import DATA_DIR
from web.services.reference import ReferenceDataError, interests, languages, load_town, parse_town


def test_villiers_has_its_neighbourhoods():
    town = load_town(str(DATA_DIR / "towns" / "villiers.json"))
    names = [n.name for n in town.neighbourhoods]
    assert town.name == "Villiers"
    assert 8 <= len(names) <= 12
    assert "Les Nangues" in names


@pytest.mark.parametrize("change, message", [
    (lambda t: t.pop("name"), "town.name is missing"),
    (lambda t: t.update(neighbourhoods=[]), "neighbourhoods must be a non-empty list"),
    (lambda t: t["neighbourhoods"][2].update(lat="48.8"), "neighbourhoods[2].lat must be a float"),
    (lambda t: t["neighbourhoods"][0].update(lon=190), "neighbourhoods[0].lon must be between"),
    (lambda t: t["neighbourhoods"][3].update(slug="Les Nangues"), "neighbourhoods[3].slug must be"),
    (lambda t: t["neighbourhoods"][4].update(slug="les-nangues"), "neighbourhoods[4] duplicates"),
    (lambda t: t["neighbourhoods"][5].pop("name"), "neighbourhoods[5].name is missing"),
])
def test_town_file_errors_name_the_field(change, message):
    town = json.loads((DATA_DIR / "towns" / "villiers.json").read_text(encoding="utf-8"))
    change(town)
    with pytest.raises(ReferenceDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_town(town, DATA_DIR / "towns" / "villiers.json")


def test_lists_have_french_and_english_labels():
    tags = {item.code for item in interests()}
    codes = {item.code for item in languages()}
    assert {"cuisine", "randonnee", "jeux-de-societe"} <= tags
    assert {"fr", "ar", "uk", "en", "es"} <= codes
    assert next(i for i in languages() if i.code == "ar").label("fr") == "arabe"
    assert next(i for i in languages() if i.code == "ar").label("en") == "Arabic"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_demo", DATA_DIR / "generate_demo.py")
    assert spec is not None and spec.loader is not None  # a .py file: a source loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_file_is_what_the_seeded_generator_writes():
    module = _generator()
    town = load_town(str(DATA_DIR / "towns" / "villiers.json"))
    people = module.generate([n.slug for n in town.neighbourhoods])
    assert module.render(people) == (DATA_DIR / "demo_people.json").read_text(encoding="utf-8")


def test_demo_people_use_known_values_and_a_realistic_mix():
    people = json.loads((DATA_DIR / "demo_people.json").read_text(encoding="utf-8"))
    town = load_town(str(DATA_DIR / "towns" / "villiers.json"))
    slugs = {n.slug for n in town.neighbourhoods}
    tags = {item.code for item in interests()}
    codes = {item.code for item in languages()}
    assert len(people["newcomers"]) == 60 and len(people["volunteers"]) == 40
    everyone = people["newcomers"] + people["volunteers"]
    for person in everyone:
        assert person["neighbourhood"] in slugs | {None}
        assert set(person["interests"]) <= tags
        assert set(person["languages"]) <= codes
        assert person["email"] or person["phone"]
    spoken = Counter(code for p in people["newcomers"] for code in p["languages"])
    assert len(spoken) >= 8, "newcomers speak many languages"
    assert sum("fr" not in p["languages"] for p in people["newcomers"]) >= 15
    assert all("fr" in p["languages"] for p in people["volunteers"])
    assert {p["capacity"] for p in people["volunteers"]} == {1, 2, 3}
    assert Counter(p["vetting_status"] for p in people["volunteers"])["pending"] >= 2
    assert len({p["neighbourhood"] for p in everyone}) >= 8


def test_every_interest_is_named_in_every_interface_language():
    from web.models.people import LOCALES
    from web.services.reference import interests

    for item in interests():
        names = {locale: item.label(locale) for locale in LOCALES}
        assert len(set(names.values())) >= len(LOCALES) - 1, (item.code, names)  # fr may = en
    cooking = next(item for item in interests() if item.code == "cuisine")
    assert (cooking.label("ar"), cooking.label("uk"), cooking.label("es")) == \
        ("الطبخ", "Кулінарія", "Cocina")
