"""Import of activities (iCalendar, OpenAgenda, CSV): upload, preview every event, confirm.

As for the people import, the uploaded file waits in the instance directory under a random
name kept in the session; the confirmation reads and checks it again and imports it
whole, or not at all.
"""
from flask import Response, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField

from web import clock
from web.db import get_session
from web.forms import options
from web.services.activity_import import common, csv_file, places, reader, saving
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.uploads import Uploads
from web.views.local_life_labels import ACTIVITY_KIND_LABELS

UPLOADS = Uploads(session_key="activity_import", suffix=".activities")
FORMAT_LABELS = {"ical": _l("iCalendar (.ics)"), "openagenda": _l("OpenAgenda (.json)"),
                 "csv": _l("Tableur CSV (.csv)")}
OUTCOME_LABELS = {"new": _l("Nouvelle"), "updated": _l("Mise à jour"),
                  "unchanged": _l("Inchangée")}

add_nav_item("coordinators.import_activities", _l("Import d'activités"), order=76, group="town")


class ActivityImportForm(FlaskForm):
    """The file and, when its name does not say it, its format."""

    format = SelectField(_l("Format du fichier"), default="", choices=options([
        ("", _l("Reconnaître automatiquement")), *FORMAT_LABELS.items()]))
    file = FileField(_l("Fichier d'activités"), description=_l(
        "Un agenda .ics, un export OpenAgenda .json ou un tableur .csv. 2 Mo au plus."),
        validators=[FileRequired(_l("Choisissez un fichier.")),
                    FileSize(common.MAX_UPLOAD_BYTES, message=_l("Le fichier dépasse 2 Mo."))])


class ConfirmForm(FlaskForm):
    """No field: the CSRF token of the confirmation."""


def _check(raw: bytes, fmt: str | None, name: str):
    db = get_session()
    return reader.read_file(raw, fmt or None, current_app.config["TIMEZONE"],
                            places.load_places(db), name)


def _preview(checked, name: str, confirm: bool):
    db = get_session()
    outcomes, counts = saving.plan(db, checked) if checked.rows else ([], saving.Counts())
    place_names = {p.slug: p.name for p in places.load_places(db)}
    return render_template(
        "coordinators/activity_import_preview.html", checked=checked, name=name,
        rows=list(zip(checked.rows, outcomes, strict=True)), counts=counts,
        place_names=place_names, confirm=ConfirmForm() if confirm else None,
        format_label=FORMAT_LABELS[checked.format], kind_labels=ACTIVITY_KIND_LABELS,
        outcome_labels=OUTCOME_LABELS)


@bp.route("/activites/import", methods=["GET", "POST"])
@coordinator_required
def import_activities():
    """Upload a file: it is checked and every event shown; nothing is written yet."""
    form = ActivityImportForm()
    if form.validate_on_submit():
        UPLOADS.start()
        raw = form.file.data.read(common.MAX_UPLOAD_BYTES + 1)
        name = (form.file.data.filename or "")[:100]
        checked = _check(raw, form.format.data, name)
        ready = not checked.errors
        if ready:
            UPLOADS.keep(raw, format=checked.format, name=name)
        return _preview(checked, name, ready)
    status = 400 if form.errors else 200
    return render_template("coordinators/activity_import.html", form=form,
                           columns=csv_file.COLUMNS, required=csv_file.REQUIRED), status


@bp.post("/activites/import/confirmer")
@coordinator_required
def import_activities_confirm():
    """Import the previewed file in one transaction (checked again first)."""
    state, path = UPLOADS.pending()
    if not ConfirmForm().validate_on_submit() or state is None or path is None:
        flash(_("Ce fichier n'est plus disponible : déposez-le à nouveau."), "error")
        return redirect(url_for("coordinators.import_activities"))
    db = get_session()
    checked = _check(path.read_bytes(), state.get("format"), state.get("name", ""))
    if checked.errors:
        UPLOADS.forget(path)
        return _preview(checked, state.get("name", ""), False)
    try:
        counts = saving.save(db, clock.utcnow(), checked, actor=f"coordinator:{g.coordinator.id}",
                             coordinator_id=g.coordinator.id, file_name=state.get("name", ""))
        db.commit()
    except IntegrityError:
        # The same file confirmed twice at the same moment: the other confirmation won.
        db.rollback()
        UPLOADS.forget(path)
        flash(_("Import annulé, rien n'a été enregistré : ces activités viennent d'être "
                "importées par ailleurs."), "error")
        return redirect(url_for("coordinators.import_activities"))
    UPLOADS.forget(path)
    flash(_("Import terminé : %(new)d nouvelles, %(updated)d mises à jour, %(unchanged)d "
            "inchangées, %(unplaced)d à placer.", new=counts.new, updated=counts.updated,
            unchanged=counts.unchanged, unplaced=counts.unplaced), "success")
    return redirect(url_for("coordinators.import_activities"))


@bp.get("/activites/import/modele.csv")
@coordinator_required
def import_activities_template():
    """An empty CSV with the expected headings and one example line."""
    return Response(csv_file.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="modele-activites.csv"'})
