"""The engine's admin screen (/coordination/moteur): what it learned, the switch between the
default weights and the learned model, and the weights and limits form."""
import math

from flask import flash, g, redirect, render_template, url_for
from flask_babel import format_decimal, get_locale, gettext as _, lazy_gettext as _l, ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField

from web import clock
from web.db import get_session
from web.forms import options
from web.services import engine_settings, outcomes
from web.services.engine_settings import LIMITS, MODELS
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import admin_required
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm

add_nav_item("coordinators.engine_page", _l("Moteur d'appariement"), order=85, admin_only=True,
             group="admin")

COMPONENT_LABELS = {
    "neighbourhood": _l("Quartier proche"), "interests": _l("Intérêts communs"),
    "availability": _l("Temps libre en commun"), "language": _l("Langue"),
    "age": _l("Âge"), "household": _l("Situation familiale"),
}
LIMIT_LABELS = {
    "min_score": _l("Score minimum d'un binôme"),
    "max_distance_km": _l("Distance maximale (km)"),
    "boost_per_week": _l("Priorité gagnée par semaine d'attente"),
    "boost_cap": _l("Priorité maximale pour l'attente"),
    "no_common_slot_factor": _l("Multiplicateur sans temps libre en commun"),
}
OUTCOME_LABELS = {
    "declined": _l("Refusées"), "expired": _l("Restées sans réponse"),
    "ended_early": _l("Arrêtées avant trois mois"), "accepted": _l("Acceptées, récentes"),
    "lasting": _l("Durables (trois mois ou terminées)"),
}
#: held-out quality figures: label, and whether lower is better
METRICS = {
    "log_loss": (_l("Perte logarithmique"), True),
    "brier": (_l("Score de Brier"), True),
    "auc": (_l("AUC"), False),
}
MODEL_LABELS = {"default": _l("Poids par défaut"), "learned": _l("Modèle appris")}


def label(name: str):
    """A form field's label: the weight of a component, or a limit."""
    limit = LIMITS[name]
    if limit.component:
        return _l("Poids : %(component)s", component=COMPONENT_LABELS.get(limit.component,
                                                                        limit.component))
    return LIMIT_LABELS[name]


def number(value: float) -> str:
    """A figure as the coordinator writes it (0,25 in French)."""
    return format_decimal(value, format="#,##0.####")


def parse_number(text: str | None) -> float | None:
    """A number typed with a point or a comma; None when it is not one."""
    text = (text or "").strip().replace(" ", "").replace("\u202f", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class SettingsForm(FlaskForm):
    """The weights and limits; one text field per number (a comma is accepted)."""


for _name in LIMITS:
    setattr(SettingsForm, _name, StringField(label(_name)))


class ModelForm(FlaskForm):
    """The switch between the default weights and the learned model, and its confirmation."""

    model = RadioField(_l("Le passage hebdomadaire utilise"),
                       choices=options((key, MODEL_LABELS[key]) for key in MODELS))
    confirm = BooleanField(_l("Je confirme ce choix. Il vaut dès le prochain passage."))


def _settings_errors(form: SettingsForm) -> dict[str, float] | None:
    """The numbers typed, or None after attaching an error to each wrong field."""
    values: dict[str, float] = {}
    ok = True
    for name, limit in LIMITS.items():
        field = form[name]
        value = parse_number(field.data)
        if value is None or not limit.low <= value <= limit.high:
            field.errors = [_("%(field)s : indiquez un nombre entre %(low)s et %(high)s.",
                              field=field.label.text, low=number(limit.low),
                              high=number(limit.high))]
            ok = False
        else:
            values[name] = value
    if ok and not any(values[name] > 0 for name in LIMITS if LIMITS[name].component):
        first = form[next(name for name in LIMITS if LIMITS[name].component)]
        first.errors = [_("Au moins un poids doit être plus grand que 0.")]
        ok = False
    return values if ok else None


def _render(settings_form=None, model_form=None, status: int = 200):
    db = get_session()
    current = engine_settings.current_values(db)
    if settings_form is None:
        settings_form = SettingsForm(formdata=None, data={name: number(value)
                                                          for name, value in current.items()})
    choice = engine_settings.model(db)
    if model_form is None:
        model_form = ModelForm(formdata=None, data={"model": choice})
    report, counts = outcomes.model_report(db, clock.utcnow())
    language = "en" if str(get_locale() or "fr").startswith("en") else "fr"
    return render_template(
        "coordinators/engine.html", settings_form=settings_form, model_form=model_form,
        reset_form=ActionForm(), limits=LIMITS, current=current, choice=choice,
        report=report, counts=counts, language=language,
        calibration=outcomes.calibration(db, clock.utcnow()),
        number=number, component_labels=COMPONENT_LABELS, outcome_labels=OUTCOME_LABELS,
        metrics=METRICS, model_labels=MODEL_LABELS), status


@bp.get("/moteur")
@admin_required
def engine_page():
    """What the engine learned, the model switch and the weights and limits."""
    return _render()


@bp.post("/moteur/reglages")
@admin_required
def engine_settings_save():
    """Save the weights and limits; wrong numbers are shown again with what was typed."""
    form = SettingsForm()
    if not form.validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return redirect(url_for("coordinators.engine_page"))
    values = _settings_errors(form)
    if values is None:
        return _render(settings_form=form, status=400)
    with service_action() as outcome:
        changed = engine_settings.save(get_session(), clock.utcnow(), g.coordinator, values)
        outcome.success = (_("Réglages enregistrés. Ils valent dès le prochain passage.")
                           if changed else _("Rien n'a changé."))
    if outcome.failed:  # the form checks the same ranges; kept for safety
        form[next(iter(LIMITS))].errors = [_("Vérifiez les nombres, s'il vous plaît.")]
        return _render(settings_form=form, status=400)
    return redirect(url_for("coordinators.engine_page", _anchor="reglages"))


@bp.post("/moteur/par-defaut")
@admin_required
def engine_settings_reset():
    """Back to the engine's default weights and limits; confirmed first, with how many
    values change."""
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return redirect(url_for("coordinators.engine_page"))
    db = get_session()
    if not confirmed():
        changed = engine_settings.changed_from_defaults(db)
        return ask(_("Rétablir les poids et limites par défaut ?"), _("Oui, rétablir"),
                   url_for("coordinators.engine_page", _anchor="reglages"),
                   ngettext("%(num)d réglage modifié reprendra sa valeur par défaut.",
                            "%(num)d réglages modifiés reprendront leur valeur par défaut.",
                            changed))
    engine_settings.reset(db, clock.utcnow(), g.coordinator)
    db.commit()
    flash(_("Les poids et limites par défaut sont rétablis."), "success")
    return redirect(url_for("coordinators.engine_page", _anchor="reglages"))


@bp.post("/moteur/modele")
@admin_required
def engine_model_switch():
    """Switch between the default weights and the learned model, once confirmed."""
    form = ModelForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
            return redirect(url_for("coordinators.engine_page"))
        form.model.errors = [_("Choisissez « Poids par défaut » ou « Modèle appris ».")]
        return _render(model_form=form, status=400)
    if not form.confirm.data:
        form.confirm.errors = [_("Cochez la case pour confirmer le changement.")]
        return _render(model_form=form, status=400)
    db = get_session()
    changed = engine_settings.set_model(db, clock.utcnow(), g.coordinator, form.model.data)
    db.commit()
    flash(_("Le passage hebdomadaire utilise maintenant : %(model)s.",
            model=MODEL_LABELS[form.model.data]) if changed else _("Rien n'a changé."), "success")
    return redirect(url_for("coordinators.engine_page", _anchor="modele"))
