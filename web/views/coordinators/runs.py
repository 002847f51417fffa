"""Matching runs, scheduled jobs (started by hand) and follow-up answers, for coordinators."""
from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask.globals import app_ctx
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from jobs import registry
from jobs.schedule_info import job_table
from web import clock
from web.db import get_session
from web.models import MatchRun
from web.services import run_history
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import get_or_404, page_arg

add_nav_item("coordinators.match_runs", _l("Passages"), order=37, group="matching")
add_nav_item("coordinators.followup_answers", _l("Suivis"), order=55, group="today")
add_nav_item("coordinators.jobs", _l("Tâches"), order=87, group="admin")

#: what each job does, in the coordinator's words (the registry's description is English)
JOB_DESCRIPTIONS = {
    "deliver-outbox": _l("Envoie les e-mails en attente dans la boîte d'envoi."),
    "weekly-matching": _l("Passage d'appariement de la semaine : propose un parrain ou une "
                          "marraine à chaque personne en attente."),
    "weekly-catch-up": _l("Fait le passage de la semaine s'il n'a pas eu lieu (par exemple "
                          "après une panne)."),
    "expire-proposals": _l("Relance les bénévoles sans réponse après 3 jours ; une proposition "
                           "sans réponse après 7 jours expire."),
    "send-followups": _l("Envoie les messages de suivi 2 semaines et 3 mois après la mise en "
                         "relation."),
    "weekly-digest": _l("Envoie aux personnes en attente l'e-mail de la semaine avec des "
                        "activités près de chez elles (une fois par semaine)."),
    "retention": _l("Efface les données des personnes parties ou inactives depuis longtemps."),
}


@bp.get("/passages")
@coordinator_required
def match_runs():
    """Every matching run, newest first: when, how long, trigger, proposals, unmatched."""
    found = run_history.match_runs(get_session(), page_arg())
    return render_template("coordinators/runs.html", runs=found.items, found=found,
                           total=found.total)


@bp.get("/passages/<int:run_id>")
@coordinator_required
def match_run(run_id: int):
    """One run: its figures and every newcomer left unmatched, with the reason."""
    run = get_or_404(MatchRun, run_id)
    unmatched, names = run_history.unmatched(get_session(), run)
    return render_template("coordinators/runs_detail.html", run=run, unmatched=unmatched,
                           names=names, person_pages="coordinators.newcomer_page"
                           in current_app.view_functions)


@bp.get("/taches")
@coordinator_required
def jobs():
    """The scheduled jobs, their next run, and a button to start each one now."""
    return render_template("coordinators/jobs.html", jobs=job_table(current_app, clock.utcnow()),
                           descriptions=JOB_DESCRIPTIONS)


@bp.post("/taches/<job_id>")
@coordinator_required
def run_job(job_id: str):
    """Run one job now, in this request (a town's data is small), and say what it did."""
    spec = registry.find(job_id)
    if spec is None:
        abort(404)
    db = get_session()
    if not confirmed():
        return _ask_to_run(spec, run_history.job_reach(db, clock.utcnow(), job_id,
                                                       current_app.config))
    db.commit()  # end the request's read transaction before the job writes
    try:
        # the application itself, not the request's proxy to it: the job opens its own context
        result = registry.function(spec)(now=clock.utcnow(), app=app_ctx.app)
    except Exception:  # noqa: BLE001 - the job rolled back; tell the coordinator, keep the log
        current_app.logger.exception("job %s failed when started by hand", job_id)
        flash(_("La tâche « %(job)s » a échoué ; rien n'a été modifié.", job=job_id),
              "error")
        return redirect(url_for("coordinators.jobs"))
    run_history.record_job_run(db, clock.utcnow(), g.coordinator, job_id, result)
    db.commit()
    summary = ", ".join(f"{key} : {value}" for key, value in (result or {}).items())
    flash(_("Tâche « %(job)s » terminée (%(summary)s).", job=job_id, summary=summary),
          "success")
    return redirect(url_for("coordinators.jobs"))


def _ask_to_run(spec: registry.JobSpec, reach: int | None):
    """The confirmation before a job runs by hand: what it does and, where known, how many
    people or messages it touches (retention's erasures cannot be undone)."""
    detail = str(JOB_DESCRIPTIONS.get(spec.id, spec.description))
    if spec.id == "retention" and reach is not None:
        detail += " " + ngettext(
            "Les données de %(num)d personne seront effacées. C'est définitif.",
            "Les données de %(num)d personnes seront effacées. C'est définitif.", reach)
    elif spec.id == "deliver-outbox" and reach is not None:
        detail += " " + ngettext(
            "%(num)d message (e-mail ou SMS) est prêt à partir.",
            "%(num)d messages (e-mails ou SMS) sont prêts à partir.", reach)
    return ask(_("Lancer cette tâche maintenant ?"), _("Oui, lancer"),
               cancel_url=url_for("coordinators.jobs"), detail=detail,
               danger=spec.id == "retention")


@bp.get("/suivis")
@coordinator_required
def followup_answers():
    """The answers to follow-up check-ins, newest first."""
    found = run_history.followup_answers(get_session(), page_arg())
    return render_template("coordinators/jobs_followups.html", answers=found.items,
                           found=found, total=found.total)
