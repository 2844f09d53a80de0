"""How residents are named and addressed: list order, letter order, the address line, the search keys."""

from __future__ import annotations

from db.models import (
    Resident,
)
from desktop.core.text import NAME_PREFIXES, resident_search_keys

__all__ = ["NAME_PREFIXES", "address_line", "display_name", "full_name", "joined_surname", "set_search_keys"]


def set_search_keys(resident: Resident) -> None:
    """Brings a resident's stored search keys in line with its name and street (before it is written)."""
    for column, key in resident_search_keys(resident.surname, resident.first_name, resident.street).items():
        setattr(resident, column, key)


def display_name(surname: str, initials: str, prefix: str | None, first_name: str | None = None) -> str:
    """Dutch list order: 'Vries, J. de' so residents sort under the surname proper; with the first name they
    go by, 'Vries, J. de (Jan)', so people with the same surname can be told apart."""
    return f"{surname}, {initials}" + (f" {prefix}" if prefix else "") + (f" ({first_name})" if first_name else "")


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
