"""Activities pages: the filtered list, the form, and one activity with its next occurrences
(cancel, move or restore one; cancel or restore the whole activity; place an import)."""
from datetime import datetime, timedelta

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_currency, format_datetime, gettext as _, ngettext

from web import clock
from web.db import get_session
from web.forms import options
from web.models import Activity, Place
from web.models.local_life import ACTIVITY_KINDS
from web.services import activities_admin, occurrences, places
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.activity_forms import (
    ACTIVITY_KIND_LABELS,
    AUDIENCE_LABELS,
    DAY_LABELS,
    MODE_LABELS,
    ORDINAL_LABELS,
    ActivityForm,
    OccurrenceCancelForm,
    OccurrenceMoveForm,
    PlaceActivityForm,
    activity_form_data,
)
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.workspace import ActionForm, get_or_404, page_arg
from web.views.form_values import add_error, required
from web.views.personal import locale

#: the activity page lists this many occurrences, looked for this far ahead
SHOWN_OCCURRENCES = 8
HORIZON = timedelta(days=400)
STATUS_FILTERS = ("prevues", "annulees")


def read_filters(args) -> dict:
    """The list's filters from the query string; unreadable values are ignored."""
    place = args.get("lieu", "")
    return {"place": int(place) if place.isdigit() and 0 < int(place) <= 2**31 - 1 else None,
            "kind": args.get("type") if args.get("type") in ACTIVITY_KINDS else None,
            "status": args.get("statut") if args.get("statut") in STATUS_FILTERS else None,
            "unplaced": args.get("a_placer") == "1"}


@bp.get("/activites")
@coordinator_required
def activities():
    """Activities, filtered by place, kind, "to place" and cancelled (25 a page)."""
    filters = read_filters(request.args)
    db = get_session()
    found = activities_admin.listing(db, filters, page_arg())
    return render_template("coordinators/activities/list.html", found=found, filters=filters,
                           place_choices=places.place_choices(db), **labels())


def labels() -> dict:
    """The words the activities templates show for codes."""
    return {"kind_labels": ACTIVITY_KIND_LABELS, "audience_labels": AUDIENCE_LABELS,
            "mode_labels": MODE_LABELS, "day_labels": DAY_LABELS,
            "ordinal_labels": ORDINAL_LABELS, "schedule_of": activities_admin.rule_to_schedule,
            "local": local, "day_list": day_list,
            "money": lambda cents: format_currency(cents / 100, "EUR")}


def day_list(codes) -> str:
    """Day codes as words: "mardi, jeudi"."""
    return ", ".join(str(DAY_LABELS.get(code, code)) for code in codes)


def local(activity: Activity, wall_clock: datetime) -> datetime:
    """A wall-clock time of the activity made aware, so that the date filters, which
    read naive times as UTC, show it unchanged."""
    return wall_clock.replace(tzinfo=occurrences.zone(activity.timezone))


def _activity_form(activity: Activity | None, **defaults) -> ActivityForm:
    form = ActivityForm(data=activity_form_data(activity) if activity else defaults)
    imported = activity is not None and activities_admin.rule_to_schedule(activity) is None
    form.fill_choices(get_session(), locale(), imported)
    return form


def _save(form: ActivityForm, activity: Activity | None):
    """Validate, call the service, and go to the activity's page (or show the form again)."""
    if not form.validate_on_submit():
        return _render_form(form, activity, 400 if form.errors else 200)
    db = get_session()
    place_id = int(form.place.data) if form.place.data else None
    with service_action() as outcome:
        if activity is None:
            schedule = form.schedule()
            assert schedule is not None  # "keep the imported rule" is offered on edits only
            activity = activities_admin.create_activity(
                db, clock.utcnow(), g.coordinator, form.fields(place_id), schedule,
                current_app.config["TIMEZONE"])
        else:
            activities_admin.update_activity(db, clock.utcnow(), g.coordinator, activity,
                                             form.fields(place_id), form.schedule())
        outcome.success = _("Activité « %(title)s » enregistrée.", title=activity.title)
    if outcome.error is not None:
        add_error(getattr(form, outcome.error.field, form.mode),
                  _("Vérifiez ce champ : l'activité n'a pas pu être enregistrée."))
        return _render_form(form, activity if activity and activity.id else None, 400)
    return redirect(url_for("coordinators.activity_page", activity_id=activity.id))


def _render_form(form: ActivityForm, activity: Activity | None, status: int = 200):
    return render_template("coordinators/activities/form.html", form=form, activity=activity,
                           **labels()), status


@bp.route("/activites/nouvelle", methods=["GET", "POST"])
@coordinator_required
def activity_new():
    """Create an activity (at the place given by ?lieu= when coming from a place)."""
    place = request.args.get("lieu", "")
    return _save(_activity_form(None, place=place if place.isdigit() else ""), None)


@bp.route("/activites/<int:activity_id>/modifier", methods=["GET", "POST"])
@coordinator_required
def activity_edit(activity_id: int):
    """Edit an activity; an imported rule the form cannot express is kept unless replaced."""
    activity = get_or_404(Activity, activity_id)
    return _save(_activity_form(activity), activity)


def _next_occurrences(activity: Activity) -> list:
    now = clock.utcnow()
    return occurrences.expand(activity, now, now + HORIZON, include_cancelled=True)[
        :SHOWN_OCCURRENCES]


def _page(activity: Activity, status: int = 200, **forms):
    db = get_session()
    shown = _next_occurrences(activity)
    cancel_forms = {o.key: OccurrenceCancelForm(prefix=f"annuler-{o.key}") for o in shown}
    cancel_forms.update(forms.get("cancel_forms", {}))
    place_form = forms.get("place_form") or PlaceActivityForm(prefix="lieu")
    place_form.place.choices = options([("", _("Choisissez…"))] + [
        (str(pid), name) for pid, name in places.place_choices(db)])
    return render_template("coordinators/activities/page.html", activity=activity,
                           shown=shown, cancel_forms=cancel_forms, place_form=place_form,
                           action_form=ActionForm(), **labels()), status


@bp.get("/activites/<int:activity_id>")
@coordinator_required
def activity_page(activity_id: int):
    """One activity: its facts and its next occurrences with their actions."""
    return _page(get_or_404(Activity, activity_id))


def _occurrence(activity_id: int, key: str):
    """(activity, occurrence) for a key of this activity, else the 404 page."""
    activity = get_or_404(Activity, activity_id)
    parsed = occurrences.parse_key(key)
    if parsed is None or parsed[0] != activity_id:
        abort(404)
    found = occurrences.find(get_session(), key)
    if found is None:
        abort(404)
    return activity, found[0]


def _back(activity: Activity, anchor: str = "seances"):
    return redirect(url_for("coordinators.activity_page", activity_id=activity.id,
                            _anchor=anchor))


@bp.post("/activites/<int:activity_id>/seances/<key>/annuler")
@coordinator_required
def occurrence_cancel(activity_id: int, key: str):
    """Cancel one occurrence; the reason is required."""
    activity, occurrence = _occurrence(activity_id, key)
    form = OccurrenceCancelForm(prefix=f"annuler-{key}")
    if not form.validate_on_submit():
        return _page(activity, 400, cancel_forms={key: form})
    if not confirmed():
        when = format_datetime(occurrence.start, "EEEE d MMMM y, HH:mm")
        return ask(_("Annuler la séance du %(date)s ?", date=when), _("Oui, annuler la séance"),
                   url_for("coordinators.activity_page", activity_id=activity.id,
                           _anchor=f"seance-{key}"),
                   _("Raison donnée : %(reason)s", reason=form.reason.data), danger=True)
    db = get_session()
    activities_admin.cancel_occurrence(db, clock.utcnow(), g.coordinator, activity,
                                       occurrence.original_start, required(form.reason.data))
    db.commit()
    flash(_("Séance annulée."), "success")
    return _back(activity)


@bp.post("/activites/<int:activity_id>/seances/<key>/retablir")
@coordinator_required
def occurrence_restore(activity_id: int, key: str):
    """Undo the cancellation or the move of one occurrence."""
    activity, occurrence = _occurrence(activity_id, key)
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return _back(activity)
    db = get_session()
    if activities_admin.restore_occurrence(db, clock.utcnow(), g.coordinator, activity,
                                           occurrence.original_start):
        db.commit()
        flash(_("Séance rétablie à sa date habituelle."), "success")
    return _back(activity)


@bp.route("/activites/<int:activity_id>/seances/<key>/deplacer", methods=["GET", "POST"])
@coordinator_required
def occurrence_move(activity_id: int, key: str):
    """Move one occurrence to another date or time."""
    activity, occurrence = _occurrence(activity_id, key)
    local_start = occurrence.start.replace(tzinfo=None)
    form = OccurrenceMoveForm(data={"date": local_start.date(), "start": local_start.time(),
                                    "end": occurrence.end.replace(tzinfo=None).time(),
                                    "note": occurrence.note})
    if form.validate_on_submit():
        with service_action(success=_("Séance déplacée.")) as outcome:
            activities_admin.move_occurrence(get_session(), clock.utcnow(), g.coordinator,
                                             activity, occurrence.original_start,
                                             form.new_start(), form.duration_minutes(),
                                             form.note.data or "")
        if not outcome.failed:
            return _back(activity)
        form.date.errors = [_("Choisissez une date à %(num)d jours au plus de la date "
                              "prévue ; au-delà, créez une autre activité.",
                              num=activities_admin.MOVE_LIMIT_DAYS)]
    return render_template("coordinators/activities/move.html", activity=activity,
                           occurrence=occurrence, form=form, local=local), (
                               400 if form.errors else 200)


@bp.post("/activites/<int:activity_id>/annuler")
@coordinator_required
def activity_cancel(activity_id: int):
    """Cancel every occurrence of the activity; confirmed first, with how many are to come."""
    if ActionForm().validate_on_submit() and not confirmed():
        activity = get_or_404(Activity, activity_id)
        now = clock.utcnow()
        coming = len(occurrences.expand(activity, now, now + HORIZON))
        return ask(_("Annuler l'activité « %(title)s » ?", title=activity.title),
                   _("Oui, annuler l'activité"),
                   url_for("coordinators.activity_page", activity_id=activity_id,
                           _anchor="etat"),
                   ngettext("%(num)d séance à venir sera retirée de l'agenda et des "
                            "suggestions. Vous pourrez rétablir l'activité plus tard.",
                            "%(num)d séances à venir seront retirées de l'agenda et des "
                            "suggestions. Vous pourrez rétablir l'activité plus tard.", coming),
                   danger=True)
    return _set_cancelled(activity_id, True, _("Activité annulée : aucune séance n'est plus "
                                               "proposée."))


@bp.post("/activites/<int:activity_id>/retablir")
@coordinator_required
def activity_restore(activity_id: int):
    """Restore a cancelled activity."""
    return _set_cancelled(activity_id, False, _("Activité rétablie."))


def _set_cancelled(activity_id: int, cancelled: bool, message: str):
    activity = get_or_404(Activity, activity_id)
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return _back(activity, "etat")
    db = get_session()
    activities_admin.set_cancelled(db, clock.utcnow(), g.coordinator, activity, cancelled)
    db.commit()
    flash(message, "success")
    return _back(activity, "etat")


@bp.post("/activites/<int:activity_id>/lieu")
@coordinator_required
def activity_place(activity_id: int):
    """Put the activity at a known place (an import whose location matched none)."""
    activity = get_or_404(Activity, activity_id)
    form = PlaceActivityForm(prefix="lieu")
    form.place.choices = options([("", "")] + [
        (str(pid), name) for pid, name in places.place_choices(get_session())])
    if not form.validate_on_submit():
        return _page(activity, 400, place_form=form)
    place = get_or_404(Place, int(form.place.data))
    db = get_session()
    activities_admin.place_activity(db, clock.utcnow(), g.coordinator, activity, place)
    db.commit()
    flash(_("Activité placée : %(place)s.", place=place.name), "success")
    return _back(activity, "lieu")
