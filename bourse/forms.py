"""Form fields shared by every domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class FiniteDecimalField(DecimalField):
    """A decimal field that refuses NaN and infinities, which Python's Decimal would accept."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_l("Enter a number."))


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes, which are easier to use than a multi-select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
