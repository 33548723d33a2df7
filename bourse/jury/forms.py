"""Forms of the jury workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, FieldList, Form, FormField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from bourse.accounts import passwords


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail of the jury member"), validators=[DataRequired(), Length(max=254)])


class JoinForm(FlaskForm):
    """Sign-up through an invitation: the e-mail is the invited one."""
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(_l("Password"), description=_l("12 to 128 characters. Spaces and any symbol are welcome."),
                             validators=[DataRequired()])
    password_confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = passwords.password_problem(field.data or "", (self._email, self.full_name.data or ""))
        if problem:
            raise ValidationError(problem)


class AcceptForm(FlaskForm):
    """Empty: accepting is a POST with a CSRF token."""


class MarkForm(Form):
    # Checked by the service against the programme's own scale, so the message names the criterion.
    score = StringField(_l("Score"), validators=[Optional(), Length(max=10)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])


class ScoreForm(FlaskForm):
    marks = FieldList(FormField(MarkForm), min_entries=1, max_entries=10)


class ConflictForm(FlaskForm):
    note = StringField(_l("Nature of the conflict (optional, seen by the town manager)"),
                       validators=[Optional(), Length(max=500)])


class DecisionForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes of the jury"), validators=[DataRequired(), Length(max=20000)],
                            description=_l("Kept with the call; seen by the town's managers only."))
    reason = TextAreaField(_l("Reason sent to the applicants who are not selected"),
                           validators=[Optional(), Length(max=2000)],
                           description=_l("Used unless you write a reason of its own for an application below."))
