"""Alembic hooks that keep spatial columns, indexes and extension tables right on both backends."""

from __future__ import annotations

from geoalchemy2 import alembic_helpers

# Tables that SpatiaLite or PostGIS create for themselves; Alembic must neither create nor drop them.
_INTERNAL_PREFIXES = (
    "geometry_columns", "spatial_ref_sys", "spatialite_history", "sqlite_", "views_geometry_columns",
    "virts_geometry_columns", "idx_", "sql_statements_log", "spatialindex", "elementarygeometries",
    "knn", "data_licenses", "se_", "rl2map_", "iso_metadata", "topologies", "networks",
    "raster_coverages", "vector_coverages", "wms_", "stored_", "rl2_", "spatial_ref_sys_aux",
)

writer = alembic_helpers.writer


def render_item(obj_type, obj, autogen_context):
    """Spatial types through GeoAlchemy2; our own type decorators as their plain SQL type."""
    from sqlalchemy.types import TypeDecorator

    if obj_type == "type" and isinstance(obj, TypeDecorator):
        return "sa." + repr(obj.impl)
    return alembic_helpers.render_item(obj_type, obj, autogen_context)


def include_object(obj, name, obj_type, reflected, compare_to) -> bool:
    """Leave the spatial extensions' own tables out of migrations and comparisons."""
    if obj_type == "table" and name and name.lower().startswith(_INTERNAL_PREFIXES):
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)


def configure_args(dialect_name: str) -> dict:
    """Keyword arguments for ``context.configure`` on ``dialect_name``."""
    return {
        "include_object": include_object,
        "render_item": render_item,
        "compare_type": True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        "render_as_batch": dialect_name == "sqlite",
    }
