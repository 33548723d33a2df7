"""Administrators' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from bourse.accounts import passwords


class ManagerForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    towns = SelectMultipleField(_l("Towns"), coerce=int, validators=[DataRequired()])
    password = PasswordField(
        _l("Initial password"),
        description=_l("Give it to the manager through a safe channel."),
        validators=[DataRequired()],
    )

    def validate_password(self, field: PasswordField) -> None:
        problem = passwords.password_problem(field.data or "", (self.email.data or "", self.full_name.data or ""))
        if problem:
            raise ValidationError(problem)


class RetryForm(FlaskForm):
    """A button: give a failed job a new set of attempts (CSRF-protected)."""
