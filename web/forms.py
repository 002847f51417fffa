"""Forms shared by newcomers and volunteers (Flask-WTF: server-side validation and CSRF).

Labels and messages are French source strings translated by Flask-Babel
(`lazy_gettext` imported as `_` so that the extractor finds them).
"""
from datetime import date

from flask_babel import get_locale, lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

# SelectChoice is WTForms 3.3's; the type stubs (types-WTForms 3.2) do not have it yet
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from matcher.slots import SLOTS
from web.services import language_names
from web.services.emails import is_email_address
from web.services.reference import languages as reference_languages

PHONE_PATTERN = r"^\+?[0-9][0-9 .()-]{5,19}$"
UNKNOWN_NEIGHBOURHOOD = "unknown"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")


def strip(value):
    """Leading and trailing spaces are never meaningful in these fields."""
    return value.strip() if isinstance(value, str) else value


class EmailAddress:
    """WTForms validator: an e-mail address (see web/services/emails.py)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data and not is_email_address(field.data):
            raise ValidationError(self.message)


def initial(value):
    """" D. " is the initial D: spaces and a final full stop dropped (the service stores it
    in upper case)."""
    return value.strip().removesuffix(".").strip() if isinstance(value, str) else value


def one_letter(form, field):
    """WTForms validator: a single letter (of any alphabet), the initial of a last name."""
    if field.data and not (len(field.data) == 1 and field.data.isalpha()):
        raise ValidationError(_("Écrivez une seule lettre, par exemple D."))


def options(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def day_names():
    return {"mon": _("Lundi"), "tue": _("Mardi"), "wed": _("Mercredi"), "thu": _("Jeudi"),
            "fri": _("Vendredi"), "sat": _("Samedi"), "sun": _("Dimanche")}


def part_names():
    return {"morning": _("Matin"), "afternoon": _("Après-midi"), "evening": _("Soir")}


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one list (languages, interests, weekly slots)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LanguagesField(SelectMultipleField):
    """The languages a person speaks, posted as several `languages` values.

    Shown (templates/_forms.html, macro `languages_choice`) as checkboxes for the town's
    most common languages plus one list of every other language, each named in the reader's
    language and in its own ("arabe — العربية"): a handful of key presses, not 60
    checkboxes. The list's empty first option posts "", which is ignored.
    """

    def process_formdata(self, valuelist):
        super().process_formdata([value for value in valuelist if value])

    def pre_validate(self, form):
        known = {item.code for item in reference_languages()}
        if any(code not in known for code in self.data or ()):
            raise ValidationError(_("Choisissez les langues dans la liste."))

    def groups(self, locale: str | None = None) -> dict:
        """What the template shows: `common` and `chosen` (other languages already chosen)
        as (code, name, own name, lang tag, checked) checkboxes, `others` as (code, label)
        options of the list, sorted by name."""
        locale = str(locale or get_locale())
        chosen = set(self.data or ())
        common, picked, others = [], [], []
        for item in reference_languages():
            name, own = language_names.name(item.code, locale), language_names.own_name(item.code)
            own = None if own and own.casefold() == name.casefold() else own
            tag = language_names.ALIASES.get(item.code, item.code).replace("_", "-")
            if item.common:
                common.append((item.code, name, own, tag, item.code in chosen))
            elif item.code in chosen:
                picked.append((item.code, name, own, tag, True))
            else:
                others.append((item.code, f"{name} — {own}" if own else name))
        return {"common": common, "chosen": picked,
                "others": sorted(others, key=lambda pair: pair[1].casefold())}


def fill_place_and_languages(form, neighbourhoods, languages, locale: str) -> None:
    """The neighbourhood list (with "Je ne sais pas") and the language list of a form."""
    form.neighbourhood.choices = options([("", _("Choisissez…"))] + [
        (str(n.id), n.name) for n in neighbourhoods] + [
        (UNKNOWN_NEIGHBOURHOOD, _("Je ne sais pas"))])
    form.languages.choices = options((item.code, item.label(locale)) for item in languages)


def contact_given(form, field, message) -> bool:
    """A phone number or an e-mail address, at least one; else `message` on `field`."""
    if form.email.data or form.phone.data:
        return True
    field.errors = [*field.errors, message]
    return False


def street_given(form) -> bool:
    """A street or postcode when the neighbourhood is "Je ne sais pas"."""
    if (form.neighbourhood.data == UNKNOWN_NEIGHBOURHOOD
            and not (form.address_hint.data or "").strip()):
        form.address_hint.errors = [_("Indiquez votre rue ou votre code postal : nous "
                                      "trouverons votre quartier.")]
        return False
    return True


class ProfileForm(FlaskForm):
    """The fields newcomers and volunteers share."""

    first_name = StringField(_("Prénom"), filters=[strip], validators=[
        DataRequired(_("Indiquez votre prénom.")),
        Length(max=80, message=_("80 caractères au plus."))])
    #: optional; only the letter is kept, never the last name
    last_initial = StringField(_("Initiale du nom de famille"), filters=[initial],
                               validators=[Optional(), one_letter])
    email = StringField(_("Adresse e-mail"), filters=[strip], validators=[
        Optional(), Length(max=254, message=_("254 caractères au plus.")),
        EmailAddress(message=_("Une adresse e-mail ressemble à nom@exemple.fr."))])
    phone = StringField(_("Téléphone"), filters=[strip], validators=[
        Optional(),
        Regexp(PHONE_PATTERN, message=_("Un numéro de téléphone ressemble à 06 12 34 56 78."))])
    shared_contact = RadioField(
        _("Contact à donner à votre binôme, une fois que vous avez tous les deux dit oui"),
        choices=options([("email", _("Mon adresse e-mail")), ("phone", _("Mon téléphone")),
                 ("both", _("Les deux"))]),
        default="email", validators=[InputRequired(_("Choisissez un contact à partager."))])
    neighbourhood = SelectField(_("Votre quartier"), validators=[
        InputRequired(_("Choisissez votre quartier, ou « Je ne sais pas ».")),
        Length(min=1, message=_("Choisissez votre quartier, ou « Je ne sais pas »."))])
    address_hint = StringField(_("Votre rue ou votre code postal"), [
        Optional(), Length(max=200, message=_("200 caractères au plus."))])
    languages = LanguagesField(_("Langues que vous parlez"), validators=[
        DataRequired(_("Cochez au moins une langue."))])
    interests = MultiCheckboxField(_("Ce que vous aimez"), validators=[Optional()])
    about = TextAreaField(_("Quelques mots sur vous (facultatif)"), [
        Optional(), Length(max=1000, message=_("1000 caractères au plus."))])
    availability = MultiCheckboxField(_("Quand êtes-vous libre ?"),
                                      choices=options([(s, s) for s in SLOTS]),
                                      validators=[DataRequired(_("Cochez au moins un créneau."))])
    birth_year = IntegerField(_("Année de naissance (facultatif)"), [
        Optional(),
        NumberRange(min=1900, max=date.today().year,
                    message=_("Une année entre 1900 et aujourd'hui, par exemple 1985."))])
    gender = RadioField(_("Vous êtes (facultatif)"), choices=options([
        ("", _("Je préfère ne pas le dire")), ("female", _("Une femme")),
        ("male", _("Un homme")), ("other", _("Autre"))]), default="", validators=[Optional()])
    household = RadioField(_("Vous vivez (facultatif)"), choices=options([
        ("", _("Je préfère ne pas le dire")), ("alone", _("Seul ou seule")),
        ("couple", _("En couple")), ("children", _("Avec des enfants"))]), default="",
        validators=[Optional()])

    def fill_choices(self, neighbourhoods, languages, interests, locale: str) -> None:
        """Choices come from the town and the lists in data/, labelled in the user's language."""
        fill_place_and_languages(self, neighbourhoods, languages, locale)
        self.interests.choices = options((item.code, item.label(locale)) for item in interests)

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules that involve several fields (optional fields skip
        their own validators when empty, so these cannot live on a single field)."""
        valid = super().validate(extra_validators)
        if not contact_given(self, self.email, _("Donnez une adresse e-mail ou un numéro de "
                                                 "téléphone.")):
            valid = False
        elif self.shared_contact.data in ("email", "both") and not self.email.data:
            self.shared_contact.errors = [_("Vous n'avez pas donné d'adresse e-mail.")]
            valid = False
        elif self.shared_contact.data in ("phone", "both") and not self.phone.data:
            self.shared_contact.errors = [_("Vous n'avez pas donné de numéro de téléphone.")]
            valid = False
        return street_given(self) and valid


class NewcomerForm(ProfileForm):
    """A newcomer's whole profile (their profile page, the coordinators' phone intake).

    The newcomer's own intake is in steps: `web.intake_forms`."""

    #: a newcomer may not know their free time yet: the engine treats none as unknown
    availability = MultiCheckboxField(_("Quand êtes-vous libre ?"),
                                      choices=options([(s, s) for s in SLOTS]),
                                      validators=[Optional()])

    arrival_date = DateField(_("Date de votre arrivée dans la ville (facultatif)"),
                             validators=[Optional()])
    practise_french = BooleanField(_("Je voudrais pratiquer le français avec mon binôme"))
    buddy_gender = RadioField(_("Vous préférez un parrain ou une marraine ?"), choices=options([
        ("", _("Peu importe")), ("female", _("Une marraine (une femme)")),
        ("male", _("Un parrain (un homme)"))]), default="", validators=[Optional()])
    intergenerational = BooleanField(_("J'aimerais rencontrer quelqu'un d'une autre génération"))
    #: shown on the profile page only (the intake leaves the default: yes)
    weekly_digest = BooleanField(_("Recevoir chaque semaine un e-mail avec des activités près "
                                   "de chez moi"), default=True)
    heard_from = StringField(_("Comment avez-vous connu Bienvenue ? (facultatif)"), [
        Optional(), Length(max=200, message=_("200 caractères au plus."))])
    consent = BooleanField(_("J'accepte que la ville utilise ces informations pour me "
                             "présenter un parrain ou une marraine."),
                           validators=[DataRequired(_("Sans votre accord, nous ne pouvons pas "
                                                      "enregistrer votre demande."))])

    def validate_arrival_date(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_("La date d'arrivée ne peut pas être dans le futur."))


class VolunteerForm(ProfileForm):
    """The signup form of a volunteer (parrain, marraine)."""

    capacity = RadioField(_("Combien de personnes pouvez-vous accompagner en même temps ?"),
                          choices=options([("1", "1"), ("2", "2"), ("3", "3")]), default="1",
                          validators=[InputRequired(_("Choisissez 1, 2 ou 3."))])
    max_distance_km = SelectField(_("Jusqu'à quelle distance de chez vous ?"), choices=options([
        ("", _("Pas de limite")), ("1", "1 km"), ("2", "2 km"), ("3", "3 km"), ("5", "5 km")]),
        default="", validators=[Optional()])
    newcomer_gender = RadioField(_("Vous préférez accompagner"), choices=options([
        ("", _("Peu importe")), ("female", _("Une femme")), ("male", _("Un homme"))]), default="",
        validators=[Optional()])
    motivation = TextAreaField(_("Pourquoi voulez-vous devenir parrain ou marraine ?"), [
        DataRequired(_("Dites-nous en quelques mots ce qui vous motive.")),
        Length(max=1000, message=_("1000 caractères au plus."))])
    charter = BooleanField(_("J'ai lu la charte du parrainage et je m'engage à la respecter."),
                           validators=[DataRequired(_("Acceptez la charte pour vous inscrire."))])


class FindLinkForm(FlaskForm):
    """Ask for one's personal link again, by e-mail address or phone number."""

    contact = StringField(_("Votre adresse e-mail ou votre numéro de téléphone"),
                          filters=[strip], validators=[
        DataRequired(_("Indiquez votre adresse e-mail ou votre numéro de téléphone.")),
        Length(max=254, message=_("254 caractères au plus."))])

    def validate_contact(self, field):
        """An e-mail address, or a phone number we can text."""
        from web.services.phones import normalise

        value = field.data or ""
        if "@" in value:
            if not is_email_address(value):
                raise ValidationError(_("Une adresse e-mail ressemble à nom@exemple.fr."))
        elif normalise(value) is None:
            raise ValidationError(_("Écrivez une adresse e-mail (nom@exemple.fr) ou un numéro "
                                    "de téléphone (06 12 34 56 78)."))


def field_attrs(field, hint: bool = False, **extra) -> dict:
    """HTML attributes linking a field to its hint and error (used by templates/_forms.html)."""
    described = [f"{field.id}-aide"] if hint else []
    if field.errors:
        described.append(f"{field.id}-erreur")
    attrs = {key: value for key, value in extra.items() if value not in (None, False)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs
