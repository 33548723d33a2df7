"""The forms of survey campaigns: a file to import, or a walk to start."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, FloatField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class SurveyImportForm(FlaskForm):
    file = FileField(_l("Survey file (CSV or GeoJSON)"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("One row per unit: address or lat and lon (or x and y in Lambert-93), state "
                                    "(occupied, vacant, works, gone), sector or NAF code, name, date. Comma or "
                                    "semicolon; UTF-8 or Latin-1."))
    name = StringField(_l("Campaign name"), validators=[DataRequired(_l("Name the campaign.")), Length(max=140)])
    surveyed_on = DateField(_l("Date of the survey"), validators=[DataRequired(_l("Give the date of the survey."))],
                            description=_l("Rows without a date of their own were seen on this day."))
    valid_only = BooleanField(_l("Import the valid rows only"),
                              description=_l("Otherwise one bad row stops the whole import, and nothing changes."))


class FieldCampaignForm(FlaskForm):
    name = StringField(_l("Campaign name"), validators=[DataRequired(_l("Name the campaign.")), Length(max=140)])


class SireneImportForm(FlaskForm):
    file = FileField(_l("Extract of Sirene (CSV)"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("INSEE's establishment file (StockEtablissement) as published, or its geocoded "
                                    "variant, cut to your département. Larger files: flask register import-sirene."))
    valid_only = BooleanField(_l("Import the valid Sirene rows only"),
                              description=_l("Otherwise one bad row stops the whole import, and nothing changes."))


class FieldObservationForm(FlaskForm):
    """One unit's state (the button tapped) or, the first tap having been "occupied", its trade:
    a trade's button says the unit is occupied, so each is one submit button."""

    unit_id = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=2**31 - 1)])
    state = HiddenField()
    sector = HiddenField()

    def tapped_state(self) -> str:
        return self.state.data or ("occupied" if self.sector.data else "")


class FieldUnitForm(FlaskForm):
    """A unit the register lacked, where the map was tapped."""

    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(min=-180, max=180)])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(min=-90, max=90)])
    address = StringField(_l("Address"), validators=[Length(max=255)])
    name = StringField(_l("Sign (optional)"), validators=[Length(max=140)])
    state = HiddenField()
    sector = HiddenField()

    def tapped_state(self) -> str:
        return self.state.data or ("occupied" if self.sector.data else "")
