"""The engine's sentences exist in the app's 8 languages, and one run writes them all."""
import datetime as dt
import string

import pytest
from matcher_helpers import NBHDS, TODAY

from matcher import (
    ActivityOccurrence,
    ActivityPerson,
    Labels,
    Newcomer,
    Problem,
    Settings,
    Volunteer,
    explain_pair,
    match,
    rank_activities,
)
from matcher.labels import LANGS, MESSAGES
from matcher.sentences import GENDER_NAMES

EIGHT = {"fr", "en", "ar", "uk", "fa", "ps", "tr", "es"}
ARABIC_LETTERS = range(0x0600, 0x0700)


def placeholders(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def test_every_sentence_has_the_eight_languages_with_the_french_placeholders():
    assert set(LANGS) == EIGHT
    for key, texts in MESSAGES.items():
        assert set(texts) == EIGHT, key
        for lang, text in texts.items():
            assert text.strip() or key == "list_sep", (key, lang)
            assert placeholders(text) == placeholders(texts["fr"]), (key, lang)
    for code, names in GENDER_NAMES.items():
        assert set(names) == EIGHT and all(names.values()), code


def test_an_unknown_language_reads_english():
    assert Labels("de").t("close_age") == "Close in age"


def test_lists_distances_and_decimals_follow_the_language():
    assert Labels("fr").join(["a", "b", "c"]) == "a, b et c"
    assert Labels("ar").join(["أ", "ب", "ج"]) == "أ، ب وج"
    assert Labels("es").join(["árabe", "ruso"], "or") == "árabe ni ruso"
    assert Labels("uk").distance(1.46) == "1,5 км"
    assert Labels("ar").distance(0.8) == "800 م"
    assert Labels("tr").km(2.25) == "2,2" and Labels("fa").km(2.25) == "2.2"


def pair_problem():
    newcomer = Newcomer(id="n", neighbourhood="a", languages=("uk", "ar", "fr"),
                        interests=frozenset({"cuisine", "velo"}), about="",
                        availability=frozenset({"sat-morning"}), waiting_since=TODAY)
    volunteer = Volunteer(id="v", neighbourhood="b", languages=("uk", "ar"),
                          interests=frozenset({"cuisine", "velo"}), about="",
                          availability=frozenset({"sat-morning"}), capacity=1)
    return Problem(NBHDS, (newcomer,), (volunteer,), Settings(today=TODAY, min_score=0.0))


NAMES = {"uk": {"languages": {"uk": "українська"}, "interests": {"cuisine": "Кулінарія",
                                                                  "velo": "Велосипед"}},
         "ar": {"languages": {"uk": "الأوكرانية"}, "interests": {"cuisine": "الطبخ",
                                                                 "velo": "ركوب الدراجات"}}}


def test_one_run_gives_a_pair_its_reasons_in_arabic_and_ukrainian():
    result = match(pair_problem(), lang="fr", langs=("en", "ar", "uk"), labels_by_lang=NAMES)
    (pair,) = result.pairs
    said = pair.reasons_by_lang
    assert set(said) == {"fr", "en", "ar", "uk"} and said["fr"] == pair.reasons
    assert said["uk"] == ("Сусідні райони: Les Nangues і Centre-ville (1,1 км)",
                          "Спільні інтереси: кулінарія, велосипед",
                          "Обоє вільні: субота вранці",
                          "Спільна мова: українська, основна мова, якою говорить новоприбулий")
    assert said["ar"][1] == "اهتمامات مشتركة: الطبخ، ركوب الدراجات"
    assert said["ar"][2] == "كلاهما متاح: السبت صباحًا"
    assert said["ar"][0].startswith("حيّان قريبان: ") and said["ar"][0].endswith("(1.1 كم)")
    # the same reasons as a run in that language alone
    assert match(pair_problem(), lang="uk", labels=NAMES["uk"]).pairs[0].reasons == said["uk"]


def test_unmatched_reasons_and_broken_rules_in_every_language_asked():
    problem = pair_problem()
    far = Problem(NBHDS, problem.newcomers, tuple(
        Volunteer(**{**vars(v), "neighbourhood": "far"}) for v in problem.volunteers),
        problem.settings)
    (unmatched,) = match(far, langs=LANGS).unmatched
    assert set(unmatched.reason_by_lang) == EIGHT
    assert unmatched.reason_by_lang["uk"] == "немає волонтерів ближче ніж за 5 км"
    e = explain_pair(far, "n", "v", langs=("tr",))
    assert e.violations_by_lang["tr"][0].startswith("22 km mesafe")


@pytest.mark.parametrize("lang, near, likes", [
    ("ar", "على بعد 800 م من منزلكم", "تحبّون: الطبخ"),
    ("uk", "За 800 м від вашого дому", "Вам подобається: кулінарія"),
])
def test_activity_reasons_in_the_readers_language(lang, near, likes):
    person = ActivityPerson(id="p", lat=48.8338, lon=2.5562, interests=frozenset({"cuisine"}),
                            languages=("ar", "uk"), availability_mask=0, neighbourhood="a")
    occurrence = ActivityOccurrence(
        key="k", activity=1, start=dt.datetime(2025, 3, 12, 14, tzinfo=dt.UTC),
        lat=48.8338 + 0.0072, lon=2.5562, interests=frozenset({"cuisine"}), languages=("ar",),
        slot=7, neighbourhood="b")
    names = {"ar": {"languages": {"ar": "العربية"}, "interests": {"cuisine": "الطبخ"}},
             "uk": {"languages": {"ar": "арабська"}, "interests": {"cuisine": "Кулінарія"}}}
    (suggestion,) = rank_activities([person], [occurrence], TODAY, langs=(lang,),
                                    labels=names)["p"]
    assert suggestion.reasons[lang][:2] == (near, likes)
    spoken = {"ar": "اللغة المستخدمة هناك: العربية", "uk": "Там говорять мовою: арабська"}
    assert suggestion.reasons[lang][2] == spoken[lang]
    if lang == "ar":
        assert any(ord(c) in ARABIC_LETTERS for c in " ".join(suggestion.reasons["ar"]))
