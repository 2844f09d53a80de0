"""Koers' numbers as the iWmo/iJw standard writes them.

A ToewijzingNummer is an integer of at most nine digits (LDT_Nummer). Koers numbers a decision per law as the year
of its start and a six-digit count (2026000123, see decisions.rules.toewijzing_nummer): ten digits. In a message
the century goes: 2026000123 is sent as 26000123, and read back as 2026000123. Unique within a law for the years
2000 to 2999, as the standard requires.
"""

from __future__ import annotations

from desktop.core.errors import ValidationError

_BASE = 2_000_000_000
MAX_NUMBER = 999_999_999


def iwmo_number(toewijzing_nummer: str) -> int:
    """'2026000123' -> 26000123."""
    value = int(toewijzing_nummer) - _BASE
    if not 0 < value <= MAX_NUMBER:
        raise ValidationError(f"Toewijzingnummer {toewijzing_nummer} past niet in het iWmo-formaat (hoogstens "
                              "negen cijfers).")
    return value


def koers_number(iwmo: int | str) -> str | None:
    """26000123 -> '2026000123'; None for a number Koers cannot have made."""
    try:
        value = int(iwmo)
    except (TypeError, ValueError):
        return None
    if not 0 < value <= MAX_NUMBER:
        return None
    return str(_BASE + value)
