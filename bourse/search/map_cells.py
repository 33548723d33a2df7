"""The map's per-cell counts: read as cells plus the deltas not yet folded in, folded every minute."""

from __future__ import annotations

from sqlalchemy import func, literal, text, union_all

from bourse.extensions import db
from bourse.geo import cells
from bourse.jobs.registry import handler
from bourse.search.models import PremisesMapCell, PremisesMapDelta
from bourse.unit_of_work import WRITE_LOCK


def counted(grid: cells.CellRange) -> list[tuple[float, float, int]]:
    """(mean lon, mean lat, units) of each non-empty cell of ``grid``, ordered by cell."""
    parts = []
    for table in (PremisesMapCell, PremisesMapDelta):
        parts.append(db.select(table.cx, table.cy, table.n, table.sum_lon, table.sum_lat).where(
            table.level == grid.level, table.cx.between(grid.x0, grid.x1), table.cy.between(grid.y0, grid.y1)))
    both = union_all(*parts).subquery()
    n = func.sum(both.c.n)
    rows = db.session.execute(
        db.select(n, func.sum(both.c.sum_lon), func.sum(both.c.sum_lat)).group_by(both.c.cx, both.c.cy)
        .having(n > 0).order_by(both.c.cx, both.c.cy)).all()
    return [(float(sum_lon) / int(units), float(sum_lat) / int(units), int(units)) for units, sum_lon, sum_lat in rows]


_INTO_CELLS = """
INSERT INTO premises_map_cells AS c (level, cx, cy, n, sum_lon, sum_lat)
SELECT level, cx, cy, sum(n), sum(sum_lon), sum(sum_lat) FROM {source} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (level, cx, cy) DO UPDATE SET n = c.n + excluded.n, sum_lon = c.sum_lon + excluded.sum_lon,
                                          sum_lat = c.sum_lat + excluded.sum_lat
"""
# Both sources are constants written here, never input.
FOLD_POSTGRES = text("WITH moved AS (DELETE FROM premises_map_deltas RETURNING level, cx, cy, n, sum_lon, sum_lat)"  # nosec B608
                     + _INTO_CELLS.format(source="moved"))
FOLD_SQLITE = text(_INTO_CELLS.format(source="premises_map_deltas WHERE id <= :last"))


def fold() -> int:
    """Add the pending deltas into the cells and remove them (one unit of work; the caller commits).
    On PostgreSQL the DELETE … RETURNING takes exactly the rows it folds: a delta committed
    meanwhile waits for the next fold, and two folds never count one delta twice."""
    if db.engine.dialect.name == "postgresql":
        return db.session.execute(FOLD_POSTGRES).rowcount
    last = db.session.scalar(db.select(func.max(PremisesMapDelta.id)))
    if last is None:
        return 0
    db.session.execute(FOLD_SQLITE, {"last": last})
    return db.session.execute(db.delete(PremisesMapDelta).where(PremisesMapDelta.id <= literal(last))).rowcount


@handler("map_cells.fold", every="minute", lock=WRITE_LOCK)
def fold_job() -> None:
    fold()
