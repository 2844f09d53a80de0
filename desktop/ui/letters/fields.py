"""The letter date as both letter screens read it from their field."""

from __future__ import annotations

from datetime import date

from desktop.core.errors import KoersError
from desktop.core.parse import parse_date


def letter_date(text: str, *, quiet: bool = False) -> date | None:
    """The date typed (dd-mm-jjjj); a Dutch KoersError when it is missing or wrong, or None when `quiet`."""
    try:
        return parse_date(text, "de briefdatum", field="letter_date", required=True)
    except KoersError:
        if quiet:
            return None
        raise
