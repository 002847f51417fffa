"""Login, logout and password change for coordinators."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from web import clock
from web.db import get_session
from web.services import auth
from web.services.accounts import MIN_PASSWORD_LENGTH
from web.views.actions import service_action
from web.views.coordinators import bp
from web.views.coordinators.access import (
    coordinator_required,
    current_coordinator,
    end_session,
    safe_next,
    start_session,
)
from web.views.coordinators.forms import LoginForm, LogoutForm, PasswordChangeForm
from web.views.coordinators.nav import add_nav_item
from web.views.form_values import add_error, required

add_nav_item("coordinators.password", _l("Mot de passe"), order=90, group="admin")


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    """The login form; on success go to `next` (a local path) or the dashboard."""
    target = safe_next(request.args.get("next"), url_for("coordinators.dashboard"))
    if request.method == "GET" and current_coordinator() is not None:
        return redirect(target)
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        db = get_session()
        result = auth.authenticate(db, clock.utcnow(), required(form.email.data),
                                   required(form.password.data),
                                   request.remote_addr or "unknown")
        db.commit()
        if result.outcome == "ok":
            assert result.coordinator is not None  # an accepted login names its account
            start_session(result.coordinator)
            return redirect(target)
        if result.outcome == "locked":
            error, status = _("Trop de tentatives de connexion : pour votre sécurité, "
                              "réessayez dans 15 minutes."), 429
        elif result.outcome == "inactive":
            error = _("Ce compte est désactivé. Demandez à un administrateur de le réactiver.")
        else:
            error = _("Adresse e-mail ou mot de passe incorrect.")
    return render_template("coordinators/login.html", form=form, error=error), status


@bp.post("/deconnexion")
@coordinator_required
def logout():
    """End the session (a POST with its CSRF token, so no other site can log people out)."""
    if LogoutForm().validate_on_submit():
        db = get_session()
        auth.record_logout(db, clock.utcnow(), g.coordinator)
        db.commit()
        end_session()
        flash(_("Vous êtes déconnecté·e. À bientôt !"), "success")
    return redirect(url_for("coordinators.login"))


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@coordinator_required
def password():
    """Change one's own password: the current one, then the new one twice."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with service_action() as outcome:
            auth.change_password(get_session(), clock.utcnow(), g.coordinator,
                                 required(form.current.data), required(form.new.data))
        if outcome.error is None:
            start_session(g.coordinator)  # a fresh session: flash once it is started
            flash(_("Votre mot de passe a été changé."), "success")
            return redirect(url_for("coordinators.dashboard"))
        if outcome.error.field == "current":
            add_error(form.current, _("Ce n'est pas votre mot de passe actuel."))
        else:
            add_error(form.new, _("Au moins %(num)d caractères, s'il vous plaît.",
                                  num=MIN_PASSWORD_LENGTH))
    return render_template("coordinators/password.html", form=form)
