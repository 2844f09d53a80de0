"""Uitkomsten: the change in ZRM score per life domain from the agreed plan to the latest evaluation, and the share
of results achieved, against figures worked out by hand on three small trajectories; accounts only for a role that
may read them, and never a name, BSN or plan text in the report.

The trajectories (every decision runs from Monday 5 January 2026; all dates lie before any test day):

  D1  Jansen, Wmo, De Linde, 02A08.  Plan: Financiën 2, Tijdsbesteding 3 (Huisvesting looked at, no score).
      E1  7 Apr: Financiën 3, Tijdsbesteding 3; results r1 deels, r2 niet, r3 deels.
      E2  7 Jul: Financiën 4 (Tijdsbesteding not scored); r1 behaald, r2 vervallen, r3 behaald.
  D2  Pelgrom, Wmo, Berkelland, 02A08.  Plan: Financiën 3, Sociaal netwerk 2.
      E3 12 May: Financiën 2, Sociaal netwerk 4; r4 behaald, r5 niet (a summary, no account).
  D3  de Vries, Jeugdwet, Berkelland, 45A01.  Plan: Tijdsbesteding 1.
      E4 15 Sep: Tijdsbesteding 2; r6 deels.
      E5 10 Nov: Tijdsbesteding 4; r6 behaald (after the span of most tests).

Over 1 January - 31 October 2026 the measurements (plan -> latest) are: D1 Financiën 2 -> 4 (E2), D1
Tijdsbesteding 3 -> 3 (E1: E2 did not score it), D2 Financiën 3 -> 2, D2 Sociaal netwerk 2 -> 4, D3
Tijdsbesteding 1 -> 2. Results at each decision's latest evaluation: D1 behaald 2, vervallen 1; D2 behaald 1,
niet 1; D3 deels 1.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import Aanbieder, Beschikking, Casus, Contract, Evaluation, Product, Resident, Tariff
from db.models.enums import Complexity, DecisionStatus, EvaluationOutcome, IndicationCategory, Law, LifeDomain
from desktop.core.decisions import lifecycle
from desktop.core.errors import ValidationError
from desktop.core.evaluations import recording
from desktop.core.plans import versions
from desktop.core.reports import outcomes, registry
from desktop.core.reports.base import ChartKind
from desktop.core.reports.filters import REPORTED_STATUSES, ReportFilter

D = Decimal
SPAN = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 10, 31))
START = date(2026, 1, 5)
FIN, TIJD, SOC, HUIS = (LifeDomain.FINANCIEN, LifeDomain.TIJDSBESTEDING, LifeDomain.SOCIAAL_NETWERK,
                        LifeDomain.HUISVESTING)
QUESTIONS = ("Ik wil weer grip op mijn geld en mijn week.", "Ik wil minder alleen zijn.",
             "Ik wil weer naar school kunnen.")
SURNAMES = ("Jansen", "Pelgrom", "Vries")
BSNS = ("999900006", "999900018", "999900031")
CLIENT_NUMBERS = ("K0000100", "K0000101", "K0000102")


def _resident(db, a, n: int, law: Law) -> int:
    with db.write() as s:
        resident = Resident(client_number=CLIENT_NUMBERS[n], bsn=BSNS[n], initials="A.", surname=SURNAMES[n],
                            prefix="de" if n == 2 else None, search_name=SURNAMES[n].lower(),
                            date_of_birth=date(2012, 5, 6) if law is Law.JEUGDWET else date(1960, 5, 6),
                            consulent_id=a.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=law, melding_date=date(2025, 11, 1),
                      consulent_id=a.consulent.user_id)
        s.add(casus)
        s.flush()
        return casus.id


def _plan(db, a, casus_id: int, question: str, scores: dict, goals: list) -> tuple[int, list[int]]:
    """An agreed plan: domains with their scores (None: looked at, not scored), goals as (domain, [results])."""
    draft = versions.start_draft(db, a.consulent, casus_id)
    data = versions.PlanInput(
        question=question, domains=[versions.DomainInput(d, True, score) for d, score in scores.items()],
        goals=[versions.GoalInput(f"Doel {i + 1}", domain, [versions.ResultInput(text, "", None, ["inwoner"], 2)
                                                              for text in results])
               for i, (domain, results) in enumerate(goals)])
    doc, _ = versions.save_draft(db, a.consulent, draft.plan.id, data, draft.plan.version)
    doc = versions.agree(db, a.consulent, doc.plan.id, date(2025, 12, 15), doc.plan.version)
    return doc.plan.id, [r.id for g in doc.view.goals for r in g.results]


def _decision(db, a, casus_id, plan_id, results, product_id, aanbieder_id) -> int:
    data = lifecycle.DecisionInput(plan_id=plan_id, result_ids=results, product_id=product_id,
                                   aanbieder_id=aanbieder_id, complexity=Complexity.M,
                                   category=IndicationCategory.INTENSIEF, start_date=START, period_weeks=4,
                                   period_count=7, hours_per_period=D(4), motivation="Begeleiding.")
    return lifecycle.create_decision(db, a.consulent, casus_id, data, establish_on=date(2026, 1, 2)).id


def _evaluate(db, a, casus_id, decision_id, done: date, scores: dict, results: list, summary: str = "") -> None:
    """A held evaluation: a planned moment on the day, recorded through the core."""
    with db.write() as s:
        moment = Evaluation(casus_id=casus_id, beschikking_id=decision_id, planned_date=done)
        s.add(moment)
        s.flush()
        moment_id = moment.id
    recording.record_evaluation(db, a.consulent, moment_id, recording.EvaluationInput(
        done_date=done, outcome=EvaluationOutcome.VOORTZETTEN, scores=scores, summary=summary,
        results=[recording.ResultAssessment(rid, status, account) for rid, status, account in results]))


@pytest.fixture
def world(any_db, any_actors) -> dict:
    db, a = any_db, any_actors
    with db.write() as s:
        wmo = Product(law=Law.WMO, category_code="02", code="02A08", name="Begeleiding individueel",
                      unit_code="04", frequency_code="6")
        jeugd = Product(law=Law.JEUGDWET, category_code="45", code="45A01", name="Jeugdhulp ambulant individueel",
                        unit_code="04", frequency_code="6")
        linde = Aanbieder(name="Zorggroep De Linde", agb_code="98765432")
        berkel = Aanbieder(name="Thuiszorg Berkelland", agb_code="12345678")
        s.add_all([wmo, jeugd, linde, berkel])
        s.flush()
        for product in (wmo, jeugd):
            s.add(Tariff(product_id=product.id, complexity=Complexity.M, amount_cents=6250,
                         valid_from=date(2025, 1, 1)))
        for provider, product in ((linde, wmo), (berkel, wmo), (berkel, jeugd)):
            s.add(Contract(aanbieder_id=provider.id, product_id=product.id, valid_from=date(2025, 1, 1)))
        ids = {"wmo": wmo.id, "jeugd": jeugd.id, "linde": linde.id, "berkel": berkel.id}

    c1 = _resident(db, a, 0, Law.WMO)
    p1, (r1, r2, r3) = _plan(db, a, c1, QUESTIONS[0], {FIN: 2, TIJD: 3, HUIS: None},
                             [(TIJD, ["Een vaste weekplanning.", "Elke dag buiten."]), (FIN, ["Rekeningen op tijd."])])
    d1 = _decision(db, a, c1, p1, [r1, r2, r3], ids["wmo"], ids["linde"])
    _evaluate(db, a, c1, d1, date(2026, 4, 7), {FIN: 3, TIJD: 3},
              [(r1, "deels", "Het gaat al beter, zegt meneer JANSEN."), (r2, "niet", ""), (r3, "deels", "")])
    _evaluate(db, a, c1, d1, date(2026, 7, 7), {FIN: 4},
              [(r1, "behaald", "De planning hangt op de koelkast; nummer 999900006 staat erbij."),
               (r2, "vervallen", "Niet meer nodig."), (r3, "behaald", "")])

    c2 = _resident(db, a, 1, Law.WMO)
    p2, (r4, r5) = _plan(db, a, c2, QUESTIONS[1], {FIN: 3, SOC: 2},
                         [(SOC, ["Elke week contact met mijn zus.", "Naar de inloop."])])
    d2 = _decision(db, a, c2, p2, [r4, r5], ids["wmo"], ids["berkel"])
    _evaluate(db, a, c2, d2, date(2026, 5, 12), {FIN: 2, SOC: 4}, [(r4, "behaald", ""), (r5, "niet", "")],
              summary="Mevrouw belt haar zus nu elke week.")

    c3 = _resident(db, a, 2, Law.JEUGDWET)
    p3, (r6,) = _plan(db, a, c3, QUESTIONS[2], {TIJD: 1}, [(TIJD, ["Elke schooldag naar school."])])
    d3 = _decision(db, a, c3, p3, [r6], ids["jeugd"], ids["berkel"])
    _evaluate(db, a, c3, d3, date(2026, 9, 15), {TIJD: 2}, [(r6, "deels", "Ik ga al drie dagen.")])
    _evaluate(db, a, c3, d3, date(2026, 11, 10), {TIJD: 4}, [(r6, "behaald", "Ik ga elke dag.")])
    return ids


def run(db, actor, **changes):
    return registry.run(db, actor, "uitkomsten", replace(SPAN, **changes))


def test_per_life_domain_against_figures_by_hand(any_db, any_actors, world):
    r = run(any_db, any_actors.controller, group="domein")
    assert [c.key for c in r.columns][:6] == ["groep", "beschikkingen", "metingen", "score_plan", "score_laatst",
                                             "verandering"]
    assert [row[0] for row in r.rows] == ["Financiën", "Tijdsbesteding", "Sociaal netwerk"]  # the ZRM order
    fin, tijd, soc = r.rows
    # Financiën: D1 2 -> 4 (+2), D2 3 -> 2 (-1)
    assert fin[1:9] == (2, 2, D("2.5"), D("3.0"), D("0.5"), D("50.0"), D("0.0"), D("50.0"))
    # Tijdsbesteding: D1 3 -> 3 (its last score is from E1), D3 1 -> 2
    assert tijd[1:9] == (2, 2, D("2.0"), D("2.5"), D("0.5"), D("50.0"), D("50.0"), D("0.0"))
    assert soc[1:9] == (1, 1, D("2.0"), D("4.0"), D("2.0"), D("100.0"), D("0.0"), D("0.0"))
    # results count with their goal's domain: r1, r2 (Tijdsbesteding, D1), r3 (Financiën), r4, r5 (Sociaal
    # netwerk), r6 (Tijdsbesteding, D3)
    assert fin[9:] == (1, 0, 0, 0, D("100.0"))
    assert tijd[9:] == (1, 1, 0, 1, D("50.0"))
    assert soc[9:] == (1, 0, 1, 0, D("50.0"))
    # five measurements: plan 2+3+3+2+1 = 11, latest 4+3+2+4+2 = 15; three decisions
    assert r.totals == ("Totaal", 3, 5, D("2.2"), D("3.0"), D("0.8"), D("60.0"), D("20.0"), D("20.0"),
                        3, 1, 1, 1, D("60.0"))
    assert r.chart.kind is ChartKind.BAR
    assert r.chart.categories == ("Financiën", "Tijdsbesteding", "Sociaal netwerk")
    assert r.chart.series[0].values == (0.5, 0.5, 2.0)


def test_per_aanbieder_and_per_product(any_db, any_actors, world):
    r = run(any_db, any_actors.controller)  # the first group is the default
    assert r.columns[0].label == "Aanbieder"
    assert [row[0] for row in r.rows] == ["Thuiszorg Berkelland", "Zorggroep De Linde"]
    # Berkelland: D2 Financiën 3 -> 2, Sociaal netwerk 2 -> 4, D3 Tijdsbesteding 1 -> 2: plan 6/3, latest 8/3
    assert r.find("groep", "Thuiszorg Berkelland") == (
        "Thuiszorg Berkelland", 2, 3, D("2.0"), D("2.7"), D("0.7"), D("66.7"), D("0.0"), D("33.3"),
        1, 1, 1, 0, D("33.3"))
    # De Linde: D1 Financiën 2 -> 4, Tijdsbesteding 3 -> 3; behaald 2 of 2 (vervallen left out)
    assert r.find("groep", "Zorggroep De Linde") == (
        "Zorggroep De Linde", 1, 2, D("2.5"), D("3.5"), D("1.0"), D("50.0"), D("50.0"), D("0.0"),
        2, 0, 0, 1, D("100.0"))
    assert r.totals[1:6] == (3, 5, D("2.2"), D("3.0"), D("0.8"))
    assert r.chart.categories == ("Thuiszorg Berkelland", "Zorggroep De Linde")
    assert r.chart.series[0].values == (0.7, 1.0)

    p = run(any_db, any_actors.controller, group="product")
    # 02A08: D1 and D2, plan 2+3+3+2 = 10, latest 4+3+2+4 = 13 over four: 2,5 -> 3,25 (3,3), change 0,75 (0,8)
    assert p.find("groep", "02A08 Begeleiding individueel")[1:] == (
        2, 4, D("2.5"), D("3.3"), D("0.8"), D("50.0"), D("25.0"), D("25.0"), 3, 0, 1, 1, D("75.0"))
    assert p.find("groep", "45A01 Jeugdhulp ambulant individueel")[1:] == (
        1, 1, D("1.0"), D("2.0"), D("1.0"), D("100.0"), D("0.0"), D("0.0"), 0, 1, 0, 0, D("0.0"))
    assert p.totals == r.totals


def test_filters_change_the_figures(any_db, any_actors, world):
    a = any_actors
    linde = run(any_db, a.controller, aanbieder_id=world["linde"])
    assert [row[0] for row in linde.rows] == ["Zorggroep De Linde"]
    assert linde.totals[1:6] == (1, 2, D("2.5"), D("3.5"), D("1.0")) and linde.totals[-1] == D("100.0")

    jeugd = run(any_db, a.controller, law=Law.JEUGDWET, group="domein")
    assert [row[0] for row in jeugd.rows] == ["Tijdsbesteding"]
    assert jeugd.totals[1:6] == (1, 1, D("1.0"), D("2.0"), D("1.0")) and jeugd.totals[9:] == (0, 1, 0, 0, D("0.0"))

    # until 30 April only E1 was held: Financiën 2 -> 3, Tijdsbesteding 3 -> 3; r1 deels, r2 niet, r3 deels
    spring = run(any_db, a.controller, date_to=date(2026, 4, 30), group="domein")
    assert [(row[0], row[5]) for row in spring.rows] == [("Financiën", D("1.0")), ("Tijdsbesteding", D("0.0"))]
    assert spring.totals == ("Totaal", 1, 2, D("2.5"), D("3.0"), D("0.5"), D("50.0"), D("50.0"), D("0.0"),
                             0, 2, 1, 0, D("0.0"))

    # from 1 May E1 falls out: D1's Tijdsbesteding has no score in the span any more
    summer = run(any_db, a.controller, date_from=date(2026, 5, 1), group="domein")
    assert [(row[0], row[2], row[5]) for row in summer.rows] == [
        ("Financiën", 2, D("0.5")), ("Tijdsbesteding", 1, D("1.0")), ("Sociaal netwerk", 1, D("2.0"))]
    assert summer.totals[1:3] == (3, 4)

    # up to 20 November E5 is the latest for D3: Tijdsbesteding 1 -> 4, and r6 behaald
    later = run(any_db, a.controller, date_to=date(2026, 11, 20), group="product")
    assert later.find("groep", "45A01 Jeugdhulp ambulant individueel")[1:] == (
        1, 1, D("1.0"), D("4.0"), D("3.0"), D("100.0"), D("0.0"), D("0.0"), 1, 0, 0, 0, D("100.0"))

    nothing = run(any_db, a.controller, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))
    assert nothing.rows == () and nothing.chart.categories == ()
    assert nothing.totals == ("Totaal", 0, 0, None, None, None, None, None, None, 0, 0, 0, 0, None)


def test_accounts_for_the_casusregisseur_only(any_db, any_actors, world, monkeypatch):
    a = any_actors
    r = run(any_db, a.casusregisseur)
    # the latest evaluations first, one text each: a result's account, else the summary; product and month only,
    # the resident's name and a BSN in the text made unrecognisable
    assert r.accounts == (
        "45A01 Jeugdhulp ambulant individueel, september 2026: “Ik ga al drie dagen.”",
        "02A08 Begeleiding individueel, juli 2026: “De planning hangt op de koelkast; nummer ******006 staat "
        "erbij.”",
        "02A08 Begeleiding individueel, mei 2026: “Mevrouw belt haar zus nu elke week.”",
        "02A08 Begeleiding individueel, april 2026: “Het gaat al beter, zegt meneer [naam].”",
    )
    monkeypatch.setattr(outcomes, "MAX_ACCOUNTS", 2)
    assert len(run(any_db, a.casusregisseur).accounts) == 2
    assert run(any_db, a.casusregisseur, aanbieder_id=world["berkel"], date_to=date(2026, 6, 30)).accounts == (
        "02A08 Begeleiding individueel, mei 2026: “Mevrouw belt haar zus nu elke week.”",)

    def never(*_args):
        raise AssertionError("the accounts were read for a role that may not read them")

    monkeypatch.setattr(outcomes, "_accounts", never)
    figures = run(any_db, a.controller)
    assert figures.accounts == ()
    assert figures.totals == r.totals


@pytest.mark.parametrize("role", ["controller", "casusregisseur"])
def test_no_name_bsn_or_plan_text_in_the_report(any_db, any_actors, world, role):
    for group in ("aanbieder", "product", "domein"):
        shown = repr(run(any_db, any_actors.by_role(role), group=group, date_to=date(2026, 11, 20)))
        for secret in (*SURNAMES, *BSNS, *QUESTIONS, *CLIENT_NUMBERS, "Een vaste weekplanning", "Doel 1"):
            assert secret not in shown, secret


def test_notes_say_how_it_is_counted(any_db, any_actors, world):
    r = run(any_db, any_actors.controller)
    text = " ".join(r.notes)
    assert "1 januari 2026 tot en met 31 oktober 2026" in text
    assert "laatste score − score plan" in text and "vervallen" in text


def test_a_bad_group_is_refused_in_dutch(any_db, any_actors, world):
    with pytest.raises(ValidationError) as info:
        run(any_db, any_actors.controller, group="maand")
    assert "'maand' kan niet bij deze rapportage" in str(info.value)
    assert "domein (per levensdomein)" in str(info.value)


def test_only_reported_decisions_count(any_db, any_actors, world):
    """A withdrawn decision's evaluations do not count (its status is not one the reports read)."""
    with any_db.read() as s:
        d2 = s.exec(select(Evaluation.beschikking_id).where(Evaluation.done_date == date(2026, 5, 12))).one()
    assert DecisionStatus.INGETROKKEN not in REPORTED_STATUSES
    with any_db.write() as s:
        s.get(Beschikking, d2).status = DecisionStatus.INGETROKKEN
    r = run(any_db, any_actors.controller)
    assert [row[0] for row in r.rows] == ["Thuiszorg Berkelland", "Zorggroep De Linde"]
    assert r.find("groep", "Thuiszorg Berkelland")[1:3] == (1, 1)


def test_names_in_an_account_and_a_long_account():
    pattern = outcomes._name_pattern("Jansen-Pelgrom", "Marie")
    assert pattern.sub("[naam]", "Marie jansen-PELGROM belt de buurvrouw; Jansens hond") == \
        "[naam] [naam]-[naam] belt de buurvrouw; Jansens hond"
    long = "woord " * 100
    assert outcomes._shortened(long.strip()).endswith("woord …")
    assert len(outcomes._shortened(long.strip())) <= outcomes.ACCOUNT_LENGTH + 2


def test_averages_are_numbers_with_one_decimal_on_screen_and_in_the_export(any_db, any_actors, world):
    from desktop.core.reports import export
    from desktop.core.reports.base import Kind, shown

    r = run(any_db, any_actors.controller)
    assert [r.columns[r.index(k)].kind for k in ("score_plan", "score_laatst", "verandering")] == [Kind.NUMBER] * 3
    assert [shown(v, Kind.NUMBER) for v in (D("3.0"), D("-0.5"), D("0.75"))] == ["3,0", "-0,5", "0,8"]
    assert export.xlsx_value(D("2.5"), Kind.NUMBER) == (2.5, "0.0")
    assert export.csv_value(D("3.0"), Kind.NUMBER) == "3,0" and export.csv_value(D("-0.5"), Kind.NUMBER) == "-0,5"
