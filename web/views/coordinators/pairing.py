"""Manual pairing, and running the matching now (a dry-run preview first)."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from web import clock
from web.db import get_session
from web.models import Newcomer, Volunteer
from web.services import ServiceError, casework, manual_pairing
from web.services.matching import count_ready, run_matching
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm, page_arg

add_nav_item("coordinators.pairing", _l("Binôme à la main"), order=30, group="matching")
add_nav_item("coordinators.run_preview", _l("Appariement"), order=35, group="matching")

#: what a ServiceError's field means for the coordinator
PAIRING_ERRORS = {
    "confirm": _l("Cochez la case pour confirmer que vous passez outre ces contraintes."),
    "raise_capacity": _l("Ce bénévole est complet : cochez la case pour lui ajouter une place, "
                         "ou choisissez quelqu'un d'autre."),
    "capacity": _l("Ce bénévole accompagne déjà 3 personnes, le maximum : choisissez "
                   "quelqu'un d'autre. (Ou l'arrivant·e a déjà une proposition en cours.)"),
    "newcomer": _l("Cet arrivant n'est plus en attente d'un binôme."),
    "volunteer": _l("Seuls les bénévoles validés et actifs peuvent recevoir une proposition."),
    "neighbourhood": _l("Placez d'abord les deux personnes dans un quartier."),
}


def _chosen(model, name: str):
    try:
        return get_session().get(model, int(request.values.get(name, "")))
    except ValueError:
        return None


@bp.route("/binome", methods=["GET", "POST"])
@coordinator_required
def pairing():
    """Pick a waiting newcomer and a volunteer, see the engine's view, then propose."""
    db = get_session()
    now = clock.utcnow()
    newcomer, volunteer = _chosen(Newcomer, "newcomer"), _chosen(Volunteer, "volunteer")
    form = ActionForm()
    error = None
    if request.method == "POST" and newcomer and volunteer and form.validate_on_submit():
        with service_action(success=_("Proposition envoyée à %(volunteer)s pour %(newcomer)s.",
                                      volunteer=volunteer.first_name,
                                      newcomer=newcomer.first_name)) as outcome:
            proposal = manual_pairing.pair_by_hand(
                db, now, newcomer, volunteer, g.coordinator,
                confirmed=request.form.get("confirm") == "1",
                raise_capacity=request.form.get("raise_capacity") == "1")
        if outcome.error is None:
            return redirect(url_for("coordinators.newcomer_page", newcomer_id=proposal.newcomer_id))
        error = PAIRING_ERRORS.get(outcome.error.field, outcome.error.message)
    explanation = None
    if newcomer and volunteer:
        try:
            explanation = manual_pairing.explain(db, now, newcomer, volunteer)
        except ServiceError as exc:
            error = error or PAIRING_ERRORS.get(exc.field, exc.message)
    qn, qv = request.args.get("qn", ""), request.args.get("qv", "")
    return render_template(
        "coordinators/pairing.html", newcomer=newcomer, volunteer=volunteer, form=form,
        explanation=explanation, error=error, qn=qn, qv=qv,
        newcomers=casework.search(db, Newcomer, qn, page_arg("pn"), waiting_only=True),
        volunteers=casework.search(db, Volunteer, qv, page_arg("pv"), waiting_only=True))


@bp.get("/appariement")
@coordinator_required
def run_preview():
    """Run matching by hand: first how many are waiting, then a preview on request."""
    db = get_session()
    counts = count_ready(db, clock.utcnow())
    return render_template("coordinators/pairing_run.html", outcome=None, counts=counts,
                           form=ActionForm())


@bp.post("/appariement/apercu")
@coordinator_required
def run_dry():
    """What a matching run would do now, without writing anything (the engine runs once)."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("coordinators.run_preview"))
    db = get_session()
    outcome = run_matching(db, clock.utcnow(), dry_run=True, trigger="manual",
                           coordinator_id=g.coordinator.id)
    # Render before rolling back: a rollback would expire every row the page shows.
    page = render_template("coordinators/pairing_run.html", outcome=outcome, counts=None,
                           form=ActionForm())
    db.rollback()
    return page


@bp.post("/appariement")
@coordinator_required
def run_now():
    """Run the matching for real (trigger "manual"), then go to the drafts to review."""
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return redirect(url_for("coordinators.run_preview"))
    db = get_session()
    outcome = run_matching(db, clock.utcnow(), trigger="manual", coordinator_id=g.coordinator.id)
    db.commit()
    count = len(outcome.proposals)
    if outcome.stats.get("review"):
        flash(_("Appariement terminé : %(num)d proposition(s) à valider.", num=count), "success")
        return redirect(url_for("coordinators.review"))
    flash(_("Appariement terminé : %(num)d proposition(s) envoyée(s) aux bénévoles.",
            num=count), "success")
    return redirect(url_for("coordinators.dashboard"))
