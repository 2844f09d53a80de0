"""The rules of a decision's shape, as pure functions: its periods and end date, its default evaluation
moments, which statuses take hours, and how a period's hours spread over calendar months."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from db.models.enums import (
    DecisionStatus,
    IndicationCategory,
)

MAX_PERIODS = 52
MAX_PERIOD_WEEKS = 52


def toewijzing_nummer(year: int, sequence: int) -> str:
    """The year of the start, then a six-digit count per law and year (2026000123): unique within a law,
    as iWmo/iJw require, and sortable as text."""
    return f"{year}{sequence:06d}"


def toewijzing_sequence(nummer: str, year: int) -> int:
    """The count inside a toewijzingnummer of `year` (the inverse of toewijzing_nummer)."""
    return int(nummer[len(str(year)):])


def derive_end_date(start: date, period_weeks: int, period_count: int) -> date:
    return start + timedelta(days=7 * period_weeks * period_count - 1)


def derive_periods(start: date, period_weeks: int, period_count: int,
                   total_minutes: int) -> list[tuple[int, date, date, int]]:
    """(number, start, end, share) per period; the share is spread evenly, any leftover minutes go to
    the last periods so the shares always add up to the total exactly."""
    base, extra = divmod(total_minutes, period_count)
    rows: list[tuple[int, date, date, int]] = []
    for n in range(period_count):
        begin = start + timedelta(days=7 * period_weeks * n)
        share = base + (1 if n >= period_count - extra else 0)
        rows.append((n + 1, begin, begin + timedelta(days=7 * period_weeks - 1), share))
    return rows


def add_months(day: date, months: int) -> date:
    """Same day N months later; the 31st becomes the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evaluation_dates(start: date, end: date, category: IndicationCategory) -> list[date]:
    """The default moments: the first after three months; then every three months (intensief) or
    every year (basis); only moments that fall within the decision."""
    step = 3 if category is IndicationCategory.INTENSIEF else 12
    moments, months = [], 3
    while (moment := add_months(start, months)) <= end:
        moments.append(moment)
        months += step
    return moments


OPEN_FOR_HOURS = {DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN, DecisionStatus.BEEINDIGD}
# The decisions whose figures the reports count: every decision that takes or took hours. A replaced decision keeps
# the hours realised before its successor took over, and its term ends where the successor's starts (ended_date).
REPORTED = frozenset({*OPEN_FOR_HOURS, DecisionStatus.VERVANGEN})


def month_parts(first: date | None, last: date, minutes: int) -> list[tuple[date, int]]:
    """The calendar-month parts of one booking: a dated entry is one part; a period booking is spread."""
    return [(last, minutes)] if first is None else period_parts(first, last, minutes)


def period_parts(start: date, end: date, minutes: int) -> list[tuple[date, int]]:
    """Spreads a period's hours over its calendar months in proportion to the days, each part dated on its last
    day. Providers invoice per month: a period total counted on one date would put all of it in one month.
    Derived when months and money are counted; the booking itself stays one entry."""
    parts: list[tuple[date, date]] = []
    begin = start
    while begin <= end:
        month_end = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        finish = min(end, month_end)
        parts.append((begin, finish))
        begin = finish + timedelta(days=1)
    total_days = (end - start).days + 1
    booked, rows = 0, []
    for i, (begin, finish) in enumerate(parts):
        share = minutes - booked if i == len(parts) - 1 else minutes * ((finish - begin).days + 1) // total_days
        booked += share
        if share:
            rows.append((finish, share))
    return rows
