"""The one clock of Koers: the present moment (UTC) and today's date (Europe/Amsterdam).

Every date and moment Koers records, compares or prints comes from here (`now`, `today`), never from
`datetime.now()` or `date.today()`, so that a test can fix the clock and the suite passes on any day.
db/ holds it because the models stamp rows with it; the core reads it through the same functions.

A fixed clock starts at a moment and moves one millisecond per reading: moments stay unique and in
order (the access log sorts by them) and the date never changes under a running test. Tests install
one for every test (tests/conftest.py) and forbid the real clock; a program started by a test gets the
same fixed clock through the environment variable KOERS_TEST_CLOCK (an ISO moment).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIXED_CLOCK_ENV = "KOERS_TEST_CLOCK"
WORKDAY_HOUR = 10  # a fixed clock given only a date starts at 10:00 in Amsterdam: mid-morning, any season


class RealClockForbidden(RuntimeError):
    """Raised when the real clock is read while it is forbidden (during the tests)."""


def _system() -> datetime:
    return datetime.now(UTC)


_real: Callable[[], datetime] = _system


class FixedClock:
    """A clock that starts at `start` and advances `step` per reading; thread-safe."""

    def __init__(self, start: datetime, step: timedelta = timedelta(milliseconds=1)):
        if start.tzinfo is None:
            raise ValueError("a fixed clock needs an aware start moment")
        self.start = start.astimezone(UTC)
        self._next = self.start
        self._step = step
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            moment = self._next
            self._next = moment + self._step
            return moment


def morning_of(day: date) -> datetime:
    """10:00 in Amsterdam on `day`, as an aware UTC moment."""
    return datetime.combine(day, time(WORKDAY_HOUR), AMSTERDAM).astimezone(UTC)


def _parse_moment(text: str) -> datetime:
    """'2026-11-23' (10:00 Amsterdam) or a full ISO moment; a moment without an offset is Amsterdam time."""
    if len(text) == 10:
        return morning_of(date.fromisoformat(text))
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)).astimezone(UTC)


def _initial_source() -> Callable[[], datetime]:
    fixed = os.environ.get(FIXED_CLOCK_ENV)
    return FixedClock(_parse_moment(fixed)) if fixed else (lambda: _real())


_source: Callable[[], datetime] = _initial_source()


def now() -> datetime:
    """The present moment, aware, in UTC."""
    moment = _source()
    if moment.tzinfo is None:
        raise ValueError("de klok gaf een tijdstip zonder tijdzone")
    return moment.astimezone(UTC)


def local_now() -> datetime:
    """The present moment in Amsterdam (for file names and screens)."""
    return now().astimezone(AMSTERDAM)


def today() -> date:
    """Today's date in Amsterdam: the date on letters, the start of terms, 'in the future' checks."""
    return local_now().date()


def set_source(source: Callable[[], datetime] | None) -> None:
    """Installs a clock (None: the real one again)."""
    global _source
    _source = source if source is not None else (lambda: _real())


def fix(day_or_moment: date | datetime) -> FixedClock:
    """Installs and returns a fixed clock at this moment, or at 10:00 in Amsterdam on this day."""
    start = day_or_moment if isinstance(day_or_moment, datetime) else morning_of(day_or_moment)
    clock = FixedClock(start)
    set_source(clock)
    return clock


@contextmanager
def fixed(day_or_moment: date | datetime) -> Iterator[FixedClock]:
    """The clock fixed for the length of a `with` block; the previous clock afterwards."""
    previous = _source
    try:
        yield fix(day_or_moment)
    finally:
        set_source(previous)


def forbid_real_clock(message: str) -> None:
    """From now on, reading the real clock raises RealClockForbidden(message) (the test set-up's guard)."""
    global _real

    def refuse() -> datetime:
        raise RealClockForbidden(message)

    _real = refuse
