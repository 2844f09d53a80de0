"""Hours and money: Decimal in Python, integers in the database.

SQLite stores a Decimal column as REAL and sums it in floats, so hours live in the
database as whole minutes and money as whole cents. Every conversion and every
rounding goes through this module, so there is exactly one rounding rule.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUTES_PER_HOUR = 60
CENTS_PER_EURO = 100
_CENT = Decimal("0.01")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Accepts Decimal, int or str; floats are refused because they are not exact."""
    if isinstance(value, float):
        raise TypeError("gebruik Decimal of str voor bedragen en uren, geen float")
    try:
        result = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"geen getal: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"geen eindig getal: {value!r}")
    return result


def round_half_up(value: Decimal, places: Decimal = _CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def hours_to_minutes(hours: Decimal | int | str) -> int:
    """Exact conversion; refuses hours that are not a whole number of minutes."""
    minutes = to_decimal(hours) * MINUTES_PER_HOUR
    if minutes != minutes.to_integral_value():
        raise ValueError(f"{hours} uur is geen geheel aantal minuten")
    return int(minutes)


def minutes_to_hours(minutes: int | None) -> Decimal:
    if minutes is None:
        return Decimal(0)
    hours = Decimal(minutes) / MINUTES_PER_HOUR
    # Two places are exact for quarter hours; other minute counts round half up.
    return round_half_up(hours) if hours != hours.to_integral_value() else hours.quantize(Decimal(1))


def euros_to_cents(euros: Decimal | int | str) -> int:
    return int(round_half_up(to_decimal(euros)) * CENTS_PER_EURO)


def cents_to_euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / CENTS_PER_EURO).quantize(_CENT)


def money_for_minutes(minutes: int, tariff_cents_per_hour: int) -> int:
    """Amount in cents for a number of minutes at an hourly tariff, rounded once."""
    cents = Decimal(minutes) * Decimal(tariff_cents_per_hour) / MINUTES_PER_HOUR
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money_for_part(minutes_before: int, minutes: int, tariff_cents_per_hour: int) -> int:
    """The cost of `minutes` realised after `minutes_before` (in date order): the running total rounded once.

    Rounding each month or period on its own makes the parts drift from the total (two quarter hours at
    EUR 62,50: 15,63 + 15,63 = 31,26 against 31,25 for the half hour). The difference of the rounded running
    total keeps every part within a cent of exact and makes any split by date (months, periods) add up to
    the rounded total exactly: the one rounding rule for money in Koers.
    """
    return (money_for_minutes(minutes_before + minutes, tariff_cents_per_hour)
            - money_for_minutes(minutes_before, tariff_cents_per_hour))
