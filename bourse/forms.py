"""Form fields shared by every domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def decimal_text(text: str) -> str:
    """A number as people type it, made readable by ``Decimal``: ``12,5`` (French), ``1 250,50``
    (spaces, narrow or not, between thousands), ``1,250.50`` (English)."""
    text = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        return text.replace(",", "")  # English: commas group thousands
    return text.replace(",", ".")


class FiniteDecimalField(DecimalField):
    """A decimal field that reads a decimal comma and refuses NaN and infinities, which Python's
    Decimal would accept."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata([decimal_text(v) if isinstance(v, str) else v for v in valuelist])
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_l("Enter a number."))


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes, which are easier to use than a multi-select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
