"""The register's survey columns and their accepted spellings; the reading itself is bourse/tables.py."""

from __future__ import annotations

from bourse import tables
from bourse.tables import Table, TableProblem  # noqa: F401 (the register's imports name them from here)

# Accepted spellings of each column (after lower-casing and dropping accents, spaces and dashes).
ALIASES = {
    "address": ("address", "adresse", "adresse_postale", "addr"),
    "lat": ("lat", "latitude", "y_wgs84"),
    "lon": ("lon", "lng", "long", "longitude", "x_wgs84"),
    "x": ("x", "x_lambert93", "coordonnee_x", "lambert_x"),
    "y": ("y", "y_lambert93", "coordonnee_y", "lambert_y"),
    "state": ("state", "etat", "statut", "occupation"),
    "sector": ("sector", "secteur", "activite", "categorie"),
    "naf": ("naf", "code_naf", "ape", "code_ape", "naf_code"),
    "name": ("name", "nom", "enseigne", "raison_sociale"),
    "date": ("date", "surveyed_on", "date_releve", "date_observation"),
}


def read(data: bytes, max_rows: int) -> Table:
    """:raises TableProblem: see bourse.tables.read."""
    return tables.read(data, max_rows, ALIASES)
