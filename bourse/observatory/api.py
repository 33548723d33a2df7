"""The observatory's public figures as JSON: what the public page shows, for programs and portals."""

from __future__ import annotations

from flask import Blueprint, jsonify

from bourse.accounts import api_auth
from bourse.observatory.figures import Figures
from bourse.observatory.periods import month_label
from bourse.observatory.views import exported_figures, town_or_404
from bourse.permissions import public
from bourse.replicas import replica_reads

bp = Blueprint("observatory_api", __name__, url_prefix="/api/v1")
api_auth.limit_tokens(bp)


def _public(figures: Figures) -> dict:
    scope = figures.scope
    return {
        "town": {"id": scope.town.id, "name": scope.town.name, "insee_code": scope.town.insee_code},
        "perimeter": {"version": scope.perimeter.version, "validated_at": scope.perimeter.validated_at.isoformat()},
        "zone": {"id": scope.zone.id, "name": scope.zone.name} if scope.zone else None,
        "period": {"from": month_label(figures.period.first), "to": month_label(figures.period.last),
                   "day": figures.day.isoformat()},
        "figures": figures.summary(),
        "months": figures.monthly_rows(),
        "trade_mix": [{"day": mix.day.isoformat(), "by_class": mix.by_class, "by_sector": mix.by_sector}
                      for mix in figures.mixes],
        "zones": [{"id": z.zone.id, "name": z.zone.name, "units": z.units, "vacant": z.vacant, "rate": z.rate}
                  for z in figures.zones],
        "sources": [{"source": use.source, "campaign": use.campaign.name if use.campaign else None,
                     "observations": use.observations, "first": use.first.isoformat(), "last": use.last.isoformat()}
                    for use in figures.sources],
        "disagreements": len(figures.disagreements),
        "licence": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
    }


@bp.route("/towns/<int:town_id>/observatory")
@replica_reads
@public
def town_figures(town_id: int):
    """The figures inside the town's validated perimeter (or ``zone``) for ``du`` … ``au`` (YYYY-MM)."""
    return jsonify(_public(exported_figures(town_or_404(town_id))))
