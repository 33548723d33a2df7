"""Translated labels of the register's states, sources and platform notes."""

from flask_babel import lazy_gettext as _l

STATE_LABELS = {"occupied": _l("Occupied"), "vacant": _l("Vacant"), "works": _l("Under works"),
                "gone": _l("No longer a shop")}
SOURCE_LABELS = {"survey": _l("Field survey"), "platform": _l("Bourse"), "sirene": _l("Sirene")}
NOTE_LABELS = {"listed": _l("listed on Bourse"), "withdrawn": _l("listing withdrawn"),
               "declared_let": _l("let, as its landlord declared"), "lease_signed": _l("lease signed through Bourse")}
CLASS_LABELS = {"convenience": _l("Convenience"), "comparison": _l("Comparison"), "leisure": _l("Leisure"),
                "service": _l("Services")}
DURATION_LABELS = {"lt3": _l("less than 3 months"), "3to12": _l("3 to 12 months"), "gt12": _l("more than 12 months"),
                   "gt24": _l("more than 2 years")}
METHOD_LABELS = {"file": _l("Imported survey"), "field": _l("Walk"), "sirene": _l("Sirene")}
