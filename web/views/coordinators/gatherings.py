"""Welcome gatherings (and volunteers' group outings): list, schedule, invite, attendance."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from web import clock
from web.db import get_session
from web.forms import MultiCheckboxField, options
from web.models import Gathering
from web.services import ServiceError, gatherings, outings, places
from web.services.reference import label_map, languages
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm, get_or_404, page_arg
from web.views.form_values import add_error, required

add_nav_item("coordinators.gatherings", _l("Rencontres d'accueil"), order=45, group="town")

DEFAULT_TITLE = _l("Café d'accueil des nouveaux arrivants")


class GatheringForm(FlaskForm):
    """A new welcome gathering."""

    title = StringField(_l("Titre"), default=DEFAULT_TITLE, validators=[
        DataRequired(_l("Indiquez un titre, par exemple « Café d'accueil ».")),
        Length(max=200, message=_l("200 caractères au plus."))])
    place = SelectField(_l("Lieu"), validators=[InputRequired(_l("Choisissez un lieu."))])
    day = DateField(_l("Date"), validators=[InputRequired(
        _l("Indiquez la date, par exemple 2026-12-05."))])
    at = TimeField(_l("Heure de début"), validators=[InputRequired(
        _l("Indiquez l'heure, par exemple 10:00."))])
    duration = IntegerField(_l("Durée en minutes"), default=120, validators=[
        InputRequired(_l("Indiquez la durée en minutes, par exemple 120.")),
        NumberRange(15, 1440, _l("Entre 15 et 1440 minutes."))])
    capacity = IntegerField(_l("Nombre de places"), default=12, validators=[
        InputRequired(_l("Indiquez le nombre de places, par exemple 12.")),
        NumberRange(1, 500, _l("Entre 1 et 500 places."))])
    languages = MultiCheckboxField(_l("Langues parlées sur place"), description=_l(
        "Sans choix : les langues du lieu, sinon le français."), validators=[Optional()])
    description = TextAreaField(_l("Description (facultatif)"), validators=[
        Length(max=4000, message=_l("4000 caractères au plus."))])


class RefuseForm(FlaskForm):
    """Why a volunteer's outing is refused (sent to the volunteer)."""

    note = TextAreaField(_l("Message au bénévole (facultatif)"), validators=[
        Length(max=1000, message=_l("1000 caractères au plus."))])


def _places():
    return places.all_places(get_session())


def _fill(form: GatheringForm) -> GatheringForm:
    form.place.choices = options([("", _("Choisissez…"))] + [
        (str(p.id), p.name) for p in _places()])
    names = label_map(languages(), str(get_locale()))
    form.languages.choices = options(sorted(names.items(), key=lambda item: item[1]))
    return form


def _tz() -> str:
    return current_app.config.get("TIMEZONE", "Europe/Paris")


@bp.get("/rencontres", endpoint="gatherings")
@coordinator_required
def gatherings_list():
    """Outings to confirm, gatherings to come, past ones, with invited / coming / came."""
    db, now = get_session(), clock.utcnow()
    lists = {which: gatherings.listing(db, now, which, page_arg(which))
             for which in ("proposed", "upcoming", "past")}
    ids = [item.id for page in lists.values() for item in page.items]
    return render_template("coordinators/gatherings.html", lists=lists,
                           counts=gatherings.counts(db, ids), now=now)


@bp.route("/rencontres/nouvelle", methods=["GET", "POST"])
@coordinator_required
def gatherings_new():
    """Schedule a gathering, then see whom the app suggests inviting."""
    form = _fill(GatheringForm())
    if form.validate_on_submit():
        db = get_session()
        place = places.chosen(db, form.place.data or "")
        if place is None:
            add_error(form.place, _("Choisissez un lieu dans la liste."))
        else:
            with service_action(success=_("Rencontre programmée. Voici les personnes à "
                                          "inviter.")) as outcome:
                gathering = gatherings.schedule(
                    db, clock.utcnow(), g.coordinator, title=required(form.title.data),
                    place=place, day=required(form.day.data), at=required(form.at.data),
                    tz_name=_tz(), duration_minutes=required(form.duration.data),
                    capacity=required(form.capacity.data),
                    languages=form.languages.data or place.languages or ["fr"],
                    description=form.description.data or "")
                gatherings.suggest(db, clock.utcnow(), gathering, g.coordinator, _tz())
            if outcome.error is None:
                return redirect(url_for("coordinators.gathering_page", gathering_id=gathering.id))
            if outcome.error.field == "place":
                add_error(form.place, _("Ce lieu n'a pas de coordonnées : choisissez-en "
                                        "un autre."))
            else:
                add_error(form.day, _("La rencontre doit avoir lieu dans le futur."))
    status = 400 if form.errors else 200
    return render_template("coordinators/gatherings_form.html", form=form), status


@bp.get("/rencontres/<int:gathering_id>")
@coordinator_required
def gathering_page(gathering_id: int):
    """One gathering: suggestions to invite, answers, attendance, cancellation."""
    gathering = get_or_404(Gathering, gathering_id)
    invitations = sorted(gathering.invitations,
                         key=lambda i: (i.reasons.get("rank", 0), i.newcomer.first_name, i.id))
    language_names = label_map(languages(), str(get_locale()))
    return render_template("coordinators/gatherings_detail.html", gathering=gathering,
                           suggested=[i for i in invitations if i.status == "suggested"],
                           sent=[i for i in invitations if i.status != "suggested"],
                           started=gatherings.has_started(gathering, clock.utcnow()),
                           counts=gatherings.counts(get_session(), [gathering.id]).get(
                               gathering.id, gatherings.Counts()),
                           spoken=[language_names.get(code, code)
                                   for code in gathering.languages or ["fr"]],
                           action_form=ActionForm(),
                           refuse_form=RefuseForm())


def _act(gathering_id: int, change, success: str, anchor: str | None = None):
    """Run `change(db, now, gathering)` after the CSRF check; flash the outcome."""
    gathering = get_or_404(Gathering, gathering_id)
    back = url_for("coordinators.gathering_page", gathering_id=gathering_id, _anchor=anchor)
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return redirect(back)
    with service_action(success=success, error=_error_message) as outcome:
        outcome.success = change(get_session(), clock.utcnow(), gathering) or success
    return redirect(back)


def _error_message(error: ServiceError) -> str:
    if error.field == "invitations":
        return _("Cochez au moins une personne à inviter.")
    if error.field == "place":
        return _("Ce lieu n'a pas de coordonnées : impossible de trouver qui habite près.")
    return _("Ce n'est plus possible : la rencontre a commencé, est passée ou est annulée.")


@bp.post("/rencontres/<int:gathering_id>/suggestions")
@coordinator_required
def gathering_suggest(gathering_id: int):
    """Ask the app again whom to invite (replaces the unsent suggestions)."""
    return _act(gathering_id, lambda db, now, gathering: _suggested(
        gatherings.suggest(db, now, gathering, g.coordinator, _tz())), "", "suggestions")


def _suggested(rows) -> str:
    if not rows:
        return _("Personne d'autre ne peut venir pour l'instant (quartier, horaire ou langue).")
    return _("%(num)d personne(s) proposée(s).", num=len(rows))


@bp.post("/rencontres/<int:gathering_id>/invitations")
@coordinator_required
def gathering_invite(gathering_id: int):
    """Send the invitations to the checked people."""
    chosen = [i for i in request.form.getlist("invitation") if i.isdigit() and len(i) < 12]

    def change(db, now, gathering):
        rows, to_phone = gatherings.send_invitations(db, now, gathering, g.coordinator, chosen)
        message = _("%(num)d invitation(s) envoyée(s).", num=len(rows))
        if to_phone:
            message += " " + _("Sans e-mail, à appeler : %(names)s.", names=", ".join(
                f"{n.first_name} ({n.phone})" if n.phone else n.first_name for n in to_phone))
        return message
    return _act(gathering_id, change, "", "reponses")


@bp.post("/rencontres/<int:gathering_id>/presences")
@coordinator_required
def gathering_attendance(gathering_id: int):
    """Record who came."""
    came = [i for i in request.form.getlist("came") if i.isdigit() and len(i) < 12]
    return _act(gathering_id, lambda db, now, gathering: gatherings.mark_attendance(
        db, now, gathering, g.coordinator, came), _("Présences enregistrées."), "reponses")


@bp.post("/rencontres/<int:gathering_id>/annuler")
@coordinator_required
def gathering_cancel(gathering_id: int):
    """Cancel the gathering; the people invited are told by e-mail. Confirmed first, with
    how many will be told."""
    if ActionForm().validate_on_submit() and not confirmed():
        gathering = get_or_404(Gathering, gathering_id)
        told = gatherings.told_if_cancelled(get_session(), gathering)
        return ask(_("Annuler la rencontre « %(title)s » ?", title=gathering.title),
                   _("Oui, annuler la rencontre"),
                   url_for("coordinators.gathering_page", gathering_id=gathering_id),
                   ngettext("%(num)d personne invitée sera prévenue par e-mail.",
                            "%(num)d personnes invitées seront prévenues par e-mail.", told),
                   danger=True)

    def change(db, now, gathering):
        told = gatherings.cancel(db, now, gathering, g.coordinator)
        return _("Rencontre annulée. %(num)d personne(s) prévenue(s) par e-mail.", num=told)
    return _act(gathering_id, change, "")


@bp.post("/rencontres/<int:gathering_id>/confirmer")
@coordinator_required
def outing_confirm(gathering_id: int):
    """Confirm a volunteer's outing and suggest whom to invite."""
    def change(db, now, gathering):
        outings.confirm(db, now, gathering, g.coordinator)
        gatherings.suggest(db, now, gathering, g.coordinator, _tz())
    return _act(gathering_id, change,
                _("Sortie confirmée. Le ou la bénévole est prévenu·e. Choisissez qui inviter."),
                "suggestions")


@bp.post("/rencontres/<int:gathering_id>/refuser")
@coordinator_required
def outing_refuse(gathering_id: int):
    """Refuse a volunteer's outing, with an optional message; confirmed first."""
    form = RefuseForm()
    valid = form.validate_on_submit()
    if valid and not confirmed():
        gathering = get_or_404(Gathering, gathering_id)
        return ask(_("Refuser la sortie « %(title)s » ?", title=gathering.title),
                   _("Oui, refuser la sortie"),
                   url_for("coordinators.gathering_page", gathering_id=gathering_id),
                   _("Le ou la bénévole sera prévenu·e par e-mail."), danger=True)
    note = (form.note.data or "") if valid else ""
    return _act(gathering_id, lambda db, now, gathering: outings.refuse(
        db, now, gathering, g.coordinator, note),
        _("Sortie refusée. Le ou la bénévole est prévenu·e par e-mail."))
