"""CSV cells that spreadsheet software reads as text, never as a formula (CSV injection)."""

from __future__ import annotations

# A cell starting with one of these is a formula to spreadsheet software.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
