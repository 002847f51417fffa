"""A volunteer proposes a small group outing to an upcoming activity.

Routes on the `volunteers` blueprint (imported at the end of `web.views.volunteers`).
"""
from flask import redirect, request, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.services import ServiceError, outings
from web.views.actions import service_action
from web.views.personal import person_or_error_page
from web.views.volunteers import KIND, bp


@bp.post("/<token>/sorties")
def propose_outing(token):
    """Propose to take 2 to 6 waiting newcomers to an activity; a coordinator confirms."""
    volunteer = person_or_error_page(KIND, token)
    key, places = request.form.get("occurrence", "")[:40], request.form.get("places", "")[:3]
    with service_action(success=_("Merci ! La coordination va confirmer votre sortie, puis "
                                  "inviter des personnes."),
                        error=_outing_error) as outcome:
        outings.propose(get_session(), clock.utcnow(), volunteer, key, places)
    if outcome.failed:
        return redirect(url_for("volunteers.page", token=token, sortie=key, places=places,
                                _anchor="sorties"))
    return redirect(url_for("volunteers.page", token=token, _anchor="sorties"))


def _outing_error(error: ServiceError) -> str:
    """What to tell the volunteer about a refused outing, by the field at fault."""
    messages = {
        "places": _("Nombre de places : choisissez entre %(low)d et %(high)d.",
                    low=outings.MIN_PLACES, high=outings.MAX_PLACES),
        "occurrence": _("Activité : choisissez une date dans la liste (les trois "
                        "prochaines semaines)."),
        "volunteer": _("Les sorties sont ouvertes aux bénévoles validés."),
    }
    if error.message == "already proposed":
        messages["occurrence"] = _("Activité : vous proposez déjà cette sortie.")
    return messages.get(error.field, messages["occurrence"])
