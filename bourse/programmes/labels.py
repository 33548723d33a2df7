"""Translated labels for programme values."""

from flask_babel import lazy_gettext as _l

from bourse.programmes.models import Support

SUPPORT_LABELS = {
    Support.RENT_REDUCTION: _l("Reduced rent"),
    Support.HONOUR_LOAN: _l("Honour loan"),
    Support.MENTORING: _l("Mentoring"),
    Support.TRAINING: _l("Training"),
    Support.FITTING_OUT: _l("Fitted-out premises"),
    Support.COMMUNICATION: _l("Publicity for the opening"),
}


def support_label(value: str) -> str:
    return str(SUPPORT_LABELS[Support(value)])
