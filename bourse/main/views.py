"""The home page."""

from flask import Blueprint, render_template

from bourse.main import maps, services
from bourse.permissions import public

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    summaries = services.town_summaries()
    return render_template(
        "main/index.html",
        summaries=summaries,
        total_published=sum(s.published for s in summaries),
        towns_map=maps.towns_map(summaries),
    )
