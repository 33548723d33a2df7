"""The database itself refuses impossible amounts, surfaces and scores on both backends: an
import, a script or a forgotten form bound can never store ``inf`` or 10²⁰ €."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bourse.extensions import db

# (table, column, a value one unit past the bound)
BOUNDED = [
    ("premises", "sales_area_m2", 100_001), ("premises", "frontage_m", 501),
    ("premises", "rent_per_year", 100_000_001), ("premises", "charges_per_year", 100_000_001),
    ("premises", "deposit", 100_000_001), ("premises", "key_money", 100_000_001),
    ("premises", "storage_area_m2", 100_001), ("premises", "total_area_m2", 100_001),
    ("projects", "max_area_m2", 100_001), ("projects", "max_rent_per_year", 100_000_001),
    ("projects", "funding_secured", 100_000_001), ("projects", "min_frontage_m", 501),
]


@pytest.fixture
def rows(make_listing, make_project):
    return {"premises": make_listing().id, "projects": make_project().id}


def refused(table: str, column: str, row_id: int, value) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                               {"value": value, "id": row_id})
    except DBAPIError:  # the check constraint, or PostgreSQL's numeric overflow: refused either way
        return True
    return False


@pytest.mark.parametrize("table, column, past", BOUNDED)
def test_the_database_refuses_values_past_the_bound_and_infinity(rows, table, column, past):
    row_id = rows[table]
    before = db.session.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}).scalar()
    for value in (past, 1e20, float("inf")):
        assert refused(table, column, row_id, value), (column, value)
    assert not refused(table, column, row_id, past - 1)  # the bound itself is allowed
    db.session.rollback()
    after = db.session.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}).scalar()
    assert after == before
    assert after is None or Decimal(str(after)).is_finite()
