"""Realisation against indication, against figures worked out by hand: the regional worked example (56 hours in
seven periods of four weeks, realised 10, 10, 9, 4, 4, 5, 6 at € 62,50), and the monthly summary the report reads
staying true through bookings, corrections, a wijziging and an ending."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from db.models import Aanbieder, Contract, DecisionMonth, MonthTotal, Tariff
from db.models.base import table
from db.models.enums import Complexity, Law
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle, months
from desktop.core.errors import ValidationError
from desktop.core.reports import registry
from desktop.core.reports.filters import ReportFilter
from tests.unit.decision_setting import START, established, regional_input

YEAR = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), as_of=date(2026, 11, 23))
H = Decimal


def worked_example(db, actors, setting):
    d = established(db, actors, setting)
    for number, hours in enumerate((10, 10, 9, 4, 4, 5, 6)):
        ledger.add_realisation(db, actors.medewerker, d.id, START + timedelta(days=28 * number + 2), hours)
    return d


def report(db, actor, **changes):
    return registry.run(db, actor, "realisatie", replace(YEAR, **changes))


def test_the_worked_example_per_period(any_db, any_actors, setting):
    worked_example(any_db, any_actors, setting)
    r = report(any_db, any_actors.controller, group="periode")
    assert [r.value(i, "groep") for i in range(len(r.rows))] == [f"Periode {n}" for n in range(1, 8)]
    assert [r.value(i, "geindiceerd_uren") for i in range(7)] == [H(8)] * 7
    assert [r.value(i, "gerealiseerd_uren") for i in range(7)] == [H(10), H(10), H(9), H(4), H(4), H(5), H(6)]
    assert [r.value(i, "benutting") for i in range(7)] == [H("125.0"), H("125.0"), H("112.5"), H("50.0"),
                                                            H("50.0"), H("62.5"), H("75.0")]
    assert r.value(0, "gerealiseerd_bedrag") == H("625.00")  # 10 × € 62,50
    assert r.totals == ("Totaal", None, H(56), H(48), H("85.7"), H(0), H("3500.00"), H("3000.00"))


def test_the_worked_example_per_month_and_per_aanbieder(any_db, any_actors, setting):
    worked_example(any_db, any_actors, setting)
    r = report(any_db, any_actors.controller, group="maand")
    by_month = {row[0]: row for row in r.rows}
    # booked on 7 Jan, 4 Feb, 4 Mar, 1 Apr, 29 Apr, 27 May, 24 Jun
    assert [by_month[m][3] for m in ("januari 2026", "februari 2026", "maart 2026", "april 2026", "mei 2026",
                                     "juni 2026")] == [H(10), H(10), H(9), H(8), H(5), H(6)]
    # period 1 runs 5 Jan - 1 Feb: 27 of its 28 days in January, 480 × 27 // 28 = 462 minutes = 7,70 hours
    assert by_month["januari 2026"][2] == H("7.70")
    # period 7 runs 22 Jun - 19 Jul: 480 × 9 // 28 = 154 minutes in June, 326 in July = 5,43 hours
    assert by_month["juli 2026"][2:4] == (H("5.43"), H(0))
    assert by_month["januari 2026"][7] == H("625.00")
    assert r.totals[2:4] == (H(56), H(48))  # (the rows, each rounded to the cent of an hour, add up to 56,01)
    per_provider = report(any_db, any_actors.casusregisseur)  # the first choice: per aanbieder
    assert per_provider.rows == (("Zorggroep De Linde", 1, H(56), H(48), H("85.7"), H(0), H("3500.00"),
                                  H("3000.00")),)
    level = report(any_db, any_actors.controller, group="niveau")
    assert level.rows[0][0] == "M (midden)" and level.rows[0][3] == H(48)


def test_filters_narrow_the_figures(any_db, any_actors, setting):
    d = worked_example(any_db, any_actors, setting)
    with any_db.write() as s:  # a second provider for the same product, with 8 hours realised
        other = Aanbieder(name="Thuiszorg Oost", agb_code="11112222")
        s.add(other)
        s.flush()
        s.add(Contract(aanbieder_id=other.id, product_id=setting["product"], valid_from=date(2025, 1, 1)))
        s.add(Tariff(product_id=setting["product"], aanbieder_id=other.id, complexity=Complexity.M,
                     amount_cents=6000, valid_from=date(2025, 1, 1)))
        other_id = other.id
    second = established(any_db, any_actors, setting, aanbieder_id=other_id, start_date=date(2026, 3, 2))
    ledger.add_realisation(any_db, any_actors.medewerker, second.id, date(2026, 3, 10), 8)
    both = report(any_db, any_actors.controller)
    assert both.totals[1:4] == (2, H(112), H(56))
    only = report(any_db, any_actors.controller, aanbieder_id=other_id)
    assert only.rows == (("Thuiszorg Oost", 1, H(56), H(8), H("14.3"), H(0), H("3360.00"), H("480.00")),)
    assert report(any_db, any_actors.controller, law=Law.JEUGDWET).rows == ()
    # the span counts whole months: March alone holds period 3 of the first (9 h) and the second's 8 h
    march = report(any_db, any_actors.controller, date_from=date(2026, 3, 10), date_to=date(2026, 3, 20))
    assert march.totals[3] == H(17)
    mine = report(any_db, any_actors.controller, consulent_id=any_actors.consulent.user_id)
    assert mine.totals[3] == H(56)
    assert report(any_db, any_actors.controller, consulent_id=any_actors.consulent2.user_id).totals[3] == H(0)
    assert d.id != second.id


def test_who_may_see_it_and_bad_choices(any_db, any_actors, setting):
    worked_example(any_db, any_actors, setting)
    for actor in (any_actors.consulent, any_actors.medewerker, any_actors.beheerder):
        with pytest.raises(PermissionDenied, match="mag dit niet"):
            report(any_db, actor)
    with pytest.raises(ValidationError, match="Kies per"):
        report(any_db, any_actors.controller, group="postcode")
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        report(any_db, any_actors.controller, date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="Er is geen rapportage 'omzet'"):
        registry.run(any_db, any_actors.controller, "omzet", YEAR)


def _summary(db):
    with db.read() as s:
        c = s.connection()
        rows = sorted(tuple(r) for r in c.execute(sa.select(table(DecisionMonth))))
        stored = sorted(tuple(r) for r in c.execute(sa.select(table(MonthTotal))))
        expected = sorted(tuple(r) for r in c.execute(months.totals_from_months()))
    return rows, stored, expected


def _recounted(db):
    with db.read() as s:
        names = [c.name for c in table(DecisionMonth).columns]
        return sorted(tuple(r[n] for n in names) for rows, _ in months.recount_all(s.connection()) for r in rows)


def test_the_summary_follows_every_change_of_the_ledger(any_db, any_actors, setting):
    d = worked_example(any_db, any_actors, setting)
    with any_db.read() as s:
        entries = sorted(ledger.entries_of(s, d.id), key=lambda e: e.service_date)
    ledger.correct_realisation(any_db, any_actors.medewerker, entries[0].id, 7, reason="typefout in de declaratie")
    ledger.delete_realisation(any_db, any_actors.medewerker, entries[1].id, reason="dubbel ingevoerd")
    ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 2, 3)  # 2 Feb - 1 Mar: split over months
    rows, stored, expected = _summary(any_db)
    assert rows == _recounted(any_db)  # the hook's summary is the full recount
    assert stored == expected  # and the month totals are its sums
    per_period = registry.run(any_db, any_actors.controller, "realisatie", replace(YEAR, group="periode"))
    # period 1 lost 3 of its 10 hours, period 2 its 10 and got the 3 booked for the period
    assert [row[3] for row in per_period.rows] == [H(7), H(3), H(9), H(4), H(4), H(5), H(6)]
    r = report(any_db, any_actors.controller, group="maand")
    assert r.totals[3] == H(7 + 9 + 4 + 4 + 5 + 6 + 3)
    # a wijziging from 1 April: the old decision ends on 31 March, its later hours move to the new one
    new = lifecycle.change_decision(any_db, any_actors.consulent, d.id,
                                    regional_input(setting, start_date=date(2026, 4, 1), period_count=4),
                                    reason_code="04", explanation="Afschalen na evaluatie.")
    lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 3, 30))
    rows, stored, expected = _summary(any_db)
    assert rows == _recounted(any_db) and stored == expected
    after = report(any_db, any_actors.controller, group="maand")
    assert after.totals[3] == H(38)  # nothing realised is lost or counted twice
    # indicated: the old decision until 31 March, the new one's 32 hours from 1 April
    old_part = sum(row[2] for row in after.rows if row[0] in ("januari 2026", "februari 2026", "maart 2026"))
    assert sum(row[2] for row in after.rows) == old_part + H(32)
