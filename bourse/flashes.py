"""Reporting a form's errors as flash messages, for forms posted from another page."""

from __future__ import annotations

from flask import flash


def flash_form_errors(form, with_labels: bool = False) -> None:
    """Flash each error of ``form``; ``with_labels`` prefixes the field's label."""
    for name, errors in form.errors.items():
        label = getattr(getattr(form, name, None), "label", None) if with_labels else None
        for error in errors:
            flash(f"{label.text} : {error}" if label else str(error), "error")
