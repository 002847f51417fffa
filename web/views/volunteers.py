"""Volunteers (parrains, marraines): signup, personal page, answers to proposals."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.forms import VolunteerForm
from web.models.proposals import DECLINE_CODES, END_REASONS
from web.services import links, outings, people, proposals
from web.services.introductions import introduction_context, pair_summary
from web.services.notify import email_person, link_settings
from web.views import personal
from web.views.actions import service_action
from web.views.personal import grid_labels, locale, person_or_error_page, prepare
from web.views.personal_pages import make_blueprint

KIND = "volunteer"


def _capacity_too_low(form, volunteer) -> None:
    form.capacity.errors = [_("Vous accompagnez déjà %(num)d personnes : choisissez au "
                              "moins ce nombre.", num=volunteer.load)]


bp = make_blueprint(KIND, __name__, "/benevole", profile_form=VolunteerForm,
                    dropped_fields=("charter", "motivation"),
                    extra_fields="volunteers/_volunteer_fields.html",
                    profile_refused=_capacity_too_low)


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    """The signup form of a future parrain or marraine."""
    form = prepare(VolunteerForm())
    if form.validate_on_submit():
        db = get_session()
        moment = clock.utcnow()
        volunteer = people.register_volunteer(db, moment, form.data, locale())
        email_person(db, moment, volunteer, "volunteer_welcome")
        db.commit()
        token = links.make_token(link_settings(), moment, volunteer)
        return redirect(url_for(".page", token=token, bienvenue=1))
    return render_template("volunteers/signup.html", form=form, **grid_labels())


@bp.get("/<token>")
def page(token):
    """The volunteer's page: vetting status, proposals with their reasons, pairings."""
    volunteer = person_or_error_page(KIND, token)
    db = get_session()
    history = proposals.proposals_for(db, volunteer)
    summaries = {p.id: (introduction_context(db, clock.utcnow(), p, volunteer, p.newcomer, locale())
                        if p.status == "active" else
                        pair_summary(db, p, volunteer, p.newcomer, locale()))
                 for p in history if p.status in ("proposed", "accepted", "active")}
    return render_template("volunteers/page.html", volunteer=volunteer, token=token,
                           proposals=history, summaries=summaries, decline_codes=DECLINE_CODES,
                           end_reasons=END_REASONS, page_url=request.url,
                           welcome=request.args.get("bienvenue"), today=clock.utcnow().date(),
                           **outings.page_context(db, clock.utcnow(), volunteer, request.args))


@bp.post("/<token>/absence")
def away(token):
    """Away until a date, or back now."""
    volunteer = person_or_error_page(KIND, token)
    db = get_session()
    until = None
    if request.form.get("action") != "back":
        try:
            until = date.fromisoformat(request.form.get("until", ""))
        except ValueError:
            flash(_("Indiquez la date de votre retour, par exemple 2027-01-15."), "error")
            return redirect(url_for(".page", token=token, _anchor="absence"))
    with service_action(success=_("C'est noté : pas de nouvelle proposition avant votre retour.")
                        if until else
                        _("Bon retour ! Vous pouvez de nouveau recevoir des propositions."),
                        error=_("La date de retour doit être dans le futur.")) as outcome:
        people.set_volunteer_paused(db, clock.utcnow(), volunteer, until)
    if outcome.failed:
        return redirect(url_for(".page", token=token, _anchor="absence"))
    return redirect(url_for(".page", token=token))


@bp.post("/<token>/propositions/<int:proposal_id>/reponse")
def answer(token, proposal_id):
    """Accept, or decline with a reason."""
    volunteer = person_or_error_page(KIND, token)
    proposal = personal.own_proposal(KIND, volunteer, proposal_id)
    db = get_session()
    with service_action(error=personal.answer_error) as outcome:
        if request.form.get("answer") == "yes":
            proposals.volunteer_accepts(db, clock.utcnow(), proposal)
            outcome.success = _("Merci ! Nous demandons à %(name)s de confirmer.",
                                name=proposal.newcomer.first_name)
        else:
            proposals.volunteer_declines(db, clock.utcnow(), proposal, request.form.get("code", ""),
                                         request.form.get("reason"))
            outcome.success = _("C'est noté. Nous proposerons quelqu'un d'autre à %(name)s.",
                                name=proposal.newcomer.first_name)
    if outcome.failed:
        return redirect(url_for(".page", token=token, _anchor=f"proposition-{proposal.id}"))
    return redirect(url_for(".page", token=token))


# Routes that register themselves on `bp`; imported after it exists.
from web.views import volunteer_outings  # noqa: E402,F401
