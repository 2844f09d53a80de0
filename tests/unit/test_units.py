"""db.units: hours are whole minutes, money whole cents, and there is one rounding rule (half up)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import units
from db.units import (
    cents_to_euros,
    euros_to_cents,
    hours_to_minutes,
    minutes_to_hours,
    money_for_minutes,
    money_for_part,
    round_half_up,
    to_decimal,
)

# ---------------------------------------------------------------- hours <-> minutes


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [
        (Decimal("56"), 3360),  # the regional example: 56 hours indicated
        (Decimal("8"), 480),
        (Decimal("0.25"), 15),
        (Decimal("1.5"), 90),
        (Decimal("12.75"), 765),
        ("2.5", 150),
        ("0", 0),
        (3, 180),
        (Decimal("1.05"), 63),  # 1.05 h is exactly 63 minutes
    ],
)
def test_hours_to_minutes_exact(hours, minutes):
    result = hours_to_minutes(hours)
    assert result == minutes
    assert type(result) is int


@pytest.mark.parametrize("hours", [Decimal("1.01"), "1.01", Decimal("0.001"), Decimal("0.3333"), "2.999"])
def test_hours_that_are_not_whole_minutes_are_refused(hours):
    with pytest.raises(ValueError, match="geen geheel aantal minuten"):
        hours_to_minutes(hours)


@pytest.mark.parametrize("func", [hours_to_minutes, euros_to_cents, to_decimal])
def test_floats_are_refused(func):
    with pytest.raises(TypeError, match="geen float"):
        func(1.5)
    with pytest.raises(TypeError):
        func(0.1 + 0.2)


@pytest.mark.parametrize("bad", ["", "abc", "1,5", "NaN", "Infinity", "-inf", "1.2.3"])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        to_decimal(bad)
    with pytest.raises(ValueError):
        hours_to_minutes(bad)


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(0, Decimal("0")), (None, Decimal("0")), (60, Decimal("1")), (90, Decimal("1.5")), (15, Decimal("0.25")),
     (3360, Decimal("56")), (765, Decimal("12.75")), (45, Decimal("0.75"))],
)
def test_minutes_to_hours(minutes, hours):
    assert minutes_to_hours(minutes) == hours


def test_minutes_to_hours_whole_hours_have_no_decimals():
    assert str(minutes_to_hours(120)) == "2"
    assert str(minutes_to_hours(90)) == "1.50"


def test_minutes_to_hours_rounds_half_up_to_two_places():
    assert minutes_to_hours(61) == Decimal("1.02")  # 1.01666..
    assert minutes_to_hours(1) == Decimal("0.02")  # 0.01666..
    assert minutes_to_hours(3) == Decimal("0.05")  # exactly 0.05
    assert minutes_to_hours(-61) == Decimal("-1.02")


@pytest.mark.parametrize("minutes", [0, 15, 30, 45, 60, 90, 135, 480, 3360, 12345 * 15])
def test_quarter_hours_round_trip_exactly(minutes):
    assert hours_to_minutes(minutes_to_hours(minutes)) == minutes


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("euros", "cents"),
    [
        ("0", 0),
        ("1", 100),
        ("1234.5", 123450),
        (Decimal("21.80"), 2180),
        ("0.005", 1),  # half a cent rounds up
        ("0.0049", 0),
        ("2.675", 268),  # the classic float trap (2.675 is 2.67499.. as float)
        ("1.115", 112),
        ("-0.005", -1),  # half up means away from zero
        (5, 500),
    ],
)
def test_euros_to_cents_rounds_half_up(euros, cents):
    result = euros_to_cents(euros)
    assert result == cents
    assert type(result) is int


@pytest.mark.parametrize(("cents", "euros"), [(0, "0.00"), (None, "0.00"), (2180, "21.80"), (1, "0.01"),
                                               (123450, "1234.50"), (-5, "-0.05")])
def test_cents_to_euros(cents, euros):
    result = cents_to_euros(cents)
    assert result == Decimal(euros)
    assert str(result) == euros


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("0.015", "0.02"), ("0.025", "0.03"), ("1.004999", "1.00"), ("-0.005", "-0.01"),
     ("2.675", "2.68"), ("10", "10.00")],
)
def test_round_half_up(value, expected):
    assert str(round_half_up(Decimal(value))) == expected


def test_round_half_up_other_places():
    assert round_half_up(Decimal("2.5"), Decimal(1)) == Decimal(3)
    assert round_half_up(Decimal("3.5"), Decimal(1)) == Decimal(4)  # not banker's rounding (which gives 4 and 2)
    assert round_half_up(Decimal("4.5"), Decimal(1)) == Decimal(5)


def test_rounding_is_not_bankers_rounding():
    # Python's round() and Decimal's default context round half to even; Koers must not.
    assert euros_to_cents("0.125") == 13
    assert euros_to_cents("0.135") == 14


# ---------------------------------------------------------------- hours x tariff


@pytest.mark.parametrize(
    ("minutes", "tariff", "cents"),
    [
        (60, 6000, 6000),
        (2880, 6543, 314064),  # the regional example: 48 hours realised at EUR 65.43
        (90, 6543, 9815),  # 9814.5 -> 9815 (half up)
        (30, 6543, 3272),  # 3271.5 -> 3272
        (1, 6000, 100),
        (1, 1, 0),  # 0.0166 cent
        (30, 1, 1),  # 0.5 cent -> 1 (half up)
        (0, 9999, 0),
        (45, 5999, 4499),  # 4499.25
    ],
)
def test_money_for_minutes(minutes, tariff, cents):
    result = money_for_minutes(minutes, tariff)
    assert result == cents
    assert type(result) is int


def test_money_for_minutes_rounds_the_total_once():
    # Two half hours at EUR 65.43 are 32.715 each; the amount for the hour is rounded once: 65.43, not 65.44.
    assert money_for_minutes(60, 6543) == 6543
    assert 2 * money_for_minutes(30, 6543) == 6544


def test_money_for_minutes_agrees_with_the_one_rounding_rule():
    # Every cent amount must be what round_half_up gives for the exact amount: one rule, one place.
    for minutes in range(0, 241, 7):
        for tariff in (1, 99, 4550, 6543, 7777, 12001):
            exact = Decimal(minutes) * Decimal(tariff) / 60
            assert money_for_minutes(minutes, tariff) == int(round_half_up(exact, Decimal(1))), (minutes, tariff)


def test_units_use_integers_only_in_the_database():
    # The conversions used for storage never hand a Decimal or float to the database layer.
    for value in (hours_to_minutes("1.5"), euros_to_cents("1.5"), money_for_minutes(90, 6543)):
        assert isinstance(value, int) and not isinstance(value, bool)
    assert units.MINUTES_PER_HOUR == 60 and units.CENTS_PER_EURO == 100



# ---------------------------------------------------------------- properties


@given(st.integers(min_value=0, max_value=10**6))
def test_quarter_hours_convert_both_ways_exactly(quarters):
    hours = Decimal(quarters) / 4
    assert hours_to_minutes(hours) == 15 * quarters
    assert minutes_to_hours(15 * quarters) == hours


@given(st.integers(min_value=0, max_value=10**7))
def test_minutes_never_come_back_as_a_different_number(minutes):
    hours = minutes_to_hours(minutes)
    try:
        back = hours_to_minutes(hours)
    except ValueError:  # rounded to two places (e.g. 61 min = 1.02 h): refused, never silently wrong
        assert hours * 60 != minutes
    else:
        assert back == minutes


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False, places=4))
def test_cents_are_the_half_up_rounding_of_the_exact_amount(euros):
    cents = euros_to_cents(euros)
    assert abs(Decimal(cents) - euros * 100) <= Decimal("0.5")
    assert cents_to_euros(cents) == round_half_up(euros)


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=1_000_000))
def test_money_for_minutes_is_within_half_a_cent_of_exact(minutes, tariff):
    exact = Decimal(minutes) * tariff / 60
    assert abs(money_for_minutes(minutes, tariff) - exact) <= Decimal("0.5")


@given(parts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=30),
       tariff=st.integers(min_value=0, max_value=50_000))
def test_parts_by_the_running_total_add_up_to_the_rounded_total_and_stay_within_a_cent(parts, tariff):
    """Any split by date (months, periods) adds up to the cent, and no part is off by more than a cent."""
    before, amounts = 0, []
    for minutes in parts:
        amounts.append(money_for_part(before, minutes, tariff))
        exact = Decimal(minutes) * tariff / 60
        assert abs(amounts[-1] - exact) < 1, (before, minutes, tariff)
        before += minutes
    assert sum(amounts) == money_for_minutes(before, tariff)


def test_two_quarter_hours_at_62_50_bill_31_25_in_parts_and_in_total():
    assert money_for_minutes(30, 6250) == 3125
    assert money_for_part(0, 15, 6250) + money_for_part(15, 15, 6250) == 3125  # not 15,63 + 15,63
