"""CSV import of newcomers and volunteers: upload, preview every bad row, then confirm.

The uploaded file waits in the instance directory under a random name kept in the
session; the confirmation checks it again and imports it whole, or not at all.
"""
from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import RadioField

from web import clock
from web.db import get_session
from web.forms import options
from web.services import csv_import
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import coordinator_required
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.uploads import Uploads

MAX_BYTES = 2 * 1024 * 1024
UPLOADS = Uploads(session_key="csv_import", suffix=".csv")

add_nav_item("coordinators.import_people", _l("Import"), order=75, group="people")


class ImportForm(FlaskForm):
    """The file, who is in it, and for volunteers whether they are already vetted."""

    kind = RadioField(_l("Le fichier contient"), default="volunteer", choices=options([
        ("volunteer", _l("Des bénévoles (parrains, marraines)")),
        ("newcomer", _l("Des nouveaux arrivants"))]))
    vetting = RadioField(_l("Bénévoles importés"), default="pending", choices=options([
        ("pending", _l("À vérifier (ils apparaîtront dans la liste des bénévoles à "
                       "valider)")),
        ("approved", _l("Déjà vérifiés par vous (validés dès l'import)"))]))
    file = FileField(_l("Fichier CSV"), description=_l(
        "Séparateur ; ou , — encodage UTF-8 ou Windows (Excel). 2 Mo au plus."),
        validators=[FileRequired(_l("Choisissez un fichier.")),
                    FileSize(MAX_BYTES, message=_l("Le fichier dépasse 2 Mo."))])


class ConfirmForm(FlaskForm):
    """No field: the CSRF token of the confirmation."""


@bp.route("/import", methods=["GET", "POST"])
@coordinator_required
def import_people():
    """Upload a file: it is checked and shown as a preview, nothing is written yet."""
    form = ImportForm()
    if form.validate_on_submit():
        UPLOADS.start()
        raw = form.file.data.read(MAX_BYTES + 1)
        checked = csv_import.check(get_session(), form.kind.data, raw, clock.utcnow().date())
        if not checked.errors:
            UPLOADS.keep(raw, kind=form.kind.data, vetting=form.vetting.data,
                         name=(form.file.data.filename or "")[:100])
        return render_template("coordinators/import_preview.html", checked=checked,
                               confirm=None if checked.errors else ConfirmForm(),
                               vetting=form.vetting.data)
    return render_template("coordinators/import.html", form=form,
                           columns=csv_import.COLUMNS, required=csv_import.REQUIRED)


@bp.post("/import/confirmer")
@coordinator_required
def import_confirm():
    """Import the previewed file in one transaction (checked again first)."""
    state, path = UPLOADS.pending()
    if not ConfirmForm().validate_on_submit() or state is None or path is None:
        flash(_("Ce fichier n'est plus disponible : déposez-le à nouveau."), "error")
        return redirect(url_for("coordinators.import_people"))
    db = get_session()
    now = clock.utcnow()
    checked = csv_import.check(db, state["kind"], path.read_bytes(), now.date())
    if checked.errors:
        UPLOADS.forget(path)
        return render_template("coordinators/import_preview.html", checked=checked,
                               confirm=None, vetting=state["vetting"])
    with service_action(error=lambda error: _("Import annulé, rien n'a été enregistré : "
                                              "%(problem)s", problem=error.message)) as outcome:
        count = csv_import.import_rows(db, now, checked, g.coordinator.id, state["vetting"])
        outcome.success = _("%(num)d personnes importées.", num=count)
    UPLOADS.forget(path)
    return redirect(url_for("coordinators.import_people"))


@bp.get("/import/modele-<kind>.csv")
@coordinator_required
def import_template(kind: str):
    """An empty file with the expected headings and one example line."""
    if kind not in csv_import.KINDS:
        abort(404)
    name = "benevoles" if kind == "volunteer" else "nouveaux-arrivants"
    return Response(csv_import.template_csv(kind), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="modele-{name}.csv"'})
