"""Languages: French first, English too (Flask-Babel)."""
from flask import current_app, request, session
from flask_babel import Babel, get_locale

babel = Babel()
SESSION_KEY = "lang"
#: written right to left: Arabic, Dari/Persian, Pashto
RTL_LOCALES = frozenset({"ar", "fa", "ps"})


def select_locale() -> str:
    """The visitor's explicit choice, else their browser's preference, else French."""
    supported = current_app.config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported) or supported[0]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
