"""Premises from a file: the open-data export's columns (docs/open-data.md), CSV or GeoJSON, each
row checked by the premises form itself and by the services' rules, then all rows or none (or only
the valid ones) created as drafts, or published at once when asked."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

from flask_babel import force_locale, gettext as _
from werkzeug.datastructures import MultiDict

from bourse import tables
from bourse.accounts.models import User
from bourse.premises import services
from bourse.premises.errors import PremisesError
from bourse.premises.forms import PremisesForm
from bourse.towns.models import Town

MAX_ROWS = 20_000
# The export's column names, and the usual French spellings of the main ones.
ALIASES = {
    "title": ("title", "titre", "intitule"), "address": ("address", "adresse"),
    "insee_code": ("insee_code", "code_insee", "insee", "code_commune"), "lon": ("lon", "lng", "longitude"),
    "lat": ("lat", "latitude"), "sales_area_m2": ("sales_area_m2", "surface_vente", "surface", "surface_m2"),
    "total_area_m2": ("total_area_m2", "surface_totale"), "frontage_m": ("frontage_m", "vitrine", "lineaire_vitrine"),
    "deal_type": ("deal_type", "type_offre"), "rent_per_year": ("rent_per_year", "loyer_annuel", "loyer"),
    "charges_per_year": ("charges_per_year", "charges_annuelles", "charges"), "description": ("description",),
    "lease_types": ("lease_types", "baux"), "allowed_sectors": ("allowed_sectors", "activites_autorisees"),
    "excluded_sectors": ("excluded_sectors", "activites_exclues"), "has_extraction": ("has_extraction", "extraction"),
    "step_free_access": ("step_free_access", "plain_pied"), "available_from": ("available_from", "disponible_le"),
}
REQUIRED = ("title", "address", "sales_area_m2", "lon", "lat")
LISTS = ("lease_types", "allowed_sectors", "excluded_sectors")
FLAGS = ("has_extraction", "step_free_access")
TRUE = {"1", "true", "yes", "oui", "vrai", "y", "x"}


@dataclass
class Report:
    outcome: str  # "imported" or "refused"
    rows: int = 0
    created: int = 0
    published: int = 0
    valid_only: bool = False
    publish: bool = False
    file_problem: str | None = None
    detail: str = ""
    notices: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message in the actor's language)
    problem_count: int = 0
    premises_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Report | None":
        if not data:
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["problems"] = [tuple(p) for p in known.get("problems", [])]
        return cls(**known)

    def problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < tables.MAX_PROBLEMS_KEPT:
            self.problems.append((line, message))


def _formdata(row: dict, town: Town | None) -> MultiDict:
    data = MultiDict()
    for name in ("title", "address", "lon", "lat", "sales_area_m2", "total_area_m2", "frontage_m", "deal_type",
                 "rent_per_year", "charges_per_year", "description", "available_from"):
        if row.get(name):
            data[name] = row[name].replace(",", ".") if name in ("lon", "lat") else row[name]
    data.setdefault("deal_type", "to_let")
    for name in LISTS:
        for value in filter(None, (v.strip() for v in row.get(name, "").replace(";", "|").split("|"))):
            data.add(name, value)
    for name in FLAGS:
        if row.get(name, "").strip().lower() in TRUE:
            data[name] = "y"
    if town is not None:
        data["town"] = str(town.id)
    return data


def _row_data(actor: User, row: dict, towns: dict[str, Town], default: Town | None) -> services.PremisesData:
    """The row as the form would have it. :raises PremisesError: with the form's or the rules' first reason."""
    insee = row.get("insee_code", "").strip()
    town = towns.get(insee) if insee else default
    if town is None:
        raise PremisesError(_("no town of yours has the INSEE code “%(code)s”", code=insee or "—"))
    form = PremisesForm(formdata=_formdata(row, town), meta={"csrf": False}, towns=list(towns.values()))
    if not form.validate():
        name, errors = next(iter(form.errors.items()))
        raise PremisesError(_("%(field)s: %(reason)s", field=getattr(form, name).label.text, reason=errors[0]))
    if form.lon.data is None:
        raise PremisesError(_("no longitude and latitude"))
    data = form.to_data(float(form.lon.data), float(form.lat.data), town)
    services.check(data)
    return data


def import_premises(actor: User, owner: User, payload: bytes, *, valid_only: bool = False, publish: bool = False,
                    default_town: Town | None = None, progress: Callable[[int, int], None] | None = None) -> Report:
    """Check every row, then create them (drafts, or published with ``publish``); nothing at all when
    one row is wrong, unless ``valid_only``. Messages are worded in the actor's language."""
    report = Report("refused", valid_only=valid_only, publish=publish)
    with force_locale(actor.locale or "fr"):
        try:
            table = tables.read(payload, MAX_ROWS, ALIASES)
        except tables.TableProblem as problem:
            report.file_problem, report.detail = problem.code, problem.detail
            return report
        report.notices, report.rows = table.notices, len(table.rows)
        missing = [name for name in REQUIRED if name not in table.columns]
        if missing:
            report.file_problem, report.detail = "header", ", ".join(missing)
            return report
        towns = {t.insee_code: t for t in services.towns_for(actor)}
        seen: dict[tuple, int] = {}
        valid: list[services.PremisesData] = []
        for count, (line, row) in enumerate(table.rows, start=1):
            key = tuple(sorted(row.items()))
            if key in seen:
                report.problem(line, str(_duplicate(seen[key])))
            elif "_geometry" in row:
                report.problem(line, str(_not_point(row["_geometry"])))
            else:
                seen[key] = line
                try:
                    valid.append(_row_data(actor, row, towns, default_town))
                except PremisesError as refused:
                    report.problem(line, str(refused.message))
            if progress and count % 200 == 0:  # only while reading: progress is written beside the job's transaction
                progress(count, len(table.rows))
        if report.problem_count and not valid_only:
            return report
        created = services.create_many(actor, owner, valid)
        if publish:
            for premises in created:
                services.change_status(actor, premises, "publish")
                report.published += 1
    report.outcome, report.created = "imported", len(created)
    report.premises_ids = [p.id for p in created]
    return report


def _duplicate(line: int) -> str:
    return _("the same as line %(n)d", n=line)


def _not_point(kind: str) -> str:
    return _("a %(kind)s where a point is expected", kind=kind)




def file_message(report: Report) -> str:
    return str(tables.TABLE_PROBLEMS.get(report.file_problem, report.file_problem)) % {"detail": report.detail}
