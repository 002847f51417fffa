"""Language names come from CLDR: in the reader's language, in their own script, one table."""
from matcher.labels import LANGUAGE_NAMES
from web.services import language_names
from web.services.reference import label_map, languages


def test_names_in_the_readers_language_and_in_their_own():
    assert language_names.name("ar", "fr") == "arabe"
    assert language_names.name("ar", "en") == "Arabic"
    assert language_names.own_name("ar") == "العربية"
    assert language_names.own_name("uk") == "Українська"
    assert language_names.name("prs", "fr") == "dari" and language_names.own_name("prs") == "دری"
    assert language_names.both("ar", "fr") == "arabe — العربية"
    assert language_names.both("fr", "fr") == "français"


def test_fallbacks_never_fail():
    assert language_names.name("sgn", "fr") == "langue des signes"
    assert language_names.name("sgn", "ps") == "Sign language"
    assert language_names.name("qqq", "ar") == "qqq"
    assert language_names.own_name("qqq") is None


def test_every_offered_language_is_named_in_every_interface_language():
    codes = [item.code for item in languages()]
    assert codes[:3] == ["fr", "en", "ar"] and sum(item.common for item in languages()) == 10
    for reader in ("fr", "en", "ar", "uk", "fa", "ps", "tr", "es"):
        named = label_map(languages(), reader)
        assert all(named[code] and named[code] != code for code in codes), reader


def test_every_language_the_engine_knows_is_offered():
    offered = {item.code for item in languages()}
    assert set(LANGUAGE_NAMES) - offered <= {"dar"}  # Dari is offered as "prs"
