"""The forms of the data page: download, and delete the account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from bourse.accounts import passwords


class ExportForm(FlaskForm):
    """A button: its CSRF token is its only field."""


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=passwords.MAX_LENGTH)])
    understood = BooleanField(
        _l("I understand that my account, my project files, my documents and my messages are deleted for good."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))])
