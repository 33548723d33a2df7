"""Matching criteria and their weights: the platform's defaults, overridden per town, then per programme.

A shared vocabulary: towns and programmes store weights, matching applies them. It sits below every
domain package (it imports none), with the weights sub-form the town settings and programmes use.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField
from wtforms.validators import NumberRange, Optional

CRITERIA = ("surface", "budget", "place", "date", "needs", "trade_mix")
CRITERION_LABELS = {
    "surface": _l("Surface"), "budget": _l("Budget"), "place": _l("Place"), "date": _l("Date"),
    "needs": _l("Needs"), "trade_mix": _l("Trade mix"),
}
DEFAULT_WEIGHTS = {"surface": 25, "budget": 25, "place": 20, "date": 10, "needs": 10, "trade_mix": 10}


def clean(weights: dict | None) -> dict[str, int]:
    """Only known criteria with weights 0–100; empty when nothing usable is given."""
    if not weights:
        return {}
    out = {}
    for name in CRITERIA:
        try:
            value = int(weights.get(name, 0))
        except (TypeError, ValueError):
            continue
        out[name] = max(0, min(100, value))
    return out if sum(out.values()) > 0 else {}


def effective(town_weights: dict | None = None, programme_weights: dict | None = None) -> dict[str, int]:
    """The weights in force: the programme's, else the town's, else the platform's."""
    return clean(programme_weights) or clean(town_weights) or dict(DEFAULT_WEIGHTS)


class WeightsForm(Form):
    """One 0–100 weight per criterion; all empty means "use the defaults"."""


for _name in CRITERIA:
    setattr(WeightsForm, _name, IntegerField(CRITERION_LABELS[_name], validators=[Optional(), NumberRange(0, 100)]))


def weights_from(form: WeightsForm) -> dict:
    return {name: getattr(form, name).data for name in CRITERIA if getattr(form, name).data is not None}


HELP = _l("Leave all empty to use the defaults. Each weight is relative to the others.")
