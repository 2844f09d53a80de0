"""When something is due, as pure functions of dates: terms in weeks and working days, days left,
when an item shows and when it escalates, the next evaluation moment."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from db.models.enums import IndicationCategory, Law
from desktop.core.deadlines.settings import DEFAULT_SETTINGS, DeadlineSettings
from desktop.core.deadlines.termijnenwet import next_working_day


def add_weeks(start: date, weeks: int) -> date:
    """A term of N weeks ends on the same weekday N weeks later (start is day 0)."""
    return start + timedelta(days=7 * weeks)


def add_working_days(start: date, days: int, equated: frozenset[date] | None = None) -> date:
    """The N-th working day after `start`: not a Saturday, Sunday, public holiday of the Algemene
    termijnenwet or day equated to one (termijnenwet.is_working_day); `start` itself never counts."""
    return _add_working_days(start, days, equated)


@lru_cache(maxsize=4096)
def _add_working_days(start: date, days: int, equated: frozenset[date] | None) -> date:
    day = start
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1), equated)
    return day


def research_due(melding: date, law: Law, cfg: DeadlineSettings = DEFAULT_SETTINGS) -> date:
    return add_weeks(melding, cfg.research_weeks[Law(law)])


def decision_due(aanvraag: date, law: Law, cfg: DeadlineSettings = DEFAULT_SETTINGS) -> date:
    return add_weeks(aanvraag, cfg.decision_weeks[Law(law)])


def letter_due(established: date, cfg: DeadlineSettings = DEFAULT_SETTINGS) -> date:
    return add_working_days(established, cfg.letter_working_days, cfg.equated_holidays)


def expiry_due(end_date: date) -> date:
    """A decision's last day is the day by which its follow-up must be in place."""
    return end_date


def days_left(due: date, today: date) -> int:
    """Positive: days to go; 0: due today; negative: days overdue."""
    return (due - today).days


def is_visible(left: int, window: int) -> bool:
    """Shown from `window` days before the due date (window 14: day 14 before is shown, day 15 is not)."""
    return left <= window


def is_escalated(left: int, escalation_days: int) -> bool:
    """Overdue by more than `escalation_days` days."""
    return left < -escalation_days


def propose_next_evaluation(start: date, end: date, category: IndicationCategory | str, done: date) -> date | None:
    """The next moment of the decision's own calendar after `done` (3 months after the start, then every
    3 months (intensief) or 12 months (basis), counted from the start with decisions.add_months, so a
    decision started on the 31st does not drift); None when no moment is left within the decision."""
    from desktop.core.decisions.rules import evaluation_dates

    for moment in evaluation_dates(start, end, IndicationCategory(category)):
        if moment > done:
            return moment
    return None
