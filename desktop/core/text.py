"""Cleaning free text before it is stored: Unicode NFC, no control characters, sane lengths."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, overload

from desktop.core.errors import ValidationError
from desktop.core.nl import format_number

# Emoji and pictographs: letters and PDFs print with DejaVu, which has none of them.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\U000E0000-\U000E007F]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


@overload
def clean_text(value: str | None, label: str, *, max_length: int, required: Literal[True],
               multiline: bool = False, field: str | None = None) -> str: ...
@overload
def clean_text(value: str | None, label: str, *, max_length: int, required: bool = False,
               multiline: bool = False, field: str | None = None) -> str | None: ...
def clean_text(value: str | None, label: str, *, max_length: int, required: bool = False,
               multiline: bool = False, field: str | None = None) -> str | None:
    """Returns the cleaned text (None when empty and optional) or raises a Dutch ValidationError.

    Tabs and newlines are allowed only in multi-line texts; other control characters are
    refused rather than silently dropped, so what is stored is what the user saw.
    """
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else text
    text = text.strip(" \t\n")  # plain strip() would also swallow the control characters \x1c-\x1f
    if not text:
        if required:
            raise ValidationError(f"Vul {label} in.", field=field)
        return None
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    if pattern.search(text):
        raise ValidationError(
            f"{label[0].upper()}{label[1:]} bevat onzichtbare stuurtekens. Typ de tekst opnieuw in plaats van "
            "hem te plakken.", field=field)
    if _EMOJI.search(text):
        raise ValidationError(
            f"{label[0].upper()}{label[1:]} bevat emoji of pictogrammen. Die kunnen niet worden afgedrukt in het "
            "plan en in brieven; schrijf het in woorden.", field=field)
    if len(text) > max_length:
        raise ValidationError(
            f"{label[0].upper()}{label[1:]} is te lang: {format_number(len(text))} tekens, maximaal "
            f"{format_number(max_length)}.",
            field=field)
    if not multiline:
        text = re.sub(r"\s{2,}", " ", text)
    return text


# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss",
                       "þ": "th", "ŀ": "l"})


def search_key(text: str) -> str:
    """Lower case, accents removed, only letters and digits: 'Çelik-d'Ancona' -> 'celikdancona'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


# Dutch (and a few neighbouring) surname prefixes, longest first: searches skip them, like the list order does.
NAME_PREFIXES = ("van der", "van den", "van de", "van 't", "in 't", "op de", "van", "de", "der", "den", "het",
                 "te", "ten", "ter", "'t", "d'", "la", "le", "du", "in", "op", "uit")


def resident_search_keys(surname: str, first_name: str | None, street: str | None) -> dict[str, str | None]:
    """Every search key of a resident, by column: the one place they are computed (registering, changing and
    undoing a change of a resident, the demo). The surname ('jansenpelgrom'), the part after the hyphen of a
    double surname ('pelgrom'), the first name and the street; migration 0014 filled existing rows the same way.
    Here, at the bottom layer, so the access log's undo can use it too."""
    return {"search_name": search_key(surname),
            "search_alt": second_surname_key(surname, NAME_PREFIXES),
            "search_first": (search_key(first_name)[:40] or None) if first_name else None,
            "search_street": (search_key(street)[:100] or None) if street else None}


def second_surname_key(surname: str, prefixes: tuple[str, ...]) -> str | None:
    """The key of the part after the hyphen of a double surname, without its own prefix:
    'Jansen-van Dam' -> 'dam'; None for a single surname. The migration that filled the column uses this too."""
    if "-" not in surname:
        return None
    second = surname.rsplit("-", 1)[1].strip()
    lowered = second.casefold()
    for p in prefixes:
        if lowered.startswith(p + " ") and len(lowered) > len(p) + 1:
            second = second[len(p) + 1:]
            break
    return search_key(second) or None
