"""The budget: a yearly amount per law and product group (the iWmo/iJw productcategorie of the products), set by a
beheerder or controller, and the report 'Begroting en prognose' that holds it against what is committed, what is
realised so far and where the year ends at the current pace.

Per (law, product group) for the report's year:
- verplichtingen: the indicated money of the decisions in force in that year (the monthly summary spreads the
  indicated hours of every period pro rata by days over the months and stops at an ended decision's last day);
- gerealiseerd t/m peildatum: the realised money of the months January up to and including the peildatum's month;
- prognose jaareinde: realised to date + (realised to date / the days of the year up to the peildatum) × the days
  that remain;
- overschrijding in: the first month in which the cumulative realised money passes the budget, counted with the
  real months up to the peildatum's month (and the pace for the rest of that month) and the pace per day × the
  days of each later month. So a month is named exactly when the forecast ends above the budget.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Budget, Product, User
from db.models.base import stored_id, table
from db.models.enums import Law
from db.units import cents_to_euros, round_half_up
from desktop.core import reference
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions.months import month_of
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.labels import LAW
from desktop.core.nl import format_date, format_money, format_number
from desktop.core.reports import facts as F
from desktop.core.reports.base import Chart, ChartKind, Column, Kind, Report, ReportSpec, Series
from desktop.core.reports.filters import ReportFilter

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as the table's CHECK
MAX_CENTS = 10**12  # € 10 miljard: far above any municipal budget, a typing error beyond it
NO_GROUP = ""  # decisions without a product
NO_GROUP_LABEL = "(geen productgroep)"
LAW_ORDER = {law: i for i, law in enumerate(Law)}
SHORT_LAW = {Law.WMO: "Wmo", Law.JEUGDWET: "Jeugdwet"}
NOT_STORED = "De begroting is niet opgeslagen. Herstel eerst:"


# ---------------------------------------------------------------- the budget itself


@dataclass(frozen=True)
class BudgetLine:
    """One law and product group of a year, with its budget when one is set (the page shows every group)."""

    year: int
    law: Law
    category_code: str
    label: str  # '02 Begeleiding'
    amount_cents: int | None = None
    set_by: str | None = None
    set_at: datetime | None = None

    @property
    def amount(self) -> Decimal | None:
        return None if self.amount_cents is None else cents_to_euros(self.amount_cents)

    @property
    def law_label(self) -> str:
        return LAW[self.law]


def group_label(code: str, labels: dict[str, str]) -> str:
    """'02 Begeleiding' from the law's code list; a code the list does not (or no longer) know shows alone."""
    if code == NO_GROUP:
        return NO_GROUP_LABEL
    label = labels.get(code)
    return f"{code} {label}" if label else code


def _group_labels(s: Session) -> dict[Law, dict[str, str]]:
    return {law: reference.labels(s, "productcategorie", law) for law in Law}


def _law(value: Law | str) -> Law:
    try:
        return Law(value)
    except ValueError:
        raise ValidationError(f"Kies als wet {LAW[Law.WMO]} of {LAW[Law.JEUGDWET]}.", field="law") from None


def _year_problem(year: Any) -> str | None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        return f"Kies een jaar van {FIRST_YEAR} tot en met {LAST_YEAR}."
    return None


def _check_year(year: Any) -> int:
    problem = _year_problem(year)
    if problem:
        raise ValidationError(problem, field="year")
    assert isinstance(year, int)
    return int(year)


def _amount_problem(amount_cents: Any) -> str | None:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        return "De begroting is geen bedrag in hele centen."
    if amount_cents < 0:
        return "De begroting kan niet negatief zijn. Vul 0 of een positief bedrag in."
    if amount_cents > MAX_CENTS:
        return (f"De begroting is te groot: Koers bewaart per productgroep hoogstens "
                f"{format_money(cents_to_euros(MAX_CENTS))}. Controleer het bedrag.")
    return None


def _used_groups(s: Session, law: Law) -> set[str]:
    return set(s.exec(select(Product.category_code).where(col(Product.law) == law).distinct()).all())


def _category_problem(s: Session, law: Law, code: str) -> str | None:
    if code in _used_groups(s, law) or reference.code_label(s, "productcategorie", code, law) is not None:
        return None
    shown = f"'{code}'" if code else "Een lege productgroep"
    return (f"{shown} is geen productgroep van de {LAW[law]}: geen product van de {LAW[law]} heeft die "
            f"productcategorie en de {reference.standard_of(law)} kent haar niet. Kies een productgroep uit de lijst.")


def _find(s: Session, year: int, law: Law, code: str) -> Budget | None:
    return s.exec(select(Budget).where(col(Budget.year) == year, col(Budget.law) == law,
                                       col(Budget.category_code) == code)).first()


def _line(s: Session, budget: Budget, labels: dict[Law, dict[str, str]]) -> BudgetLine:
    setter = s.get(User, budget.set_by_id) if budget.set_by_id is not None else None
    return BudgetLine(year=budget.year, law=Law(budget.law), category_code=budget.category_code,
                      label=group_label(budget.category_code, labels[Law(budget.law)]),
                      amount_cents=budget.amount_cents, set_by=setter.display_name if setter else None,
                      set_at=budget.set_at)


def set_budget(db: Database, actor: Actor, year: int, law: Law | str, category_code: str,
               amount_cents: int) -> BudgetLine:
    """Sets (or changes) the budget of one year, law and product group, in one transaction with an access-log
    line that keeps the old and the new amount. Setting the same amount again changes nothing."""
    audit.require(db, actor, Action.BUDGET_MANAGE)
    chosen_law = _law(law)
    code = (category_code or "").strip()
    errors: dict[str, str] = {}
    if problem := _year_problem(year):
        errors["year"] = problem
    if problem := _amount_problem(amount_cents):
        errors["amount"] = problem
    try:
        with db.write() as s:
            if problem := _category_problem(s, chosen_law, code):
                errors["category_code"] = problem
            if errors:
                raise ValidationError.of_fields(NOT_STORED, errors)
            labels = _group_labels(s)
            budget = _find(s, year, chosen_law, code)
            old = budget.amount_cents if budget is not None else None
            if budget is not None and old == amount_cents:
                return _line(s, budget, labels)
            if budget is None:
                budget = Budget(year=year, law=chosen_law, category_code=code, amount_cents=amount_cents,
                                set_by_id=actor.user_id, set_at=clock.now())
                s.add(budget)
            else:
                budget.amount_cents, budget.set_by_id, budget.set_at = amount_cents, actor.user_id, clock.now()
            s.flush()
            audit.record(s, actor, "begroting.vastgesteld", record_type="begroting", record_id=stored_id(budget.id),
                         changes={"jaar": [None, year], "law": [None, chosen_law.value],
                                  "productgroep": [None, group_label(code, labels[chosen_law])],
                                  "begroting": [old, amount_cents]})
            return _line(s, budget, labels)
    except IntegrityError as exc:
        raise ConflictError("Iemand anders heeft deze begroting net ook vastgesteld. Vernieuw de lijst en kijk of "
                            "uw bedrag nog nodig is.") from exc


def remove_budget(db: Database, actor: Actor, year: int, law: Law | str, category_code: str) -> BudgetLine:
    """Removes the budget of one year, law and product group; the access-log line keeps the amount, so an accident
    is undone by setting it again. Returns the budget as it was."""
    audit.require(db, actor, Action.BUDGET_MANAGE)
    chosen_law, chosen_year = _law(law), _check_year(year)
    code = (category_code or "").strip()
    with db.write() as s:
        budget = _find(s, chosen_year, chosen_law, code)
        labels = _group_labels(s)
        label = group_label(code, labels[chosen_law])
        if budget is None:
            raise NotFoundError(f"Er is geen begroting {chosen_year} voor {LAW[chosen_law]}, {label} (meer). "
                                "Vernieuw de lijst.")
        was = _line(s, budget, labels)
        audit.record(s, actor, "begroting.verwijderd", record_type="begroting", record_id=stored_id(budget.id),
                     changes={"jaar": [None, chosen_year], "law": [None, chosen_law.value],
                              "productgroep": [None, label], "begroting": [budget.amount_cents, None]})
        s.delete(budget)
    return was


def list_budgets(db: Database, actor: Actor, year: int) -> list[BudgetLine]:
    """The budgets set for a year, by law and product group."""
    audit.require(db, actor, Action.BUDGET_MANAGE)
    chosen_year = _check_year(year)
    with db.read() as s:
        labels = _group_labels(s)
        budgets = s.exec(select(Budget).where(col(Budget.year) == chosen_year)).all()
        lines = [_line(s, b, labels) for b in budgets]
    return sorted(lines, key=_order)


def budget_groups(db: Database, actor: Actor, year: int) -> list[BudgetLine]:
    """Every law and product group a budget can be set for: the groups of the catalogue's products and those with
    a budget in that year, each with its budget (or none yet). What the Begroting page lists."""
    lines = {(b.law, b.category_code): b for b in list_budgets(db, actor, year)}
    with db.read() as s:
        labels = _group_labels(s)
        for law, code in s.exec(select(Product.law, Product.category_code).distinct()).all():
            chosen = Law(law)
            lines.setdefault((chosen, code), BudgetLine(year=year, law=chosen, category_code=code,
                                                        label=group_label(code, labels[chosen])))
    return sorted(lines.values(), key=_order)


def _order(line: BudgetLine) -> tuple[int, str]:
    return LAW_ORDER[line.law], line.category_code


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class GroupFigures:
    """One law and product group's year, in cents; None where there is nothing to say."""

    law: Law
    category_code: str
    label: str
    budget_cents: int | None
    committed_cents: int
    realised_cents: int  # up to and including the peildatum's month
    forecast_cents: int | None  # None before the year has begun: there is no pace yet
    overrun_month: int | None  # YYYYMM

    @property
    def difference_cents(self) -> int | None:
        if self.forecast_cents is None or self.budget_cents is None:
            return None
        return self.forecast_cents - self.budget_cents


@dataclass(frozen=True)
class Pace:
    """Where the peildatum falls in the year: the last month with real figures and the days before and after."""

    year: int
    last_month: int | None  # YYYYMM of the peildatum (December when it lies after the year); None before the year
    elapsed_days: int  # 1 January up to and including the peildatum, within the year
    remaining_days: int

    @classmethod
    def of(cls, year: int, today: date) -> Pace:
        first, last = date(year, 1, 1), date(year, 12, 31)
        total = (last - first).days + 1
        if today < first:
            return cls(year, None, 0, total)
        peil = min(today, last)
        elapsed = (peil - first).days + 1
        return cls(year, month_of(peil), elapsed, total - elapsed)


def _month_days(key: int) -> int:
    return calendar.monthrange(key // 100, key % 100)[1]


def forecast(realised_cents: int, pace: Pace) -> int | None:
    if not pace.elapsed_days:
        return None
    return int(round_half_up(realised_cents + Decimal(realised_cents) * pace.remaining_days / pace.elapsed_days,
                             Decimal(1)))


def overrun_month(budget_cents: int | None, realised_by_month: dict[int, int], pace: Pace) -> int | None:
    """The first month in which the cumulative realised money (real months up to the peildatum's month, the rest of
    that month and every later month at the pace per day) passes the budget; None when it never does."""
    if budget_cents is None or pace.last_month is None:
        return None
    per_day = Decimal(sum(realised_by_month.get(m, 0) for m in _months(pace.year) if m <= pace.last_month))
    per_day /= pace.elapsed_days
    so_far = Decimal(0)
    for key in _months(pace.year):
        if key < pace.last_month:
            so_far += realised_by_month.get(key, 0)
        elif key == pace.last_month:
            days_left = _month_days(key) - (pace.elapsed_days - _days_before(key))
            so_far += realised_by_month.get(key, 0) + per_day * days_left
        else:
            so_far += per_day * _month_days(key)
        if round_half_up(so_far, Decimal(1)) > budget_cents:
            return key
    return None


def _months(year: int) -> range:
    return range(year * 100 + 1, year * 100 + 13)


def _days_before(key: int) -> int:
    """Days of the year before the first of this month."""
    return (date(key // 100, key % 100, 1) - date(key // 100, 1, 1)).days


def year_figures(s: Session, year: int, today: date, law: Law | None = None) -> list[GroupFigures]:
    """The figures of every law and product group with a budget or with decisions in the year, read from the monthly
    summary (a few thousand rows, grouped in SQL per law, product and month; products mapped to their group here)."""
    pace = Pace.of(year, today)
    connection = s.connection()
    span = ReportFilter(date_from=date(year, 1, 1), date_to=date(year, 12, 31), law=law, as_of=today)
    p = table(Product).c
    group_of = {row.id: (Law(row.law), row.category_code)
                for row in connection.execute(sa.select(p.id, p.law, p.category_code))}
    committed: dict[tuple[Law, str], int] = defaultdict(int)
    realised: dict[tuple[Law, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for fact in F.facts(connection, span, ("wet", "product", "maand")):
        fact_law, product_id, month = fact.key
        key = group_of.get(product_id, (Law(fact_law), NO_GROUP))
        committed[key] += fact.indicated_cents
        if pace.last_month is not None and month <= pace.last_month:
            realised[key][month] += fact.realised_cents
    b = table(Budget).c
    found = sa.select(b.law, b.category_code, b.amount_cents).where(b.year == year)
    if law is not None:
        found = found.where(b.law == law.value)
    budgets = {(Law(row.law), row.category_code): int(row.amount_cents) for row in connection.execute(found)}
    labels = _group_labels(s)
    out = []
    for key in sorted(set(committed) | set(budgets), key=lambda k: (LAW_ORDER[k[0]], k[1] == NO_GROUP, k[1])):
        months = realised.get(key, {})
        done = sum(months.values())
        out.append(GroupFigures(law=key[0], category_code=key[1], label=group_label(key[1], labels[key[0]]),
                                budget_cents=budgets.get(key), committed_cents=committed.get(key, 0),
                                realised_cents=done, forecast_cents=forecast(done, pace),
                                overrun_month=overrun_month(budgets.get(key), months, pace)))
    return out


# ---------------------------------------------------------------- the report


COLUMNS = (
    Column("wet", "Wet"), Column("productgroep", "Productgroep"),
    Column("begroting", "Begroting", Kind.MONEY), Column("verplichtingen", "Verplichtingen", Kind.MONEY),
    Column("gerealiseerd", "Gerealiseerd t/m peildatum", Kind.MONEY),
    Column("prognose", "Prognose jaareinde", Kind.MONEY), Column("verschil", "Verschil prognose − begroting", Kind.MONEY),
    Column("overschrijding", "Overschrijding in"),
)


def _euros(cents: int | None) -> Decimal | None:
    return None if cents is None else cents_to_euros(cents)


def _notes(year: int, today: date, pace: Pace) -> tuple[str, ...]:
    if pace.last_month is None:
        realised = (f"Gerealiseerd t/m peildatum: de peildatum ({format_date(today)}) ligt vóór {year}, dus nog niets; "
                    "zonder tempo is er geen prognose en geen maand van overschrijding.")
        pace_note = ""
    else:
        realised = (f"Gerealiseerd t/m peildatum: de gerealiseerde uren × het tarief van de beschikking, van januari "
                    f"tot en met {F.month_label(pace.last_month)} (de hele maand van de peildatum "
                    f"{format_date(min(today, date(year, 12, 31)))}); een vast bedrag per maand of traject telt als "
                    "gerealiseerd in elke maand tot en met die maand.")
        pace_note = (f"Prognose jaareinde: gerealiseerd t/m peildatum plus het tempo per dag (gerealiseerd gedeeld door "
                     f"de {format_number(pace.elapsed_days)} dagen van 1 januari tot en met de peildatum) maal de "
                     f"{format_number(pace.remaining_days)} dagen die nog resten tot en met 31 december. Verschil: "
                     "prognose min begroting; positief is meer uitgeven dan begroot.")
    notes = (
        f"Begroting: het bedrag dat een beheerder of controller voor {year} per wet en productgroep (de "
        "productcategorie van de iWmo of iJw van het product) heeft vastgesteld; leeg als er geen is.",
        f"Verplichtingen: de geïndiceerde uren × het tarief (of het vaste bedrag) van de beschikkingen die in {year} "
        "liepen, alleen voor de dagen in dat jaar: de uren van elke periode naar rato van de dagen over de maanden "
        "verdeeld, en alleen zolang de beschikking gold (tot de wijziging of beëindiging).",
        realised,
        pace_note,
        "Overschrijding in: de eerste maand waarin het opgetelde gerealiseerde bedrag de begroting passeert; tot en met "
        "de maand van de peildatum telt wat werkelijk is gerealiseerd (en de rest van die maand het tempo per dag), "
        "daarna het tempo per dag maal de dagen van elke volgende maand. Leeg: de prognose blijft binnen de begroting, "
        "of er is geen begroting.",
        f"Het jaar is dat van de begindatum ({year}); de begroting geldt voor de hele gemeente, dus van de filters telt "
        "hier alleen de wet. In de totaalregel telt het verschil alleen de productgroepen met een begroting.",
    )
    return tuple(note for note in notes if note)


def run(db: Database, actor: Actor, f: ReportFilter) -> Report:
    year = f.start.year
    pace = Pace.of(year, f.today)
    with db.read() as s:
        found = year_figures(s, year, f.today, f.law)
    rows = tuple((LAW[g.law], g.label, _euros(g.budget_cents), _euros(g.committed_cents), _euros(g.realised_cents),
                  _euros(g.forecast_cents), _euros(g.difference_cents),
                  F.month_label(g.overrun_month) if g.overrun_month is not None else None) for g in found)
    budgeted = [g for g in found if g.budget_cents is not None]
    differences = [g.difference_cents for g in budgeted if g.difference_cents is not None]
    forecasts = [g.forecast_cents for g in found if g.forecast_cents is not None]
    totals = ("Totaal", None, _euros(sum(g.budget_cents or 0 for g in budgeted)) if budgeted else None,
              _euros(sum(g.committed_cents for g in found)), _euros(sum(g.realised_cents for g in found)),
              _euros(sum(forecasts)) if forecasts else None, _euros(sum(differences)) if differences else None,
              None) if found else None
    categories = tuple(f"{SHORT_LAW[g.law]} {g.label}" for g in found)

    def series(name: str, values: list[int | None]) -> Series:
        return Series(name, tuple(float(cents_to_euros(v or 0)) for v in values))

    chart = Chart(ChartKind.BAR, categories, (
        series("Begroting", [g.budget_cents for g in found]),
        series("Verplichtingen", [g.committed_cents for g in found]),
        series("Gerealiseerd", [g.realised_cents for g in found]),
        series("Prognose", [g.forecast_cents for g in found])), "euro")
    return Report("begroting", "Begroting en prognose", COLUMNS, rows, chart, f, _notes(year, f.today, pace), totals)


SPECS = (ReportSpec("begroting", "Begroting en prognose",
                    "Per wet en productgroep: begroting, verplichtingen, gerealiseerd tot nu en de prognose voor het "
                    "jaareinde, met de maand waarin de begroting zou worden overschreden.", run,
                    uses=("van", "peildatum", "wet")),)
