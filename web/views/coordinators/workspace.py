"""The dashboard's work lists, and the small helpers the coordination pages share."""
from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from web import clock
from web.db import get_session
from web.models import ProblemReport
from web.services import casework, gatherings, worklists
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.form_values import required


def page_arg(name: str = "page") -> int:
    """A page number from the query string (1 when missing or wrong)."""
    try:
        return max(1, int(request.args.get(name) or 1))
    except ValueError:
        return 1


def get_or_404(model, row_id: int):
    """The row, or the workspace's 404 page (also for ids no integer column can hold)."""
    row = get_session().get(model, row_id) if 0 < row_id < 2**31 else None
    if row is None:
        abort(404)
    return row


class ActionForm(FlaskForm):
    """No field: only the CSRF token of a button that changes something."""


class ProblemForm(FlaskForm):
    """What the coordinator did about a problem report."""

    note = TextAreaField(_l("Ce qui a été fait"), validators=[
        DataRequired(_l("Dites en quelques mots ce qui a été fait.")),
        Length(max=4000, message=_l("4000 caractères au plus."))])


def dashboard_context() -> dict:
    """The dashboard's lists: each paginated on its own (25 a page), computed in SQL."""
    db = get_session()
    now = clock.utcnow()
    run = worklists.last_run(db)
    return {
        "now": now,
        "waiting": worklists.waiting_list(db, page_arg("attente")),
        "reasons": worklists.unmatched_reasons(run),
        "awaiting": worklists.awaiting_answer(db, page_arg("reponses")),
        "expiry_days": worklists.expiry_days(current_app.config),
        "expires_soon": worklists.expires_soon,
        "to_vet": worklists.to_vet(db, page_arg("validation")),
        "problems": worklists.open_problems(db, page_arg("problemes")),
        "last_run": run,
        "problem_form": ProblemForm,
        "came_without_buddy": gatherings.came_without_buddy(db, page_arg("venus")),
        "outings_to_confirm": gatherings.outings_to_confirm(db),
    }


@bp.post("/problemes/<int:report_id>/traite")
@coordinator_required
def handle_problem(report_id: int):
    """Mark a problem report handled, with what was done."""
    report = get_or_404(ProblemReport, report_id)
    form = ProblemForm(prefix=f"p{report_id}")
    if not form.validate_on_submit():
        flash(_("Dites en quelques mots ce qui a été fait avant de marquer le problème "
                "comme traité."), "error")
        return redirect(url_for("coordinators.dashboard", _anchor="problemes"))
    with service_action(success=_("Problème marqué comme traité."),
                        error=_("Ce problème a déjà été traité.")):
        casework.handle_problem(get_session(), clock.utcnow(), report, g.coordinator,
                                required(form.note.data))
    return redirect(url_for("coordinators.dashboard", _anchor="problemes"))
