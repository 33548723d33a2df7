"""Read the database's own query plan for a SQLAlchemy statement."""

from __future__ import annotations

from bourse.extensions import db


def query_plan(stmt) -> str:
    """The plan text of ``stmt`` as EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) gives it."""
    conn = db.session.connection()
    compiled = stmt.compile(bind=conn)
    sql = str(compiled)
    if conn.dialect.name == "sqlite":
        params = tuple(compiled.params[name] for name in compiled.positiontup)
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
        return "\n".join(str(row[-1]) for row in rows)
    rows = conn.exec_driver_sql("EXPLAIN " + sql, compiled.params).all()
    return "\n".join(row[0] for row in rows)
