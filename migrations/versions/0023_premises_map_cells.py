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


POSTGRES_FUNCTION = f"""
CREATE FUNCTION premises_map_cells_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND ST_X(OLD.location) = ST_X(NEW.location)
     AND ST_Y(OLD.location) = ST_Y(NEW.location) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN
    {_remove('OLD', 'true')};
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN
    {_add('NEW', 'true')};
  END IF;
  RETURN NULL;
END $$
"""

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
        op.execute(POSTGRES_FUNCTION)
        op.execute("CREATE TRIGGER premises_map_cells_sync AFTER INSERT OR DELETE OR UPDATE OF status, location "
                   "ON premises FOR EACH ROW EXECUTE FUNCTION premises_map_cells_sync()")
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.execute(FILL)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER premises_map_cells_sync ON premises")
        op.execute("DROP FUNCTION premises_map_cells_sync()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER premises_map_cells_{name}")
    op.drop_table("premises_map_cells")
    op.drop_table("map_cell_levels")
