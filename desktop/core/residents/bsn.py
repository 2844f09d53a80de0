"""Burgerservicenummer: 9 digits passing the elfproef, never 000000000."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.core.errors import ValidationError

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
TEST_RANGE = (999900006, 999999990)  # numbers test environments use; no real person has one


def is_valid_bsn(value: str) -> bool:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    if value == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(value, _WEIGHTS, strict=True)) % 11 == 0


def normalise_bsn(value: str) -> str:
    """Accepts spaces and dots as people type them ('1234.56.782'); returns 9 digits or raises."""
    cleaned = "".join(ch for ch in (value or "") if ch not in " .-\t")
    if not cleaned:
        raise ValidationError("Vul het BSN in (9 cijfers).", field="bsn")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValidationError("Een BSN bestaat alleen uit cijfers. Controleer het nummer.", field="bsn")
    if len(cleaned) == 8:  # BSNs issued before 2007 may be written without the leading zero
        cleaned = "0" + cleaned
    if len(cleaned) != 9:
        raise ValidationError(f"Een BSN heeft 9 cijfers; dit nummer heeft er {len(cleaned)}.", field="bsn")
    if not is_valid_bsn(cleaned):
        raise ValidationError(
            "Dit BSN is ongeldig: het voldoet niet aan de elfproef. Controleer het nummer op een typefout.",
            field="bsn",
        )
    return cleaned


def is_test_bsn(value: str) -> bool:
    return is_valid_bsn(value) and TEST_RANGE[0] <= int(value) <= TEST_RANGE[1]


def test_bsns(start: int = TEST_RANGE[0]) -> Iterator[str]:
    """All valid BSNs in the test range, ascending, from `start`."""
    n = max(start, TEST_RANGE[0])
    while n <= TEST_RANGE[1]:
        text = f"{n:09d}"
        if is_valid_bsn(text):
            yield text
        n += 1


def mask_bsn(value: str) -> str:
    """For screens where the number is shown to confirm, not to copy: ******782."""
    return "*" * 6 + value[-3:] if value else ""
