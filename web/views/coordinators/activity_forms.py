"""Forms of the activities pages: an activity with its schedule, moving and cancelling one
occurrence, placing an activity."""
import re
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from web.forms import MultiCheckboxField, options, strip
from web.models.local_life import ACTIVITY_KINDS, CIVIC_KINDS
from web.services import activities_admin, places
from web.services.activities_admin import DAY_CODES, Schedule
from web.services.reference import interests, languages
from web.views.coordinators.places import check_web_address
from web.views.form_values import required
from web.views.local_life_labels import ACTIVITY_KIND_LABELS, AUDIENCE_LABELS

MODE_LABELS = {"once": _l("Une seule fois"), "weekly": _l("Chaque semaine"),
               "biweekly": _l("Toutes les deux semaines"),
               "monthly": _l("Chaque mois (par exemple le 1er jeudi)"),
               "keep": _l("Garder la règle importée")}
DAY_LABELS = dict(zip(DAY_CODES, (_l("lundi"), _l("mardi"), _l("mercredi"), _l("jeudi"),
                                  _l("vendredi"), _l("samedi"), _l("dimanche")), strict=True))
ORDINAL_LABELS = {"1": _l("le 1er"), "2": _l("le 2e"), "3": _l("le 3e"), "4": _l("le 4e"),
                  "-1": _l("le dernier")}
PRICE_RE = re.compile(r"^\d{1,5}([.,]\d{1,2})?$")
CAPACITY_RE = re.compile(r"^\d{1,5}$")


class DayField(DateField):
    """A date (input type=date); a clear message when the browser sent something else."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Une date, par exemple 2027-01-12.")) from None


class HourField(TimeField):
    """A time of day (input type=time), e.g. 14:00."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Une heure, par exemple 14:00.")) from None


def price_cents(text: str) -> int:
    """Euros typed with a comma or a dot ("3,50", "3.5", "12") as cents."""
    return int(Decimal(text.replace(",", ".")) * 100)


class ActivityForm(FlaskForm):
    """An activity and when it happens."""

    title = StringField(_l("Titre"), filters=[strip], validators=[
        DataRequired(_l("Indiquez le titre de l'activité.")),
        Length(max=200, message=_l("200 caractères au plus."))])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[
        Length(max=4000, message=_l("4000 caractères au plus."))])
    kind = SelectField(_l("Type d'activité"),
                       validators=[InputRequired(_l("Choisissez un type d'activité."))])
    place = SelectField(_l("Lieu"), validators=[Optional()])
    interests = MultiCheckboxField(_l("Centres d'intérêt"), validators=[Optional()])
    languages = MultiCheckboxField(_l("Langues parlées pendant l'activité"),
                                   validators=[Optional()])
    audience = RadioField(_l("Pour qui"), default="everyone",
                          choices=options(AUDIENCE_LABELS.items()),
                          validators=[InputRequired(_l("Choisissez pour qui est l'activité."))])
    price_mode = RadioField(_l("Prix"), default="free", choices=options([
        ("free", _l("Gratuit")), ("paid", _l("Payant")), ("unknown", _l("Je ne sais pas"))]),
        validators=[InputRequired(_l("Choisissez gratuit, payant ou je ne sais pas."))])
    price = StringField(_l("Prix en euros"), filters=[strip])
    capacity = StringField(_l("Nombre de places (facultatif)"), filters=[strip])
    url = StringField(_l("Page de l'organisateur (facultatif)"), filters=[strip], validators=[
        Length(max=255, message=_l("255 caractères au plus.")), check_web_address])
    mode = RadioField(_l("Quand"), default="weekly",
                      validators=[InputRequired(_l("Choisissez quand l'activité a lieu."))])
    first_date = DayField(_l("Date, ou premier jour si l'activité se répète"),
                          validators=[Optional()])
    start = HourField(_l("Heure de début"), validators=[Optional()])
    end = HourField(_l("Heure de fin"), validators=[Optional()])
    days = MultiCheckboxField(_l("Jours"), choices=options(DAY_LABELS.items()),
                              validators=[Optional()])
    ordinal = SelectField(_l("Pour « chaque mois » : quelle semaine du mois"), default="1",
                          choices=options(ORDINAL_LABELS.items()), validators=[Optional()])
    until = DayField(_l("Jusqu'au (facultatif)"), validators=[Optional()])

    def fill_choices(self, session, locale: str, imported_rule: bool) -> None:
        """Kinds (civic ones grouped), places, tags and languages; "keep" only for a rule
        the form cannot express."""
        self.kind.choices = {
            _("Activités"): [(k, str(v)) for k, v in ACTIVITY_KIND_LABELS.items()
                             if k not in CIVIC_KINDS],
            _("Participation citoyenne"): [(k, str(ACTIVITY_KIND_LABELS[k]))
                                           for k in CIVIC_KINDS]}
        self.place.choices = options([("", _("Pas encore de lieu"))] + [
            (str(pid), name) for pid, name in places.place_choices(session)])
        self.interests.choices = options((i.code, i.label(locale)) for i in interests())
        self.languages.choices = options((i.code, i.label(locale)) for i in languages())
        modes = [m for m in MODE_LABELS if m != "keep" or imported_rule]
        self.mode.choices = options((m, MODE_LABELS[m]) for m in modes)

    def validate_kind(self, field):
        if field.data not in ACTIVITY_KINDS:
            raise ValidationError(_("Choisissez un type d'activité."))

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules that tie fields together (price, schedule)."""
        valid = super().validate(extra_validators)

        def wrong(field, message):
            field.errors = [*field.errors, message]
            return False

        if self.price_mode.data == "paid" and not PRICE_RE.match(self.price.data or ""):
            valid = wrong(self.price, _("Indiquez le prix en euros, par exemple 3 ou 3,50."))
        if self.capacity.data and (not CAPACITY_RE.match(self.capacity.data)
                                   or int(self.capacity.data) < 1):
            valid = wrong(self.capacity, _("Un nombre entier de places, par exemple 12, ou "
                                           "rien si les places ne sont pas limitées."))
        if self.mode.data == "keep" or self.mode.errors:
            return valid
        if not self.first_date.data and not self.first_date.errors:
            valid = wrong(self.first_date, _("Indiquez la date."))
        for field in (self.start, self.end):
            if not field.data and not field.errors:
                valid = wrong(field, _("Indiquez l'heure, par exemple 14:00."))
        if self.start.data and self.end.data and self.end.data <= self.start.data:
            valid = wrong(self.end, _("L'heure de fin doit être après l'heure de début."))
        if self.mode.data != "once":
            if not self.days.data:
                valid = wrong(self.days, _("Cochez au moins un jour."))
            if (self.until.data and self.first_date.data
                    and self.until.data < self.first_date.data):
                valid = wrong(self.until, _("La date de fin doit être après le premier jour."))
        return valid

    def fields(self, place_id: int | None) -> activities_admin.ActivityFields:
        """The typed values as the service takes them."""
        price = {"free": 0, "unknown": None}.get(self.price_mode.data)
        if self.price_mode.data == "paid":
            price = price_cents(required(self.price.data))
        return activities_admin.ActivityFields(
            title=required(self.title.data), kind=self.kind.data,
            description=self.description.data or "",
            place_id=place_id, interests=self.interests.data or [],
            languages=self.languages.data or [], audience=self.audience.data,
            price_cents=price, capacity=int(self.capacity.data) if self.capacity.data else None,
            url=self.url.data or "")

    def schedule(self) -> Schedule | None:
        """The schedule typed, or None to keep an imported rule."""
        if self.mode.data == "keep":
            return None
        return Schedule(self.mode.data, required(self.first_date.data),
                        required(self.start.data), required(self.end.data),
                        list(self.days.data or []), int(self.ordinal.data or 1),
                        self.until.data)


def activity_form_data(activity) -> dict:
    """An activity's values as the form shows them (the schedule read back from its rule)."""
    data = {"title": activity.title, "description": activity.description,
            "kind": activity.kind, "place": str(activity.place_id or ""),
            "interests": list(activity.interests or []),
            "languages": list(activity.languages or []), "audience": activity.audience,
            "capacity": str(activity.capacity or ""), "url": activity.url,
            "price_mode": ("unknown" if activity.price_cents is None
                           else "free" if activity.price_cents == 0 else "paid"),
            "price": ("" if not activity.price_cents
                      else f"{activity.price_cents / 100:.2f}".replace(".", ",")
                      .removesuffix(",00"))}
    schedule = activities_admin.rule_to_schedule(activity)
    if schedule is None:
        data["mode"] = "keep"
    else:
        data.update(mode=schedule.mode, first_date=schedule.first_date, start=schedule.start,
                    end=schedule.end, days=schedule.days, ordinal=str(schedule.ordinal),
                    until=schedule.until)
    return data


class OccurrenceCancelForm(FlaskForm):
    """Why one occurrence is cancelled (shown to the people who planned to go)."""

    reason = StringField(_l("Raison de l'annulation"), filters=[strip], validators=[
        DataRequired(_l("Indiquez la raison, par exemple « salle indisponible ».")),
        Length(max=255, message=_l("255 caractères au plus."))])


class OccurrenceMoveForm(FlaskForm):
    """The new date and times of one occurrence."""

    date = DayField(_l("Nouvelle date"), validators=[DataRequired(_l("Indiquez la date."))])
    start = HourField(_l("Heure de début"),
                      validators=[DataRequired(_l("Indiquez l'heure, par exemple 14:00."))])
    end = HourField(_l("Heure de fin"),
                    validators=[DataRequired(_l("Indiquez l'heure, par exemple 16:00."))])
    note = StringField(_l("Raison (facultatif)"), filters=[strip], validators=[
        Length(max=255, message=_l("255 caractères au plus."))])

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_("L'heure de fin doit être après l'heure de début."))

    def new_start(self) -> datetime:
        return datetime.combine(required(self.date.data), required(self.start.data))

    def duration_minutes(self) -> int:
        return int((datetime.combine(required(self.date.data), required(self.end.data))
                    - self.new_start()).total_seconds() // 60)


class PlaceActivityForm(FlaskForm):
    """The place an unplaced activity goes to."""

    place = SelectField(_l("Lieu"), validators=[DataRequired(_l("Choisissez un lieu."))])
