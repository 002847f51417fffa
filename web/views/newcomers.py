"""Newcomers: intake form, personal page, answers to proposals, pause, data, erasure."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.db import get_session
from web.forms import NewcomerForm
from web.models.proposals import DECLINE_CODES, END_REASONS
from web.services import ServiceError, gatherings, links, people, proposals, suggestions
from web.services.introductions import introduction_context, pair_summary
from web.services.notify import email_person, link_settings
from web.views import personal
from web.views.personal import grid_labels, locale, now, person_or_error_page, prepare

bp = Blueprint("newcomers", __name__, url_prefix="/arrivee")
KIND = "newcomer"


@bp.route("/inscription", methods=["GET", "POST"])
def intake():
    """The intake form ("Je viens d'arriver")."""
    form = prepare(NewcomerForm())
    if form.validate_on_submit():
        db = get_session()
        moment = now()
        newcomer = people.register_newcomer(db, moment, form.data, locale())
        email_person(db, moment, newcomer, "newcomer_welcome", activities=suggestions.for_email(
            db, moment, newcomer))
        db.commit()
        token = links.make_token(link_settings(), moment, newcomer)
        return redirect(url_for(".page", token=token, bienvenue=1))
    return render_template("newcomers/intake.html", form=form, **grid_labels())


@bp.get("/<token>")
def page(token):
    """The newcomer's own page: where they are, and what they can do."""
    newcomer = person_or_error_page(KIND, token)
    db = get_session()
    current = proposals.current_proposal(db, newcomer)
    intro = summary = None
    if current is not None and current.status == "active":
        intro = introduction_context(db, now(), current, newcomer, current.volunteer, locale())
    elif current is not None and current.status == "accepted":
        summary = pair_summary(db, current, newcomer, current.volunteer, locale())
    return render_template("newcomers/page.html", newcomer=newcomer, token=token,
                           current=current, intro=intro, summary=summary,
                           decline_codes=DECLINE_CODES, end_reasons=END_REASONS,
                           welcome=request.args.get("bienvenue"), page_url=request.url,
                           gathering_invitations=gatherings.invitations_for_newcomer(
                               db, now(), newcomer),
                           near_you=suggestions.suggestions_for(db, now(), newcomer, locale()))


@bp.route("/<token>/profil", methods=["GET", "POST"])
def profile(token):
    """Edit one's profile; errors keep what was typed."""
    newcomer = person_or_error_page(KIND, token)
    form = prepare(NewcomerForm(data=people.profile_data(newcomer)))
    del form.consent
    if form.validate_on_submit():
        db = get_session()
        people.update_profile(db, now(), newcomer, form.data)
        db.commit()
        flash(_("Vos informations sont enregistrées."), "success")
        return redirect(url_for(".page", token=token))
    return render_template("personal/profile.html", form=form, extra_fields="newcomers/_arrival_fields.html",
                           back=url_for(".page", token=token), **grid_labels())


@bp.post("/<token>/pause")
def pause(token):
    """Pause or resume the search for a buddy."""
    newcomer = person_or_error_page(KIND, token)
    db = get_session()
    paused = request.form.get("action") == "pause"
    people.set_newcomer_paused(db, now(), newcomer, paused)
    db.commit()
    flash(_("Votre recherche est en pause. Reprenez-la quand vous voulez.") if paused
          else _("Nous cherchons de nouveau un parrain ou une marraine pour vous."), "success")
    return redirect(url_for(".page", token=token))


@bp.post("/<token>/propositions/<int:proposal_id>/reponse")
def answer(token, proposal_id):
    """Confirm or decline the buddy who accepted."""
    newcomer = person_or_error_page(KIND, token)
    proposal = personal.own_proposal(KIND, newcomer, proposal_id)
    db = get_session()
    try:
        if request.form.get("answer") == "yes":
            proposals.newcomer_confirms(db, now(), proposal)
            message = _("C'est fait ! Vous recevez les coordonnées de votre binôme.")
        else:
            proposals.newcomer_declines(db, now(), proposal, request.form.get("code", ""),
                                        request.form.get("reason"))
            message = _("C'est noté. Nous vous proposerons quelqu'un d'autre.")
    except ServiceError as error:
        db.rollback()
        flash(personal.answer_error(error), "error")
        return redirect(url_for(".page", token=token, _anchor="proposition"))
    db.commit()
    flash(message, "success")
    return redirect(url_for(".page", token=token))


@bp.post("/<token>/propositions/<int:proposal_id>/fin")
def end(token, proposal_id):
    """End an active pairing."""
    return personal.end_pairing(KIND, token, proposal_id)


@bp.post("/<token>/propositions/<int:proposal_id>/probleme")
def problem(token, proposal_id):
    """Report a problem: the coordinators are alerted at once."""
    return personal.report_problem(KIND, token, proposal_id)


@bp.get("/<token>/donnees")
def download(token):
    """Everything we store about the newcomer, as a JSON file."""
    return personal.download_data(KIND, token)


@bp.route("/<token>/supprimer", methods=["GET", "POST"])
def erase(token):
    """Withdraw and erase one's data, after a confirmation."""
    return personal.erase(KIND, token)


# Routes that register themselves on `bp`; imported after it exists.
from web.views import newcomer_gatherings  # noqa: E402,F401
