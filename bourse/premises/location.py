"""Turning what the form holds (an address, maybe a map point) into a position."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from bourse.geo import geocoder
from bourse.premises.errors import PremisesError
from bourse.towns.models import Town


def resolve_position(address: str, town: Town, lon, lat) -> tuple[float, float]:
    """The map point when one was set; otherwise the geocoded address in ``town``.

    :raises PremisesError: when the address cannot be placed and no point was set.
    """
    if lon is not None and lat is not None:
        return float(lon), float(lat)
    try:
        found = geocoder.geocode(address, citycode=town.insee_code, limit=1)
    except geocoder.GeocoderUnavailable:
        raise PremisesError(_l("The address service is not answering: place the marker on the map."),
                            field="address") from None
    if not found:
        raise PremisesError(_l("This address was not found: check it, or place the marker on the map."),
                            field="address")
    return found[0].lon, found[0].lat
