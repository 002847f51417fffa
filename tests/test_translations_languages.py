"""Every public-facing message is translated into the six newcomer languages, placeholders kept.

Public-facing messages are those of babel-public.cfg (pages, forms and e-mails newcomers,
volunteers and visitors read); coordinator pages stay French and English.
"""
import re

import pytest

from web.translations.public_messages import SEP, catalog, key_of, public_msgids

NEW_LOCALES = ("ar", "uk", "fa", "ps", "tr", "es")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def public():
    return set(public_msgids())


def test_public_messages_are_found(public):
    # A sanity check on babel-public.cfg: the form labels and the personal page are in it,
    # a coordinator page's heading is not.
    assert "Langues que vous parlez" in public
    assert "Votre lien personnel Bienvenue" in public
    assert "Tableau de bord" not in public


@pytest.mark.parametrize("locale", NEW_LOCALES)
def test_public_messages_translated(locale, public):
    entries = {key_of(m.id): m for m in catalog(locale) if m.id}
    absent = sorted(public - entries.keys())
    fuzzy = sorted(k for k in public & entries.keys() if entries[k].fuzzy)
    strings = {k: (m.string,) if isinstance(m.string, str) else tuple(m.string)
               for k, m in entries.items()}
    empty = sorted(k for k in public & entries.keys() if not all(strings[k] or ("",)))
    problems = len(absent) + len(fuzzy) + len(empty)
    assert not problems, (
        f"{locale}: {problems} of {len(public)} public messages not ready "
        f"({len(absent)} absent from the catalogue, {len(empty)} empty, {len(fuzzy)} fuzzy), "
        f"e.g. {(absent + empty + fuzzy)[:3]}. Export them with `python -m "
        f"web.translations.public_messages --locale {locale} --missing -o {locale}.json`, "
        f"translate, then `python -m web.translations.merge --locale {locale} {locale}.json`.")


@pytest.mark.parametrize("locale", ("en",) + NEW_LOCALES)
def test_placeholders_kept(locale):
    # A translation naming a placeholder the code does not pass raises KeyError at render
    # time; one dropping a name loses the town, the date or the person's name.
    wrong = []
    for message in catalog(locale):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        if not any(strings):
            continue
        expected = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        found = [set(PLACEHOLDER.findall(text)) for text in strings if text]
        # Plural forms may leave out the number ("one answer"), never a name.
        required = expected - {"num"} if len(ids) > 1 else expected
        if any(not forms <= expected for forms in found) or not required <= set().union(*found):
            wrong.append(SEP.join(ids))
    assert not wrong, f"{locale}: placeholders changed in {len(wrong)} messages: {wrong[:5]}"


#: letters a catalogue must not contain: a translation in another language's script means a
#: file of translations went into the wrong catalogue (as Ukrainian once did into English)
FOREIGN_SCRIPTS = {"cyrillic": re.compile("[\u0400-\u04ff]"),
                   "arabic": re.compile("[\u0600-\u06ff]")}
NOT_WRITTEN_IN = {"en": ("cyrillic", "arabic"), "es": ("cyrillic", "arabic"),
                  "tr": ("cyrillic", "arabic"), "uk": ("arabic",), "ar": ("cyrillic",),
                  "fa": ("cyrillic",), "ps": ("cyrillic",)}


@pytest.mark.parametrize("locale", ("en",) + NEW_LOCALES)
def test_translations_are_written_in_the_languages_script(locale):
    wrong = []
    for message in catalog(locale):
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for script in NOT_WRITTEN_IN[locale]:
            if message.id and any(FOREIGN_SCRIPTS[script].search(text or "") for text in strings):
                wrong.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not wrong, f"{locale}: {len(wrong)} translations in another script, e.g. {wrong[:3]}"


def test_merging_refuses_a_file_named_for_another_language(tmp_path, capsys):
    from web.translations import merge

    before = merge.catalog_path("en").read_bytes()
    ukrainian = tmp_path / "uk-new.json"
    ukrainian.write_text('{"Oui, lancer": "Так, запустити"}', encoding="utf-8")
    assert merge.main([str(ukrainian)]) == 2
    assert "merge it with --locale uk" in capsys.readouterr().err
    assert merge.catalog_path("en").read_bytes() == before
