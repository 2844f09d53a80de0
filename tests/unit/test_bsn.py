"""desktop.core.bsn: the elfproef, normalising what people type, the test range and masking."""

from __future__ import annotations

from itertools import islice

import pytest

from desktop.core.errors import ValidationError
from desktop.core.residents.bsn import (
    TEST_RANGE,
    is_test_bsn,
    is_valid_bsn,
    mask_bsn,
    normalise_bsn,
)
from desktop.core.residents.bsn import test_bsns as iter_test_bsns  # renamed: pytest would collect it


def _elfproef(text: str) -> bool:
    """Independent reference implementation, straight from the definition."""
    d = [int(c) for c in text]
    return (9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]) % 11 == 0


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999900006", "999999990"])
def test_valid_bsns(bsn):
    assert is_valid_bsn(bsn)
    assert normalise_bsn(bsn) == bsn


@pytest.mark.parametrize(
    "bsn",
    [
        "123456789",  # fails the elfproef
        "111222334",  # one digit off
        "000000000",  # passes the sum, but is not a number anyone has
        "12345678",  # 8 digits
        "1234567820",  # 10 digits
        "",
        "12345678a",
        "abcdefghi",
        "١٢٣٤٥٦٧٨٢",  # Arabic-Indic digits: isdigit() but not ASCII
        "１２３４５６７８２",  # full-width digits
        "12345 782",
        "-23456782",
    ],
)
def test_invalid_bsns(bsn):
    assert not is_valid_bsn(bsn)


def test_is_valid_bsn_agrees_with_the_definition():
    for n in range(100_000_000, 100_000_000 + 2000):
        text = f"{n:09d}"
        assert is_valid_bsn(text) == _elfproef(text), text
    for n in range(0, 5000, 7):
        text = f"{n:09d}"
        assert is_valid_bsn(text) == (_elfproef(text) and n != 0), text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1112.22.333", "111222333"),
        ("111 222 333", "111222333"),
        (" 111222333 ", "111222333"),
        ("1234.56.782", "123456782"),
        ("123-456-782", "123456782"),
        ("\t123456782", "123456782"),
    ],
)
def test_normalise_accepts_what_people_type(typed, expected):
    assert normalise_bsn(typed) == expected


def test_normalise_restores_a_dropped_leading_zero():
    # 8 digits: a number issued before 2007 written without its leading zero.
    valid = next(f"{n:09d}" for n in range(10_000_000, 99_999_999) if is_valid_bsn(f"{n:09d}"))
    assert valid.startswith("0")
    assert normalise_bsn(valid[1:]) == valid


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("123456789", "elfproef"),
        ("000000000", "elfproef"),
        ("12345678", "elfproef"),  # made 9 digits with a leading zero: 012345678 fails the elfproef
        ("1234567820", "9 cijfers"),
        ("1234567", "9 cijfers"),
        ("12345678x", "alleen uit cijfers"),
        ("abc", "alleen uit cijfers"),
        ("１２３４５６７８２", "alleen uit cijfers"),
        ("", "Vul het BSN in"),
        ("   ", "Vul het BSN in"),
        (" . . ", "Vul het BSN in"),
    ],
)
def test_normalise_refuses_bad_numbers_in_dutch(typed, fragment):
    with pytest.raises(ValidationError) as info:
        normalise_bsn(typed)
    assert fragment in info.value.message
    assert info.value.field == "bsn"


def test_normalise_none_is_refused():
    with pytest.raises(ValidationError, match="Vul het BSN in"):
        normalise_bsn(None)


def test_ten_digit_message_counts_the_digits():
    with pytest.raises(ValidationError, match="heeft er 10"):
        normalise_bsn("1234567820")


# ---------------------------------------------------------------- test range


def test_test_range_bounds_are_valid_numbers():
    low, high = TEST_RANGE
    assert (low, high) == (999900006, 999999990)
    assert is_test_bsn(f"{low:09d}") and is_test_bsn(f"{high:09d}")


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999900005", "999999991", "999899997"])
def test_numbers_outside_the_range_are_not_test_numbers(bsn):
    assert not is_test_bsn(bsn)


def test_invalid_numbers_inside_the_range_are_not_test_numbers():
    assert not is_valid_bsn("999900007")
    assert not is_test_bsn("999900007")


def test_test_bsns_yields_valid_numbers_in_the_range_ascending_without_gaps():
    first = list(islice(iter_test_bsns(), 200))
    assert first[0] == "999900006"
    assert first == sorted(first) and len(set(first)) == len(first)
    assert all(is_test_bsn(b) for b in first)
    # No valid number is skipped between the first and the last one yielded.
    expected = [f"{n:09d}" for n in range(int(first[0]), int(first[-1]) + 1) if _elfproef(f"{n:09d}")]
    assert first == expected


def test_test_bsns_from_a_start_and_to_the_end():
    assert next(iter_test_bsns(999900007)) > "999900007"
    assert next(iter_test_bsns(0)) == "999900006"  # a start below the range begins at the range
    tail = list(iter_test_bsns(999999900))
    assert tail[-1] == "999999990"
    assert all(is_test_bsn(b) for b in tail)
    assert list(iter_test_bsns(999999991)) == []


# ---------------------------------------------------------------- mask


def test_mask_shows_only_the_last_three_digits():
    assert mask_bsn("123456782") == "******782"
    assert "123456" not in mask_bsn("123456782")
    assert len(mask_bsn("111222333")) == 9


def test_mask_of_nothing_is_empty():
    assert mask_bsn("") == ""
    assert mask_bsn(None) == ""
