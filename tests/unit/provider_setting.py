"""The Aanbiedermonitor's small fixed world in 2026, for the unit and GUI tests (figures worked out by hand in
tests/unit/test_report_providers.py):

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

from datetime import date
from decimal import Decimal

from sqlmodel import col, delete

from db.models import Aanbieder, Casus, Contract, Evaluation, EvaluationResult, Resident
from db.models.enums import Complexity, EvaluationOutcome, Law, LifeDomain, ResultStatus
from desktop.core.decisions import ledger, lifecycle
from desktop.core.plans import versions
from tests.unit.decision_setting import START, established, regional_input

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


def build_world(db, a, setting) -> dict:
    """The world above, in `db` with the users `a`, on top of `setting` (make_setting)."""
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
