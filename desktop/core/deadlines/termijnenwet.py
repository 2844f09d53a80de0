"""Statutory terms: the last day to lodge an objection (bezwaar) against a beschikking.

Awb art. 6:7/6:8 give six weeks from the day after the decision was sent; the Algemene termijnenwet (Atw)
moves a term that ends on a Saturday, Sunday or general holiday to the next working day. Pure functions,
no database, so the letter, the GUI and the tests compute the same date. Days equated to a holiday by decree
(art. 3 lid 3) come in as `equated`: the caller passes what the database holds (deadlines.holidays); left
out, the decrees Koers ships count.
"""

from __future__ import annotations

import json
from collections.abc import Set
from datetime import date, timedelta
from functools import cache, lru_cache

from desktop.resources import resource

OBJECTION_TERM = timedelta(weeks=6)  # Awb art. 6:7
EQUATED_FILE = "gelijkgestelde-dagen.json"


@cache
def shipped_decrees() -> tuple[tuple[str, tuple[date, ...]], ...]:
    """The decrees of equated days Koers ships: (title, days), from resources/reference."""
    doc = json.loads(resource("reference", EQUATED_FILE).read_text(encoding="utf-8"))
    return tuple((d["decree"], tuple(date.fromisoformat(x) for x in d["days"])) for d in doc["decrees"])


@cache
def shipped_equated_days() -> frozenset[date]:
    return frozenset(day for _, days in shipped_decrees() for day in days)


def easter_sunday(year: int) -> date:
    """Western Easter by the Gregorian computus (the anonymous or Meeus/Jones/Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Koningsdag: 27 April, or 26 April when the 27th is a Sunday (Wet viering Koningsdag)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1),  # Nieuwjaarsdag
        easter - timedelta(days=2),  # Goede Vrijdag (Atw art. 3 lid 2)
        easter,  # Eerste Paasdag (a Sunday anyway)
        easter + timedelta(days=1),  # Tweede Paasdag
        kings_day(year),
        date(year, 5, 5),  # Bevrijdingsdag: 'de vijfde mei', every year
        easter + timedelta(days=39),  # Hemelvaartsdag
        easter + timedelta(days=49),  # Eerste Pinksterdag (a Sunday anyway)
        easter + timedelta(days=50),  # Tweede Pinksterdag
        date(year, 12, 25),  # Eerste Kerstdag
        date(year, 12, 26),  # Tweede Kerstdag
    })


def dutch_public_holidays(year: int) -> set[date]:
    """The general holidays of the Algemene termijnenwet for `year`.

    Atw art. 3 lid 1 names Nieuwjaarsdag, the second Easter and Whit days, both Christmas days,
    Hemelvaartsdag, the day the King's birthday is celebrated and 'de vijfde mei'; lid 2 equates Goede
    Vrijdag. Choice: 5 May counts every year, as the law text says (not only once in five years, which is a
    matter of collective labour agreements, not of the Atw). Easter Sunday and Whit Sunday are included for
    completeness; they are Sundays, which art. 1 covers anyway. Days the government equates ad hoc under
    lid 3 (published in the Staatscourant, e.g. the Friday after Hemelvaartsdag) are NOT included: they
    differ per year and are data (`equated` below), not a formula.
    """
    return set(_holidays(year))


def is_working_day(day: date, equated: Set[date] | None = None) -> bool:
    """Not a Saturday, Sunday, Atw holiday or day equated to one (`equated`; None: the shipped decrees)."""
    extra = shipped_equated_days() if equated is None else equated
    return day.weekday() < 5 and day not in _holidays(day.year) and day not in extra


def next_working_day(day: date, equated: Set[date] | None = None) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, equated):
        day += timedelta(days=1)
    return day


def objection_deadline(sent_on: date, equated: Set[date] | None = None) -> date:
    """The last day to lodge an objection against a decision sent on `sent_on`.

    The six weeks start the day after sending (Awb 6:8) and so end on the same weekday six weeks later
    (Awb 6:7); a last day on a weekend, holiday or equated day moves to the next working day (Atw art. 1
    lid 1, art. 3 lid 3). Sent on 2 April 2026: 14 May is Hemelvaartsdag, 15 May equated, so Monday 18 May.
    """
    return next_working_day(sent_on + OBJECTION_TERM, equated)
