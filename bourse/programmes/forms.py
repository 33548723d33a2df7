"""Forms for programmes, calls and slots."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, FieldList, Form, FormField, IntegerField,
                     SelectChoice, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from bourse.forms import FiniteDecimalField, MultiCheckboxField
from bourse.weights import HELP, WeightsForm
from bourse.premises.labels import LEASE_LABELS
from bourse.programmes.labels import SUPPORT_LABELS


class CriterionForm(Form):
    # "name", not "label": a field's ``label`` attribute is its <label>.
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=120)])
    weight = IntegerField(_l("Weight (%)"), validators=[Optional(), NumberRange(1, 100)])


class ProgrammeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=140)])
    premises = SelectField(_l("Unit"), coerce=int, validators=[DataRequired()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    support = MultiCheckboxField(_l("Support offered"))
    support_details = TextAreaField(_l("Details of the support"), validators=[Optional(), Length(max=2000)],
                                    description=_l("E.g. rent reduced by 30 %, honour loan up to 8,000 €."))
    trial_months = IntegerField(_l("Trial length (months)"), default=6, validators=[DataRequired(), NumberRange(1, 36)])
    renewable_once = BooleanField(_l("Renewable once"), default=True)
    follow_on_lease = SelectField(_l("Lease offered after the trial"))
    criteria = FieldList(FormField(CriterionForm), label=_l("Published selection grid"), min_entries=5, max_entries=10)
    score_max = IntegerField(_l("Each criterion is scored from 0 to"), default=10,
                             validators=[DataRequired(), NumberRange(2, 100)])
    required_documents = TextAreaField(_l("Documents applicants must attach"), validators=[Optional(), Length(max=1500)],
                                       description=_l("One per line, e.g. Business plan, CV, Kbis extract."))
    weights = FormField(WeightsForm, label=_l("Matching weights for this programme"), description=HELP)

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.premises.choices = [SelectChoice(p.id, f"{p.reference} — {p.title}") for p in units]
        self.support.choices = [SelectChoice(k.value, v) for k, v in SUPPORT_LABELS.items()]
        self.follow_on_lease.choices = [SelectChoice(k.value, v) for k, v in LEASE_LABELS.items()]


class CallForm(FlaskForm):
    opens_on = DateField(_l("Applications open on"), validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Deadline"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()],
                                   description=_l("Paris time."))
    published = BooleanField(_l("Published (visible to everyone)"))


class SlotForm(FlaskForm):
    starts_on = DateField(_l("Start"), validators=[DataRequired()])
    ends_on = DateField(_l("End"), validators=[DataRequired()], description=_l("The first day the unit is free again."))
    rent_per_month = FiniteDecimalField(_l("Rent per month (€)"), places=2,
                                        validators=[DataRequired(), NumberRange(0, 1_000_000)])
