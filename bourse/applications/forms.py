"""Application forms."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ApplyForm(FlaskForm):
    project = SelectField(_l("Project file"), coerce=int, validators=[DataRequired()])
    message = TextAreaField(_l("Cover message"), validators=[Optional(), Length(max=5000)],
                            description=_l("Why this place, and why you."))
    # A fresh token per rendered form: the same form sent twice is one application.
    request_token = HiddenField(default=lambda: secrets.token_urlsafe(24))

    def __init__(self, *args, projects=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project.choices = [SelectChoice(p.id, p.name) for p in projects]


class MoveForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to the applicant)"), validators=[Optional(), Length(max=2000)])
    version = IntegerField(validators=[Optional()])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000)])
    internal = BooleanField(_l("Internal note (never shown to the applicant)"))


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    state = SelectField(_l("State"), validators=[Optional()])
    town = SelectField(_l("Town"), coerce=lambda v: int(v) if v else None, validators=[Optional()])
    call = HiddenField()
