"""Premises as JSON: compact map points, and one full public feature."""

from __future__ import annotations

from flask import url_for

from bourse.geo import point_coords
from bourse.premises.labels import deal_label
from bourse.premises.models import Premises


def _number(value):
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 1)


def cluster_point(lon: float, lat: float, count: int) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
            "properties": {"cluster": True, "count": count}}


def public_feature(premises: Premises) -> dict:
    """A listing as the public may see it: never the owner's contact details."""
    lon, lat = point_coords(premises.location)
    cover = premises.cover_photo
    return {
        "type": "Feature",
        "id": premises.id,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "id": premises.id,
            "reference": premises.reference,
            "title": premises.title,
            "address": premises.address,
            "town": premises.town.name,
            "insee_code": premises.town.insee_code,
            "sales_area_m2": _number(premises.sales_area_m2),
            "total_area_m2": _number(premises.total_area_m2),
            "frontage_m": _number(premises.frontage_m),
            "deal_type": premises.deal_type,
            "deal_label": deal_label(premises.deal_type),
            "rent_per_year": _number(premises.rent_per_year),
            "rent_per_m2_year": _number(premises.rent_per_m2_year),
            "charges_per_year": _number(premises.charges_per_year),
            "has_extraction": premises.has_extraction,
            "step_free_access": premises.step_free_access,
            "available_from": premises.available_from.isoformat() if premises.available_from else None,
            "status": premises.status,
            "url": url_for("premises_public.detail", premises_id=premises.id),
            "photo_url": url_for("files.serve", key=cover.storage_key) if cover else None,
        },
    }


def managed_feature(premises: Premises) -> dict:
    """A listing as its owner and town managers see it through the API: everything they can change."""
    feature = public_feature(premises)
    feature["properties"].update({
        "storage_area_m2": _number(premises.storage_area_m2), "floor": premises.floor,
        "description": premises.description, "deposit": _number(premises.deposit),
        "key_money": _number(premises.key_money), "lease_types": list(premises.lease_types or []),
        "allowed_sectors": list(premises.allowed_sectors or []),
        "excluded_sectors": list(premises.excluded_sectors or []), "erp_compliant": premises.erp_compliant,
        "dpe_class": premises.dpe_class, "owner_id": premises.owner_id,
        "updated_at": premises.updated_at.isoformat(timespec="seconds") if premises.updated_at else None,
    })
    return feature
