"""Each chart as plain data: static/js/observatory-charts.js draws it with Chart.js, and the page
prints the same numbers in the table beside it."""

from __future__ import annotations

from flask_babel import format_date, gettext as _

from bourse.observatory.figures import Figures
from bourse.observatory.vacancy import DURATION_BANDS
from bourse.register.labels import CLASS_LABELS
from bourse.register.spells import month_of

COLOURS = {"vacant": "#a11a1a", "occupied": "#1f6f43", "works": "#b5835a", "openings": "#1f6f43",
           "closures": "#a11a1a", "now": "#20477a", "year": "#6b8fbf", "five": "#c3d2e6"}


def month_name(index: int) -> str:
    return format_date(month_of(index), "MMM yyyy")


def band_labels() -> list[str]:
    months = [round(days / 30.4) for days in DURATION_BANDS]
    labels = [_("under %(n)d months", n=months[0])]
    labels += [_("%(a)d to %(b)d months", a=a, b=b) for a, b in zip(months, months[1:])]
    return labels + [_("%(n)d months or more", n=months[-1])]


def vacancy_chart(figures: Figures) -> dict:
    rates = [round(r * 100, 1) if r is not None else None for r in figures.series.rates]
    return {"type": "line", "percent": True, "labels": [month_name(m) for m in figures.period.months],
            "datasets": [{"label": _("Vacancy rate"), "data": rates, "colour": COLOURS["vacant"]}]}


def movements_chart(figures: Figures) -> dict:
    return {"type": "bar", "labels": [month_name(m) for m in figures.period.months],
            "datasets": [{"label": _("Openings"), "data": figures.openings.tolist(), "colour": COLOURS["openings"]},
                         {"label": _("Closures"), "data": figures.closures.tolist(), "colour": COLOURS["closures"]}]}


def durations_chart(figures: Figures) -> dict:
    return {"type": "bar", "labels": band_labels(),
            "datasets": [{"label": _("Vacant units"), "data": figures.vacant.bands(), "colour": COLOURS["vacant"]}]}


def mix_chart(figures: Figures) -> dict:
    classes = list(CLASS_LABELS) + ["unknown"]
    names = [str(CLASS_LABELS.get(c, _("Trade not recorded"))) for c in classes]
    colours = (COLOURS["now"], COLOURS["year"], COLOURS["five"])
    return {"type": "bar", "labels": names,
            "datasets": [{"label": format_date(m.day, "medium"), "data": [m.by_class.get(c, 0) for c in classes],
                          "colour": colour} for m, colour in zip(figures.mixes, colours)]}


def funnel_chart(figures: Figures, stage_labels: list[str]) -> dict:
    return {"type": "bar", "horizontal": True, "labels": stage_labels,
            "datasets": [{"label": _("Applications"), "data": figures.funnel, "colour": COLOURS["now"]}]}
