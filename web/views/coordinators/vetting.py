"""Vetting: after the interview, a coordinator approves or refuses a volunteer."""
from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from web import clock
from web.db import get_session
from web.forms import options
from web.models import Volunteer
from web.services import vetting as vetting_service, worklists
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import get_or_404, page_arg
from web.views.form_values import add_error

add_nav_item("coordinators.vetting", _l("Bénévoles à valider"), order=20, group="today")


class VettingForm(FlaskForm):
    """The decision after the interview and a note about it."""

    decision = RadioField(_l("Décision après l'entretien"), choices=options([
        ("approved", _l("Valider : ce bénévole pourra recevoir des propositions")),
        ("refused", _l("Refuser"))]), validators=[InputRequired(_l("Choisissez une décision."))])
    note = TextAreaField(_l("Note sur l'entretien"), description=_l(
        "Obligatoire en cas de refus. Seule la coordination la lit."),
                         validators=[Length(max=4000, message=_l("4000 caractères au plus."))])


@bp.get("/benevoles/a-valider")
@coordinator_required
def vetting():
    """Volunteers waiting for their interview, oldest signup first (25 a page)."""
    volunteers = worklists.to_vet(get_session(), page_arg())
    return render_template("coordinators/vetting_list.html", volunteers=volunteers)


@bp.route("/benevoles/<int:volunteer_id>/validation", methods=["GET", "POST"])
@coordinator_required
def vetting_form(volunteer_id: int):
    """Approve or refuse one volunteer, with a note; the volunteer is e-mailed on approval."""
    volunteer = get_or_404(Volunteer, volunteer_id)
    form = VettingForm()
    if form.validate_on_submit():
        if form.decision.data == "refused" and not (form.note.data or "").strip():
            add_error(form.note, _("Dites pourquoi ce bénévole est refusé."))
        else:
            approved = form.decision.data == "approved"
            with service_action(success=_("%(name)s est validé·e.", name=volunteer.first_name)
                                if approved
                                else _("%(name)s est refusé·e.", name=volunteer.first_name)
                                ) as outcome:
                vetting_service.vet_volunteer(get_session(), clock.utcnow(), volunteer,
                                              g.coordinator, approved, form.note.data or "")
            if not outcome.failed:
                return redirect(url_for("coordinators.vetting"))
            add_error(form.note, _("Dites pourquoi ce bénévole est refusé."))
    return render_template("coordinators/vetting_form.html", form=form, volunteer=volunteer)
