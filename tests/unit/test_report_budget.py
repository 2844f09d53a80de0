"""Begroting en prognose, against figures worked out by hand.

Wmo 02 Begeleiding: the regional worked example (56 hours at € 62,50 in seven periods from 5 January 2026, all in
2026: € 3.500 committed), realised 10, 10, 9 and 4 hours in January to April (€ 2.062,50) and 5 hours in May.
Wmo 01 Hulp bij het huishouden at € 30,00: 24 hours from 2 March (€ 720) and a decision from 7 December of which
25 of the first period's 28 days fall in 2026 (480 × 25 // 28 = 428 minutes = € 214,00); realised 5 and 6 hours in
March and April (€ 330). Jeugdwet 45 has a budget and no decisions. Peildatum 30 April 2026: 120 days gone, 245 to go.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from db import clock
from db.models import AuditEntry, Budget, Contract, Product, Tariff
from db.models.enums import Complexity, Law
from desktop.core.access import audit_text
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.reports import budget, registry
from desktop.core.reports.filters import ReportFilter
from tests.unit.decision_setting import established

PEIL = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), as_of=date(2026, 4, 30))
E = Decimal


@pytest.fixture
def after_the_year():
    """The hand-worked year books hours up to 27 May 2026 and starts a decision on 7 December 2026: it is built on the
    last day of 2026, whatever day the suite runs on (the report's peildatum is its own, PEIL)."""
    with clock.fixed(date(2026, 12, 31)):
        yield


def household_product(db) -> int:
    """Wmo 01 Hulp bij het huishouden, € 30,00 an hour at level M, contracted with the setting's aanbieder."""
    with db.write() as s:
        product = Product(law=Law.WMO, category_code="01", code="01A01", name="Hulp bij het huishouden",
                          unit_code="04", frequency_code="6")
        s.add(product)
        s.flush()
        s.add(Tariff(product_id=product.id, complexity=Complexity.M, amount_cents=3000, valid_from=date(2025, 1, 1)))
        provider = s.exec(select(Contract.aanbieder_id)).first()
        s.add(Contract(aanbieder_id=provider, product_id=product.id, valid_from=date(2025, 1, 1)))
        return product.id


def year_of_care(db, actors, setting) -> None:
    guidance = established(db, actors, setting)
    for day, hours in ((date(2026, 1, 7), 10), (date(2026, 2, 4), 10), (date(2026, 3, 4), 9), (date(2026, 4, 1), 4),
                       (date(2026, 5, 27), 5)):
        ledger.add_realisation(db, actors.medewerker, guidance.id, day, hours)
    household = household_product(db)
    first = established(db, actors, setting, product_id=household, start_date=date(2026, 3, 2), period_count=4,
                        hours_per_period=Decimal(6))
    ledger.add_realisation(db, actors.medewerker, first.id, date(2026, 3, 10), 5)
    ledger.add_realisation(db, actors.medewerker, first.id, date(2026, 4, 7), 6)
    established(db, actors, setting, product_id=household, start_date=date(2026, 12, 7), period_count=2,
                hours_per_period=Decimal(8))


def budgets(db, actor, amounts=(500_000, 150_000, 1_000_000)) -> None:
    for (law, code), cents in zip(((Law.WMO, "02"), (Law.WMO, "01"), (Law.JEUGDWET, "45")), amounts, strict=True):
        budget.set_budget(db, actor, 2026, law, code, cents)


def report(db, actor, **changes):
    return registry.run(db, actor, "begroting", replace(PEIL, **changes))


def stored(db) -> list[tuple]:
    with db.read() as s:
        return sorted((b.year, b.law, b.category_code, b.amount_cents) for b in s.exec(select(Budget)))


def test_the_figures_worked_out_by_hand(any_db, any_actors, setting, after_the_year):
    year_of_care(any_db, any_actors, setting)
    budgets(any_db, any_actors.controller)
    r = report(any_db, any_actors.controller)
    assert r.name == "begroting" and r.title == "Begroting en prognose"
    assert [(row[0], row[1]) for row in r.rows] == [("Wmo 2015", "01 Hulp bij het huishouden"),
                                                    ("Wmo 2015", "02 Begeleiding"), ("Jeugdwet", "45 Jeugdhulp ambulant")]
    guidance = r.find("productgroep", "02 Begeleiding")
    # committed: all 56 hours × € 62,50; realised to 30 April: 33 hours (May's 5 hours lie after the peildatum);
    # forecast: 2.062,50 + 2.062,50 / 120 × 245 = 2.062,50 + 4.210,9375 = 6.273,4375
    assert guidance[2:7] == (E("5000.00"), E("3500.00"), E("2062.50"), E("6273.44"), E("1273.44"))
    # cumulative: 625 / 1.250 / 1.812,50 / 2.062,50 to April, then 17,1875 a day: May 2.595,31, June 3.110,94,
    # July 3.643,75, August 4.176,56, September 4.692,19, October 5.225,00 > 5.000
    assert guidance[7] == "oktober 2026"
    household = r.find("productgroep", "01 Hulp bij het huishouden")
    # committed: 24 hours and 428 minutes in December at € 30,00 = 720,00 + 214,00; forecast 330 + 330 / 120 × 245
    assert household[2:8] == (E("1500.00"), E("934.00"), E("330.00"), E("1003.75"), E("-496.25"), None)
    youth = r.find("productgroep", "45 Jeugdhulp ambulant")
    assert youth[2:8] == (E("10000.00"), E("0.00"), E("0.00"), E("0.00"), E("-10000.00"), None)
    assert r.totals == ("Totaal", None, E("16500.00"), E("4434.00"), E("2392.50"), E("7277.19"), E("-9222.81"), None)
    assert [s.name for s in r.chart.series] == ["Begroting", "Verplichtingen", "Gerealiseerd", "Prognose"]
    assert r.chart.axis == "euro" and r.chart.categories[1] == "Wmo 02 Begeleiding"
    assert r.chart.series[3].values[1] == 6273.44
    assert any("120 dagen" in note and "245 dagen" in note for note in r.notes)
    assert any(note.startswith("Verplichtingen:") for note in r.notes)


def test_a_budget_already_passed_and_other_peildata(any_db, any_actors, setting, after_the_year):
    year_of_care(any_db, any_actors, setting)
    budgets(any_db, any_actors.beheerder, (150_000, 150_000, 1_000_000))
    r = report(any_db, any_actors.controller)
    assert r.find("productgroep", "02 Begeleiding")[7] == "maart 2026"  # 625 + 625 + 562,50 = 1.812,50 > 1.500
    # after the year: everything realised in 2026 counts, nothing is left to forecast
    after = report(any_db, any_actors.controller, as_of=date(2027, 1, 15))
    assert after.find("productgroep", "02 Begeleiding")[4:6] == (E("2375.00"), E("2375.00"))
    # 15 November: 319 days gone, 46 to go; 2.375 + 2.375 / 319 × 46 = 2.717,4765
    november = report(any_db, any_actors.controller, as_of=date(2026, 11, 15))
    assert november.find("productgroep", "02 Begeleiding")[4:6] == (E("2375.00"), E("2717.48"))
    # a year that has not begun: no pace, so no forecast and no month
    ahead = report(any_db, any_actors.controller, date_from=date(2027, 1, 1), date_to=date(2027, 12, 31),
                   as_of=date(2026, 4, 30))
    assert all(row[4] == E(0) and row[5] is None and row[7] is None for row in ahead.rows)
    assert ahead.find("productgroep", "01 Hulp bij het huishouden")[3] > E(0)  # December's decision runs into 2027
    only_youth = report(any_db, any_actors.controller, law=Law.JEUGDWET)
    assert [row[1] for row in only_youth.rows] == ["45 Jeugdhulp ambulant"]


def test_bad_input_stores_nothing(any_db, any_actors, setting):
    db, actors = any_db, any_actors
    with pytest.raises(ValidationError) as caught:
        budget.set_budget(db, actors.controller, 1999, Law.WMO, "99", -1)
    assert set(caught.value.field_errors) == {"year", "category_code", "amount"}
    assert "2000 tot en met 2100" in caught.value.field_errors["year"]
    assert "negatief" in caught.value.field_errors["amount"]
    with pytest.raises(ValidationError, match="geen productgroep van de Wmo 2015"):
        budget.set_budget(db, actors.controller, 2026, Law.WMO, "45", 100)  # an iJw category
    with pytest.raises(ValidationError, match="te groot"):
        budget.set_budget(db, actors.controller, 2026, Law.WMO, "02", budget.MAX_CENTS + 1)
    with pytest.raises(ValidationError, match="Kies als wet"):
        budget.set_budget(db, actors.controller, 2026, "awbz", "02", 100)
    with pytest.raises(ValidationError, match="jaar"):
        budget.list_budgets(db, actors.controller, 2101)
    for actor in (actors.consulent, actors.casusregisseur, actors.medewerker):
        with pytest.raises(PermissionDenied, match="mag dit niet"):
            budget.set_budget(db, actor, 2026, Law.WMO, "02", 100)
    with pytest.raises(PermissionDenied):
        budget.list_budgets(db, actors.consulent, 2026)
    with pytest.raises(NotFoundError, match="Er is geen begroting 2026 voor Wmo 2015, 02 Begeleiding"):
        budget.remove_budget(db, actors.controller, 2026, Law.WMO, "02")
    assert stored(db) == []
    with db.read() as s:
        refused = s.exec(select(AuditEntry.action, AuditEntry.outcome).where(AuditEntry.outcome == "geweigerd")).all()
        written = s.exec(select(AuditEntry).where(col(AuditEntry.action).like("begroting.%"),
                                                  AuditEntry.outcome == "ok")).all()
    assert ("begroting.beheren", "geweigerd") in refused
    assert written == []


def test_set_change_remove_and_the_access_log(any_db, any_actors, setting):
    db, actors = any_db, any_actors
    line = budget.set_budget(db, actors.controller, 2026, Law.WMO, "02", 500_000)
    assert (line.label, line.amount, line.set_by) == ("02 Begeleiding", E("5000.00"), "Cor Controller")
    budget.set_budget(db, actors.beheerder, 2026, "wmo", "02", 550_000)
    budget.set_budget(db, actors.beheerder, 2026, "wmo", "02", 550_000)  # the same again: nothing to log
    budget.set_budget(db, actors.controller, 2026, Law.JEUGDWET, "45", 0)  # in the iJw list, no product yet
    assert stored(db) == [(2026, Law.JEUGDWET, "45", 0), (2026, Law.WMO, "02", 550_000)]
    read = budget.list_budgets(db, actors.controller, 2026)
    assert [(b.law_label, b.label, b.amount_cents, b.set_by) for b in read] == [
        ("Wmo 2015", "02 Begeleiding", 550_000, "Bea Beheerder"), ("Jeugdwet", "45 Jeugdhulp ambulant", 0,
                                                                   "Cor Controller")]
    assert budget.list_budgets(db, actors.controller, 2025) == []
    groups = budget.budget_groups(db, actors.beheerder, 2027)  # every product's group, none set yet
    assert [(g.law, g.category_code, g.amount_cents) for g in groups] == [(Law.WMO, "02", None)]
    was = budget.remove_budget(db, actors.controller, 2026, Law.WMO, "02")
    assert was.amount_cents == 550_000
    assert stored(db) == [(2026, Law.JEUGDWET, "45", 0)]
    with db.read() as s:
        lines = s.exec(select(AuditEntry).where(col(AuditEntry.action).like("begroting.%"))
                       .order_by(col(AuditEntry.id))).all()
    assert [(e.action, e.username) for e in lines] == [
        ("begroting.vastgesteld", "t.controller"), ("begroting.vastgesteld", "t.beheerder"),
        ("begroting.vastgesteld", "t.controller"), ("begroting.verwijderd", "t.controller")]
    changes = [json.loads(e.changes) for e in lines]
    assert changes[0] == {"jaar": [None, 2026], "law": [None, "wmo"], "productgroep": [None, "02 Begeleiding"],
                          "begroting": [None, 500_000]}
    assert changes[1]["begroting"] == [500_000, 550_000]
    assert changes[3]["begroting"] == [550_000, None]
    assert audit_text.describe(changes[1]) == ("Begroting: € 5.000,00 → € 5.500,00; Jaar: 2026; Wet: Wmo 2015; "
                                               "Productgroep: 02 Begeleiding")
    assert audit_text.action_text("begroting.verwijderd") == "Begroting verwijderd"
    # the accident undone: set again from the amount the log keeps
    budget.set_budget(db, actors.controller, 2026, Law.WMO, "02", changes[3]["begroting"][0])
    assert (2026, Law.WMO, "02", 550_000) in stored(db)


def test_the_controller_sets_and_reads_and_the_report_needs_report_rights(any_db, any_actors, setting):
    db, actors = any_db, any_actors
    budget.set_budget(db, actors.controller, 2026, Law.WMO, "02", 123_456)
    assert budget.list_budgets(db, actors.controller, 2026)[0].amount == E("1234.56")
    r = report(db, actors.controller)
    assert r.rows == (("Wmo 2015", "02 Begeleiding", E("1234.56"), E("0.00"), E("0.00"), E("0.00"), E("-1234.56"),
                       None),)
    assert report(db, actors.casusregisseur).rows == r.rows
    with pytest.raises(PermissionDenied):  # the beheerder keeps the budget but sees no reports
        report(db, actors.beheerder)


def test_the_report_reads_the_summary_in_a_few_queries(any_db, any_actors, setting, after_the_year):
    """The figures come from month_total: the number of statements does not grow with the decisions."""
    db, actors = any_db, any_actors
    year_of_care(db, actors, setting)
    budgets(db, actors.controller)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        report(db, actors.controller)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 6
    assert not any("realisation" in s.lower().split("from", 1)[-1] for s in statements)


def test_the_demo_has_budgets_with_one_or_two_groups_over(db, today):
    """The demo sets a budget per law and product group for this year and the last, from its own realisation: one or
    two groups are forecast to pass theirs in a named month, the others stay within."""
    from db.models import User
    from desktop.core.access.actor import Actor
    from desktop.core.demo.generator import generate_demo

    generate_demo(db, 300, seed=5, today=today)
    with db.read() as s:
        user = s.exec(select(User).where(User.role == "controller")).first()
        years = sorted({b.year for b in s.exec(select(Budget))})
    assert years == [today.year - 1, today.year]
    controller = Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")
    r = registry.run(db, controller, "begroting", ReportFilter(as_of=today))
    groups = [row for row in r.rows if row[1] != budget.NO_GROUP_LABEL]
    assert len(groups) >= 3 and all(row[2] is not None for row in groups)
    over = [row for row in groups if row[7] is not None]
    assert 1 <= len(over) <= 2
    assert all(row[6] > 0 for row in over) and all(row[6] < 0 for row in groups if row[7] is None)
    assert budget.list_budgets(db, controller, today.year - 1)
