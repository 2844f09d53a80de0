"""Today's date, injectable: deadline rules and validation are tested with fixed dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _system_today() -> date:
    from datetime import datetime

    return datetime.now(AMSTERDAM).date()


today: Callable[[], date] = _system_today


def set_today(fn: Callable[[], date] | None) -> None:
    global today
    today = fn or _system_today
