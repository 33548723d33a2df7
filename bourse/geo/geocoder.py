"""Client for the Base Adresse Nationale geocoder (IGN Géoplateforme), replaceable by URL.

``GEOCODER_URL`` points at the service root; the client calls ``<root>/search`` and reads the
BAN's GeoJSON answer. Tests point it at a local stub serving the same format.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

TIMEOUT_SECONDS = 4


class GeocoderUnavailable(RuntimeError):
    """The geocoder did not answer usefully (down, slow or malformed)."""


@dataclass(frozen=True)
class Address:
    label: str
    lon: float
    lat: float
    score: float
    citycode: str
    postcode: str
    city: str

    def as_dict(self) -> dict:
        return {"label": self.label, "lon": self.lon, "lat": self.lat, "score": self.score,
                "citycode": self.citycode, "postcode": self.postcode, "city": self.city}


def _parse(feature: dict) -> Address:
    lon, lat = feature["geometry"]["coordinates"][:2]
    props = feature.get("properties", {})
    return Address(
        label=str(props.get("label", "")), lon=float(lon), lat=float(lat),
        score=float(props.get("score", 0)), citycode=str(props.get("citycode", "")),
        postcode=str(props.get("postcode", "")), city=str(props.get("city", "")),
    )


def geocode(query: str, *, citycode: str | None = None, limit: int = 5) -> list[Address]:
    """Addresses matching ``query``, best first; empty when nothing matches.

    :raises GeocoderUnavailable: when the service cannot be used right now.
    """
    query = " ".join(query.split())[:200]
    if len(query) < 3:
        return []
    params = {"q": query, "limit": max(1, min(limit, 10))}
    if citycode:
        params["citycode"] = citycode
    url = current_app.config["GEOCODER_URL"].rstrip("/") + "/search"
    import requests  # with urllib3, about 5 MB a worker need not hold until someone types an address

    try:
        response = requests.get(url, params=params, timeout=TIMEOUT_SECONDS,
                                headers={"User-Agent": "Bourse (town-centre premises exchange)"})
        if response.status_code == 400:
            return []  # the BAN answers 400 to queries it cannot parse
        response.raise_for_status()
        features = response.json().get("features", [])
        return [_parse(f) for f in features]
    except (requests.RequestException, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise GeocoderUnavailable(str(exc)) from exc
