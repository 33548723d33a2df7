"""Sign-up and sign-in forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from bourse.accounts import passwords
from bourse.accounts.roles import SELF_SERVICE_ROLES


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    role = RadioField(
        _l("I am"),
        choices=[SelectChoice(r.value, r.label) for r in SELF_SERVICE_ROLES],
        default=SELF_SERVICE_ROLES[0].value,
        validators=[DataRequired()],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("12 to 128 characters. Spaces and any symbol are welcome."),
        validators=[DataRequired()],
    )
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Labels are lazy, but choices are built once: rebuild them in the request's language.
        self.role.choices = [SelectChoice(r.value, r.label) for r in SELF_SERVICE_ROLES]

    def validate_password(self, field: PasswordField) -> None:
        problem = passwords.password_problem(field.data or "", (self.email.data or "", self.full_name.data or ""))
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class LogoutForm(FlaskForm):
    """Empty form: sign-out is a POST so that it carries a CSRF token."""


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(),
                                                                         Length(max=passwords.MAX_LENGTH)])
    new_password = PasswordField(_l("New password"),
                                 description=_l("12 to 128 characters. Spaces and any symbol are welcome."),
                                 validators=[DataRequired()])
    new_password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class SignOutEverywhereForm(FlaskForm):
    """A button: its CSRF token is its only field."""


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"),
                             description=_l("12 to 128 characters. Spaces and any symbol are welcome."),
                             validators=[DataRequired()])
    password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])


class ReauthenticateForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])


class ResendVerificationForm(FlaskForm):
    """A button: send the confirmation link again."""


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)],
                       description=_l("The program that will use it, e.g. “CCI website”."))
    scope = RadioField(_l("What it may do"), choices=[SelectChoice("read", _l("Read only")),
                                                      SelectChoice("write", _l("Read and write (publish, apply, move)"))],
                       default="read", validators=[DataRequired()])
    days = RadioField(_l("Expires"), choices=[SelectChoice("30", _l("in 30 days")), SelectChoice("90", _l("in 90 days")),
                                              SelectChoice("365", _l("in a year")),
                                              SelectChoice("never", _l("never (until revoked)"))],
                      default="90", validators=[DataRequired()])


class RevokeTokenForm(FlaskForm):
    """A button: its CSRF token is its only field."""
