"""What newcomers' and volunteers' personal pages share: the link check, the clock, forms."""
from datetime import datetime, timezone

from flask import abort, make_response, render_template
from flask_babel import get_locale
from sqlalchemy import select

from web.db import get_session
from web.forms import DAYS, PARTS, day_names, part_names
from web.models import Neighbourhood
from web.services import links
from web.services.notify import link_settings
from web.services.reference import interests, languages


def now() -> datetime:
    """The one place views read the clock; services take `now` as an argument."""
    return datetime.now(timezone.utc)


def locale() -> str:
    return str(get_locale())


def person_or_error_page(kind: str, token: str):
    """The person a personal link belongs to, or an explanatory error page (never data)."""
    try:
        return links.person_from_token(get_session(), link_settings(), now(), kind, token)
    except links.LinkError as error:
        status = 410 if error.reason == "expired" else 404
        abort(make_response(render_template("personal/link_error.html", reason=error.reason,
                                            kind=kind), status))


def prepare(form):
    """Fill the form's lists from the town and data files, in the visitor's language."""
    neighbourhoods = get_session().scalars(select(Neighbourhood).order_by(Neighbourhood.name)).all()
    form.fill_choices(neighbourhoods, languages(), interests(), locale())
    return form


def grid_labels() -> dict:
    """Day and part names for the availability grid template."""
    days, parts = day_names(), part_names()
    return {"days": {d: days[d] for d in DAYS}, "parts": {p: parts[p] for p in PARTS}}
