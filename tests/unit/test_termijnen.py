"""desktop.core.termijnen: Atw holidays and the Awb objection deadline, on fixed dates."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.deadlines.termijnenwet import (
    dutch_public_holidays,
    easter_sunday,
    is_working_day,
    kings_day,
    next_working_day,
    objection_deadline,
    shipped_equated_days,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)), (2008, date(2008, 3, 23)),
     (2285, date(2285, 3, 22))],  # 2285: the earliest possible date
)
def test_easter_by_gregorian_computus(year, easter):
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


def test_holidays_2026_are_exactly_the_atw_days():
    assert dutch_public_holidays(2026) == {
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 3),  # Goede Vrijdag
        date(2026, 4, 5), date(2026, 4, 6),  # Pasen
        date(2026, 4, 27),  # Koningsdag (a Monday)
        date(2026, 5, 5),  # Bevrijdingsdag (not a lustrum year: still a holiday under the Atw)
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 24), date(2026, 5, 25),  # Pinksteren
        date(2026, 12, 25), date(2026, 12, 26),  # Kerstmis
    }


def test_kings_day_moves_to_26_april_when_the_27th_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6
    assert kings_day(2025) == date(2025, 4, 26)
    assert date(2025, 4, 26) in dutch_public_holidays(2025)
    assert date(2025, 4, 27) not in dutch_public_holidays(2025)
    assert kings_day(2026) == date(2026, 4, 27)


def test_holiday_set_is_a_copy():
    dutch_public_holidays(2026).clear()
    assert date(2026, 12, 25) in dutch_public_holidays(2026)


def test_working_days():
    assert is_working_day(date(2026, 11, 23))  # a Monday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert not is_working_day(date(2026, 4, 3))  # Goede Vrijdag
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Fri holiday, weekend, Easter Monday


@pytest.mark.parametrize(
    ("sent_on", "deadline"),
    [
        (date(2026, 11, 23), date(2027, 1, 4)),  # Mon -> Mon 4 Jan 2027: an ordinary working day
        (date(2026, 10, 1), date(2026, 11, 12)),  # Thu -> Thu: plain six weeks
        (date(2026, 10, 3), date(2026, 11, 16)),  # ends Sat 14 Nov -> Monday
        (date(2026, 10, 4), date(2026, 11, 16)),  # ends Sun 15 Nov -> Monday
        (date(2026, 2, 23), date(2026, 4, 7)),  # ends on Easter Monday -> Tuesday
        (date(2026, 2, 20), date(2026, 4, 7)),  # ends on Goede Vrijdag -> past the weekend and Easter Monday
        (date(2026, 4, 2), date(2026, 5, 18)),  # ends on Hemelvaartsdag; Friday 15 May is equated -> Monday
        (date(2026, 3, 16), date(2026, 4, 28)),  # ends on Koningsdag (Mon) -> Tuesday
        (date(2026, 3, 24), date(2026, 5, 6)),  # ends on Bevrijdingsdag (Tue) -> Wednesday
        (date(2026, 4, 13), date(2026, 5, 26)),  # ends on Whit Monday -> Tuesday
        (date(2024, 11, 13), date(2024, 12, 30)),  # ends on Christmas (Wed); Fri 27 Dec equated -> Mon 30th
        (date(2025, 11, 13), date(2025, 12, 29)),  # ends on Christmas (Thu) -> past 26th and weekend
        (date(2027, 11, 13), date(2027, 12, 27)),  # ends on Christmas (Sat) -> Mon 27th
    ],
)
def test_objection_deadline(sent_on, deadline):
    assert objection_deadline(sent_on) == deadline


def test_deadline_crosses_the_year():
    assert objection_deadline(date(2025, 11, 20)) == date(2026, 1, 5)  # Nieuwjaarsdag (Thu), 2 Jan equated -> Mon
    assert objection_deadline(date(2025, 12, 31)) == date(2026, 2, 11)
    assert objection_deadline(date(2026, 12, 24)) == date(2027, 2, 4)


def test_deadline_over_leap_days():
    assert objection_deadline(date(2028, 1, 18)) == date(2028, 2, 29)  # ends on the leap day itself (Tue)
    assert objection_deadline(date(2024, 2, 29)) == date(2024, 4, 11)  # sent on a leap day
    assert objection_deadline(date(2024, 2, 1)) == date(2024, 3, 14)  # six weeks over 29 Feb
    assert objection_deadline(date(2027, 2, 1)) == date(2027, 3, 15)  # no leap day: Mon 1 Feb -> Mon 15 Mar


def test_the_shipped_decrees_hold_every_equated_day_of_both_decrees():
    assert shipped_equated_days() == {
        date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27), date(2025, 5, 30),
        date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)}
    assert all(day.weekday() == 4 for day in shipped_equated_days())  # each a Friday, as the decrees say


def test_an_equated_day_is_no_working_day_and_a_given_set_replaces_the_shipped_one():
    assert not is_working_day(date(2026, 5, 15))
    assert is_working_day(date(2026, 5, 15), frozenset())  # without decrees it would be an ordinary Friday
    new_decree = frozenset({date(2029, 5, 11)})
    assert objection_deadline(date(2029, 3, 30), new_decree) == date(2029, 5, 14)  # ends Fri 11 May -> Monday
    assert objection_deadline(date(2029, 3, 30)) == date(2029, 5, 11)
