"""premises_map_cells: published premises counted per map cell at levels 0–8, kept by triggers

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

LEVELS = range(0, 9)  # bourse.geo.cells.STORED_LEVELS; cell size 4° / 2**level
X, Y = "ST_X({row}.location)", "ST_Y({row}.location)"


def _cells(row: str) -> str:
    """level, cx, cy of ``row``'s point at every stored level (FROM map_cell_levels)."""
    x, y = X.format(row=row), Y.format(row=row)
    return f"level, CAST(floor({x} / size) AS INTEGER), CAST(floor({y} / size) AS INTEGER)"


def _add(row: str, where: str) -> str:
    x, y = X.format(row=row), Y.format(row=row)
    return (f"INSERT INTO premises_map_cells (level, cx, cy, n, sum_lon, sum_lat) "
            f"SELECT {_cells(row)}, 1, {x}, {y} FROM map_cell_levels WHERE {where} ORDER BY level "
            f"ON CONFLICT (level, cx, cy) DO UPDATE SET n = premises_map_cells.n + 1, "
            f"sum_lon = premises_map_cells.sum_lon + excluded.sum_lon, "
            f"sum_lat = premises_map_cells.sum_lat + excluded.sum_lat")


def _remove(row: str, where: str) -> str:
    x, y = X.format(row=row), Y.format(row=row)
    return (f"UPDATE premises_map_cells SET n = n - 1, sum_lon = sum_lon - {x}, sum_lat = sum_lat - {y} "
            f"WHERE {where} AND (level, cx, cy) IN (SELECT {_cells(row)} FROM map_cell_levels)")


# PostgreSQL: statement-level triggers reading the statement's transition tables, so a bulk insert
# of thousands of rows updates each cell once per statement (row triggers updating the same hot
# rows thousands of times in one transaction slow down quadratically under MVCC). Cells are
# written in key order: concurrent statements lock them in the same order and cannot deadlock.
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
  INSERT INTO premises_map_cells AS c (level, cx, cy, n, sum_lon, sum_lat)
  SELECT l.level, CAST(floor(ST_X(d.location) / l.size) AS INTEGER), CAST(floor(ST_Y(d.location) / l.size) AS INTEGER),
         sum(d.sign), sum(d.sign * ST_X(d.location)), sum(d.sign * ST_Y(d.location))
  FROM ({_SIDES[event]}) AS d CROSS JOIN map_cell_levels AS l
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (level, cx, cy) DO UPDATE SET n = c.n + excluded.n, sum_lon = c.sum_lon + excluded.sum_lon,
                                            sum_lat = c.sum_lat + excluded.sum_lat;
  RETURN NULL;
END $$"""


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER premises_map_cells_insert AFTER INSERT ON premises WHEN NEW.status = 'published'
BEGIN {_add('NEW', 'true')}; END""",
    f"""CREATE TRIGGER premises_map_cells_delete AFTER DELETE ON premises WHEN OLD.status = 'published'
BEGIN {_remove('OLD', 'true')}; END""",
    f"""CREATE TRIGGER premises_map_cells_update AFTER UPDATE OF status, location ON premises
WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN {_remove('OLD', "OLD.status = 'published'")}; {_add('NEW', "NEW.status = 'published'")}; END""",
]

FILL = """
INSERT INTO premises_map_cells (level, cx, cy, n, sum_lon, sum_lat)
SELECT level, CAST(floor(ST_X(p.location) / size) AS INTEGER), CAST(floor(ST_Y(p.location) / size) AS INTEGER),
       count(*), sum(ST_X(p.location)), sum(ST_Y(p.location))
FROM premises AS p CROSS JOIN map_cell_levels WHERE p.status = 'published' GROUP BY 1, 2, 3
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
    op.drop_table("premises_map_cells")
    op.drop_table("map_cell_levels")
