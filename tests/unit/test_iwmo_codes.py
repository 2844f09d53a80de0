"""Koers' toewijzingnummer in and out of the iWmo format (at most nine digits)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.decisions.rules import toewijzing_nummer
from desktop.core.errors import ValidationError
from desktop.core.iwmo.codes import iwmo_number, koers_number


def test_the_century_goes_out_and_comes_back():
    assert iwmo_number("2026000123") == 26000123
    assert koers_number(26000123) == "2026000123" and koers_number("26000123") == "2026000123"
    assert koers_number("abc") is None and koers_number(0) is None and koers_number(1_000_000_000) is None
    with pytest.raises(ValidationError, match="negen cijfers"):
        iwmo_number("1999000001")


@given(st.integers(2000, 2999), st.integers(1, 999_999))
def test_every_number_koers_makes_fits_and_returns(year, sequence):
    number = toewijzing_nummer(year, sequence)
    assert 0 < iwmo_number(number) <= 999_999_999 and koers_number(iwmo_number(number)) == number
