"""Application forms."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField, IntegerField, SelectChoice,
                     SelectField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from bourse.forms import FiniteDecimalField
from bourse.premises.labels import LEASE_LABELS


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
    programme = SelectField(_l("Programme"), coerce=lambda v: int(v) if v else None, validators=[Optional()])
    min_match = IntegerField(_l("Match at least"), validators=[Optional(), NumberRange(0, 100)])
    min_jury = IntegerField(_l("Jury score at least"), validators=[Optional(), NumberRange(0, 100)])
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    call = HiddenField()


class StepForm(Form):
    starts_on = DateField(_l("From"), validators=[Optional()])
    ends_on = DateField(_l("Until"), validators=[Optional()])
    monthly_rent = FiniteDecimalField(_l("Rent per month (€)"), places=2,
                                      validators=[Optional(), NumberRange(0, 1_000_000)])


class LeaseForm(FlaskForm):
    lease_type = SelectField(_l("Lease"), validators=[DataRequired()])
    starts_on = DateField(_l("Start"), validators=[DataRequired()])
    ends_on = DateField(_l("End"), validators=[DataRequired()])
    renewal_decision_on = DateField(_l("Renewal decision by"), validators=[Optional()])
    converts_to = SelectField(_l("Planned lease after the trial"), validators=[Optional()])
    steps = FieldList(FormField(StepForm), label=_l("Rent schedule"), min_entries=3, max_entries=12)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lease_type.choices = [SelectChoice(k.value, v) for k, v in LEASE_LABELS.items()]
        self.converts_to.choices = [SelectChoice("", _l("None"))] + [SelectChoice(k.value, v) for k, v in LEASE_LABELS.items()]


class SignForm(FlaskForm):
    signed_on = DateField(_l("Signed on"), validators=[DataRequired()])


class DocumentForm(FlaskForm):
    kind = SelectField(_l("This document is"), validators=[Optional()])
    document = FileField(_l("Add a document"), validators=[FileRequired(_l("Choose a file."))],
                         description=_l("PDF or image, up to 10 MB."))

    def __init__(self, *args, required: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(name, name) for name in required] + [SelectChoice("", _l("Another document"))]
