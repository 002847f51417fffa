"""Activities on the personal pages: "Ajouter à mon agenda" (.ics), "J'y vais", the pair's
choice of a first outing, and stopping the weekly e-mail.

Routes on the `newcomers` and `volunteers` blueprints (imported at the end of each module).
"""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.services import digest, first_outing, suggestions
from web.services.ics import calendar_bytes, occurrence_event
from web.views import newcomers, volunteers
from web.views.personal import own_proposal, person_or_error_page


def _place_url(place) -> str:
    """The place's public page, when that page exists in this app."""
    from flask import current_app

    if place is None or "public.place" not in current_app.view_functions:
        return ""
    return url_for("public.place", slug=place.slug, _external=True)


def _calendar_file(key: str) -> Response:
    found = suggestions.find_occurrence(get_session(), key)
    if found is None:
        abort(404)
    occurrence, activity = found
    body = calendar_bytes([occurrence_event(occurrence, activity,
                                            url=_place_url(activity.place))], clock.utcnow())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="activite-{occurrence.key}.ics"',
        "Cache-Control": "no-store"})


@newcomers.bp.get("/<token>/agenda/<key>.ics", endpoint="activity_calendar")
def newcomer_calendar(token, key):
    """One activity occurrence as a calendar file, from the newcomer's page."""
    person_or_error_page(newcomers.KIND, token)
    return _calendar_file(key)


@volunteers.bp.get("/<token>/agenda/<key>.ics", endpoint="activity_calendar")
def volunteer_calendar(token, key):
    """One activity occurrence as a calendar file, from the volunteer's page."""
    person_or_error_page(volunteers.KIND, token)
    return _calendar_file(key)


@newcomers.bp.post("/<token>/activites/<key>/j-y-vais")
def going(token, key):
    """ "J'y vais" (or undo it) for one occurrence."""
    newcomer = person_or_error_page(newcomers.KIND, token)
    db = get_session()
    yes = request.form.get("action") != "undo"
    if not suggestions.say_going(db, clock.utcnow(), newcomer, key, yes):
        db.rollback()
        abort(404)
    db.commit()
    flash(_("C'est noté : vous y allez. Bonne activité !") if yes
          else _("C'est noté : vous n'y allez plus."), "success")
    return redirect(url_for("newcomers.page", token=token, _anchor=f"activite-{key}"))


def _choose(kind: str, token: str, proposal_id: int):
    person = person_or_error_page(kind, token)
    if proposal_id > suggestions.MAX_ID:
        abort(404)
    proposal = own_proposal(kind, person, proposal_id)
    db = get_session()
    if not first_outing.choose(db, clock.utcnow(), proposal, request.form.get("key", ""), kind):
        db.rollback()
        abort(404)
    db.commit()
    flash(_("C'est noté : c'est votre première sortie. Votre binôme la voit sur sa page."),
          "success")
    anchor = "premiere-sortie" if kind == "newcomer" else f"premiere-sortie-{proposal.id}"
    blueprint = "newcomers" if kind == "newcomer" else "volunteers"
    return redirect(url_for(f"{blueprint}.page", token=token, _anchor=anchor))


@newcomers.bp.post("/<token>/propositions/<int:proposal_id>/sortie", endpoint="outing_choice")
def newcomer_outing(token, proposal_id):
    """The newcomer picks the pair's first outing among the suggestions."""
    return _choose(newcomers.KIND, token, proposal_id)


@volunteers.bp.post("/<token>/propositions/<int:proposal_id>/sortie", endpoint="outing_choice")
def volunteer_outing(token, proposal_id):
    """The volunteer picks the pair's first outing among the suggestions."""
    return _choose(volunteers.KIND, token, proposal_id)


@newcomers.bp.route("/<token>/lettre/desabonnement", methods=["GET", "POST"],
                    endpoint="digest_unsubscribe")
def digest_unsubscribe(token):
    """Stop the weekly e-mail: the link in the e-mail opens this page, one button confirms
    (a link alone would be followed by mail scanners)."""
    newcomer = person_or_error_page(newcomers.KIND, token)
    done = False
    if request.method == "POST":
        db = get_session()
        digest.unsubscribe(db, clock.utcnow(), newcomer)
        db.commit()
        done = True
    return render_template("newcomers/digest_unsubscribe.html", newcomer=newcomer, token=token,
                           done=done or not newcomer.weekly_digest)
