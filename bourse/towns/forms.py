"""The town form used by administrators."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from bourse.forms import FiniteDecimalField
from bourse.geo.geojson import GeoJSONError, parse_polygon


class TownForm(FlaskForm):
    perimeter_shape = None  # the parsed perimeter, set by validate_perimeter

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    insee_code = StringField(_l("INSEE code"), validators=[DataRequired(), Length(min=5, max=5)])
    department_code = StringField(_l("Département number"), validators=[DataRequired(), Length(max=3)])
    department_name = StringField(_l("Département"), validators=[DataRequired(), Length(max=80)])
    lat = FiniteDecimalField(_l("Centre latitude"), places=6, validators=[DataRequired(), NumberRange(-90, 90)])
    lon = FiniteDecimalField(_l("Centre longitude"), places=6, validators=[DataRequired(), NumberRange(-180, 180)])
    perimeter = TextAreaField(
        _l("Town-centre perimeter (GeoJSON polygon)"),
        description=_l("Optional. A GeoJSON Polygon or MultiPolygon in longitude, latitude."),
        validators=[Optional(), Length(max=200_000)],
    )

    def validate_perimeter(self, field: TextAreaField) -> None:
        if field.data and field.data.strip():
            try:
                self.perimeter_shape = parse_polygon(field.data)
            except GeoJSONError as exc:
                raise ValidationError(_l("Invalid perimeter: %(reason)s.", reason=str(exc)))


class DeleteForm(FlaskForm):
    """Confirms a deletion; carries the CSRF token."""
