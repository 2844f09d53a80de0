"""Dutch (nl_NL) presentation of dates, numbers, hours and money, without Qt or the C locale.

Kept in the core so letters, the CLI and the GUI print the same figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from db.units import round_half_up

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def format_date(value: date | None, *, weekday: bool = False) -> str:
    if value is None:
        return ""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{DAYS[value.weekday()]} {text}" if weekday else text


def format_date_short(value: date | None) -> str:
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year}"


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """1234.5 -> '1.234,5'; `places` fixes the decimals, else trailing zeros are dropped."""
    number = Decimal(value)
    if places is not None:
        number = round_half_up(number, Decimal(1).scaleb(-places))
        text = f"{number:,.{places}f}"
    else:
        text = f"{number.normalize():,f}" if number != number.to_integral_value() else f"{int(number):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_hours(hours: Decimal | int) -> str:
    return f"{format_number(hours)} uur"


def format_money(euros: Decimal | int) -> str:
    number = Decimal(euros)
    sign = "-" if number < 0 else ""
    return f"€ {sign}{format_number(abs(number), 2)}"


def format_postcode(postcode: str | None) -> str:
    return f"{postcode[:4]} {postcode[4:]}" if postcode and len(postcode) == 6 else (postcode or "")

