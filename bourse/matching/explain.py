"""One sentence per criterion, in the reader's language, for the pairs actually shown."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import get_locale, get_translations, lazy_gettext as _l

from bourse.i18n import area as fmt_area, decimal, money, number


REMOVAL_REASONS = {
    "use_clause": _l("The use clause rules your activity out."),
    "extraction": _l("No extraction duct, which you need."),
    "step_free": _l("No step-free access, which you need."),
    "frontage": _l("The shop frontage is shorter than you need."),
}


def _catalogue():
    cache = g.setdefault("explain_translations", {})
    locale = str(get_locale())  # keyed by locale: force_locale may switch it within a request
    if locale not in cache:
        cache[locale] = get_translations()
    return cache[locale]


def _(msgid: str, **variables) -> str:
    """Flask-Babel's gettext, with the catalogue looked up once per request: a results page
    writes over a hundred sentences, and the lookup costs a hundred times the translation."""
    text = _catalogue().ugettext(msgid)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int) -> str:
    """The same, for a sentence whose form follows a number (``%(num)d`` in it)."""
    return _catalogue().ungettext(singular, plural, num) % {"num": num}


@dataclass(frozen=True)
class Reason:
    criterion: str
    label: str
    score: float  # 0–1
    sentence: str


def _percent(value: float) -> str:
    return number(round(value * 100))


def surface(area: float, low: float, high: float) -> str:
    if area < low:
        return _("Sales area %(area)s, %(pct)s %% below your minimum of %(low)s",
                 area=fmt_area(area), pct=_percent((low - area) / low), low=fmt_area(low))
    if area > high:
        return _("Sales area %(area)s, %(pct)s %% above your maximum of %(high)s",
                 area=fmt_area(area), pct=_percent((area - high) / high), high=fmt_area(high))
    return _("Sales area %(area)s, within your range %(low)s–%(high)s",
             area=fmt_area(area), low=decimal(low), high=fmt_area(high))


def budget(rent: float | None, max_rent: float) -> str:
    if rent is None:
        return _("No rent given (not a letting)")
    if rent <= max_rent:
        return _("Rent %(rent)s/year, within your budget of %(budget)s/year", rent=money(rent), budget=money(max_rent))
    return _("Rent %(rent)s/year, %(pct)s %% above your budget", rent=money(rent),
             pct=_percent((rent - max_rent) / max_rent) if max_rent else "100")


def place(in_town: bool, town_name: str, distance_m: float | None, radius_m: float | None) -> str:
    if in_town:
        return _("In %(town)s, one of the towns you want", town=town_name)
    if distance_m is not None and radius_m is not None:
        km = decimal(round(distance_m / 1000, 1))
        limit = decimal(round(radius_m / 1000, 1))
        if distance_m <= radius_m:
            return _("%(km)s km from your chosen place (radius %(limit)s km)", km=km, limit=limit)
        return _("%(km)s km from your chosen place, beyond your %(limit)s km", km=km, limit=limit)
    return _("Outside the places you want")


def date(days_late: float | None) -> str:
    if days_late is None:
        return _("Availability date not given")
    if days_late <= 0:
        return _("Available by your start date")
    return _("Available %(days)d days after your start date", days=int(days_late))


def needs(pairs: list[tuple[str, bool]]) -> str:
    if not pairs:
        return _("No particular need")
    names = {"extraction": _("extraction duct"), "step_free": _("step-free access"), "frontage": _("shop frontage")}
    parts = [(_("%(need)s: yes", need=names[n]) if ok else _("%(need)s: no", need=names[n])) for n, ok in pairs]
    return "; ".join(parts)


def trade_mix(count: int, missing: bool) -> str:
    text = (_("No shop of the same trade within 300 m") if count == 0 else
            ngettext("%(num)d shop of the same trade within 300 m", "%(num)d shops of the same trade within 300 m",
                     count))
    return text + (_("; a trade the town is looking for") if missing else "")
