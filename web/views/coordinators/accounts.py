"""Admins manage coordinator accounts: list, create, change role, deactivate, reactivate."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from web import clock
from web.db import get_session
from web.forms import options
from web.models import Coordinator
from web.services import ServiceError, accounts
from web.services.accounts import MIN_PASSWORD_LENGTH
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import admin_required
from web.views.coordinators.confirm import ask, confirmed
from web.views.coordinators.nav import add_nav_item
from web.views.coordinators.workspace import ActionForm, get_or_404
from web.views.form_values import add_error, required

add_nav_item("coordinators.accounts_page", _l("Comptes"), order=80, admin_only=True, group="admin")

ROLE_LABELS = {"coordinator": _l("Coordinateur ou coordinatrice"),
               "admin": _l("Administrateur ou administratrice")}


class AccountForm(FlaskForm):
    """A new coordinator account, with an initial password the person changes later."""

    email = EmailField(_l("Adresse e-mail"), validators=[
        DataRequired(_l("Indiquez l'adresse e-mail de la personne.")),
        Length(max=254, message=_l("254 caractères au plus."))])
    name = StringField(_l("Nom"), validators=[
        DataRequired(_l("Indiquez le nom de la personne.")),
        Length(max=120, message=_l("120 caractères au plus."))])
    role = SelectField(_l("Rôle"), choices=options(ROLE_LABELS.items()), default="coordinator",
                       validators=[InputRequired(_l("Choisissez un des rôles proposés."))])
    password = PasswordField(
        _l("Mot de passe initial"),
        description=_l("Au moins %(num)d caractères. Communiquez-le à la personne : elle le "
                       "changera ensuite sur la page « Mot de passe ».", num=MIN_PASSWORD_LENGTH),
        validators=[DataRequired(_l("Choisissez un mot de passe initial.")),
                    Length(min=MIN_PASSWORD_LENGTH,
                           message=_l("Au moins %(num)d caractères, s'il vous plaît.",
                                      num=MIN_PASSWORD_LENGTH))])


def _rule_message(error: ServiceError) -> str:
    """The page's words for a refusal of set_role / set_active."""
    if "last active admin" in error.message:
        return _("C'est le dernier compte administrateur actif : il ne peut être ni rétrogradé "
                 "ni désactivé. Nommez d'abord un autre administrateur ou administratrice.")
    return _("Vous ne pouvez pas retirer vos propres droits d'administration ni désactiver "
             "votre propre compte. Demandez à un autre administrateur ou administratrice.")


def _render(form: AccountForm, status: int = 200):
    db = get_session()
    return render_template("coordinators/accounts.html", form=form, action_form=ActionForm(),
                           accounts=accounts.list_accounts(db), role_labels=ROLE_LABELS), status


@bp.route("/comptes", methods=["GET", "POST"])
@admin_required
def accounts_page():
    """The accounts list and the form creating an account."""
    form = AccountForm()
    if not form.validate_on_submit():
        return _render(form, 400 if form.errors else 200)
    db = get_session()
    try:
        with service_action(error=lambda error: _creation_error(form, error)) as outcome:
            account = accounts.create_account(db, clock.utcnow(), g.coordinator,
                                              required(form.email.data),
                                              required(form.name.data), form.role.data,
                                              required(form.password.data))
            outcome.success = _("Compte créé pour %(name)s. Communiquez-lui son mot de passe "
                                "initial.", name=account.name or account.email)
    except IntegrityError:
        # Another admin created the same address at the same moment.
        db.rollback()
        add_error(form.email, _("Un compte existe déjà avec cette adresse e-mail."))
        return _render(form, 400)
    if outcome.failed:
        return _render(form, 400)
    return redirect(url_for("coordinators.accounts_page"))


def _creation_error(form: AccountForm, error: ServiceError) -> None:
    """Put the reason an account was not created on the form field it is about."""
    if error.field == "email" and "already exists" in error.message:
        add_error(form.email, _("Un compte existe déjà avec cette adresse e-mail."))
    elif error.field == "email":
        add_error(form.email, _("Indiquez une adresse e-mail comme nom@exemple.fr."))
    elif error.field == "password":
        add_error(form.password, _("Au moins %(num)d caractères, s'il vous plaît.",
                                   num=MIN_PASSWORD_LENGTH))
    else:
        add_error(form.role, _("Choisissez un des rôles proposés."))


def _change(account_id: int, change, success: str):
    """Run `change(db, now, actor, account)` after the CSRF check; flash the outcome."""
    account = get_or_404(Coordinator, account_id)
    if not ActionForm().validate_on_submit():
        flash(_("Le formulaire a expiré. Recommencez, s'il vous plaît."), "error")
        return redirect(url_for("coordinators.accounts_page"))
    with service_action(success=success % {"name": account.name or account.email},
                        error=_rule_message):
        change(get_session(), clock.utcnow(), g.coordinator, account)
    return redirect(url_for("coordinators.accounts_page", _anchor=f"compte-{account_id}"))


@bp.post("/comptes/<int:account_id>/role")
@admin_required
def accounts_role(account_id: int):
    """Make the account a coordinator or an admin."""
    role = request.form.get("role", "")
    if role not in ROLE_LABELS:
        flash(_("Choisissez un des rôles proposés."), "error")
        return redirect(url_for("coordinators.accounts_page"))
    success = (_("%(name)s est maintenant administrateur ou administratrice.") if role == "admin"
               else _("%(name)s est maintenant coordinateur ou coordinatrice."))
    return _change(account_id, lambda db, now, actor, account:
                   accounts.set_role(db, now, actor, account, role), success)


@bp.post("/comptes/<int:account_id>/desactiver")
@admin_required
def accounts_deactivate(account_id: int):
    """Deactivate the account: no more logins, open sessions end. Confirmed first."""
    if ActionForm().validate_on_submit() and not confirmed():
        account = get_or_404(Coordinator, account_id)
        return ask(_("Désactiver le compte de %(name)s ?", name=account.name or account.email),
                   _("Oui, désactiver le compte"),
                   url_for("coordinators.accounts_page", _anchor=f"compte-{account_id}"),
                   _("Cette personne ne pourra plus se connecter et ses sessions ouvertes se "
                     "ferment. Vous pourrez réactiver le compte plus tard."), danger=True)
    return _change(account_id, lambda db, now, actor, account:
                   accounts.set_active(db, now, actor, account, False),
                   _("Le compte de %(name)s est désactivé."))


@bp.post("/comptes/<int:account_id>/reactiver")
@admin_required
def accounts_reactivate(account_id: int):
    """Reactivate the account: the person can log in again with their password."""
    return _change(account_id, lambda db, now, actor, account:
                   accounts.set_active(db, now, actor, account, True),
                   _("Le compte de %(name)s est réactivé."))
