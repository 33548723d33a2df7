"""Forms for alerts and preferences."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange


class SaveSearchForm(FlaskForm):
    name = StringField(_l("Name of the alert"), validators=[DataRequired(), Length(max=140)])
    query = HiddenField()


class ProjectAlertForm(FlaskForm):
    min_score = IntegerField(_l("Alert me from this score (out of 100)"), default=70,
                             validators=[DataRequired(), NumberRange(1, 100)])


class PreferencesForm(FlaskForm):
    email_notifications = BooleanField(_l("Also send my notifications by e-mail"),
                                       description=_l("About your account, your listings and your applications."))
    # An optional consent: unticked until the person ticks it, and dated when they do.
    alert_emails = BooleanField(_l("E-mail me the alerts of my saved searches and projects"),
                                description=_l("New premises and calls that match. Without this, alerts stay in "
                                               "your notifications on the site."))
