"""The fixed taxonomy of activity sectors and their observatory class."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ObservatoryClass(StrEnum):
    CONVENIENCE = "convenience"
    COMPARISON = "comparison"
    LEISURE = "leisure"
    SERVICE = "service"


@dataclass(frozen=True)
class Sector:
    code: str
    label: object  # a lazy string, translated when shown
    observatory_class: ObservatoryClass


SECTORS: tuple[Sector, ...] = (
    Sector("food", _l("Food shops"), ObservatoryClass.CONVENIENCE),
    Sector("restaurant", _l("Restaurants and cafés"), ObservatoryClass.LEISURE),
    Sector("personal_goods", _l("Personal goods"), ObservatoryClass.COMPARISON),
    Sector("home_culture", _l("Home and culture"), ObservatoryClass.COMPARISON),
    Sector("health_beauty", _l("Health and beauty"), ObservatoryClass.SERVICE),
    Sector("services", _l("Services"), ObservatoryClass.SERVICE),
    Sector("crafts", _l("Crafts"), ObservatoryClass.COMPARISON),
)
SECTORS_BY_CODE = {s.code: s for s in SECTORS}
SECTOR_CODES = tuple(SECTORS_BY_CODE)
