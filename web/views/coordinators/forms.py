"""Forms of the coordinators' login and account pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from web.services.accounts import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    """E-mail address and password."""

    email = EmailField(_l("Adresse e-mail"),
                       validators=[DataRequired(_l("Indiquez votre adresse e-mail.")),
                                   Length(max=254)])
    password = PasswordField(_l("Mot de passe"),
                             validators=[DataRequired(_l("Indiquez votre mot de passe."))])


class PasswordChangeForm(FlaskForm):
    """The current password, then the new one twice."""

    current = PasswordField(_l("Mot de passe actuel"),
                            validators=[DataRequired(_l("Indiquez votre mot de passe actuel."))])
    new = PasswordField(
        _l("Nouveau mot de passe"),
        description=_l("Au moins %(num)d caractères.", num=MIN_PASSWORD_LENGTH),
        validators=[DataRequired(_l("Choisissez un nouveau mot de passe.")),
                    Length(min=MIN_PASSWORD_LENGTH,
                           message=_l("Au moins %(num)d caractères, s'il vous plaît.",
                                      num=MIN_PASSWORD_LENGTH))])
    confirm = PasswordField(
        _l("Nouveau mot de passe, une deuxième fois"),
        validators=[DataRequired(_l("Tapez le nouveau mot de passe une deuxième fois.")),
                    EqualTo("new", _l("Les deux nouveaux mots de passe ne sont pas identiques."))])


class LogoutForm(FlaskForm):
    """No field: only the CSRF token, because logging out changes state."""
