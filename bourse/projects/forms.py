"""The project-file form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from bourse.forms import FiniteDecimalField, MultiCheckboxField
from bourse.sectors import SECTORS

NEED_CHOICES = (("none", _l("Not needed")), ("nice", _l("A plus")), ("must", _l("A must")))


class ProjectForm(FlaskForm):
    name = StringField(_l("Project name"), validators=[DataRequired(), Length(max=140)])
    sector = SelectField(_l("Activity"), validators=[DataRequired()])
    concept = TextAreaField(_l("Concept"), validators=[Optional(), Length(max=5000)],
                            description=_l("What you will sell or offer, to whom, and why here."))
    min_area_m2 = FiniteDecimalField(_l("Sales area from (m²)"), places=1,
                                     validators=[DataRequired(), NumberRange(1, 100_000)])
    max_area_m2 = FiniteDecimalField(_l("Sales area up to (m²)"), places=1,
                                     validators=[DataRequired(), NumberRange(1, 100_000)])
    max_rent_per_year = FiniteDecimalField(_l("Maximum rent per year (€)"), places=0, validators=[
        DataRequired(message=_l("Give your budget.")), NumberRange(0, 10_000_000, message=_l("The budget cannot be negative."))])
    towns = MultiCheckboxField(_l("Wanted towns"), coerce=int)
    place_label = StringField(_l("Or near an address"), validators=[Optional(), Length(max=255)])
    radius_km = FiniteDecimalField(_l("Within (km)"), places=1, validators=[
        Optional(), NumberRange(0.1, 200, message=_l("The radius must be above 0 and at most 200 km."))])
    earliest_start = DateField(_l("Earliest start"), validators=[Optional()])
    need_extraction = SelectField(_l("Extraction duct"), choices=[SelectChoice(v, l) for v, l in NEED_CHOICES])
    need_step_free = SelectField(_l("Step-free access"), choices=[SelectChoice(v, l) for v, l in NEED_CHOICES])
    need_frontage = SelectField(_l("Shop frontage"), choices=[SelectChoice(v, l) for v, l in NEED_CHOICES])
    min_frontage_m = FiniteDecimalField(_l("Minimum frontage (m)"), places=1, validators=[Optional(), NumberRange(0.5, 100)])
    experience = TextAreaField(_l("Experience"), validators=[Optional(), Length(max=5000)])
    funding_secured = FiniteDecimalField(_l("Funding secured (€)"), places=0, validators=[Optional(), NumberRange(0, 100_000_000)])
    visible = BooleanField(
        _l("Let landlords and town managers find a summary of this project"),
        description=_l("They see its name, sector, surface, budget, the places you want and the concept. Your name, "
                       "experience, funding, business plan and photos stay private: only the people you apply to "
                       "see them."))

    def __init__(self, *args, towns=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sector.choices = [SelectChoice("", _l("Choose…"))] + [SelectChoice(s.code, s.label) for s in SECTORS]
        self.towns.choices = [SelectChoice(t.id, t.name) for t in towns]
        for field in (self.need_extraction, self.need_step_free, self.need_frontage):
            field.choices = [SelectChoice(v, l) for v, l in NEED_CHOICES]

    def validate_max_area_m2(self, field) -> None:
        if self.min_area_m2.data and field.data and self.min_area_m2.data > field.data:
            raise ValidationError(_l("The minimum surface is above the maximum."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.towns.data and not (self.place_label.data or "").strip():
            self.towns.errors.append(_l("Choose at least one town, or give an address and a radius."))
            return False
        if valid and (self.place_label.data or "").strip() and self.radius_km.data is None:
            self.radius_km.errors.append(_l("Give a radius around the address."))
            return False
        return valid


class BusinessPlanForm(FlaskForm):
    business_plan = FileField(_l("Business plan (PDF)"), validators=[FileRequired(_l("Choose a PDF file."))],
                              description=_l("PDF only, up to 10 MB."))


class ProjectPhotoForm(FlaskForm):
    photo = FileField(_l("Add a photo"), validators=[FileRequired(_l("Choose a photo to upload."))],
                      description=_l("JPEG, PNG, WebP or GIF, up to 10 MB."))
