"""upper bounds on amounts, surfaces and scores, checked by the database on both backends

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26

SQLite adds a CHECK constraint only by rebuilding the table, and rebuilding ``premises`` breaks
SpatiaLite's geometry registry (its RenameTable hook). The constraints go instead into the
stored CREATE TABLE text, the procedure SQLite's documentation gives for schema changes that
leave the stored rows as they are; rows are checked first, so none already breaks a bound.
"""
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

AREA, FRONTAGE, AMOUNT, MONTHLY, SCORE = 100_000, 500, 100_000_000, 1_000_000, 100
BOUNDS = {
    'premises': {'sales_area_m2': AREA, 'storage_area_m2': AREA, 'total_area_m2': AREA, 'frontage_m': FRONTAGE,
                 'rent_per_year': AMOUNT, 'charges_per_year': AMOUNT, 'deposit': AMOUNT, 'key_money': AMOUNT},
    'projects': {'max_area_m2': AREA, 'max_rent_per_year': AMOUNT, 'min_frontage_m': FRONTAGE,
                 'funding_secured': AMOUNT},
    'slots': {'rent_per_month': MONTHLY},
    'rent_steps': {'monthly_rent': MONTHLY},
    'jury_scores': {'score': SCORE},
    'saved_searches': {'min_score': SCORE, 'min_area': AREA, 'max_area': AREA, 'max_rent': AMOUNT},
}


def _checks(table):
    return [(f'ck_{table}_{column}_range', f'{column} IS NULL OR ({column} >= 0 AND {column} <= {high})')
            for column, high in BOUNDS[table].items()]


def _rewrite_sqlite_schema(table, change):
    bind = op.get_bind()
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (change(sql), table))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")  # every connection re-reads the schema
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade():
    bind = op.get_bind()
    for table in BOUNDS:
        for name, condition in _checks(table):
            bad = bind.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE NOT ({condition})").scalar()
            if bad:
                raise RuntimeError(f"{bad} row(s) of {table} break {name}: correct them, then migrate again")
        if bind.dialect.name == 'sqlite':
            clauses = "".join(f",\n\tCONSTRAINT {name} CHECK ({condition})" for name, condition in _checks(table))
            _rewrite_sqlite_schema(table, lambda sql: sql.rstrip().removesuffix(")").rstrip() + clauses + "\n)")
        else:
            for name, condition in _checks(table):
                op.create_check_constraint(op.f(name), table, condition)


def downgrade():
    bind = op.get_bind()
    for table in BOUNDS:
        if bind.dialect.name == 'sqlite':
            clauses = "".join(f",\n\tCONSTRAINT {name} CHECK ({condition})" for name, condition in _checks(table))
            _rewrite_sqlite_schema(table, lambda sql: sql.replace(clauses, ""))
        else:
            for name, _condition in _checks(table):
                op.drop_constraint(op.f(name), table, type_='check')
