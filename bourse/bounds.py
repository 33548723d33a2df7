"""Upper bounds for amounts and surfaces: checked by the forms, and again by the database.

A form may forget a bound, an import or a script may skip the form; the database check
constraint is the last word on both backends, so nothing can store ``inf`` or a typo of 10²⁰ €
(SQLite would otherwise keep either).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint

MAX_AREA_M2 = 100_000  # a hypermarket is 20,000 m²
MAX_FRONTAGE_M = 500
MAX_AMOUNT = 100_000_000  # a year's rent, a deposit, key money, funding, in euros
MAX_MONTHLY_RENT = 1_000_000
MAX_SCORE = 100


def within(column: str, high: int, low: int = 0) -> CheckConstraint:
    """``column`` is NULL or between ``low`` and ``high``, named ``<column>_range``."""
    return CheckConstraint(f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})", name=f"{column}_range")
