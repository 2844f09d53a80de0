"""The Aanbiedermonitor against figures worked out by hand, on a small fixed world in 2026 (peildatum 23 November):

Zorggroep De Linde (product 02A08):
  d1  Jansen   M   € 62,50   5 Jan - 19 Jul   7 × 8 h = 56 h   realised 10, 10, 9, 4, 4, 5, 6 = 48 h (the 6 a no-show)
  d2  Pieters  ZW  € 70,00   2 Mar - 26 Apr   (4 × 10 h, replaced from 27 Apr: 2 periods = 20 h in force)  realised 10 + 10
  d3  Pieters  ZW  € 70,00  27 Apr - 16 Aug   4 × 10 h = 40 h  the wijziging of d2                      realised 8
Thuiszorg Oost (same product):
  d4  Jansen   M   € 60,00   1 Jun - 13 Dec   7 × 8 h = 56 h   realised 8 (still running on the peildatum)

Evaluations (written as rows; the moments vaststellen made are removed first):
  d1: planned 1 Apr held 30 Mar (deels), planned 1 Jul held 1 Jul (behaald)
  d3: planned 1 Jun held 1 Jun (niet, vervallen), planned 1 Oct not held (late), planned 1 Dec not held (not due)
  d4: planned 1 Sep held 15 Sep (behaald)
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from sqlmodel import col, delete, select

from db.models import Aanbieder, AuditEntry, Casus, Contract, Evaluation, EvaluationResult, Resident
from db.models.enums import Complexity, EvaluationOutcome, Law, LifeDomain, ResultStatus
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.errors import NotFoundError
from desktop.core.plans import versions
from desktop.core.reports import providers, registry
from desktop.core.reports.filters import ReportFilter
from desktop.letters.provider_sheet import render_provider_sheet
from tests.unit.decision_setting import START, established, regional_input

YEAR = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), as_of=date(2026, 11, 23))
H = Decimal
SURNAMES = ("Jansen", "Pieters")
BSNS = ("999900006", "999900018")


def second_resident(db, a, setting) -> dict:
    """Pieters, with an agreed plan of two results, in a casus of their own."""
    with db.write() as s:
        resident = Resident(client_number="K0000002", bsn="999900018", initials="P.", surname="Pieters",
                            search_name="pieters", date_of_birth=date(1962, 7, 1), consulent_id=a.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=Law.WMO, melding_date=date(2026, 1, 10),
                      consulent_id=a.consulent.user_id)
        s.add(casus)
        s.flush()
        casus_id = casus.id
    draft = versions.start_draft(db, a.consulent, casus_id)
    data = versions.PlanInput(question="Ik wil mijn eigen boodschappen weer doen.", goals=[versions.GoalInput(
        "Zelf naar de winkel", LifeDomain.TIJDSBESTEDING,
        [versions.ResultInput("Mevrouw doet twee keer per week zelf boodschappen.", "Bonnetjes", date(2026, 6, 1),
                              ["inwoner"], 1),
         versions.ResultInput("Mevrouw kookt drie keer per week.", "Weekmenu", date(2026, 9, 1), ["inwoner"], 2)])])
    doc, _ = versions.save_draft(db, a.consulent, draft.plan.id, data, draft.plan.version)
    doc = versions.agree(db, a.consulent, doc.plan.id, date(2026, 2, 1), doc.plan.version)
    return {**setting, "casus": casus_id, "plan": doc.plan.id,
            "results": [r.id for g in doc.view.goals for r in g.results]}


def evaluation(s, decision, planned, done=None, statuses=()):
    e = Evaluation(casus_id=decision.casus_id, beschikking_id=decision.id, planned_date=planned, done_date=done,
                   outcome=EvaluationOutcome.VOORTZETTEN if done else None)
    s.add(e)
    s.flush()
    for result_id, status in statuses:
        s.add(EvaluationResult(evaluation_id=e.id, result_id=result_id, status=status))


@pytest.fixture
def world(any_db, any_actors, setting):
    db, a = any_db, any_actors
    pieters = second_resident(db, a, setting)
    with db.write() as s:
        oost = Aanbieder(name="Thuiszorg Oost", agb_code="11112222")
        s.add(oost)
        s.flush()
        s.add(Contract(aanbieder_id=oost.id, product_id=setting["product"], valid_from=date(2025, 1, 1)))
        oost_id = oost.id
    d1 = established(db, a, setting)
    for number, hours in enumerate((10, 10, 9, 4, 4, 5, 6)):
        ledger.add_realisation(db, a.medewerker, d1.id, date.fromordinal(START.toordinal() + 28 * number + 2), hours,
                               no_show=hours == 6)
    d2 = lifecycle.create_decision(db, a.consulent, pieters["casus"], regional_input(
        pieters, complexity=Complexity.ZW, start_date=date(2026, 3, 2), period_count=4, hours_per_period=10,
        tariff=H(70)))
    d2 = lifecycle.establish(db, a.consulent, d2.id, date(2026, 2, 25))
    ledger.add_realisation(db, a.medewerker, d2.id, date(2026, 3, 10), 10)
    ledger.add_realisation(db, a.medewerker, d2.id, date(2026, 4, 7), 10)
    d3 = lifecycle.change_decision(db, a.consulent, d2.id, regional_input(
        pieters, complexity=Complexity.ZW, start_date=date(2026, 4, 27), period_count=4, hours_per_period=10,
        tariff=H(70)), reason_code="04", explanation="Opschalen na de eerste evaluatie.")
    d3 = lifecycle.establish(db, a.consulent, d3.id, date(2026, 4, 20))
    ledger.add_realisation(db, a.medewerker, d3.id, date(2026, 5, 12), 8)
    d4 = established(db, a, setting, aanbieder_id=oost_id, start_date=date(2026, 6, 1), tariff=H(60))
    ledger.add_realisation(db, a.medewerker, d4.id, date(2026, 6, 10), 8)
    r1, (r2a, r2b) = setting["results"][0], pieters["results"]
    with db.write() as s:
        s.exec(delete(Evaluation).where(col(Evaluation.beschikking_id).in_([d1.id, d2.id, d3.id, d4.id])))
        evaluation(s, d1, date(2026, 4, 1), date(2026, 3, 30), [(r1, ResultStatus.DEELS)])
        evaluation(s, d1, date(2026, 7, 1), date(2026, 7, 1), [(r1, ResultStatus.BEHAALD)])
        evaluation(s, d3, date(2026, 6, 1), date(2026, 6, 1), [(r2a, ResultStatus.NIET), (r2b, ResultStatus.VERVALLEN)])
        evaluation(s, d3, date(2026, 10, 1))
        evaluation(s, d3, date(2026, 12, 1))
        evaluation(s, d4, date(2026, 9, 1), date(2026, 9, 15), [(r1, ResultStatus.BEHAALD)])
    return {"linde": setting["provider"], "oost": oost_id, "decisions": (d1, d2, d3, d4)}


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
