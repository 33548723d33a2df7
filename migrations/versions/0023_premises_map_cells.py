"""premises_map_cells: published premises counted per map cell at levels 0–14, kept by triggers

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

LEVELS = range(0, 15)  # bourse.geo.cells.STORED_LEVELS; cell size 4° / 2**level, 4° down to about 20 m

# The triggers only ever INSERT into premises_map_deltas (+1 where a unit enters the map, -1 where it
# leaves): no row is updated by two transactions, so publications never wait on each other and a
# bulk load does not rewrite the same hot rows thousands of times. The map reads cells + deltas;
# the job map_cells.fold folds the deltas into the cells every minute.
_CELL = ("l.level, CAST(floor(ST_X({g}) / l.size) AS INTEGER), CAST(floor(ST_Y({g}) / l.size) AS INTEGER)")
_INSERT = "INSERT INTO premises_map_deltas (level, cx, cy, n, sum_lon, sum_lat) "

# PostgreSQL: statement-level triggers over the statement's transition tables (one insert per
# statement, aggregated per cell), for inserts, updates (only rows whose status or point changed)
# and deletes.
_MOVED = ("(o.status IS DISTINCT FROM n.status OR ST_X(o.location) IS DISTINCT FROM ST_X(n.location) "
          "OR ST_Y(o.location) IS DISTINCT FROM ST_Y(n.location))")
_SIDES = {
    "insert": "SELECT 1 AS sign, n.location FROM new_rows AS n WHERE n.status = 'published'",
    "delete": "SELECT -1 AS sign, o.location FROM old_rows AS o WHERE o.status = 'published'",
    "update": (f"SELECT 1 AS sign, n.location FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id "
               f"WHERE n.status = 'published' AND {_MOVED} "
               f"UNION ALL SELECT -1, o.location FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id "
               f"WHERE o.status = 'published' AND {_MOVED}"),
}
_TRANSITIONS = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}


def _postgres_function(event: str) -> str:
    return f"""
CREATE FUNCTION premises_map_cells_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {_INSERT}
  SELECT {_CELL.format(g='d.location')}, sum(d.sign), sum(d.sign * ST_X(d.location)), sum(d.sign * ST_Y(d.location))
  FROM ({_SIDES[event]}) AS d CROSS JOIN map_cell_levels AS l
  GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 OR sum(d.sign * ST_X(d.location)) <> 0;
  RETURN NULL;
END $$"""


def _sqlite_rows(row: str, sign: int) -> str:
    g = f"{row}.location"
    return (f"{_INSERT} SELECT {_CELL.format(g=g)}, {sign}, {sign} * ST_X({g}), {sign} * ST_Y({g}) "
            f"FROM map_cell_levels AS l")


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER premises_map_cells_insert AFTER INSERT ON premises WHEN NEW.status = 'published'
BEGIN {_sqlite_rows('NEW', 1)}; END""",
    f"""CREATE TRIGGER premises_map_cells_delete AFTER DELETE ON premises WHEN OLD.status = 'published'
BEGIN {_sqlite_rows('OLD', -1)}; END""",
    f"""CREATE TRIGGER premises_map_cells_update AFTER UPDATE OF status, location ON premises
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (OLD.status IS NOT NEW.status
      OR ST_X(OLD.location) IS NOT ST_X(NEW.location) OR ST_Y(OLD.location) IS NOT ST_Y(NEW.location))
BEGIN {_sqlite_rows('OLD', -1)} WHERE OLD.status = 'published'; {_sqlite_rows('NEW', 1)} WHERE NEW.status = 'published'; END""",
]

FILL = f"""
INSERT INTO premises_map_cells (level, cx, cy, n, sum_lon, sum_lat)
SELECT {_CELL.format(g='p.location')}, count(*), sum(ST_X(p.location)), sum(ST_Y(p.location))
FROM premises AS p CROSS JOIN map_cell_levels AS l WHERE p.status = 'published' GROUP BY 1, 2, 3
"""


def upgrade():
    levels = op.create_table(
        "map_cell_levels",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("size", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("level", name=op.f("pk_map_cell_levels")),
    )
    op.create_table(
        "premises_map_cells",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("cx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cy", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("sum_lon", sa.Float(), nullable=False),
        sa.Column("sum_lat", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("level", "cx", "cy", name=op.f("pk_premises_map_cells")),
    )
    op.create_table(
        "premises_map_deltas",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("cx", sa.Integer(), nullable=False),
        sa.Column("cy", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("sum_lon", sa.Float(), nullable=False),
        sa.Column("sum_lat", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_premises_map_deltas")),
    )
    op.create_index("ix_premises_map_deltas_cell", "premises_map_deltas", ["level", "cx", "cy"])
    op.bulk_insert(levels, [{"level": level, "size": 4.0 / 2 ** level} for level in LEVELS])
    if op.get_bind().dialect.name == "postgresql":
        for event, transition in _TRANSITIONS.items():
            op.execute(_postgres_function(event))
            op.execute(f"CREATE TRIGGER premises_map_cells_{event} AFTER {event.upper()} ON premises "
                       f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION premises_map_cells_{event}()")
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.execute(FILL)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for event in _TRANSITIONS:
            op.execute(f"DROP TRIGGER premises_map_cells_{event} ON premises")
            op.execute(f"DROP FUNCTION premises_map_cells_{event}()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER premises_map_cells_{name}")
    op.drop_index("ix_premises_map_deltas_cell", table_name="premises_map_deltas")
    op.drop_table("premises_map_deltas")
    op.drop_table("premises_map_cells")
    op.drop_table("map_cell_levels")
