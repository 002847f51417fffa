"""Review of the proposals a run made: approve, reject, or find another buddy."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from werkzeug.wrappers import Response

from web import clock
from web.db import get_session
from web.models import Proposal
from web.services import ServiceError, review as review_service
from web.services.pagination import MAX_PAGE
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import admin_required, coordinator_required
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm, get_or_404

add_nav_item("coordinators.review", _l("Propositions à valider"), order=10, group="today")


def _no_longer_draft() -> str:
    return _("Cette proposition n'est plus un brouillon : quelqu'un l'a déjà traitée.")


def _place() -> dict:
    """Where the coordinator was on the review list, from the query string or the posted
    form: {"page": n} past page 1 and {"q": text} when searching, checked (a page is an
    integer from 1, the text trimmed and cut), so an action comes back there."""
    try:
        page = int(request.values.get("page") or 1)
    except ValueError:
        page = 1
    q = (request.values.get("q") or "").strip()[:review_service.SEARCH_MAX]
    # A page past the end shows the last page (web.services.pagination), so it is kept.
    page = min(max(1, page), MAX_PAGE)
    return {**({"page": page} if page > 1 else {}), **({"q": q} if q else {})}


def _back() -> Response:
    """Back to the review list, on the page and search the coordinator acted from."""
    return redirect(url_for("coordinators.review", **_place()))


def _draft_or_404(proposal_id: int) -> Proposal:
    proposal = get_or_404(Proposal, proposal_id)
    if proposal.status != "draft":
        flash(_no_longer_draft(), "error")
        abort(_back())
    return proposal


def _valid_post() -> bool:
    if ActionForm().validate_on_submit():
        return True
    flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
    return False


@bp.get("/propositions/a-valider")
@coordinator_required
def review():
    """Draft proposals with score, components and reasons; 25 a page, searchable by the
    people's first names and neighbourhoods."""
    db = get_session()
    place = _place()
    q = place.get("q", "")
    return render_template("coordinators/review.html",
                           drafts=review_service.drafts(db, place.get("page", 1), q), q=q,
                           search_max=review_service.SEARCH_MAX,
                           review_on=review_service.review_enabled(db), form=ActionForm())


@bp.post("/propositions/relecture")
@admin_required
def review_setting():
    """Admins: do proposals from runs wait for a coordinator (on) or go out at once (off)?
    Turning the review off is confirmed first."""
    if _valid_post():
        db = get_session()
        enabled = request.form.get("enabled") == "1"
        if not enabled and not confirmed():
            return ask(_("Ne plus relire les propositions avant envoi ?"),
                       _("Oui, ne plus relire"), url_for("coordinators.review"),
                       _("Les prochains appariements enverront leurs propositions directement "
                         "aux bénévoles, sans validation."))
        with service_action(success=_("Les propositions attendront désormais une validation.")
                            if enabled else
                            _("Les propositions partiront désormais directement aux bénévoles.")):
            review_service.set_review(db, clock.utcnow(), g.coordinator, enabled)
    return redirect(url_for("coordinators.review"))


@bp.post("/propositions/tout-approuver")
@coordinator_required
def approve_all():
    """Send every draft to its volunteer, once the coordinator confirmed how many; during a
    search, only the drafts it finds. Back on the same page and search afterwards."""
    if _valid_post():
        db = get_session()
        q = _place().get("q", "")
        if not confirmed():
            count = review_service.drafts(db, 1, q).total
            question = (ngettext("Envoyer %(num)d proposition trouvée pour « %(q)s » ?",
                                 "Envoyer %(num)d propositions trouvées pour « %(q)s » ?",
                                 count, q=q) if q else
                        ngettext("Envoyer %(num)d proposition ?", "Envoyer %(num)d propositions ?",
                                 count))
            return ask(question, _("Oui, envoyer"), url_for("coordinators.review", **_place()),
                       _("Chaque bénévole reçoit un e-mail avec sa proposition."))
        with service_action() as outcome:
            sent = review_service.approve_all(db, clock.utcnow(), g.coordinator, q)
            outcome.success = _("%(num)d proposition(s) envoyée(s) aux bénévoles.", num=sent)
    return _back()


@bp.post("/propositions/<int:proposal_id>/approuver")
@coordinator_required
def approve(proposal_id: int):
    """Send one draft to its volunteer."""
    proposal = _draft_or_404(proposal_id)
    if _valid_post():
        with service_action(success=_("Proposition envoyée à %(name)s.",
                                      name=proposal.volunteer.first_name),
                            error=_no_longer_draft()):
            review_service.approve_draft(get_session(), clock.utcnow(), proposal, g.coordinator)
    return _back()


@bp.post("/propositions/<int:proposal_id>/ecarter")
@coordinator_required
def reject(proposal_id: int):
    """Reject one draft: the pair is not proposed, the volunteer's place is freed."""
    proposal = _draft_or_404(proposal_id)
    if _valid_post():
        with service_action(success=_("Proposition écartée. %(name)s reste sur la liste "
                                      "d'attente.", name=proposal.newcomer.first_name),
                            error=_no_longer_draft()):
            review_service.reject_draft(get_session(), clock.utcnow(), proposal, g.coordinator)
    return _back()


def _chosen_volunteer() -> int:
    """The volunteer id the swap form posted (ServiceError when it is not a number)."""
    try:
        return int(request.form.get("volunteer", ""))
    except ValueError:
        raise ServiceError("volunteer", "expected a volunteer's id") from None


@bp.route("/propositions/<int:proposal_id>/autre-binome", methods=["GET", "POST"])
@coordinator_required
def swap(proposal_id: int):
    """Other volunteers for the draft's newcomer; the one chosen replaces the draft."""
    proposal = _draft_or_404(proposal_id)
    db = get_session()
    form = ActionForm()
    error = None
    if form.validate_on_submit():
        with service_action() as outcome:
            new = review_service.swap_draft(db, clock.utcnow(), proposal, _chosen_volunteer(),
                                            g.coordinator)
            outcome.success = _("%(volunteer)s remplace le bénévole proposé à %(newcomer)s. La "
                                "nouvelle proposition attend votre validation.",
                                volunteer=new.volunteer.first_name,
                                newcomer=new.newcomer.first_name)
        if not outcome.failed:
            return _back()
        error = _("Choisissez un des bénévoles de la liste.")
    options = review_service.alternatives(db, clock.utcnow(), proposal)
    return render_template("coordinators/review_swap.html", proposal=proposal, options=options,
                           form=form, error=error, place=_place())
