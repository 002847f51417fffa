"""Matching runs, scheduled jobs (started by hand) and follow-up answers, for coordinators."""
from math import ceil

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from jobs import registry
from jobs.schedule_info import job_table
from web import clock
from web.db import get_session
from web.models import Followup, MatchRun, Newcomer
from web.services import audit
from web.services.followups import recent_answers
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item

PER_PAGE = 20

add_nav_item("coordinators.match_runs", _l("Passages"), order=37, group="matching")
add_nav_item("coordinators.followup_answers", _l("Suivis"), order=55, group="today")
add_nav_item("coordinators.jobs", _l("Tâches"), order=87, group="admin")


def _page(total: int) -> tuple[int, int]:
    pages = max(1, ceil(total / PER_PAGE))
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    return min(page, pages), pages


@bp.get("/passages")
@coordinator_required
def match_runs():
    """Every matching run, newest first: when, how long, trigger, proposals, unmatched."""
    db = get_session()
    total = db.scalar(select(func.count()).select_from(MatchRun))
    page, pages = _page(total)
    runs = db.scalars(select(MatchRun).order_by(MatchRun.started_at.desc(), MatchRun.id.desc())
                      .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template("coordinators/runs.html", runs=runs, total=total, page=page,
                           pages=pages)


@bp.get("/passages/<int:run_id>")
@coordinator_required
def match_run(run_id: int):
    """One run: its figures and every newcomer left unmatched, with the reason."""
    db = get_session()
    run = db.get(MatchRun, run_id)
    if run is None:
        abort(404)
    unmatched = list((run.stats or {}).get("unmatched_newcomers", []))
    ids = [row.get("newcomer") for row in unmatched]
    names = dict(db.execute(select(Newcomer.id, Newcomer.first_name)
                            .where(Newcomer.id.in_(ids))).all()) if ids else {}
    return render_template("coordinators/runs_detail.html", run=run, unmatched=unmatched,
                           names=names, person_pages="coordinators.newcomer_page"
                           in current_app.view_functions)


@bp.get("/taches")
@coordinator_required
def jobs():
    """The scheduled jobs, their next run, and a button to start each one now."""
    return render_template("coordinators/jobs.html", jobs=job_table(current_app, clock.utcnow()))


@bp.post("/taches/<job_id>")
@coordinator_required
def run_job(job_id: str):
    """Run one job now, in this request (a town's data is small), and say what it did."""
    spec = registry.find(job_id)
    if spec is None:
        abort(404)
    db = get_session()
    db.commit()  # end the request's read transaction before the job writes
    try:
        result = registry.function(spec)(now=clock.utcnow(), app=current_app._get_current_object())
    except Exception:  # noqa: BLE001 - the job rolled back; tell the coordinator, keep the log
        current_app.logger.exception("job %s failed when started by hand", job_id)
        flash(_("La tâche « %(job)s » a échoué ; rien n'a été modifié.", job=job_id),
              "error")
        return redirect(url_for("coordinators.jobs"))
    audit.record(db, clock.utcnow(), "job.run", actor=f"coordinator:{g.coordinator.id}",
                 coordinator_id=g.coordinator.id, job=job_id, result=result)
    db.commit()
    summary = ", ".join(f"{key} : {value}" for key, value in (result or {}).items())
    flash(_("Tâche « %(job)s » terminée (%(summary)s).", job=job_id, summary=summary),
          "success")
    return redirect(url_for("coordinators.jobs"))


@bp.get("/suivis")
@coordinator_required
def followup_answers():
    """The answers to follow-up check-ins, newest first."""
    db = get_session()
    total = db.scalar(select(func.count()).select_from(Followup)
                      .where(Followup.answered_at.is_not(None)))
    page, pages = _page(total)
    answers = recent_answers(db, PER_PAGE, (page - 1) * PER_PAGE)
    return render_template("coordinators/jobs_followups.html", answers=answers, total=total,
                           page=page, pages=pages)
