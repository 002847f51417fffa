"""Person pages (profile, history, notes, audit trail, actions) and phone intake."""
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from matcher.slots import mask_to_slots
from web import clock
from web.db import checkpoint, get_session
from web.forms import NewcomerForm, VolunteerForm, options
from web.models import Newcomer, Volunteer
from web.services import casework, places
from web.services.reference import interests, label_map, languages
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm, get_or_404, page_arg
from web.views.form_values import add_error, required
from web.views.personal import grid_labels, locale, prepare

add_nav_item("coordinators.people", _l("Personnes"), order=40, group="people")
add_nav_item("coordinators.intake_newcomer", _l("Inscription par téléphone"), order=45,
             group="people")

#: URL section -> (kind, model)
SECTIONS = {"arrivants": ("newcomer", Newcomer), "benevoles": ("volunteer", Volunteer)}


class NoteForm(FlaskForm):
    """A note about the person."""

    text = TextAreaField(_l("Nouvelle note"), validators=[
        DataRequired(_l("Écrivez la note.")),
        Length(max=4000, message=_l("4000 caractères au plus."))])


class PlaceForm(FlaskForm):
    """The neighbourhood a coordinator puts a newcomer in."""

    neighbourhood = SelectField(_l("Quartier"),
                                validators=[DataRequired(_l("Choisissez un quartier."))])


class VolunteerPauseForm(FlaskForm):
    """Away until a date; empty means back now."""

    until = DateField(_l("Absent·e jusqu'au"), validators=[Optional()], description=_l(
        "Laissez vide pour le ou la remettre disponible dès maintenant."))


class EraseForm(FlaskForm):
    """Erasing needs an explicit confirmation."""

    confirm = BooleanField(
        _l("Je confirme : effacer définitivement cette personne et ses données"),
        validators=[DataRequired(_l("Cochez la case pour confirmer."))])


def _person(section: str, person_id: int):
    if section not in SECTIONS:
        abort(404)
    return get_or_404(SECTIONS[section][1], person_id)


def _place_form(newcomer=None) -> PlaceForm:
    form = PlaceForm(prefix="place")
    rows = places.neighbourhoods(get_session())
    form.neighbourhood.choices = options([("", _("Choisissez…"))]
                                         + [(str(n.id), n.name) for n in rows])
    if newcomer is not None and newcomer.neighbourhood_id and not form.neighbourhood.data:
        form.neighbourhood.data = str(newcomer.neighbourhood_id)
    return form


def _page(section: str, person, **forms):
    db = get_session()
    kind = SECTIONS[section][0]
    notes = casework.notes(db, kind, person.id)
    trail = casework.audit_trail(db, kind, person.id)
    loc = locale()
    return render_template(
        "coordinators/person.html", person=person, kind=kind, section=section,
        history=casework.history(db, person), notes=notes, trail=trail,
        local_life=casework.local_life(db, person) if kind == "newcomer" else None,
        authors=casework.coordinator_names(
            db, [n.coordinator_id for n in notes] + [e.coordinator_id for e in trail]
            + [getattr(person, "vetted_by_id", None)]),
        slots=mask_to_slots(person.availability), language_names=label_map(languages(), loc),
        interest_names=label_map(interests(), loc), action_form=ActionForm(),
        note_form=forms.get("note_form") or NoteForm(prefix="note"),
        place_form=forms.get("place_form") or _place_form(person if kind == "newcomer" else None),
        pause_form=forms.get("pause_form") or VolunteerPauseForm(
            prefix="pause", data={"until": getattr(person, "paused_until", None)}),
        **grid_labels())


@bp.get("/personnes")
@coordinator_required
def people():
    """Find a newcomer or a volunteer by first name, e-mail or phone (25 a page)."""
    kind = "volunteer" if request.args.get("type") == "benevoles" else "newcomer"
    search = request.args.get("q", "").strip()[:100]
    found = casework.search(get_session(), Volunteer if kind == "volunteer" else Newcomer,
                                search, page_arg())
    return render_template("coordinators/people.html", kind=kind, search=search, found=found)


@bp.get("/arrivants/<int:newcomer_id>")
@coordinator_required
def newcomer_page(newcomer_id: int):
    """A newcomer's profile, history, notes, audit trail and actions."""
    return _page("arrivants", get_or_404(Newcomer, newcomer_id))


@bp.get("/benevoles/<int:volunteer_id>")
@coordinator_required
def volunteer_page(volunteer_id: int):
    """A volunteer's profile, history, notes, audit trail and actions."""
    return _page("benevoles", get_or_404(Volunteer, volunteer_id))


def _back(section: str, person_id: int):
    if section == "arrivants":
        return redirect(url_for("coordinators.newcomer_page", newcomer_id=person_id))
    return redirect(url_for("coordinators.volunteer_page", volunteer_id=person_id))


@bp.post("/<section>/<int:person_id>/notes")
@coordinator_required
def add_note(section: str, person_id: int):
    """Add a dated note signed by the coordinator."""
    person = _person(section, person_id)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return _page(section, person, note_form=form), 400
    db = get_session()
    casework.add_note(db, clock.utcnow(), person, g.coordinator, required(form.text.data))
    db.commit()
    flash(_("Note ajoutée."), "success")
    return _back(section, person_id)


@bp.post("/arrivants/<int:newcomer_id>/quartier")
@coordinator_required
def place(newcomer_id: int):
    """Put the newcomer in a neighbourhood (e.g. one who did not know theirs)."""
    newcomer = get_or_404(Newcomer, newcomer_id)
    form = _place_form()
    if not form.validate_on_submit():
        return _page("arrivants", newcomer, place_form=form), 400
    db = get_session()
    casework.place_newcomer(db, clock.utcnow(), newcomer, g.coordinator,
                            int(form.neighbourhood.data))
    db.commit()
    flash(_("%(name)s est placé·e dans le quartier %(place)s.", name=newcomer.first_name,
            place=newcomer.neighbourhood.name), "success")
    return _back("arrivants", newcomer_id)


@bp.post("/arrivants/<int:newcomer_id>/pause")
@coordinator_required
def pause_newcomer(newcomer_id: int):
    """Pause a waiting newcomer, or put a paused one back on the list."""
    newcomer = get_or_404(Newcomer, newcomer_id)
    if ActionForm().validate_on_submit():
        paused = request.form.get("paused") == "1"
        with service_action(
                success=_("%(name)s est en pause.", name=newcomer.first_name) if paused else
                _("%(name)s est de nouveau sur la liste d'attente.", name=newcomer.first_name),
                error=_("Seul un arrivant en attente peut être mis en pause.")):
            casework.pause_newcomer(get_session(), clock.utcnow(), newcomer, g.coordinator,
                                    paused)
    return _back("arrivants", newcomer_id)


@bp.post("/benevoles/<int:volunteer_id>/pause")
@coordinator_required
def pause_volunteer(volunteer_id: int):
    """A volunteer away until a date, or available again now."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = VolunteerPauseForm(prefix="pause")
    if form.validate_on_submit():
        with service_action(success=_("Disponibilité de %(name)s enregistrée.",
                                      name=volunteer.first_name)) as outcome:
            casework.pause_volunteer(get_session(), clock.utcnow(), volunteer, g.coordinator,
                                     form.until.data)
        if not outcome.failed:
            return _back("benevoles", volunteer_id)
        add_error(form.until, _("Choisissez une date dans le futur."))
    return _page("benevoles", volunteer, pause_form=form), 400


@bp.route("/<section>/<int:person_id>/effacer", methods=["GET", "POST"])
@coordinator_required
def erase(section: str, person_id: int):
    """Erase a person and their data, after an explicit confirmation."""
    person = _person(section, person_id)
    form = EraseForm()
    if form.validate_on_submit():
        db = get_session()
        name = person.first_name
        casework.erase(db, clock.utcnow(), person, g.coordinator, current_app.config["SECRET_KEY"])
        db.commit()
        checkpoint(db)
        flash(_("%(name)s et ses données ont été effacés.", name=name), "success")
        return redirect(url_for("coordinators.people"))
    return render_template("coordinators/person_erase.html", person=person, section=section,
                           form=form)


def _intake(kind: str):
    form = prepare(NewcomerForm() if kind == "newcomer" else VolunteerForm())
    agreement = form.consent if kind == "newcomer" else form.charter
    agreement.label.text = (
        _("La personne a donné son accord par téléphone pour que la ville utilise ces "
          "informations.") if kind == "newcomer" else
        _("La personne a pris connaissance de la charte par téléphone et s'engage à la "
          "respecter."))
    if form.validate_on_submit():
        db = get_session()
        language = request.form.get("person_locale")
        person = casework.intake(db, clock.utcnow(), kind, form.data,
                                     language if language in ("fr", "en") else "fr", g.coordinator)
        db.commit()
        flash(_("%(name)s est inscrit·e.", name=person.first_name), "success")
        return _back("arrivants" if kind == "newcomer" else "benevoles", person.id)
    return render_template("coordinators/intake.html", form=form, kind=kind, **grid_labels())


@bp.route("/inscription-telephone/arrivant", methods=["GET", "POST"])
@coordinator_required
def intake_newcomer():
    """A coordinator fills the newcomer intake during a phone call."""
    return _intake("newcomer")


@bp.route("/inscription-telephone/benevole", methods=["GET", "POST"])
@coordinator_required
def intake_volunteer():
    """A coordinator fills the volunteer signup during a phone call."""
    return _intake("volunteer")
