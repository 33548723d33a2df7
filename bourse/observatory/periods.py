"""The months a page covers: ``?du=2024-01&au=2026-10``, checked, with a sensible default."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from bourse.domain import BadRequest
from bourse.register.spells import month_index, month_of

FIRST_MONTH = month_index(date(1990, 1, 1))
LONGEST = 20 * 12  # months on one page
DEFAULT_SPAN = 24
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(BadRequest):
    """A period that cannot be read or lies outside what the observatory covers."""


@dataclass(frozen=True)
class Period:
    first: int  # month indexes, both included
    last: int
    today: date

    @property
    def months(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def reference_day(self) -> date:
        """The day the "today" figures are read on: the period's last day, or today if sooner."""
        last = month_of(self.last)
        end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        return min(end, self.today)


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month(text: str, field: str) -> int:
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise PeriodError(_l("Give the month as YYYY-MM, for example 2025-03."), field=field)
    return int(found.group(1)) * 12 + int(found.group(2)) - 1


def parse(first: str | None, last: str | None, today: date) -> Period:
    """:raises PeriodError: for a malformed month, a period ending before it starts, one in the future,
    before 1990 or longer than twenty years."""
    this_month = month_index(today)
    end = _month(last, "au") if last else this_month
    start = _month(first, "du") if first else end - DEFAULT_SPAN + 1
    if end > this_month:
        raise PeriodError(_l("The period cannot end after this month."), field="au")
    if start < FIRST_MONTH:
        raise PeriodError(_l("The observatory starts in January 1990."), field="du")
    if start > end:
        raise PeriodError(_l("The period must start before it ends."), field="du")
    if end - start + 1 > LONGEST:
        raise PeriodError(_l("Choose at most twenty years."), field="du")
    return Period(start, end, today)
