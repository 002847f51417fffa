"""Public local-life pages, part of the `public` blueprint: the week's agenda, places and
their map, and calendar files ("Ajouter à mon agenda")."""
from datetime import timedelta

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import format_date, get_locale, gettext as _

from web import clock
from web.db import get_session
from web.models import Place
from web.services import agenda, ics, occurrences, places as town_places
from web.services.reference import label_map, languages, load_town
from web.services.suggestions import price_label
from web.services.town_map import MapArea, MapMarker, town_map_svg
from web.views.local_life_labels import (
    ACTIVITY_KIND_LABELS,
    AUDIENCE_LABELS,
    PLACE_KIND_LABELS,
    kind_filter_options,
)
from web.views.public import bp

#: what a place page shows ahead
PLACE_AHEAD = timedelta(weeks=4)
#: occurrences per agenda page: a busy week is split rather than sent as one huge page
PAGE_SIZE = 50


def _town():
    return load_town(current_app.config["TOWN_FILE"])


def _language_names() -> dict[str, str]:
    return label_map(languages(), str(get_locale()))


def _labels(entries=()) -> dict:
    """What the occurrence templates need to name codes in the reader's language; prices
    and days are formatted once each, not once per occurrence (a week may list hundreds)."""
    prices = {}
    for cents in {entry.activity.price_cents for entry in entries}:
        prices[cents] = ("" if cents is None else _("Gratuit") if cents == 0
                         else price_label(cents, str(get_locale())))
    days = {}
    for day in {entry.occurrence.start.date() for entry in entries}:
        text = format_date(day, "EEEE d MMMM")
        days[day] = text[:1].upper() + text[1:]
    return {"kind_labels": ACTIVITY_KIND_LABELS, "audience_labels": AUDIENCE_LABELS,
            "place_kind_labels": PLACE_KIND_LABELS, "language_names": _language_names(),
            "price_labels": prices, "day_labels": days}


def _today():
    return clock.utcnow().astimezone(occurrences.zone(_town().timezone)).date()


@bp.get("/agenda", endpoint="agenda")
def agenda_page():
    """The week's activities, filtered by neighbourhood, kind, language and day."""
    db = get_session()
    try:
        monday = agenda.parse_week(request.args.get("semaine"), _today())
    except agenda.WeekError:
        return render_template("public/agenda_bad_week.html",
                               value=request.args.get("semaine", "")[:40],
                               example_week=agenda.week_label(_today()),
                               example_day=_today().isoformat()), 400
    neighbourhoods = town_places.neighbourhoods(db)
    names = _language_names()
    filters = agenda.parse_filters(request.args, [n.slug for n in neighbourhoods], names)
    week = agenda.week(db, monday, occurrences.zone(_town().timezone), filters)
    pages = max(1, -(-week.count // PAGE_SIZE))
    asked = request.args.get("page", "1")
    page = min(int(asked), pages) if asked.isdigit() and 0 < len(asked) < 6 and int(asked) else 1
    shown = week.entries((page - 1) * PAGE_SIZE, page * PAGE_SIZE)

    def by_name(code: str) -> str:
        return names.get(code, code).lower()

    offered = week.languages | ({filters.language} if filters.language else set())
    spoken = sorted(offered, key=by_name)
    this_monday = _today() - timedelta(days=_today().weekday())
    return render_template(
        "public/agenda.html", week=week, days=agenda.by_day(shown), page=page, pages=pages,
        first=(page - 1) * PAGE_SIZE + 1, last=(page - 1) * PAGE_SIZE + len(shown),
        filters=filters, neighbourhoods=neighbourhoods, kind_options=kind_filter_options(),
        spoken=spoken, week_value=agenda.week_label(monday),
        previous=agenda.week_label(monday - timedelta(days=7)),
        following=agenda.week_label(monday + timedelta(days=7)),
        this_week=agenda.week_label(this_monday),
        week_days=[monday + timedelta(days=n) for n in range(7)], **_labels(shown))


@bp.get("/agenda/semaine.ics")
def agenda_week_ics():
    """The filtered week as one calendar file."""
    db = get_session()
    try:
        monday = agenda.parse_week(request.args.get("semaine"), _today())
    except agenda.WeekError:
        abort(400)
    slugs = [n.slug for n in town_places.neighbourhoods(db)]
    filters = agenda.parse_filters(request.args, slugs, _language_names())
    week = agenda.week(db, monday, occurrences.zone(_town().timezone), filters)
    base = url_for("public.places", _external=True)
    events = [ics.occurrence_event(e.occurrence, e.activity,
                                   url=f"{base}/{e.place.slug}" if e.place else "")
              for e in week.entries()]
    return _calendar(events, f"agenda-{agenda.week_label(monday)}.ics")


@bp.get("/agenda/<key>.ics")
def occurrence_ics(key: str):
    """One occurrence as a calendar file ("Ajouter à mon agenda")."""
    parsed = occurrences.parse_key(key) if len(key) <= 40 else None
    # ids beyond any integer column are simply unknown (PostgreSQL would refuse the query)
    found = (occurrences.find(get_session(), key)
             if parsed is not None and 0 < parsed[0] < 2**31 else None)
    if found is None:
        abort(404)
    occurrence, activity = found
    event = ics.occurrence_event(occurrence, activity, url=_place_url(activity.place))
    return _calendar([event], f"activite-{occurrence.key}.ics")


def _place_url(place) -> str:
    return url_for("public.place", slug=place.slug, _external=True) if place else ""


def _calendar(events, filename: str) -> Response:
    body = ics.calendar_bytes(events, clock.utcnow())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/lieux")
def places():
    """Every place, on a map of the town and as a list by neighbourhood."""
    db = get_session()
    neighbourhoods = town_places.neighbourhoods(db)
    all_places = town_places.all_places(db)
    by_neighbourhood: dict[int | None, list[Place]] = {n.id: [] for n in neighbourhoods}
    elsewhere: list[Place] = []
    for place in all_places:
        by_neighbourhood.get(place.neighbourhood_id, elsewhere).append(place)
    return render_template("public/places.html", neighbourhoods=neighbourhoods,
                           by_neighbourhood=by_neighbourhood, elsewhere=elsewhere,
                           map_svg=_map(neighbourhoods, all_places), **_labels())


def _map(neighbourhoods, places) -> str:
    return town_map_svg(
        [MapArea(n.name, n.lat, n.lon) for n in neighbourhoods],
        [MapMarker(p.name, p.lat, p.lon, url_for("public.place", slug=p.slug)) for p in places
         if p.lat is not None and p.lon is not None],
        _("Carte des lieux de %(town)s", town=_town().name),
        _("Les quartiers sont des cercles, les lieux des points. "
          "La liste des lieux suit la carte."))


@bp.get("/lieux/<slug>")
def place(slug: str):
    """One place: what it is, where, when it is open, and what happens there soon."""
    db = get_session()
    found = town_places.by_slug(db, slug)
    if found is None:
        abort(404)
    tz = occurrences.zone(_town().timezone)
    start = clock.utcnow().astimezone(tz)
    days = agenda.place_days(db, found, start, start + PLACE_AHEAD)
    return render_template("public/place.html", place=found, days=days,
                           **_labels([entry for day in days for entry in day.entries]))
