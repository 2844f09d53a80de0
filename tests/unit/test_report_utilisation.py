"""Utilisation of running decisions at this point of their term, against figures worked out by hand.

Three decisions of 8 hours per four weeks from Monday 1 June 2026, one per aanbieder, seen on 23 November 2026:
the last whole month is October. By 31 October periods 1-5 (1 June - 18 October) have passed whole (5 × 480
minutes) and period 6 (19 October - 15 November) for 13 of its 28 days: 480 × 13 // 28 = 222 minutes. Indicated
up to now: 2,622 minutes = 43,70 hours.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.reports import registry
from desktop.core.reports.filters import ReportFilter
from tests.unit.decision_setting import add_provider, established

H = Decimal
SEEN = ReportFilter(as_of=date(2026, 11, 23))


@pytest.fixture
def three(any_db, any_actors, setting):
    made = {}
    for name, agb, hours in (("Aanbieder Laag", "10000001", 10), ("Aanbieder Midden", "10000002", 30),
                             ("Aanbieder Vol", "10000003", 42)):
        provider = add_provider(any_db, setting, name, agb)
        d = established(any_db, any_actors, setting, aanbieder_id=provider, start_date=date(2026, 6, 1),
                        period_count=13)
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 10, 1), hours)
        made[name] = d
    # hours booked in November are after the last whole month and do not count yet
    ledger.add_realisation(any_db, any_actors.medewerker, made["Aanbieder Laag"].id, date(2026, 11, 2), 20)
    return made


def test_the_distribution_per_aanbieder(any_db, any_actors, three):
    r = registry.run(any_db, any_actors.controller, "benutting", SEEN)
    assert r.rows == (
        ("Aanbieder Laag", 1, 1, 0, 0, 0, H("0.0"), H("43.70"), H(10), H("22.9")),  # 600 / 2622
        ("Aanbieder Midden", 1, 0, 1, 0, 0, H("0.0"), H("43.70"), H(30), H("68.6")),  # 1800 / 2622
        ("Aanbieder Vol", 1, 0, 0, 1, 0, H("100.0"), H("43.70"), H(42), H("96.1")),  # 2520 / 2622
    )
    assert r.totals == ("Totaal", 3, 1, 1, 1, 0, H("33.3"), H("131.10"), H(82), H("62.5"))
    assert [s.name for s in r.chart.series] == ["onder 50 %", "50–90 %", "90–100 %", "boven 100 %"]
    assert r.chart.series[2].values == (0.0, 0.0, 1.0)
    assert any("oktober 2026" in note for note in r.notes)


def test_above_the_pace_ended_and_not_yet_running(any_db, any_actors, setting, three):
    # seen in December, November is whole and Laag's November hours count
    later = registry.run(any_db, any_actors.controller, "benutting", replace(SEEN, as_of=date(2026, 12, 10)))
    # by 30 November: periods 1-6 whole (2,880 minutes) and 15 of period 7's 28 days: 480 × 15 // 28 = 257
    assert later.find("groep", "Aanbieder Laag")[7:] == (H("52.28"), H(30), H("57.4"))  # 1800 / 3137
    # ending Vol on 1 November takes it out of the running decisions
    lifecycle.end_decision(any_db, any_actors.consulent, three["Aanbieder Vol"].id, date(2026, 11, 1),
                           reason_code="21", explanation="Doelen bereikt.")
    r = registry.run(any_db, any_actors.controller, "benutting", SEEN)
    assert [row[0] for row in r.rows] == ["Aanbieder Laag", "Aanbieder Midden"]
    # a decision that starts in November has no whole month behind it yet
    provider = add_provider(any_db, setting, "Aanbieder Nieuw", "10000004")
    established(any_db, any_actors, setting, aanbieder_id=provider, start_date=date(2026, 11, 2))
    assert len(registry.run(any_db, any_actors.controller, "benutting", SEEN).rows) == 2


def test_per_decision_and_filters(any_db, any_actors, three):
    per_decision = registry.run(any_db, any_actors.casusregisseur, "benutting", replace(SEEN, group="beschikking"))
    assert sorted(row[0] for row in per_decision.rows) == sorted(d.toewijzing_nummer for d in three.values())
    only = registry.run(any_db, any_actors.controller, "benutting",
                        replace(SEEN, aanbieder_id=three["Aanbieder Vol"].aanbieder_id))
    assert [row[0] for row in only.rows] == ["Aanbieder Vol"]
    nobody = registry.run(any_db, any_actors.controller, "benutting",
                          replace(SEEN, consulent_id=any_actors.consulent2.user_id))
    assert nobody.rows == () and nobody.totals[1] == 0
    with pytest.raises(PermissionDenied):
        registry.run(any_db, any_actors.medewerker, "benutting", SEEN)
