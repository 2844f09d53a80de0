"""What people type, read once at the core's boundary: hours, money and dates as a Dutch user writes them.

One parser per kind. Forms (and their live previews), the command line and the imports all read typed text
through here; services take the typed values (Decimal, date) and check them with the same rules
(`check_hours`, `check_money`). Every parser returns a value, None for an empty optional field, or raises
a Dutch ValidationError naming the field: never another exception, whatever the text.

Numbers: a decimal comma ("1,5"), a decimal point where that is what it must be ("62.50", "1.5"), and dots
or spaces grouping thousands ("1.062,50", "1 062,50"). A lone dot before three digits groups thousands in an
amount ("€ 1.062") but is a decimal point in hours ("1.255" uur is refused for its three decimals, not read
as 1255 hours). Money may carry "€" or "EUR" and the Dutch "62,-" for whole euros.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from db.units import MINUTES_PER_HOUR
from desktop.core.errors import ValidationError

T = TypeVar("T")

MAX_HOURS = Decimal(100_000)  # more than ten years of full days: a typing error, not an indication
MAX_EUROS = Decimal(100_000_000)
_CENT = Decimal("0.01")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?)|(?:€|eur(?:o)?)$", re.IGNORECASE)
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")  # 1.062 or 1.062.500: dots grouping thousands


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def _number(text: str, label: str, field: str | None, example: str, *, money: bool) -> Decimal | None:
    """The number in `text` (None when empty), or a ValidationError that says how to type it."""
    raw = str(text)
    compact = _SPACES.sub("", raw)
    if not compact:
        return None
    what = "bedrag" if money else "getal"
    wrong = ValidationError(f"{_sentence(label)} is geen {what}: '{raw.strip()[:40]}'. Typ bijvoorbeeld {example}.",
                            field=field)
    if money:
        compact = _CURRENCY.sub("", compact)
        if compact.endswith((",-", ".-")):
            compact = compact[:-2]
    sign = ""
    if compact[:1] in ("+", "-"):
        sign, compact = ("-" if compact[0] == "-" else ""), compact[1:]
    if not compact or not re.fullmatch(r"[0-9.,]+", compact) or not re.search(r"[0-9]", compact):
        raise wrong
    commas, dots = compact.count(","), compact.count(".")
    if commas and dots:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = compact.rpartition(decimal_mark)
        if compact.count(decimal_mark) > 1 or not re.fullmatch(rf"[1-9][0-9]{{0,2}}(?:\{grouping}[0-9]{{3}})+", whole):
            raise wrong
        whole = whole.replace(grouping, "")
    elif commas:
        if commas > 1:
            raise wrong
        whole, _, fraction = compact.partition(",")
    elif dots == 1 and not (money and _GROUPED.fullmatch(compact)):
        whole, _, fraction = compact.partition(".")
    elif dots:
        if not _GROUPED.fullmatch(compact):
            raise wrong
        whole, fraction = compact.replace(".", ""), ""
    else:
        whole, fraction = compact, ""
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise wrong from None


# ---------------------------------------------------------------- hours

def check_hours(value: Decimal | int, label: str = "het aantal uren", *, field: str | None = None,
                allow_zero: bool = True) -> int:
    """Hours as whole minutes, or a ValidationError: not negative, at most two decimals, a whole number of
    minutes, not absurdly large. The rule for typed text and for values a service receives alike."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"{_sentence(label)} is geen getal.", field=field)
    if value < 0:
        raise ValidationError(f"{_sentence(label)} kan niet negatief zijn.", field=field)
    if value == 0 and not allow_zero:
        raise ValidationError(f"{_sentence(label)}: vul een aantal groter dan 0 in.", field=field)
    if value > MAX_HOURS:
        raise ValidationError(f"{_sentence(label)} is te groot: {value} uur. Controleer het getal.", field=field)
    if value != value.quantize(_CENT):
        raise ValidationError(f"{_sentence(label)}: gebruik hoogstens twee decimalen (bijvoorbeeld 1,25 uur).",
                              field=field)
    minutes = value * MINUTES_PER_HOUR
    if minutes != minutes.to_integral_value():
        shown = str(value.normalize()).replace(".", ",")
        raise ValidationError(f"{_sentence(label)}: {shown} uur is geen geheel aantal minuten; gebruik bijvoorbeeld "
                              "1,25 of 1,5.", field=field)
    return int(minutes)


def parse_hours(text: str | None, label: str = "het aantal uren", *, field: str | None = None,
                required: bool = False, allow_zero: bool = True) -> Decimal | None:
    """'2', '1,5', '0,25', '1.5', '1.062,5' -> Decimal; '' -> None (or 'vul ... in' when required)."""
    value = _number(text or "", label, field, "1,5", money=False)
    if value is None:
        if required:
            raise ValidationError(f"Vul {label} in.", field=field)
        return None
    check_hours(value, label, field=field, allow_zero=allow_zero)
    return value.normalize() if value == value.to_integral_value() else value


def parse_minutes(text: str | None, label: str = "het aantal uren", *, field: str | None = None,
                  required: bool = False, allow_zero: bool = True) -> int | None:
    """Typed hours as whole minutes (the unit the database keeps)."""
    value = parse_hours(text, label, field=field, required=required, allow_zero=allow_zero)
    return None if value is None else check_hours(value, label, field=field, allow_zero=allow_zero)


# ---------------------------------------------------------------- money

def check_money(value: Decimal | int, label: str = "het bedrag", *, field: str | None = None,
                allow_zero: bool = True) -> int:
    """An amount in euros as whole cents, or a ValidationError: not negative, at most two decimals."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"{_sentence(label)} is geen bedrag.", field=field)
    if value < 0:
        raise ValidationError(f"{_sentence(label)} kan niet negatief zijn.", field=field)
    if value == 0 and not allow_zero:
        raise ValidationError(f"{_sentence(label)}: vul een bedrag groter dan € 0 in.", field=field)
    if value > MAX_EUROS:
        raise ValidationError(f"{_sentence(label)} is te groot. Controleer het bedrag.", field=field)
    if value != value.quantize(_CENT):
        raise ValidationError(f"{_sentence(label)}: gebruik hoogstens twee cijfers achter de komma (centen), "
                              "bijvoorbeeld 62,50.", field=field)
    return int(value * 100)


def parse_money(text: str | None, label: str = "het bedrag", *, field: str | None = None,
                required: bool = False, allow_zero: bool = True) -> Decimal | None:
    """'62,50', '€ 62,50', '62.50', '1.062,50', '62,-' -> Decimal euros with two places; '' -> None."""
    value = _number(text or "", label, field, "62,50 of 1.062,50", money=True)
    if value is None:
        if required:
            raise ValidationError(f"Vul {label} in.", field=field)
        return None
    check_money(value, label, field=field, allow_zero=allow_zero)
    return value.quantize(_CENT)


def parse_cents(text: str | None, label: str = "het bedrag", *, field: str | None = None,
                required: bool = False, allow_zero: bool = True) -> int | None:
    value = parse_money(text, label, field=field, required=required, allow_zero=allow_zero)
    return None if value is None else int(value * 100)


# ---------------------------------------------------------------- dates

def parse_date(text: str | None, label: str = "de datum", *, field: str | None = None,
               required: bool = False) -> date | None:
    """What a Dutch user types: 4-3-1950, 04-03-1950, 4/3/1950, 4.3.1950, 04031950 or 1950-03-04; None when
    empty (or 'vul ... in' when required)."""
    value = (text or "").strip()
    if not value:
        if required:
            raise ValidationError(f"Vul {label} in (dd-mm-jjjj).", field=field)
        return None
    match = re.fullmatch(r"([0-9]{1,2})[-/. ]([0-9]{1,2})[-/. ]([0-9]{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif re.fullmatch(r"[0-9]{8}", value):
        day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        year, month, day = (int(g) for g in value.split("-"))
    else:
        raise ValidationError(f"{_sentence(label)}: '{value[:40]}' is geen datum. Typ de datum als dd-mm-jjjj, "
                              "bijvoorbeeld 04-03-1950.", field=field)
    try:
        if year < 1000:
            raise ValueError("year")
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"{_sentence(label)}: {value} bestaat niet als datum. Controleer dag, maand en jaar.",
                              field=field) from None


_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


def parse_postcode(text: str | None, label: str = "de postcode", *, field: str | None = None,
                   required: bool = False) -> str | None:
    """'7001 ab' or '7001AB' -> '7001AB' (the stored form); None when empty. SA, SD and SS are never issued."""
    value = (text or "").strip()
    if not value:
        if required:
            raise ValidationError(f"Vul {label} in, bijvoorbeeld 7001 AB.", field=field)
        return None
    match = _POSTCODE.match(value)
    if not match or match.group(2).upper() in ("SA", "SD", "SS"):
        raise ValidationError("Een postcode heeft vier cijfers en twee letters, bijvoorbeeld 7001 AB.", field=field)
    return match.group(1) + match.group(2).upper()


def parse_dates(text: str | None, label: str = "de datums", *, field: str | None = None) -> list[date]:
    """Several dates typed in one field, separated by commas, semicolons or new lines; every bad one is named."""
    parts = [p.strip() for p in re.split(r"[,;\n]+", text or "") if p.strip()]
    days: list[date] = []
    problems: list[str] = []
    for part in parts:
        try:
            day = parse_date(part, label, field=field)
        except ValidationError as exc:
            problems.append(exc.message)
        else:
            assert day is not None  # part is not empty
            days.append(day)
    if problems:
        raise ValidationError(f"{_sentence(label)} zijn niet te lezen:", field=field, problems=problems)
    return days


# ---------------------------------------------------------------- many values at once

def checked(problems: list[str], check: Callable[..., int], value: Decimal | int | None, label: str, *,
            required: bool = False, **options: Any) -> int | None:
    """A typed value checked by a service that lists every problem: the minutes or cents, or None (with the
    problem added) when it is wrong; None as well when there is no value (a problem too when `required`)."""
    if value is None:
        if required:
            problems.append(f"Vul {label} in.")
        return None
    try:
        return check(value, label, **options)
    except ValidationError as exc:
        problems.append(exc.message)
        return None


class Fields:
    """Reads the fields of one form, collecting every problem (one per field) instead of stopping at the first.

        read = Fields()
        hours = read(parse_hours, text, "de uren per periode", field="hours")
        start = read(parse_date, start_text, "de ingangsdatum", field="start", required=True)
        read.raise_if_any("De beschikking is niet opgeslagen. Herstel eerst:")
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __call__(self, parser: Callable[..., T], text: Any, label: str, *, field: str, **options: Any) -> T | None:
        try:
            return parser(text, label, field=field, **options)
        except ValidationError as exc:
            self.errors.setdefault(field, exc.message)
            return None

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self, message: str = "Er is niets opgeslagen. Herstel eerst:") -> None:
        if self.errors:
            raise ValidationError.of_fields(message, self.errors)
