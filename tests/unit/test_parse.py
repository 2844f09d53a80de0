"""The one parser per kind: hours, money and dates as people type them in Dutch, or a Dutch ValidationError.

The property tests feed every parser arbitrary text (and text made of the characters numbers and dates are
made of): it parses, or it raises a KoersError, never another exception.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.errors import KoersError, ValidationError
from desktop.core.parse import (
    Fields,
    check_hours,
    check_money,
    checked,
    parse_cents,
    parse_date,
    parse_dates,
    parse_hours,
    parse_minutes,
    parse_money,
)

PARSERS = [parse_hours, parse_minutes, parse_money, parse_cents, parse_date]


@pytest.mark.parametrize(("typed", "hours"), [
    ("2", Decimal(2)), ("1,5", Decimal("1.5")), ("1.5", Decimal("1.5")), (" 0,25 ", Decimal("0.25")),
    ("1.062,5", Decimal("1062.5")), ("1 062,5", Decimal("1062.5")), ("12,50", Decimal("12.5")), (",5", Decimal("0.5")),
    ("0", Decimal(0)), ("+3", Decimal(3))])
def test_hours_as_people_type_them(typed, hours):
    assert parse_hours(typed) == hours
    assert parse_minutes(typed) == int(hours * 60)


@pytest.mark.parametrize(("typed", "message"), [
    ("acht", "is geen getal: 'acht'. Typ bijvoorbeeld 1,5"), ("1,2,3", "geen getal"), ("1..5", "geen getal"),
    ("-2", "niet negatief"), ("1,255", "hoogstens twee decimalen"), ("1.255", "hoogstens twee decimalen"),
    ("1,01", "geen geheel aantal minuten"), ("1½", "geen getal"), ("2 uur", "geen getal"), ("NaN", "geen getal"),
    ("Infinity", "geen getal"), ("1e3", "geen getal"), ("999999999", "te groot"), ("١٢", "geen getal")])
def test_hours_that_are_not_hours_get_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as info:
        parse_hours(typed, "het aantal uren", field="hours")
    assert message in info.value.message and info.value.field == "hours"
    assert info.value.message[0].isupper()  # a sentence, whatever the label


def test_an_empty_field_is_nothing_unless_it_is_required():
    assert parse_hours("") is None and parse_hours("   ") is None and parse_hours(None) is None
    with pytest.raises(ValidationError, match="Vul het aantal uren in"):
        parse_hours("", "het aantal uren", required=True)
    with pytest.raises(ValidationError, match="groter dan 0"):
        parse_hours("0", "het aantal uren", allow_zero=False)


@pytest.mark.parametrize(("typed", "euros"), [
    ("62,50", Decimal("62.50")), ("€ 62,50", Decimal("62.50")), ("€62,50", Decimal("62.50")), ("62.50", Decimal("62.50")),
    ("1.062,50", Decimal("1062.50")), ("€ 1.062,50", Decimal("1062.50")), ("1062,5", Decimal("1062.50")),
    ("1.062", Decimal("1062.00")), ("1.062.500", Decimal("1062500.00")), ("62,-", Decimal("62.00")),
    ("EUR 62", Decimal("62.00")), ("62 euro", Decimal("62.00")), ("1,062.50", Decimal("1062.50")),
    ("\u00a01\u00a0062,50", Decimal("1062.50")), ("0", Decimal("0.00"))])
def test_money_as_people_type_it(typed, euros):
    assert parse_money(typed) == euros and parse_money(typed).as_tuple().exponent == -2
    assert parse_cents(typed) == int(euros * 100)


@pytest.mark.parametrize(("typed", "message"), [
    ("veel", "is geen bedrag: 'veel'"), ("62,505", "twee cijfers achter de komma"), ("-5", "niet negatief"),
    ("1.06.2", "geen bedrag"), ("1,2.3,4", "geen bedrag"), ("0.125", "twee cijfers achter de komma"),
    ("€ €", "geen bedrag"), ("1e9", "geen bedrag"), ("999999999999", "te groot")])
def test_amounts_that_are_not_amounts_get_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as info:
        parse_money(typed, "het tarief", field="tariff")
    assert message in info.value.message and info.value.field == "tariff"


@pytest.mark.parametrize(("typed", "day"), [
    ("4-3-1950", date(1950, 3, 4)), ("04-03-1950", date(1950, 3, 4)), ("4/3/1950", date(1950, 3, 4)),
    ("4.3.1950", date(1950, 3, 4)), ("04031950", date(1950, 3, 4)), ("1950-03-04", date(1950, 3, 4)),
    (" 29-02-2028 ", date(2028, 2, 29))])
def test_dates_as_people_type_them(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize(("typed", "message"), [
    ("31-02-2026", "bestaat niet als datum"), ("29-02-2027", "bestaat niet als datum"), ("morgen", "is geen datum"),
    ("4-3-50", "is geen datum"), ("00-01-2026", "bestaat niet als datum"), ("01-01-0999", "bestaat niet als datum"),
    ("2026-13-01", "bestaat niet als datum")])
def test_dates_that_are_not_dates_get_a_dutch_message(typed, message):
    with pytest.raises(ValidationError) as info:
        parse_date(typed, "de ingangsdatum", field="start")
    assert message in info.value.message and info.value.message.startswith("De ingangsdatum")
    with pytest.raises(ValidationError, match="Vul de ingangsdatum in"):
        parse_date("", "de ingangsdatum", required=True)


def test_services_check_typed_values_by_the_same_rules():
    assert check_hours(Decimal("1.5")) == 90 and check_hours(2) == 120
    assert check_money(Decimal("62.5")) == 6250 and check_money(70) == 7000
    for bad in (Decimal("-1"), Decimal("1.255"), Decimal("NaN"), Decimal("Infinity"), "8", 1.5, True):
        with pytest.raises(ValidationError):
            check_hours(bad)  # type: ignore[arg-type]
    problems: list[str] = []
    assert checked(problems, check_hours, Decimal("-1"), "de overloopuren") is None
    assert checked(problems, check_hours, None, "het aantal uren", required=True) is None
    assert checked(problems, check_hours, None, "de bandbreedte") is None
    assert problems == ["De overloopuren kan niet negatief zijn.", "Vul het aantal uren in."]


def test_a_form_collects_every_field_at_once():
    read = Fields()
    assert read(parse_hours, "2,5", "de uren", field="hours") == Decimal("2.5")
    assert read(parse_date, "31-02-2026", "de ingangsdatum", field="start") is None
    assert read(parse_money, "veel", "het tarief", field="tariff") is None
    with pytest.raises(ValidationError) as info:
        read.raise_if_any("De beschikking is niet opgeslagen. Herstel eerst:")
    assert list(info.value.field_errors) == ["start", "tariff"] and len(info.value.problems) == 2
    Fields().raise_if_any()  # nothing wrong: nothing raised


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_parses_or_gives_a_dutch_koers_error(parser, text):
    try:
        parser(text)
    except KoersError as exc:
        assert exc.message and exc.message[0].isupper()


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="0123456789.,-+ €EUReuro/\u00a0", max_size=30))
def test_number_and_date_like_text_parses_or_gives_a_dutch_koers_error(parser, text):
    try:
        value = parser(text)
    except KoersError as exc:
        assert exc.message and exc.message[0].isupper()
    else:
        assert value is None or isinstance(value, Decimal | int | date)


def test_several_dates_in_one_field_and_every_bad_one_named():
    assert parse_dates("11-05-2029, 27-12-2029;\n2030-01-02") == [date(2029, 5, 11), date(2029, 12, 27),
                                                                  date(2030, 1, 2)]
    assert parse_dates("  ") == []
    with pytest.raises(ValidationError) as refused:
        parse_dates("31-02-2029, morgen, 11-05-2029", "de datums")
    assert len(refused.value.problems) == 2
    assert "31-02-2029 bestaat niet" in refused.value.problems[0] and "'morgen'" in refused.value.problems[1]
