"""The Aanbiedermonitor against figures worked out by hand, on the small fixed world of tests/unit/provider_setting.py
(2026, peildatum 23 November): two aanbieders, two residents, a wijziging, evaluations on time and late."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from sqlmodel import select

from db.models import AuditEntry
from db.models.enums import Complexity, Law
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import NotFoundError
from desktop.core.reports import providers, registry
from desktop.core.reports.filters import ReportFilter
from desktop.letters.provider_sheet import render_provider_sheet
from tests.unit.provider_setting import BSNS, SURNAMES, build_world

YEAR = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), as_of=date(2026, 11, 23))
H = Decimal


@pytest.fixture
def world(any_db, any_actors, setting):
    return build_world(any_db, any_actors, setting)


def run(db, actor, **changes):
    return registry.run(db, actor, "aanbieders", replace(YEAR, **changes))


def test_the_figures_per_aanbieder_worked_out_by_hand(any_db, any_actors, world):
    r = run(any_db, any_actors.controller)
    assert [row[0] for row in r.rows] == ["Thuiszorg Oost", "Zorggroep De Linde"]
    linde = dict(zip((c.key for c in r.columns), r.find("aanbieder", "Zorggroep De Linde"), strict=True))
    assert linde == {
        "aanbieder": "Zorggroep De Linde",
        "clienten": 2,  # Jansen (d1) and Pieters (d2, d3)
        "trajecten": 2,  # d1, and d2 with its wijziging d3
        "gerealiseerd_uren": H(76),  # 48 + 20 + 8
        "bedrag": H("4960.00"),  # 48 × 62,50 + 20 × 70 + 8 × 70
        "kosten_per_traject": H("2480.00"),  # 4960 / 2
        "geindiceerd_per_traject": H("3850.00"),  # (56 × 62,50 + 20 × 70 + 40 × 70) / 2 = 7700 / 2
        "afgesproken_tarief": H("66.38"),  # 7700 / (56 + 20 + 40) hours
        "gerealiseerd_tarief": H("65.26"),  # 4960 / 76 hours
        "pct_behaald": H("50.0"),  # d1 behaald (its later evaluation), d3 niet; vervallen left out
        "evaluaties_op_tijd": H("75.0"),  # 30 Mar, 1 Jul, 1 Jun on time; 1 Oct not held; 1 Dec not yet due
        "no_show_uren": H(6),
        "ongebruikt_uren": H(40),  # d1 56 - 48, d3 40 - 8; d2 was replaced, not ended
    }
    oost = r.find("aanbieder", "Thuiszorg Oost")
    assert oost == ("Thuiszorg Oost", 1, 1, H(8), H("480.00"), H("480.00"), H("3360.00"), H("60.00"), H("60.00"),
                    H("100.0"), H("0.0"), H(0), H(0))  # d4 runs on past the peildatum: nothing unused yet
    assert r.totals[:5] == ("Totaal", 2, 3, H(84), H("5440.00"))  # Jansen counts once for both aanbieders
    assert r.chart.categories == ("Thuiszorg Oost", "Zorggroep De Linde")
    assert [s.values for s in r.chart.series] == [(480.0, 2480.0), (3360.0, 3850.0)]


def test_the_monitor_of_one_aanbieder(any_db, any_actors, world):
    m = providers.monitor(any_db, any_actors.controller, world["linde"], YEAR)
    p = m.figures
    assert (p.name, p.clients, p.trajectories, p.realised_hours, p.realised_money) == (
        "Zorggroep De Linde", 2, 2, H(76), H("4960.00"))
    assert (p.indicated_hours, p.indicated_money) == (H(116), H("7700.00"))
    assert (p.behaald, p.deels, p.niet, p.vervallen, p.achieved_pct) == (1, 0, 1, 1, H("50.0"))
    assert (p.evaluations_due, p.evaluations_on_time, p.on_time_pct) == (4, 3, H("75.0"))
    assert (p.ended_decisions, p.unused_hours, p.no_show_hours) == (2, H(40), H(6))
    assert [q.label for q in m.quarters] == ["K1 2026", "K2 2026", "K3 2026", "K4 2026"]
    k1, k2, k3, k4 = m.quarters
    # K1: d1 (10 + 10 + 9 h at 62,50) and d2 (10 h at 70): 2 trajectories
    assert (k1.trajectories, k1.realised_hours, k1.realised_money, k1.cost_per_trajectory, k1.realised_tariff) == (
        2, H(39), H("2512.50"), H("1256.25"), H("64.42"))
    # K2: d1 (4 + 4 + 5 + 6 h), d2 (10 h) and its wijziging d3 (8 h): still 2 trajectories
    assert (k2.trajectories, k2.realised_hours, k2.realised_money, k2.cost_per_trajectory) == (
        2, H(37), H("2447.50"), H("1223.75"))
    # K3: d1 until 19 July and d3, whose predecessor no longer ran in K3; nothing realised
    assert (k3.trajectories, k3.realised_money, k3.cost_per_trajectory, k3.realised_tariff) == (2, H(0), H(0), None)
    assert (k4.trajectories, k4.cost_per_trajectory) == (0, None)
    assert [(x.product, x.behaald, x.deels, x.niet, x.vervallen, x.achieved_pct) for x in m.products] == [
        ("02A08 Begeleiding individueel", 1, 0, 1, 1, H("50.0"))]
    # a span of one quarter: the trend still shows the year up to that quarter
    q2 = providers.monitor(any_db, any_actors.controller, world["linde"],
                           replace(YEAR, date_from=date(2026, 4, 1), date_to=date(2026, 6, 30)))
    assert [q.label for q in q2.quarters] == ["K1 2026", "K2 2026"]
    assert (q2.figures.trajectories, q2.figures.realised_hours, q2.figures.ended_decisions) == (2, H(37), 0)
    assert q2.figures.evaluations_due == 2  # planned 1 April and 1 June


def test_filters_narrow_the_monitor(any_db, any_actors, world):
    only = run(any_db, any_actors.controller, aanbieder_id=world["oost"])
    assert [row[0] for row in only.rows] == ["Thuiszorg Oost"]
    level = run(any_db, any_actors.controller, complexity=Complexity.ZW)
    assert level.rows == (("Zorggroep De Linde", 1, 1, H(28), H("1960.00"), H("1960.00"), H("4200.00"), H("70.00"),
                           H("70.00"), H("0.0"), H("50.0"), H(0), H(32)),)
    assert run(any_db, any_actors.controller, law=Law.JEUGDWET).rows == ()
    everything = run(any_db, any_actors.controller)
    mine = run(any_db, any_actors.controller, consulent_id=any_actors.consulent.user_id)
    assert mine.rows == everything.rows and mine.totals == everything.totals  # every casus is hers
    assert run(any_db, any_actors.controller, consulent_id=any_actors.consulent2.user_id).rows == ()
    hers = providers.monitor(any_db, any_actors.controller, world["linde"],
                             replace(YEAR, consulent_id=any_actors.consulent.user_id))
    assert hers.figures == providers.monitor(any_db, any_actors.controller, world["linde"], YEAR).figures


def test_who_may_see_it(any_db, any_actors, world):
    for actor in (any_actors.consulent, any_actors.medewerker, any_actors.beheerder):
        with pytest.raises(PermissionDenied, match="mag dit niet"):
            providers.monitor(any_db, actor, world["linde"], YEAR)
        with pytest.raises(PermissionDenied):
            run(any_db, actor)
    assert providers.monitor(any_db, any_actors.casusregisseur, world["linde"], YEAR).figures.clients == 2
    with pytest.raises(NotFoundError, match="bestaat niet"):
        providers.monitor(any_db, any_actors.controller, 9999, YEAR)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_printable_sheet(any_db, any_actors, world, tmp_path):
    pdf = providers.provider_sheet_pdf(any_db, any_actors.controller, world["linde"], YEAR)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Aanbiedermonitor Zorggroep De Linde" in text
    assert "1 januari 2026 tot en met 31 december 2026" in text
    for expected in ("€ 2.480,00", "€ 66,38", "€ 65,26", "75,0 %", "K1 2026", "€ 1.256,25", "02A08 Begeleiding",
                     "Hoe is geteld", "pagina 1 van"):
        assert expected in text, expected
    for secret in (*SURNAMES, *BSNS, "boodschappen", "weekplanning"):
        assert secret not in text
    # the same content gives the same bytes
    m = providers.monitor(any_db, any_actors.controller, world["linde"], YEAR)
    content = providers.sheet_content(m, date(2026, 11, 23))
    assert render_provider_sheet(content) == render_provider_sheet(content)


def test_one_sheet_per_aanbieder_and_a_cancel_leaves_none(any_db, any_actors, world, tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    seen = []
    written = providers.write_provider_sheets(any_db, any_actors.controller, YEAR, folder,
                                              progress=lambda done, total: seen.append((done, total)))
    assert [p.name for p in written.files] == ["Aanbiedermonitor Thuiszorg Oost 2026-01 t-m 2026-12.pdf",
                                               "Aanbiedermonitor Zorggroep De Linde 2026-01 t-m 2026-12.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in written.files]
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert "Thuiszorg Oost" in _text(written.files[0].read_bytes())
    with any_db.read() as s:
        logged = s.exec(select(AuditEntry).where(AuditEntry.action == "rapportage.geexporteerd")).all()
    assert len(logged) == 1 and '"aanbieders"' in logged[0].changes and '"pdf"' in logged[0].changes

    other = tmp_path / "afgebroken"
    other.mkdir()
    with pytest.raises(providers.SheetsCancelled, match="afgebroken"):
        providers.write_provider_sheets(any_db, any_actors.controller, YEAR, other,
                                        progress=lambda done, total: done < 1)
    assert list(other.iterdir()) == []
    for actor in (any_actors.consulent, any_actors.medewerker):
        with pytest.raises(PermissionDenied):
            providers.write_provider_sheets(any_db, actor, YEAR, other)
    assert list(other.iterdir()) == []


def test_one_sheet_saved_by_hand(any_db, any_actors, world, tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    target = providers.save_provider_sheet(any_db, any_actors.controller, world["oost"], YEAR, folder / "oost")
    assert target.name == "oost.pdf" and target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in folder.iterdir()] == ["oost.pdf"]
