"""A newcomer's invitations to gatherings: "Je viens" / "Je ne peux pas", and the .ics file.

Routes on the `newcomers` blueprint (imported at the end of `web.views.newcomers`).
"""
from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.services import ServiceError, gatherings
from web.services.ics import calendar_bytes
from web.views.newcomers import KIND, bp
from web.views.personal import person_or_error_page

#: larger ids cannot be rows (PostgreSQL integer)
MAX_ID = 2**31 - 1


def _own_invitation(newcomer, gathering_id: int):
    """The newcomer's invitation to this gathering, or 404 (never someone else's)."""
    invitation = (gatherings.own_invitation(get_session(), newcomer, gathering_id)
                  if gathering_id <= MAX_ID else None)
    if invitation is None:
        abort(404)
    return invitation


@bp.post("/<token>/rencontres/<int:gathering_id>/reponse")
def gathering_answer(token, gathering_id):
    """Answer an invitation; the answer can change until the gathering starts."""
    newcomer = person_or_error_page(KIND, token)
    invitation = _own_invitation(newcomer, gathering_id)
    coming = request.form.get("answer") == "yes"
    db = get_session()
    back = url_for("newcomers.page", token=token, _anchor=f"rencontre-{gathering_id}")
    try:
        gatherings.answer(db, clock.utcnow(), invitation, coming)
    except gatherings.GatheringFull:
        db.commit()  # keeps the wish to come, for the coordinators
        flash(_("Désolé, c'est complet. Nous avons noté que vous voulez venir : la coordination "
                "vous prévient si une place se libère."), "error")
        return redirect(back)
    except ServiceError:
        db.rollback()
        flash(_("Il n'est plus possible de répondre : la rencontre est passée ou annulée."),
              "error")
        return redirect(back)
    db.commit()
    flash(_("Merci ! Nous vous attendons.") if coming
          else _("C'est noté. Vous pouvez changer d'avis jusqu'au jour de la rencontre."),
          "success")
    return redirect(back)


@bp.get("/<token>/rencontres/<int:gathering_id>.ics")
def gathering_calendar(token, gathering_id):
    """The gathering as a calendar file ("Ajouter à mon agenda")."""
    newcomer = person_or_error_page(KIND, token)
    gathering = _own_invitation(newcomer, gathering_id).gathering
    body = calendar_bytes([gatherings.calendar_event(gathering)], clock.utcnow())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="rencontre-{gathering.id}.ics"'})
