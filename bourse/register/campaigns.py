"""Survey campaigns: a file of field observations imported as one campaign, kept as history.

Every row is read and checked before anything is written; rows are matched to the town's units
by distance (a few metres) and by normalised address; rows that match no unit make new ones; the
units the campaign did not see are counted and listed. One bad row refuses the file unless the
manager chose "valid rows only".
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert

from bourse.extensions import db
from bourse.geo import geocoder, make_point, point_coords
from bourse.geo.nearby import PointIndex
from bourse.register import survey, tables
from bourse.register.models import Observation, Source, SurveyCampaign, Unit, UnitState
from bourse.register.reports import ImportReport
from bourse.domain import NotFound
from bourse.register.services import (SAME_ADDRESS_METRES, SAME_UNIT_METRES, RegisterError, address_key, class_of,
                                      managed_town, refresh_current)
from bourse.timeutil import utcnow
from bourse.towns.models import Town

MAX_ROWS = 20_000
MAX_GEOCODED = 2_000  # rows given by address only, looked up one by one


def check_campaign(name: str, surveyed_on: date | None, today: date) -> None:
    """:raises RegisterError: for a campaign without a name, or dated in the future."""
    if not (name or "").strip():
        raise RegisterError(_l("Name the campaign."), field="name")
    if surveyed_on is None:
        raise RegisterError(_l("Give the date of the survey."), field="surveyed_on")
    if surveyed_on > today:
        raise RegisterError(_l("The survey date cannot be in the future."), field="surveyed_on")


def import_survey(town: Town, data: bytes, name: str, surveyed_on: date, actor_id: int | None = None,
                  filename: str | None = None, valid_only: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Read, check, match and (unless refused) write one survey file as a new campaign."""
    report = ImportReport("imported", valid_only=valid_only)
    try:
        table = tables.read(data, MAX_ROWS)
    except tables.TableProblem as problem:
        return _refused(report, problem.code, problem.detail)
    missing = survey.missing_columns(table.columns)
    if missing:
        return _refused(report, "header", ", ".join(missing))
    report.notices, report.rows = table.notices, len(table.rows)
    rows = _checked_rows(town, table, surveyed_on, report, progress)
    units = _TownUnits(town)
    rows = _placed(town, rows, units, report)
    _match(rows, units, report)
    report.problems.sort()
    if report.problem_count and not valid_only:
        report.outcome = "refused"
        return report
    campaign = SurveyCampaign(town_id=town.id, name=name.strip()[:140], surveyed_on=surveyed_on, method="file",
                              filename=(filename or "")[:140] or None, created_by=actor_id)
    db.session.add(campaign)
    db.session.flush()
    report.campaign_id = campaign.id
    _write(town, campaign, rows, report)
    report.unseen = unseen_count(campaign)
    campaign.report = report.as_dict()
    db.session.flush()
    return report


def _refused(report: ImportReport, code: str, detail: str = "") -> ImportReport:
    report.outcome, report.file_problem, report.file_detail = "refused", code, detail
    return report


def _checked_rows(town: Town, table: tables.Table, surveyed_on: date, report: ImportReport,
                  progress) -> list[survey.SurveyRow]:
    spellings, centre, today = survey.sector_spellings(), point_coords(town.centre), utcnow().date()
    survey.convert_lambert(table.rows)
    rows, seen = [], {}
    for index, (line, raw) in enumerate(table.rows):
        checked = survey.check(line, raw, spellings, centre, surveyed_on, today)
        if isinstance(checked, tuple):
            report.problem(line, *checked)
        else:
            fingerprint = survey.fingerprint(checked)
            if fingerprint in seen:
                report.problem(line, "duplicate", seen[fingerprint])
            else:
                seen[fingerprint] = line
                rows.append(checked)
        if progress is not None and (index % 100 == 0 or index == len(table.rows) - 1):
            progress(index + 1, len(table.rows))
    return rows


class _TownUnits:
    """The town's units in memory: a point index and their addresses, for matching a whole file."""

    def __init__(self, town: Town) -> None:
        found = db.session.execute(db.select(Unit.id, func.ST_X(Unit.location), func.ST_Y(Unit.location),
                                             Unit.address_key).where(Unit.town_id == town.id)).all()
        self.key_of = {row[0]: row[3] for row in found}
        self.by_key: dict[str, list[int]] = {}
        for unit_id, _lon, _lat, key in found:
            if key:
                self.by_key.setdefault(key, []).append(unit_id)
        centre_lat = point_coords(town.centre)[1]
        self.index = PointIndex([r[0] for r in found], [r[1] for r in found], [r[2] for r in found], centre_lat)

    def match(self, lon: float, lat: float, key: str) -> int | None:
        near = self.index.nearest(lon, lat, SAME_UNIT_METRES)
        if near is not None:
            return near
        if key:
            return next((u for u in self.index.within(lon, lat, SAME_ADDRESS_METRES) if self.key_of[u] == key), None)
        return None


def _placed(town: Town, rows: list[survey.SurveyRow], units: _TownUnits, report: ImportReport) -> list:
    """Rows given by address only: the unit with that address, or the geocoder's point."""
    placed, looked_up = [], 0
    for row in rows:
        if row.lon is None:
            known = units.by_key.get(address_key(row.address))
            if known:
                row.unit_id = known[0]
            else:
                looked_up += 1
                problem = _geocode(town, row) if looked_up <= MAX_GEOCODED else ("geocoder_down", row.address[:80])
                if problem:
                    report.problem(row.line, *problem)
                    continue
        placed.append(row)
    return placed


def _geocode(town: Town, row: survey.SurveyRow):
    try:
        found = geocoder.geocode(f"{row.address} {town.name}", citycode=town.insee_code, limit=1)
    except geocoder.GeocoderUnavailable:
        return ("geocoder_down", row.address[:80])
    if not found or found[0].citycode not in ("", town.insee_code):
        return ("address_not_found", row.address[:80])
    row.lon, row.lat = found[0].lon, found[0].lat
    return None


def _match(rows: list[survey.SurveyRow], units: _TownUnits, report: ImportReport) -> None:
    """Each row's unit (existing, or None for a new one); a unit seen twice is a problem."""
    first_line_of: dict[int, int] = {}
    new_rows = []
    for row in rows:
        if row.unit_id is None:
            row.unit_id = units.match(row.lon, row.lat, address_key(row.address))
        if row.unit_id is None:
            new_rows.append(row)
        elif row.unit_id in first_line_of:
            report.problem(row.line, "same_unit", first_line_of[row.unit_id])
            row.unit_id = -1
        else:
            first_line_of[row.unit_id] = row.line
    if new_rows:  # two new rows a few metres apart are one new unit seen twice
        index = PointIndex(range(len(new_rows)), [r.lon for r in new_rows], [r.lat for r in new_rows])
        for position, row in enumerate(new_rows):
            earlier = [i for i in index.within(row.lon, row.lat, SAME_UNIT_METRES) if i < position]
            if earlier:
                report.problem(row.line, "same_unit", new_rows[min(earlier)].line)
                row.unit_id = -1
    rows[:] = [row for row in rows if row.unit_id != -1]


def _write(town: Town, campaign: SurveyCampaign, rows: list[survey.SurveyRow], report: ImportReport) -> None:
    new = [(row, Unit(town_id=town.id, address=row.address, address_key=address_key(row.address), name=row.name,
                      location=make_point(row.lon, row.lat))) for row in rows if row.unit_id is None]
    db.session.add_all(unit for _row, unit in new)
    db.session.flush()
    for row, unit in new:
        row.unit_id = unit.id
    report.created, report.matched = len(new), len(rows) - len(new)
    if rows:
        db.session.execute(insert(Observation), [{
            "unit_id": row.unit_id, "observed_on": row.observed_on, "state": row.state.value,
            "sector": row.sector, "naf_code": row.naf_code, "obs_class": row.obs_class or class_of(row.sector),
            "source": Source.SURVEY.value, "campaign_id": campaign.id, "name": row.name, "note": "",
            "created_at": utcnow()} for row in rows])
    report.observations = len(rows)
    refresh_current(row.unit_id for row in rows)


def unseen(campaign: SurveyCampaign):
    """The town's units, still shop units, that the campaign has no observation of."""
    seen = db.select(Observation.id).where(Observation.unit_id == Unit.id,
                                           Observation.campaign_id == campaign.id).exists()
    return (db.select(Unit).where(Unit.town_id == campaign.town_id, ~seen,
                                  (Unit.state.is_(None)) | (Unit.state != UnitState.GONE.value))
            .order_by(Unit.address_key, Unit.id))


def unseen_count(campaign: SurveyCampaign) -> int:
    return db.session.scalar(db.select(func.count()).select_from(unseen(campaign).subquery())) or 0


def managed_campaign(user, campaign_id: int) -> SurveyCampaign:
    """:raises NotFound: for a missing campaign, or one of a town ``user`` does not manage."""
    campaign = db.session.get(SurveyCampaign, campaign_id)
    if campaign is None:
        raise NotFound()
    managed_town(user, campaign.town_id)
    return campaign


def counts(campaign: SurveyCampaign) -> dict[str, int]:
    """How many units the campaign saw in each state."""
    rows = db.session.execute(db.select(Observation.state, func.count()).where(Observation.campaign_id == campaign.id)
                              .group_by(Observation.state))
    return {state: count for state, count in rows}


def campaigns_of(town: Town) -> list[SurveyCampaign]:
    return list(db.session.scalars(db.select(SurveyCampaign).where(SurveyCampaign.town_id == town.id)
                                   .order_by(SurveyCampaign.surveyed_on.desc(), SurveyCampaign.id.desc())))
