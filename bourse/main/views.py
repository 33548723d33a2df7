"""The home page, and the privacy and accessibility statements."""

from flask import Blueprint, render_template

from bourse.main import maps, services
from bourse.permissions import public
from bourse.privacy.retention import RETENTION

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


@bp.route("/confidentialite")
@public
def privacy():
    return render_template("main/privacy.html", retention=RETENTION)


@bp.route("/accessibilite")
@public
def accessibility():
    return render_template("main/accessibility.html")
