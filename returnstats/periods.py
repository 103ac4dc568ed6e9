"""Reference periods: calendar quarters `YYYY-Qn`, months `YYYY-MM` and years `YYYY`.

One home for parsing period labels, their first and last days, and whether a period has
ended (a period that has not ended is never exported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER = "quarter"
MONTH = "month"
YEAR = "year"


class PeriodError(ValueError):
    """A period label that is not of the expected form."""


@dataclass(frozen=True)
class Period:
    kind: str  # quarter | month | year
    label: str  # YYYY-Qn | YYYY-MM | YYYY
    start: date
    end: date

    def has_ended(self, today: date | None = None) -> bool:
        return self.end < (today or date.today())

    @property
    def months(self) -> list[str]:
        """The months of the period, YYYY-MM."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(first, last + 1)]

    @property
    def quarters(self) -> list[str]:
        """The quarters the period lies in, YYYY-Qn."""
        return list(dict.fromkeys(quarter_of_month(m) for m in self.months))


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_quarter(text: str) -> Period:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", (text or "").strip())
    if not match:
        raise PeriodError(f"'{text}' is not a quarter of the form YYYY-Qn")
    year, q = int(match[1]), int(match[2])
    return Period(QUARTER, f"{year}-Q{q}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))


def parse_month(text: str) -> Period:
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", (text or "").strip())
    if not match:
        raise PeriodError(f"'{text}' is not a month of the form YYYY-MM")
    year, month = int(match[1]), int(match[2])
    return Period(MONTH, f"{year}-{month:02d}", date(year, month, 1), _month_end(year, month))


def parse_year(text: str | int) -> Period:
    match = re.fullmatch(r"(\d{4})", str(text).strip())
    if not match:
        raise PeriodError(f"'{text}' is not a year of the form YYYY")
    year = int(match[1])
    return Period(YEAR, str(year), date(year, 1, 1), date(year, 12, 31))


def quarter_of_month(month: str) -> str:
    year, m = month.split("-")
    return f"{year}-Q{(int(m) + 2) // 3}"


def previous_quarter(quarter: str) -> str:
    period = parse_quarter(quarter)
    return parse_quarter_of(period.start - timedelta(days=1))


def year_before(quarter: str) -> str:
    """The same quarter a year earlier."""
    start = parse_quarter(quarter).start
    return parse_quarter_of(start.replace(year=start.year - 1))


def months_of_quarters(first_quarter: str, last_quarter: str) -> list[str]:
    """Every month from the first month of one quarter to the last month of another (YYYY-MM)."""
    first, last = parse_quarter(first_quarter), parse_quarter(last_quarter)
    return Period(MONTH, f"{first.label}..{last.label}", first.start, last.end).months


def parse_quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month + 2) // 3}"


# Transmission deadlines (spec hub-v1; Art. 48(1) and (3)): a quarter is due by the end of the
# second month after it, a Frontex month by the 15th of the following month. dbt's hub models
# read the same numbers as vars (hub_deadline_months, hub_frontex_deadline_day in
# dbt_project.yml): tests/unit/test_copies_agree.py keeps the two in step.
DEADLINE_MONTHS = 2
FRONTEX_DEADLINE_DAY = 15


def transmission_deadline(period: Period) -> date:
    """The last day on which a period's transmission is on time."""
    if period.kind == MONTH:
        return period.end + timedelta(days=FRONTEX_DEADLINE_DAY)
    months = period.end.year * 12 + period.end.month - 1 + DEADLINE_MONTHS
    return _month_end(months // 12, months % 12 + 1)
