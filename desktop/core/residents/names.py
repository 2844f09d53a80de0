"""How residents are named and addressed: list order, letter order, the address line."""

from __future__ import annotations

from db.models import (
    Resident,
)

NAME_PREFIXES = ("van der", "van den", "van de", "van 't", "in 't", "op de", "van", "de", "der", "den", "het",
                 "te", "ten", "ter", "'t", "d'", "la", "le", "du", "in", "op", "uit")


def display_name(surname: str, initials: str, prefix: str | None) -> str:
    """Dutch list order: 'Vries, J. de' so residents sort under the surname proper."""
    return f"{surname}, {initials}" + (f" {prefix}" if prefix else "")


def full_name(resident: Resident) -> str:
    """'J. de Vries' as a letter addresses someone."""
    return " ".join(p for p in (resident.initials, resident.prefix, resident.surname) if p)


def address_line(street: str | None, number: int | None, suffix: str | None) -> str:
    if not street:
        return ""
    return f"{street} {number or ''}{('-' + suffix) if suffix and suffix[0].isdigit() else (suffix or '')}".strip()


def joined_surname(prefix: str | None, surname: str) -> str:
    """'de' + 'Vries' -> 'de Vries'; "d'" + 'Ancona' -> "d'Ancona" (no space after an apostrophe)."""
    if not prefix:
        return surname
    return f"{prefix}{surname}" if prefix.endswith(("'", "’")) else f"{prefix} {surname}"
