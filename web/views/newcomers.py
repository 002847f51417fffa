"""Newcomers: intake form, personal page, answers to proposals, pause, data, erasure."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.forms import NewcomerForm
from web.intake_forms import STEP_FORMS, EssentialsForm
from web.models.proposals import DECLINE_CODES, END_REASONS
from web.services import gatherings, links, people, profile_steps, proposals, suggestions
from web.services.introductions import introduction_context, pair_summary
from web.services.notify import email_person, link_settings
from web.views import personal
from web.views.actions import service_action
from web.views.personal import grid_labels, locale, person_or_error_page, prepare
from web.views.personal_pages import make_blueprint

KIND = "newcomer"
bp = make_blueprint(KIND, __name__, "/arrivee", profile_form=NewcomerForm,
                    dropped_fields=("consent",), extra_fields="newcomers/_arrival_fields.html")


@bp.route("/inscription", methods=["GET", "POST"])
def intake():
    """The intake's first step ("Je viens d'arriver"): the essentials, on one short screen.
    The other steps are optional and wait on the personal page (`complete`)."""
    form = prepare(EssentialsForm())
    if form.validate_on_submit():
        db = get_session()
        moment = clock.utcnow()
        newcomer = people.register_newcomer(db, moment, form.data, locale())
        email_person(db, moment, newcomer, "newcomer_welcome", activities=suggestions.for_email(
            db, moment, newcomer))
        db.commit()
        token = links.make_token(link_settings(), moment, newcomer)
        return redirect(url_for(".page", token=token, bienvenue=1))
    return render_template("newcomers/intake.html", form=form)


@bp.route("/<token>/completer/<int:step>", methods=["GET", "POST"])
def complete(token, step):
    """One optional step of the profile (2 interests, 3 free time, 4 details): save or skip."""
    newcomer = person_or_error_page(KIND, token)
    if step not in STEP_FORMS:
        abort(404)
    form_class, title = STEP_FORMS[step]
    form = prepare(form_class(data=profile_steps.step_data(newcomer, step)))
    following = step + 1 if step + 1 in STEP_FORMS else None
    next_url = (url_for(".complete", token=token, step=following) if following
                else url_for(".page", token=token))
    valid = form.validate_on_submit()
    if request.method == "POST" and step == 4:
        valid = form.check_contact(newcomer) and valid  # every error shown at once
    if valid:
        db = get_session()
        profile_steps.save_step(db, clock.utcnow(), newcomer, step, form.data)
        db.commit()
        flash(_("C'est enregistré."), "success")
        return redirect(next_url)
    return render_template("newcomers/step.html", form=form, step=step, title=title,
                           steps=len(STEP_FORMS) + 1, next_url=next_url,
                           back=url_for(".page", token=token), **grid_labels())


@bp.get("/<token>")
def page(token):
    """The newcomer's own page: where they are, and what they can do."""
    newcomer = person_or_error_page(KIND, token)
    db = get_session()
    current = proposals.current_proposal(db, newcomer)
    intro = summary = None
    if current is not None and current.status == "active":
        intro = introduction_context(db, clock.utcnow(), current, newcomer, current.volunteer,
                                     locale())
    elif current is not None and current.status == "accepted":
        summary = pair_summary(db, current, newcomer, current.volunteer, locale())
    return render_template("newcomers/page.html", newcomer=newcomer, token=token,
                           current=current, intro=intro, summary=summary,
                           decline_codes=DECLINE_CODES, end_reasons=END_REASONS,
                           welcome=request.args.get("bienvenue"), page_url=request.url,
                           steps_left=profile_steps.steps_left(newcomer),
                           step_titles={n: title for n, (_form, title) in STEP_FORMS.items()},
                           gathering_invitations=gatherings.invitations_for_newcomer(
                               db, clock.utcnow(), newcomer),
                           near_you=suggestions.suggestions_for(db, clock.utcnow(), newcomer,
                                                                locale()))


@bp.post("/<token>/pause")
def pause(token):
    """Pause or resume the search for a buddy."""
    newcomer = person_or_error_page(KIND, token)
    db = get_session()
    paused = request.form.get("action") == "pause"
    people.set_newcomer_paused(db, clock.utcnow(), newcomer, paused)
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
    with service_action(error=personal.answer_error) as outcome:
        if request.form.get("answer") == "yes":
            proposals.newcomer_confirms(db, clock.utcnow(), proposal)
            outcome.success = _("C'est fait ! Vous recevez les coordonnées de votre binôme.")
        else:
            proposals.newcomer_declines(db, clock.utcnow(), proposal, request.form.get("code", ""),
                                        request.form.get("reason"))
            outcome.success = _("C'est noté. Nous vous proposerons quelqu'un d'autre.")
    if outcome.failed:
        return redirect(url_for(".page", token=token, _anchor="proposition"))
    return redirect(url_for(".page", token=token))


# Routes that register themselves on `bp`; imported after it exists.
from web.views import newcomer_gatherings  # noqa: E402,F401
