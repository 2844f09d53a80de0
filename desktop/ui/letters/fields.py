"""The letter date as both letter screens read it from their field."""

from __future__ import annotations

from datetime import date

from desktop.core.errors import KoersError
from desktop.core.nl import parse_date


def letter_date(text: str, *, quiet: bool = False) -> date | None:
    """The date typed (dd-mm-jjjj); a Dutch KoersError when it is missing or wrong, or None when `quiet`."""
    try:
        value = parse_date(text)
    except ValueError as exc:
        if quiet:
            return None
        raise KoersError(f"De briefdatum: {exc}", field="letter_date") from exc
    if value is None and not quiet:
        raise KoersError("Vul de briefdatum in (dd-mm-jjjj).", field="letter_date")
    return value
