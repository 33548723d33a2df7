"""The weights sub-form, shared by the town settings and the programme form."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField
from wtforms.validators import NumberRange, Optional

from bourse.matching.explain import CRITERION_LABELS
from bourse.matching.weights import CRITERIA


class WeightsForm(Form):
    """One 0–100 weight per criterion; all empty means "use the defaults"."""


for _name in CRITERIA:
    setattr(WeightsForm, _name, IntegerField(CRITERION_LABELS[_name], validators=[Optional(), NumberRange(0, 100)]))


def weights_from(form: WeightsForm) -> dict:
    return {name: getattr(form, name).data for name in CRITERIA if getattr(form, name).data is not None}


HELP = _l("Leave all empty to use the defaults. Each weight is relative to the others.")
