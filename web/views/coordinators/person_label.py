"""How coordinators see a person in a list: "Patrick D. · Les Marronniers · 30–44 ans".

The one place that composes a person's label; the `person_label` template filter and the
people macros (`newcomer_link`, `volunteer_link`, `person_label`) use it, so five people
called Patrick can be told apart on every list and picker.
"""
from flask_babel import gettext as _

from web import clock
from web.services.people import age_band
from web.views.coordinators import bp


def age_band_label(birth_year: int | None) -> str | None:
    """The person's age band in words ("30–44 ans"), None when the birth year is unknown."""
    band = age_band(birth_year, clock.utcnow())
    if band is None:
        return None
    low, high = band
    if high is None:
        return _("%(low)d ans et plus", low=low)
    if low == 0:
        return _("moins de %(num)d ans", num=high + 1)
    return _("%(low)d–%(high)d ans", low=low, high=high)


def display_name(person) -> str:
    """The first name, with the initial of the last name when known: "Patrick D."."""
    initial = person.last_initial
    return f"{person.first_name} {initial}." if initial else person.first_name


def person_label(person) -> str:
    """Name (with the last name's initial), neighbourhood and age band, separated by " · ";
    unknown parts left out.

    Lists that show it load the person's neighbourhood with the person (joinedload), so the
    label costs no query.
    """
    neighbourhood = person.neighbourhood.name if person.neighbourhood_id else None
    parts = (display_name(person), neighbourhood, age_band_label(person.birth_year))
    return " · ".join(part for part in parts if part)


bp.add_app_template_filter(person_label, "person_label")
bp.add_app_template_filter(display_name, "display_name")
