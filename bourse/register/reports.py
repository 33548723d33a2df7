"""What an import did, line by line: kept as the job's result and the campaign's report, worded
in the reader's language only when shown."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from flask_babel import lazy_gettext as _l

from bourse.tables import MAX_PROBLEMS_KEPT, TABLE_PROBLEMS

FILE_PROBLEMS = {
    **TABLE_PROBLEMS,
    "not_allowed": _l("You no longer manage this town."),
    "town": _l("No row of the file is in this town (INSEE code %(detail)s)."),
}
LINE_PROBLEMS = {
    "place_missing": _l("Line %(n)d: neither an address nor a point."),
    "coordinates": _l("Line %(n)d: “%(s)s” are not coordinates."),
    "swapped": _l("Line %(n)d: latitude and longitude look swapped (%(s)s)."),
    "lambert_as_degrees": _l("Line %(n)d: %(s)s are Lambert-93 metres, not degrees: put them in columns x and y."),
    "degrees_as_lambert": _l("Line %(n)d: %(s)s are degrees, not Lambert-93 metres: put them in columns lat and lon."),
    "outside_france": _l("Line %(n)d: %(s)s is not a place in France."),
    "outside_town": _l("Line %(n)d: %(s)s is far from %(town)s."),
    "not_point": _l("Feature %(n)d: a %(s)s where a point is expected."),
    "state": _l("Line %(n)d: unknown state “%(s)s” (occupied, vacant, works or gone)."),
    "sector": _l("Line %(n)d: unknown sector “%(s)s”."),
    "naf": _l("Line %(n)d: “%(s)s” is not the NAF code of a shop activity."),
    "date": _l("Line %(n)d: “%(s)s” is not a date (use 2026-03-31 or 31/03/2026)."),
    "future": _l("Line %(n)d: the date %(s)s is in the future."),
    "duplicate": _l("Line %(n)d: the same as line %(s)s."),
    "same_unit": _l("Line %(n)d: the same unit as line %(s)s, seen twice in one campaign."),
    "address_not_found": _l("Line %(n)d: the address “%(s)s” was not found in %(town)s."),
    "geocoder_down": _l("Line %(n)d: the address “%(s)s” could not be looked up right now; give its coordinates."),
    "lambert": _l("Line %(n)d: the Lambert-93 coordinates %(s)s are not in France (degrees in the Lambert columns?)."),
    "no_place": _l("Line %(n)d: the establishment has no coordinates (SIRET %(s)s)."),
}
NOTICES = {
    "latin1": _l("The file was not UTF-8: it was read as Latin-1 (Windows). Check the accents of the names."),
}


@dataclass
class ImportReport:
    outcome: str  # "imported" or "refused"
    rows: int = 0
    valid_only: bool = False
    created: int = 0  # units new to the register
    matched: int = 0  # rows that found their unit
    observations: int = 0
    skipped: int = 0  # rows left out on purpose (Sirene: other towns, non-shop activities)
    unseen: int = 0  # units of the town the campaign did not see
    campaign_id: int | None = None
    file_problem: str | None = None
    file_detail: str = ""
    notices: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, value), the first ones
    problem_count: int = 0

    @property
    def imported(self) -> bool:
        return self.outcome == "imported"

    def problem(self, line: int, code: str, value: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append((line, code, str(value)))

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["problems"] = [tuple(p) for p in known.get("problems", [])]
        return cls(**known)

    def messages(self, town_name: str) -> list[str]:
        """The problems, worded in the current language."""
        if self.file_problem:
            return [str(FILE_PROBLEMS[self.file_problem]) % {"detail": self.file_detail}]
        return [str(LINE_PROBLEMS[code]) % {"n": line, "s": value, "town": town_name}
                for line, code, value in self.problems]

    def notice_messages(self) -> list[str]:
        return [str(NOTICES[code]) for code in self.notices]
