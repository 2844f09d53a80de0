"""What every report is: columns of a known kind, rows of plain values, one chart, and the filters it answered.

Reports are values, not widgets: the Rapportages area, the command line, the XLSX and CSV export and the tests all
read the same `Report`. Hours are `Decimal` hours, money `Decimal` euros, percentages `Decimal` percent (85,7 for
85.7 %), counts `int`, other numbers (an average score) `Decimal` with one decimal; a cell that has no meaning (a
percentage of nothing) is None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from desktop.core.nl import format_date, format_hours, format_money, format_number

if TYPE_CHECKING:
    from db.engine import Database
    from desktop.core.access.actor import Actor
    from desktop.core.reports.filters import ReportFilter


class Kind(StrEnum):
    TEXT = "tekst"
    COUNT = "aantal"
    HOURS = "uren"
    MONEY = "bedrag"
    PERCENT = "procent"
    NUMBER = "getal"  # a plain number with one decimal: an average score (2,5), a change (-0,5)
    DATE = "datum"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT


class ChartKind(StrEnum):
    BAR = "staaf"  # one bar per series per category, side by side
    STACKED = "gestapeld"  # the series of a category on top of each other (a distribution)
    LINE = "lijn"  # a trend over time (categories are months or quarters)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str  # what the value axis counts, in Dutch: 'uren', 'euro', 'beschikkingen', 'procent'


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: Chart
    filters: ReportFilter
    notes: tuple[str, ...] = ()  # how the figures are counted, in one or two sentences each
    totals: tuple[Any, ...] | None = None  # a last row 'Totaal', where adding up means something
    accounts: tuple[str, ...] = field(default=())  # 'tellen en vertellen': evaluation accounts, only for roles
    # that may read content (never for the controller)

    def index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def value(self, row: int, key: str) -> Any:
        return self.rows[row][self.index(key)]

    def find(self, key: str, value: Any) -> tuple[Any, ...]:
        """The first row whose column `key` holds `value` (tests and the CLI pick a row by its label)."""
        i = self.index(key)
        for row in self.rows:
            if row[i] == value:
                return row
        raise KeyError(f"{key}={value!r}")


FILTERS = ("van", "tot", "peildatum", "wet", "aanbieder", "product", "niveau", "categorie", "consulent")


@dataclass(frozen=True)
class ReportSpec:
    """One report in the Rapportages area and on the command line (`koers report NAME`)."""

    name: str  # the command-line name: lowercase, no spaces
    title: str
    description: str  # one line under the title: what question it answers
    run: Callable[[Database, Actor, ReportFilter], Report]
    groups: tuple[tuple[str, str], ...] = ()  # the 'per ...' choices (key, Dutch label); the first is the default
    uses: tuple[str, ...] = FILTERS  # the filters it honours; a screen hides the others rather than ignore them


GROUP_LABELS = {"aanbieder": "Aanbieder", "product": "Product", "niveau": "Niveau", "categorie": "Categorie",
                "wet": "Wet", "maand": "Maand", "periode": "Periode", "beschikking": "Toewijzingnummer",
                "domein": "Levensdomein", "consulent": "Consulent"}


def group_column(group: str | None) -> Column:
    """The first column of a grouped report, named after what it groups by."""
    return Column("groep", GROUP_LABELS.get(group or "", "Groep"))


def shown(value: Any, kind: Kind) -> str:
    """A cell as a Dutch reader expects it on screen and in the PDF."""
    if value is None:
        return ""
    if kind is Kind.HOURS:
        return format_hours(value)
    if kind is Kind.MONEY:
        return format_money(value)
    if kind is Kind.PERCENT:
        return f"{format_number(value, 1)} %"
    if kind is Kind.NUMBER:
        return format_number(value, 1)
    if kind is Kind.COUNT:
        return format_number(value)
    if kind is Kind.DATE and isinstance(value, date):
        return format_date(value)
    return str(value)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part/whole as a percentage with one decimal, None where there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
