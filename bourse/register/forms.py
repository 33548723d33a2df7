"""Recording what a unit is now, in two taps on a phone: its state, then its trade."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from bourse.register.labels import STATE_LABELS
from bourse.sectors import SECTORS


class ObservationForm(FlaskForm):
    state = RadioField(_l("The unit is"), validators=[DataRequired(message=_l("Choose what the unit is now."))])
    sector = SelectField(_l("Trade (when occupied)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Labels are lazy, choices built per request: in the reader's language.
        self.state.choices = [SelectChoice(code, str(label)) for code, label in STATE_LABELS.items()]
        self.sector.choices = [SelectChoice("", "—")] + [SelectChoice(s.code, str(s.label)) for s in SECTORS]
