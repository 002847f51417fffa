"""The newcomer's intake in steps: the essentials first, the rest later from their page.

Step 1 (`EssentialsForm`) registers the newcomer; steps 2 to 4 (`STEP_FORMS`) are optional
and may be skipped or filled in later. The fields are those of `web.forms.NewcomerForm`
(same labels, same checks), so the profile page and the steps always agree.
"""
from typing import cast

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import RadioField

from web.forms import (
    MultiCheckboxField,
    NewcomerForm,
    contact_given,
    fill_place_and_languages,
    options,
    street_given,
)


class EssentialsForm(FlaskForm):
    """Step 1, one short screen: who, how to reach them, where, which languages, consent."""

    first_name = NewcomerForm.first_name
    last_initial = NewcomerForm.last_initial
    phone = NewcomerForm.phone
    email = NewcomerForm.email
    neighbourhood = NewcomerForm.neighbourhood
    address_hint = NewcomerForm.address_hint
    languages = NewcomerForm.languages
    consent = NewcomerForm.consent

    def fill_choices(self, neighbourhoods, languages, interests, locale: str) -> None:
        """The neighbourhood and language lists, labelled in the user's language."""
        fill_place_and_languages(self, neighbourhoods, languages, locale)

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: a phone or an e-mail; a street when the neighbourhood is unknown."""
        valid = super().validate(extra_validators)
        valid = contact_given(self, self.phone, _("Donnez un numéro de téléphone ou une "
                                                  "adresse e-mail.")) and valid
        return street_given(self) and valid


class InterestsForm(FlaskForm):
    """Step 2: what they like."""

    # NewcomerForm's own field, bound to each form like any field (read on the class, the
    # type stubs see the unbound field: the cast says what the form instance holds)
    interests = cast(MultiCheckboxField, NewcomerForm.interests)

    def fill_choices(self, neighbourhoods, languages, interests, locale: str) -> None:
        self.interests.choices = options((item.code, item.label(locale)) for item in interests)


class FreeTimeForm(FlaskForm):
    """Step 3: the 7 × 3 grid of free time."""

    availability = NewcomerForm.availability

    def fill_choices(self, *lists, **kwargs) -> None:
        """The grid's choices are fixed (the 21 slots)."""


class DetailsForm(FlaskForm):
    """Step 4: a few words, and what helps us choose (all optional)."""

    about = NewcomerForm.about
    shared_contact = cast(RadioField, NewcomerForm.shared_contact)  # (as interests above)
    arrival_date = NewcomerForm.arrival_date
    practise_french = NewcomerForm.practise_french
    buddy_gender = NewcomerForm.buddy_gender
    intergenerational = NewcomerForm.intergenerational
    birth_year = NewcomerForm.birth_year
    gender = NewcomerForm.gender
    household = NewcomerForm.household
    heard_from = NewcomerForm.heard_from

    def fill_choices(self, *lists, **kwargs) -> None:
        """Every choice here is fixed."""

    validate_arrival_date = NewcomerForm.validate_arrival_date

    def check_contact(self, newcomer) -> bool:
        """The contact to share must be one the newcomer gave."""
        choice = self.shared_contact.data
        if choice in ("email", "both") and not newcomer.email:
            self.shared_contact.errors = [_("Vous n'avez pas donné d'adresse e-mail.")]
            return False
        if choice in ("phone", "both") and not newcomer.phone:
            self.shared_contact.errors = [_("Vous n'avez pas donné de numéro de téléphone.")]
            return False
        return True


#: the optional steps, by number: (form class, page title)
STEP_FORMS = {
    2: (InterestsForm, _("Ce que vous aimez")),
    3: (FreeTimeForm, _("Vos moments libres")),
    4: (DetailsForm, _("Quelques mots sur vous")),
}
