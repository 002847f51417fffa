"""Languages: French first, then English and the six languages of the newcomers (Flask-Babel)."""
from flask import current_app, g, request, session
from flask_babel import Babel, get_locale

from matcher.labels import named_components

babel = Babel()
SESSION_KEY = "lang"
#: written right to left: Arabic, Dari/Persian, Pashto
RTL_LOCALES = frozenset({"ar", "fa", "ps"})


#: each interface language named in its own script, for the language menu (Dari, not
#: Persian: "fa" is offered for the Dari speakers from Afghanistan the town receives)
OWN_NAMES = {"fr": "Français", "en": "English", "ar": "العربية", "uk": "Українська",
             "fa": "دری", "ps": "پښتو", "tr": "Türkçe", "es": "Español"}
#: browsers that ask for Dari by its own code get the "fa" interface
ALIASES = {"prs": "fa", "fa-af": "fa"}
#: the pages only coordinators see
STAFF_PREFIX = "/coordination"


def _browser_choice(supported) -> str | None:
    """The browser's most preferred language among ours (aliases count as their locale)."""
    best = request.accept_languages.best_match([*supported, *ALIASES])
    if best is None:
        return None
    return ALIASES.get(best, best)


def select_locale() -> str:
    """The visitor's explicit choice, else the remembered language of the person whose
    personal page this is, else their browser's preference, else French.

    Coordinator pages speak French and English only: another choice gives French there,
    or English when the browser prefers English to French.
    """
    config = current_app.config
    supported: list[str] = config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen not in supported:
        # set by web.views.personal once the personal link is checked
        chosen = g.get("person_locale")
    if chosen not in supported:
        chosen = _browser_choice(supported)
    staff = config.get("STAFF_LANGUAGES", supported)
    if request.path.startswith(STAFF_PREFIX) and chosen not in staff:
        chosen = request.accept_languages.best_match(staff)
    return chosen if chosen in supported else supported[0]


def text_direction(locale=None) -> str:
    """"rtl" for Arabic, Dari/Persian and Pashto, else "ltr" (for <html dir>)."""
    return "rtl" if str(locale or get_locale()).split("_")[0] in RTL_LOCALES else "ltr"


def join_list(items, locale=None) -> str:
    """Items separated by a comma of the page's script: "، " in Arabic script, else ", "."""
    separator = "، " if text_direction(locale) == "rtl" else ", "
    return separator.join(str(item) for item in items)


def menu_languages() -> list[tuple[str, str]]:
    """(code, own name) of the languages this page can be read in, for the menu."""
    config = current_app.config
    codes = config["LANGUAGES"]
    if request.path.startswith(STAFF_PREFIX):
        codes = config.get("STAFF_LANGUAGES", codes)
    return [(code, OWN_NAMES.get(code, code)) for code in codes]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["text_direction"] = text_direction
    app.jinja_env.globals["menu_languages"] = menu_languages
    app.jinja_env.filters["join_list"] = join_list
    # score components named as the engine names them ("Âge", "Disponibilités")
    app.jinja_env.globals["named_components"] = named_components
