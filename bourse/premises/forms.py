"""Premises forms: the listing, its photos and status changes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from bourse.bounds import MAX_AMOUNT, MAX_AREA_M2
from bourse.forms import FiniteDecimalField, MultiCheckboxField
from bourse.premises.labels import DEAL_LABELS, LEASE_LABELS, VERB_LABELS
from bourse.sectors import SECTORS

MAX_AREA = MAX_AREA_M2
MAX_MONEY = MAX_AMOUNT


def _money(label, required=False):
    return FiniteDecimalField(label, places=2, validators=[
        DataRequired() if required else Optional(), NumberRange(0, MAX_MONEY, message=_l("Enter an amount between 0 and 100,000,000 €."))])


def _area(label, required=False):
    return FiniteDecimalField(label, places=1, validators=[
        DataRequired() if required else Optional(),
        NumberRange(1 if required else 0, MAX_AREA, message=_l("Enter an area between 1 and 100,000 m²."))])


class PremisesForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=140)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    town = SelectField(_l("Town"), coerce=int, validators=[DataRequired()])
    owner = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=255)],
                          description=_l("Number and street; the map below shows the position."))
    lat = FiniteDecimalField(_l("Latitude"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    lon = FiniteDecimalField(_l("Longitude"), places=6, validators=[Optional(), NumberRange(-180, 180)])
    sales_area_m2 = _area(_l("Sales area (m²)"), required=True)
    storage_area_m2 = _area(_l("Storage area (m²)"))
    total_area_m2 = _area(_l("Total area (m²)"))
    floor = IntegerField(_l("Floor"), default=0, validators=[Optional(), NumberRange(-3, 60)],
                         description=_l("0 for the ground floor."))
    frontage_m = FiniteDecimalField(_l("Shop frontage (m)"), places=2,
                                    validators=[Optional(), NumberRange(0, 500)])
    deal_type = SelectField(_l("Deal"), validators=[DataRequired()])
    rent_per_year = _money(_l("Rent per year, excluding VAT and charges (€)"))
    charges_per_year = _money(_l("Charges per year (€)"))
    deposit = _money(_l("Deposit (€)"))
    key_money = _money(_l("Lease premium or key money (€)"))
    lease_types = MultiCheckboxField(_l("Leases offered"))
    allowed_sectors = MultiCheckboxField(_l("Activities allowed by the use clause"),
                                         description=_l("Leave empty when any activity is allowed."))
    excluded_sectors = MultiCheckboxField(_l("Activities excluded"))
    has_extraction = BooleanField(_l("Extraction duct (needed for cooking)"))
    step_free_access = BooleanField(_l("Step-free access"))
    erp_compliant = BooleanField(_l("Compliant for receiving the public (ERP)"))
    dpe_class = SelectField(_l("Energy class (DPE)"), validators=[Optional()])  # the service checks the class
    available_from = DateField(_l("Available from"), validators=[Optional()])

    def __init__(self, *args, towns=(), owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.town.choices = [SelectChoice(t.id, f"{t.name} ({t.insee_code})") for t in towns]
        self.owner.choices = [SelectChoice(u.id, f"{u.full_name} <{u.email}>") for u in owners]
        self.deal_type.choices = [SelectChoice(k.value, v) for k, v in DEAL_LABELS.items()]
        self.lease_types.choices = [SelectChoice(k.value, v) for k, v in LEASE_LABELS.items()]
        sectors = [SelectChoice(s.code, s.label) for s in SECTORS]
        self.allowed_sectors.choices = sectors
        self.excluded_sectors.choices = list(sectors)
        self.dpe_class.choices = [SelectChoice("", _l("Not known"))] + [SelectChoice(c, c) for c in "ABCDEFG"]

    def to_data(self, lon: float, lat: float, town):
        """What the form holds, for the services (the position resolved by the caller)."""
        from bourse.premises.services import PremisesData

        fields = {name: getattr(self, name).data for name in (
            "title", "description", "address", "sales_area_m2", "storage_area_m2", "total_area_m2", "frontage_m",
            "deal_type", "rent_per_year", "charges_per_year", "deposit", "key_money", "lease_types",
            "allowed_sectors", "excluded_sectors", "has_extraction", "step_free_access", "erp_compliant",
            "available_from")}
        return PremisesData(town=town, lon=lon, lat=lat, floor=self.floor.data or 0,
                            dpe_class=self.dpe_class.data or None, **fields)

    def validate_lat(self, field) -> None:
        if (field.data is None) != (self.lon.data is None):
            raise ValidationError(_l("Give both latitude and longitude, or neither."))


class PhotoForm(FlaskForm):
    photo = FileField(_l("Add a photo"), validators=[FileRequired(_l("Choose a photo to upload."))],
                      description=_l("JPEG, PNG, WebP or GIF, up to 10 MB."))


class StatusForm(FlaskForm):
    verb = HiddenField(validators=[DataRequired()])

    def validate_verb(self, field) -> None:
        if field.data not in VERB_LABELS:
            raise ValidationError(_l("Unknown action."))


class ConfirmForm(FlaskForm):
    """A bare form for POST actions: it only carries the CSRF token."""


class PremisesImportForm(FlaskForm):
    file = FileField(_l("File (CSV or GeoJSON)"), validators=[FileRequired(_l("Choose the file to import."))])
    owner_email = StringField(_l("For the landlord (e-mail address)"), validators=[Optional(), Length(max=254)],
                              description=_l("Empty: the premises are yours."))
    valid_only = BooleanField(_l("Import the valid lines only (the others are listed)"))
    publish = BooleanField(_l("Publish them at once (otherwise they are drafts)"))
