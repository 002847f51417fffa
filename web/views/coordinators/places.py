"""Places pages: the town's places by neighbourhood, and the form that creates or edits one."""
import re

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from web import clock
from web.db import get_session
from web.forms import MultiCheckboxField, options, strip
from web.models import Place
from web.services import places
from web.services.reference import languages
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import get_or_404
from web.views.form_values import add_error, required
from web.views.local_life_labels import PLACE_KIND_LABELS
from web.views.personal import locale

add_nav_item("coordinators.places", _l("Lieux et activités"), order=50, group="town")

STEP_FREE = {"yes": True, "no": False, "unknown": None}
NUMBER_RE = re.compile(r"^-?\d{1,3}([.,]\d{1,8})?$")


def decimal(value: str | None) -> float | None:
    """A number typed with a comma or a dot ("48,85"), None when empty."""
    if not value:
        return None
    return float(value.replace(",", "."))


def check_web_address(_form, field):
    """An http:// or https:// address (no javascript: or mailto: links on public pages)."""
    if field.data and not places.is_web_address(field.data):
        raise ValidationError(_("Indiquez une adresse qui commence par https:// ou http://, "
                                "par exemple https://mdq-nangues.example."))


def _coordinate(low: int, high: int, example: str):
    def check(_form, field):
        if not field.data:
            return
        value = decimal(field.data) if NUMBER_RE.match(field.data) else None
        if value is None or not low <= value <= high:
            raise ValidationError(_("Un nombre entre %(low)d et %(high)d, par exemple "
                                    "%(example)s.", low=low, high=high, example=example))
    return check


class PlaceForm(FlaskForm):
    """Every field of a place."""

    name = StringField(_l("Nom du lieu"), filters=[strip], validators=[
        DataRequired(_l("Indiquez le nom du lieu.")),
        Length(max=160, message=_l("160 caractères au plus."))])
    kind = SelectField(_l("Type de lieu"), choices=options(PLACE_KIND_LABELS.items()),
                       default="maison_de_quartier",
                       validators=[InputRequired(_l("Choisissez un type de lieu."))])
    neighbourhood = SelectField(_l("Quartier"), validators=[Optional()])
    address = StringField(_l("Adresse"), filters=[strip], validators=[
        Length(max=255, message=_l("255 caractères au plus."))])
    lat = StringField(_l("Latitude (facultatif)"), filters=[strip],
                      validators=[_coordinate(-90, 90, "48,8566")])
    lon = StringField(_l("Longitude (facultatif)"), filters=[strip],
                      validators=[_coordinate(-180, 180, "2,3522")])
    opening_hours = TextAreaField(_l("Horaires d'ouverture"), filters=[strip], validators=[
        Length(max=2000, message=_l("2000 caractères au plus."))])
    languages = MultiCheckboxField(_l("Langues parlées sur place"), validators=[Optional()])
    step_free = RadioField(_l("Accessible sans marche (fauteuil, poussette)"),
                           default="unknown", choices=options([
                               ("yes", _l("Oui")), ("no", _l("Non")),
                               ("unknown", _l("Je ne sais pas"))]),
                           validators=[InputRequired(_l("Choisissez oui, non ou je ne sais "
                                                        "pas."))])
    contact = StringField(_l("Contact (téléphone, e-mail)"), filters=[strip], validators=[
        Length(max=255, message=_l("255 caractères au plus."))])
    website = StringField(_l("Site web"), filters=[strip], validators=[
        Length(max=255, message=_l("255 caractères au plus.")), check_web_address])
    description = TextAreaField(_l("Ce qui se passe dans ce lieu"), filters=[strip],
                                validators=[Length(max=4000,
                                                   message=_l("4000 caractères au plus."))])

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then latitude and longitude given together."""
        valid = super().validate(extra_validators)
        if (not self.lat.errors and not self.lon.errors
                and bool(self.lat.data) != bool(self.lon.data)):
            missing = self.lon if self.lat.data else self.lat
            missing.errors = [_("Donnez la latitude et la longitude, ou aucune des deux.")]
            valid = False
        return valid

    def fill_choices(self) -> None:
        """Neighbourhoods from the town; languages in the reader's language."""
        rows = places.neighbourhoods(get_session())
        self.neighbourhood.choices = options([("", _("Aucun quartier"))]
                                             + [(str(n.id), n.name) for n in rows])
        self.languages.choices = options((item.code, item.label(locale()))
                                         for item in languages())

    def fields(self) -> places.PlaceFields:
        """The typed values as the service takes them."""
        return places.PlaceFields(
            name=required(self.name.data), kind=self.kind.data,
            neighbourhood_id=int(self.neighbourhood.data) if self.neighbourhood.data else None,
            address=self.address.data or "", lat=decimal(self.lat.data),
            lon=decimal(self.lon.data), opening_hours=self.opening_hours.data or "",
            languages=self.languages.data or [], step_free=STEP_FREE[self.step_free.data],
            contact=self.contact.data or "", website=self.website.data or "",
            description=self.description.data or "")


def _form_data(place: Place) -> dict:
    """A place's values as the form shows them."""
    step = {True: "yes", False: "no", None: "unknown"}[place.step_free]

    def number(value):
        return "" if value is None else f"{value:g}".replace(".", ",")

    return {"name": place.name, "kind": place.kind,
            "neighbourhood": str(place.neighbourhood_id or ""), "address": place.address,
            "lat": number(place.lat), "lon": number(place.lon),
            "opening_hours": place.opening_hours, "languages": list(place.languages or []),
            "step_free": step, "contact": place.contact, "website": place.website,
            "description": place.description}


@bp.get("/lieux", endpoint="places")
@coordinator_required
def places_list():
    """The places, by neighbourhood, with their occurrences of the next four weeks."""
    db = get_session()
    unplaced = places.unplaced_activity_count(db)
    return render_template("coordinators/places/list.html",
                           groups=places.places_by_neighbourhood(db, clock.utcnow()),
                           kind_labels=PLACE_KIND_LABELS, unplaced=unplaced)


def _render_form(form: PlaceForm, place: Place | None, status: int = 200):
    activities = [] if place is None else places.activities_at(get_session(), place)
    return render_template("coordinators/places/form.html", form=form, place=place,
                           activities=activities), status


def _save(form: PlaceForm, place: Place | None):
    """Validate, call the service, and redirect to the list (or show the form again)."""
    if not form.validate_on_submit():
        return _render_form(form, place, 400 if form.errors else 200)
    db = get_session()
    with service_action() as outcome:
        if place is None:
            saved = places.create_place(db, clock.utcnow(), g.coordinator, form.fields())
        else:
            saved = places.update_place(db, clock.utcnow(), g.coordinator, place, form.fields())
        outcome.success = _("Lieu « %(name)s » enregistré.", name=saved.name)
    if outcome.error is not None:
        add_error(getattr(form, outcome.error.field, form.name),
                  _("Vérifiez ce champ : il n'a pas pu être enregistré."))
        return _render_form(form, place, 400)
    return redirect(url_for("coordinators.places", _anchor=f"lieu-{saved.id}"))


@bp.route("/lieux/nouveau", methods=["GET", "POST"])
@coordinator_required
def place_new():
    """Create a place."""
    form = PlaceForm()
    form.fill_choices()
    return _save(form, None)


@bp.route("/lieux/<int:place_id>", methods=["GET", "POST"])
@coordinator_required
def place_edit(place_id: int):
    """Edit a place; its activities are listed under the form."""
    place = get_or_404(Place, place_id)
    form = PlaceForm(data=_form_data(place))
    form.fill_choices()
    return _save(form, place)
