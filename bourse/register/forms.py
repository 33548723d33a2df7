"""Recording what a unit is now, in two taps on a phone: its state, then its trade."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

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


class OwnerForm(FlaskForm):
    """The owner of a vacant unit, when the manager knows them: seen by the town's managers only."""

    owner_name = StringField(_l("Owner"), validators=[Length(max=140)])
    owner_email = EmailField(_l("E-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")),
                                                       Length(max=254)])
    owner_phone = StringField(_l("Telephone"), validators=[Length(max=40)])


class InvitationForm(FlaskForm):
    language = SelectField(_l("Language of the e-mail"),
                           choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")])
