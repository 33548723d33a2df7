"""The observatory's pages: public figures per town (aggregates only), the managers' unit-level
view, and the CSV exports."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from bourse.domain import NotFound
from bourse.extensions import db
from bourse.observatory import charts, exports, maps, snapshots
from bourse.observatory.figures import Figures, compute
from bourse.observatory.periods import Period, PeriodError, month_label, parse
from bourse.observatory.scope import Scope, scope_of
from bourse.observatory.units import vacant_units
from bourse.permissions import public
from bourse.register.labels import CLASS_LABELS, SOURCE_LABELS, STATE_LABELS
from bourse.register.models import Perimeter
from bourse.sectors import SECTORS_BY_CODE
from bourse.timeutil import utcnow
from bourse.towns.models import Town
from bourse.towns.shops import manages
from bourse.replicas import replica_reads

bp = Blueprint("observatory", __name__)


def town_or_404(town_id: int) -> Town:
    town = db.session.get(Town, town_id)
    if town is None:
        raise NotFound()
    return town


def _zone_id() -> int | None:
    text = request.args.get("zone", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise PeriodError(_("Choose a zone from the list."), field="zone")
    return int(text)


def _asked(town: Town) -> tuple[Scope, Period, dict]:
    """The scope and period the query string asks for (the defaults where it cannot be read), and
    the period's and zone's errors by field."""
    today = utcnow().date()
    errors: dict[str, str] = {}
    try:
        period = parse(request.args.get("du"), request.args.get("au"), today)
    except PeriodError as error:
        errors[error.field] = str(error)
        period = parse(None, None, today)
    try:
        scope = scope_of(town, _zone_id())
    except (PeriodError, NotFound):
        errors["zone"] = _("Choose a zone from the list.")
        scope = scope_of(town)
    return scope, period, errors


def figures_for(town: Town) -> tuple[Scope, Figures | None, dict]:
    """For the pages: the figures of what was asked, or of the defaults beside the errors."""
    scope, period, errors = _asked(town)
    return scope, compute(scope, period) if scope.perimeter is not None else None, errors


def _args() -> dict[str, str]:
    """The page's own parameters, to carry into its links and exports."""
    return {name: request.args[name] for name in ("du", "au", "zone") if request.args.get(name)}


def _manages(town: Town) -> bool:
    return current_user.is_authenticated and manages(current_user, town)


def _context(town: Town, scope: Scope, figures: Figures | None, errors: dict) -> dict:
    context = {"town": town, "scope": scope, "figures": figures, "errors": errors, "args": _args(),
               "manages": _manages(town),
               "class_labels": CLASS_LABELS, "source_labels": SOURCE_LABELS, "state_labels": STATE_LABELS,
               "sector_labels": {code: s.label for code, s in SECTORS_BY_CODE.items()}}
    if figures is None:
        return context
    stages = [_("Submitted"), _("Shortlisted"), _("Selected"), _("Lease signed")]
    snapshot = snapshots.frozen(town.id, figures.period.last) if scope.zone is None else None
    context.update(
        stages=stages, band_labels=charts.band_labels(), month_name=charts.month_name,
        snapshot=snapshot,
        changes=snapshots.differences(snapshot, figures.summary()) if snapshot else [],
        charts={"vacancy": charts.vacancy_chart(figures), "movements": charts.movements_chart(figures),
                "durations": charts.durations_chart(figures), "mix": charts.mix_chart(figures),
                "funnel": charts.funnel_chart(figures, stages)},
        observatory_map=maps.observatory_map(figures) if figures.units else None,
        versions=db.session.scalar(db.select(db.func.count(Perimeter.id)).where(Perimeter.town_id == town.id)))
    return context


@bp.route("/observatoire")
@replica_reads
@public
def index():
    """The towns whose figures can be read: those that validated a perimeter."""
    with_perimeter = db.select(Perimeter.town_id).distinct()
    towns = list(db.session.scalars(db.select(Town).where(Town.id.in_(with_perimeter)).order_by(Town.name)))
    return render_template("observatory/index.html", towns=towns)


@bp.route("/communes/<int:town_id>/observatoire")
@replica_reads
@public
def town(town_id: int):
    place = town_or_404(town_id)
    scope, figures, errors = figures_for(place)
    return render_template("observatory/town.html", **_context(place, scope, figures, errors)), 400 if errors else 200


def managed_or_404(town_id: int) -> Town:
    """The town, for its managers and administrators; for anyone else, signed in or not, it does not
    exist (unit-level figures are not even announced to the public)."""
    town = town_or_404(town_id)
    if not _manages(town):
        raise NotFound()
    return town


@bp.route("/communes/<int:town_id>/observatoire/unites")
@public  # managed_or_404 answers everyone else
def units(town_id: int):
    place = managed_or_404(town_id)
    scope, figures, errors = figures_for(place)
    rows = vacant_units(figures) if figures is not None else []
    return render_template("observatory/units.html", town=place, scope=scope, figures=figures, errors=errors,
                           units=rows, args=_args(), state_labels=STATE_LABELS,
                           source_labels=SOURCE_LABELS), 400 if errors else 200


def _csv(body: str, name: str) -> Response:
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


def exported_figures(place: Town) -> Figures:
    """The figures for an export (CSV, JSON): a bad period or zone is a 400 before anything is
    computed, no perimeter a 404.

    :raises PeriodError: naming the parameter at fault.
    :raises NotFound: for a town without a validated perimeter.
    """
    scope, period, errors = _asked(place)
    if errors:
        field, message = next(iter(errors.items()))
        raise PeriodError(message, field=field)
    if scope.perimeter is None:
        raise NotFound(_("This town has not validated a town-centre perimeter yet."))
    return compute(scope, period)


@bp.route("/communes/<int:town_id>/observatoire.csv")
@replica_reads
@public
def monthly_csv(town_id: int):
    place = town_or_404(town_id)
    figures = exported_figures(place)
    name = f"observatoire-{place.insee_code}-{month_label(figures.period.first)}-{month_label(figures.period.last)}.csv"
    return _csv(exports.monthly_csv(figures), name)


@bp.route("/communes/<int:town_id>/observatoire/vacants.csv")
@public  # managed_or_404 answers everyone else
def vacant_csv(town_id: int):
    place = managed_or_404(town_id)
    figures = exported_figures(place)
    return _csv(exports.vacant_csv(vacant_units(figures)), f"locaux-vacants-{place.insee_code}-{figures.day}.csv")


