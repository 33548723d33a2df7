"""The home page, the privacy and accessibility statements, and what search engines read."""

from flask import Blueprint, Response, render_template, stream_with_context

from bourse.main import maps, services
from bourse.main import sitemap as site_map
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


@bp.route("/sitemap.xml")
@public
def sitemap():
    return Response(stream_with_context(site_map.lines()), mimetype="application/xml")


@bp.route("/robots.txt")
@public
def robots():
    return Response(site_map.robots(), mimetype="text/plain")
