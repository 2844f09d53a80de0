"""Retention (issue 18, point 3): which files have passed their period per law and outcome, the periods as
settings, destroying a file whole (every row of the resident in every table, the access log keeping only the
client number), anonymising it with the report figures unchanged, and every refusal storing nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from db.models import (
    AuditEntry,
    Beschikking,
    Casus,
    ContactLetter,
    Correction,
    IwmoAssignment,
    IwmoMessage,
    IwmoPrestatie,
    Resident,
    Sample,
    SampleLine,
)
from db.models.enums import (
    CaseOutcome,
    CaseStatus,
    Complexity,
    DecisionKind,
    DecisionStatus,
    DocumentKind,
    FinancingForm,
    IndicationCategory,
    JournalKind,
    Law,
    PersonRole,
)
from desktop.core import drafts
from desktop.core.access import audit
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.letters import pipeline
from desktop.core.maintenance.check import run_check
from desktop.core.privacy import retention
from desktop.core.reports import registry
from desktop.core.reports.filters import ReportFilter
from desktop.core.residents import documents, journal, people, register, search
from tests.unit.decision_setting import START, established, make_setting
from tests.unit.test_documents import pdf_bytes
from tests.unit.test_letters import configure

ENDED = date(2026, 6, 30)  # resident A's decision ends here: kept 15 years, to 30 June 2041
A_UNTIL = date(2041, 6, 30)
YEAR = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), as_of=date(2026, 11, 23))


def _resident(s, number: str, surname: str, **kw) -> int:
    r = Resident(client_number=number, initials="P.", surname=surname, search_name=surname.lower(),
                 date_of_birth=kw.pop("born", date(1970, 8, 14)), **kw)
    s.add(r)
    s.flush()
    return r.id


def _casus(s, rid: int, law: Law, closed: date | None, outcome: CaseOutcome | None = None, **kw) -> int:
    c = Casus(resident_id=rid, law=law, melding_date=kw.pop("melding", date(2000, 1, 3)), closed_date=closed,
              status=CaseStatus.AFGESLOTEN if closed else CaseStatus.MELDING, outcome=outcome,
              outcome_date=closed if outcome else None, question="Mijn eigen woorden over wat er speelt.", **kw)
    s.add(c)
    s.flush()
    return c.id


def _decision(s, casus_id: int, law: Law, number: str, *, kind=DecisionKind.TOEKENNING,
              status=DecisionStatus.BEEINDIGD, start: date, end: date, ended: date | None = None) -> None:
    s.add(Beschikking(casus_id=casus_id, law=law, toewijzing_nummer=number, kind=kind, status=status,
                      complexity=Complexity.M, category=IndicationCategory.BASIS,
                      financing_form=FinancingForm.UREN_X_TARIEF, start_date=start, end_date=end, ended_date=ended,
                      established_date=start, motivation="Omdat het nodig is."))


@pytest.fixture
def files(any_db, any_actors, tmp_path) -> dict:
    """A: a Wmo file with everything in it (plan, decision, hours, letter, journal, document, people, correction,
    draft, iWmo messages, a sample line), granted and ended 30 June 2026. B: Wmo, nothing granted, closed
    3 May 2020. C: Jeugdwet, decision ended 30 June 2019 after closing. E: no casus, registered 1 February 2015.
    F: Wmo with only a withdrawn toekenning, closed 15 January 2021. G: a living file (open casus). D: one closed
    and one open casus."""
    db, a = any_db, any_actors
    configure(db, a)
    setting = make_setting(db, a)
    with db.write() as s:
        r = s.get(Resident, 1)
        r.salutation, r.street, r.house_number, r.postcode, r.city = "heer", "Dorpsstraat", 12, "7001AB", "Doetinchem"
        r.phone, r.email, r.first_name = "0612345678", "m.jansen@example.org", "Marinus"
    decision = established(db, a, setting)
    ledger.add_realisation(db, a.medewerker, decision.id, START + timedelta(days=2), Decimal("8"))
    ledger.add_realisation(db, a.medewerker, decision.id, START + timedelta(days=30), Decimal("6"))
    pipeline.issue_letters(db, a.medewerker, [decision.id], letter_date=date(2026, 1, 5))
    lifecycle.end_decision(db, a.consulent, decision.id, ENDED, reason_code="21",
                           explanation="De inwoner redt het weer zelf.")
    casus_a = setting["casus"]
    journal.add_entry(db, a.consulent, casus_a, journal.JournalInput(
        JournalKind.HUISBEZOEK, date(2026, 2, 1), "dochter", "Gesprek over de week.", "Volgende maand weer."))
    pdf = tmp_path / "advies.pdf"
    pdf.write_bytes(pdf_bytes())
    documents.add_document(db, a.consulent, casus_a, pdf, kind=DocumentKind.MEDISCH_ADVIES, title="Advies")
    people.add_person(db, a.consulent, 1, people.PersonInput(PersonRole.MANTELZORGER, "K.", "Jansen",
                                                             phone="0687654321"))
    drafts.keep(db, a.consulent, "plan", setting["plan"], {"question": "nog niet bewaard"})
    with db.write() as s:
        s.add(Correction(resident_id=1, fields=json.dumps({"surname": ["Janssen", "Jansen"]}),
                         reason="tikfout bij de registratie", corrected_by_id=a.consulent.user_id))
        s.add(ContactLetter(resident_id=1, consulent_id=a.consulent.user_id, effective_date=date(2026, 3, 1)))
        m301 = IwmoMessage(kind="301", direction="uit", law=Law.WMO, sender="0384", receiver="98765432",
                           identification="301-1", message_date=date(2026, 1, 5), sha256="a" * 64,
                           content=b"<bsn>999900006</bsn>")
        m323 = IwmoMessage(kind="323", direction="in", law=Law.WMO, sender="98765432", receiver="0384",
                           identification="323-1", message_date=date(2026, 2, 5), sha256="b" * 64,
                           content=b"<declaratie/>", declaration_number="D1")
        s.add_all([m301, m323])
        s.flush()
        s.add(IwmoAssignment(message_id=m301.id, beschikking_id=decision.id, change="toewijzing"))
        s.add(IwmoPrestatie(message_id=m323.id, beschikking_id=decision.id, reference="R1", toewijzing_nummer="1",
                            product_category="02", period_start=START, period_end=START, volume=1, unit_code="04",
                            tariff_cents=6250, amount_cents=6250, debit_credit="D", accepted=False,
                            reason="Buiten de looptijd."))
        sample = Sample(aanbieder_id=setting["provider"], period_from=START, period_to=ENDED, seed=1, size=1,
                        population=2)
        s.add(sample)
        s.flush()
        s.add(SampleLine(sample_id=sample.id, position=1, beschikking_id=decision.id, service_date=START,
                         minutes=480, outcome=None))
        casus = s.get(Casus, casus_a)
        casus.closed_date, casus.status, casus.outcome, casus.outcome_date = (
            date(2026, 7, 1), CaseStatus.AFGESLOTEN, CaseOutcome.TOEKENNING, date(2026, 1, 2))
        ids = {"A": 1}
        ids["B"] = _resident(s, "K0000003", "Bakker")
        _casus(s, ids["B"], Law.WMO, date(2020, 5, 3), CaseOutcome.EIGEN_KRACHT)
        ids["C"] = _resident(s, "K0000004", "Claassen", born=date(2001, 2, 3))
        c = _casus(s, ids["C"], Law.JEUGDWET, date(2019, 3, 1), CaseOutcome.TOEKENNING)
        _decision(s, c, Law.JEUGDWET, "J-1", start=date(2018, 1, 1), end=date(2019, 12, 31), ended=date(2019, 6, 30))
        ids["E"] = _resident(s, "K0000005", "Evers", created_at=datetime(2015, 2, 1, 9, tzinfo=UTC))
        ids["F"] = _resident(s, "K0000006", "Faber")
        f = _casus(s, ids["F"], Law.WMO, date(2021, 1, 15), CaseOutcome.INGETROKKEN)
        _decision(s, f, Law.WMO, "W-F", status=DecisionStatus.INGETROKKEN, start=date(2020, 12, 1),
                  end=date(2030, 12, 31))
        ids["G"] = _resident(s, "K0000007", "Gerrits", consulent_id=a.consulent.user_id)
        ids["G_casus"] = _casus(s, ids["G"], Law.WMO, None)
        ids["D"] = _resident(s, "K0000008", "Dekker")
        _casus(s, ids["D"], Law.WMO, date(2010, 1, 4), CaseOutcome.NETWERK)
        _casus(s, ids["D"], Law.WMO, None)
    journal.add_entry(db, a.consulent, ids["G_casus"], journal.JournalInput(
        JournalKind.TELEFOON, date(2026, 2, 3), "", "Gebeld over de aanvraag."))
    people.add_person(db, a.consulent, ids["G"], people.PersonInput(PersonRole.HUISGENOOT, "L.", "Gerrits"))
    return {**ids, "decision": decision.id, "setting": setting}


def listed(db, actors, day: date) -> dict[str, retention.ExpiredFile]:
    return {f.client_number: f for f in retention.expired_files(db, actors.beheerder, day)}


# ---------------------------------------------------------------- which files have passed their period


def test_each_law_and_outcome_expires_on_its_own_day(any_db, any_actors, files):
    db, a = any_db, any_actors
    assert set(listed(db, a, date(2020, 1, 31))) == set()
    assert set(listed(db, a, date(2020, 2, 1))) == {"K0000005"}  # registered, no casus: five years
    assert set(listed(db, a, date(2025, 5, 2))) == {"K0000005"}
    on = listed(db, a, date(2025, 5, 3))  # Wmo, nothing granted: five years after closing
    assert set(on) == {"K0000005", "K0000003"}
    assert on["K0000003"].reason == ("Wmo, niets toegekend: casus afgesloten 3 mei 2020, bewaren tot 3 mei 2025")
    assert (on["K0000003"].name, on["K0000003"].laws, on["K0000003"].expires_on) == (
        "Bakker, P.", "Wmo", date(2025, 5, 3))
    assert on["K0000005"].reason == "Geen casus: ingeschreven 1 februari 2015, bewaren tot 1 februari 2020"
    assert set(listed(db, a, date(2025, 5, 4))) == {"K0000005", "K0000003"}
    # a withdrawn toekenning granted nothing: five years from closing, not fifteen from its end date
    assert "K0000006" not in listed(db, a, date(2026, 1, 14))
    assert listed(db, a, date(2026, 1, 15))["K0000006"].reason.startswith("Wmo, niets toegekend")
    # Jeugdwet: twenty years from the later of the last decision's end and the closing
    assert "K0000004" not in listed(db, a, date(2039, 6, 29))
    c = listed(db, a, date(2039, 6, 30))["K0000004"]
    assert c.reason == "Jeugdwet: laatste beschikking beëindigd 30 juni 2019, bewaren tot 30 juni 2039"
    assert c.laws == "Jeugdwet"
    # Wmo, granted: fifteen years from the day the last decision ended
    assert "K0000001" not in listed(db, a, A_UNTIL - timedelta(days=1))
    later = listed(db, a, A_UNTIL + timedelta(days=1))
    assert later["K0000001"].reason == ("Wmo, toegekend: laatste beschikking beëindigd 30 juni 2026, "
                                        "bewaren tot 30 juni 2041")
    assert later["K0000001"].name == "Jansen, M."
    # an open casus keeps a file, whatever its other cases; the list is longest expired first
    far = retention.expired_files(db, a.beheerder, date(2100, 1, 1))
    assert [f.client_number for f in far] == ["K0000005", "K0000003", "K0000006", "K0000004", "K0000001"]


def test_the_periods_are_settings_that_change_the_list(any_db, any_actors, files):
    db, a = any_db, any_actors
    assert retention.retention_periods(db) == retention.RetentionPeriods(15, 5, 20)
    assert retention.set_retention_periods(db, a.beheerder, wmo_not_granted=6) == 1
    assert "K0000003" not in listed(db, a, date(2025, 5, 3))
    assert "K0000003" in listed(db, a, date(2026, 5, 3))
    retention.set_retention_periods(db, a.beheerder, wmo_granted=1, jeugdwet=1)
    assert "K0000001" in listed(db, a, date(2027, 6, 30)) and "K0000004" in listed(db, a, date(2020, 6, 30))
    with db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "instelling.wijzigen")
                      .order_by(AuditEntry.id.desc())).first()
    assert json.loads(line.changes) == {"bewaartermijn.jeugdwet": [None, "1"]}
    with pytest.raises(ValidationError) as refused:
        retention.set_retention_periods(db, a.beheerder, wmo_granted=0, wmo_not_granted=116, jeugdwet=True)
    assert refused.value.field_errors == {
        "wmo_granted": "Wmo, toegekend: kies een bewaartermijn van 1 tot en met 115 jaar.",
        "wmo_not_granted": "Wmo, niets toegekend: kies een bewaartermijn van 1 tot en met 115 jaar.",
        "jeugdwet": "Jeugdwet: kies een bewaartermijn van 1 tot en met 115 jaar."}
    assert retention.retention_periods(db) == retention.RetentionPeriods(1, 6, 1)
    with pytest.raises(PermissionDenied):
        retention.set_retention_periods(db, a.casusregisseur, wmo_granted=30)


def test_only_a_beheerder_lists_destroys_or_anonymises(any_db, any_actors, files):
    db, a = any_db, any_actors
    for who in (a.consulent, a.casusregisseur, a.medewerker, a.controller):
        with pytest.raises(PermissionDenied, match="bewaartermijnen"):
            retention.expired_files(db, who, date(2030, 1, 1))
        with pytest.raises(PermissionDenied):
            retention.destroy(db, who, [files["B"]], confirm_count=1, today=date(2030, 1, 1))
        with pytest.raises(PermissionDenied):
            retention.anonymise(db, who, [files["B"]], confirm_count=1, today=date(2030, 1, 1))
    with db.read() as s:
        assert s.get(Resident, files["B"]) is not None


# ---------------------------------------------------------------- destroying


def _owned(db, rid: int) -> dict[str, int]:
    """How many rows of every table hold something of this resident."""
    with db.read() as s:
        conn = s.connection()

        def ids(sql: str) -> str:
            found = [str(v) for v in conn.execute(text(sql)).scalars()]
            return ", ".join(found) or "-1"

        cases = ids(f"SELECT id FROM casus WHERE resident_id = {rid}")
        decisions = ids(f"SELECT id FROM beschikking WHERE casus_id IN ({cases})")
        plans = ids(f"SELECT id FROM plan WHERE casus_id IN ({cases})")
        goals = ids(f"SELECT id FROM goal WHERE plan_id IN ({plans})")
        results = ids(f"SELECT id FROM result WHERE goal_id IN ({goals})")
        evaluations = ids(f"SELECT id FROM evaluation WHERE casus_id IN ({cases})")
        docs = ids(f"SELECT id FROM case_document WHERE casus_id IN ({cases})")
        persons = ids(f"SELECT id FROM related_person WHERE resident_id = {rid}")
        assessments = ids(f"SELECT id FROM domain_assessment WHERE plan_id IN ({plans})")
        messages = ids(f"SELECT message_id FROM iwmo_assignment WHERE beschikking_id IN ({decisions})")
        where = {
            "resident": f"id = {rid}", "casus": f"resident_id = {rid}", "correction": f"resident_id = {rid}",
            "related_person": f"resident_id = {rid}", "contact_letter": f"resident_id = {rid}",
            "letter": f"resident_id = {rid} OR beschikking_id IN ({decisions}) OR casus_id IN ({cases})",
            "plan": f"casus_id IN ({cases})", "evaluation": f"casus_id IN ({cases})",
            "journal_entry": f"casus_id IN ({cases})", "case_document": f"casus_id IN ({cases})",
            "document_content": f"document_id IN ({docs})", "domain_assessment": f"plan_id IN ({plans})",
            "goal": f"plan_id IN ({plans})", "result": f"goal_id IN ({goals})",
            "domain_person": f"domain_assessment_id IN ({assessments}) OR person_id IN ({persons})",
            "result_person": f"result_id IN ({results}) OR person_id IN ({persons})",
            "beschikking": f"id IN ({decisions})",
            **{t: f"beschikking_id IN ({decisions})" for t in (
                "realisation", "period", "decision_month", "decision_period", "beschikking_result",
                "iwmo_assignment", "iwmo_prestatie", "sample_line")},
            "evaluation_result": f"evaluation_id IN ({evaluations})",
            "evaluation_domain_score": f"evaluation_id IN ({evaluations})",
            "draft": f"(kind = 'plan' AND record_id IN ({plans})) OR (kind = 'evaluatie' AND record_id IN "
                     f"({evaluations}))",
            "iwmo_message": f"id IN ({messages})",
            "audit_entry": f"resident_id = {rid}",
        }
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t} WHERE {w}")).scalar_one() for t, w in where.items()}


def _totals(db) -> dict[str, int]:
    with db.read() as s:
        conn = s.connection()
        tables = [
            "resident", "casus", "correction", "related_person", "contact_letter", "letter", "plan", "evaluation",
            "journal_entry", "case_document", "document_content", "domain_assessment", "goal", "result",
            "domain_person", "result_person", "beschikking", "realisation", "period", "decision_month",
            "decision_period", "beschikking_result", "iwmo_assignment", "iwmo_prestatie", "sample_line",
            "evaluation_result", "evaluation_domain_score", "draft", "iwmo_message"]
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in tables}


def test_destroying_removes_every_row_of_the_resident_and_keeps_only_the_number_in_the_log(any_db, any_actors,
                                                                                           files):
    db, a = any_db, any_actors
    before = _owned(db, 1)
    must_have = {"resident", "casus", "correction", "related_person", "contact_letter", "letter", "plan",
                 "evaluation", "journal_entry", "case_document", "document_content", "goal",
                 "result", "beschikking", "realisation", "period", "decision_month", "decision_period",
                 "beschikking_result", "iwmo_assignment", "iwmo_prestatie", "sample_line", "draft", "iwmo_message",
                 "audit_entry"}
    assert {t for t, n in before.items() if n} >= must_have  # the data set has something in every table
    totals = _totals(db)
    others = _owned(db, files["G"])
    result = retention.destroy(db, a.beheerder, [1], confirm_count=1, today=A_UNTIL)
    assert result == retention.RetentionResult(1, ("K0000001",))
    after = _owned(db, 1)
    assert after == dict.fromkeys(after, 0)
    remaining = _totals(db)
    assert {t: totals[t] - remaining[t] for t in totals} == {t: before[t] for t in totals}  # nothing else went
    assert _owned(db, files["G"]) == others
    with db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.client_number == "K0000001")
                       .order_by(AuditEntry.id)).all()
        assert len(lines) >= before["audit_entry"] + 1
        assert all(x.resident_id is None and x.changes is None and x.reason is None for x in lines)
        assert lines[-1].action == "dossier.vernietigd" and lines[-1].username == "t.beheerder"
        count_line = s.exec(select(AuditEntry).where(AuditEntry.action == "dossiers.vernietigd")).one()
        assert json.loads(count_line.changes) == {"aantal": [None, 1]}
        # the declaration message itself stays (it is the provider's and names others); the toewijzing went
        assert s.exec(select(IwmoMessage.kind)).all() == ["323"]
    report = run_check(db)
    assert report.ok, report.problems
    with pytest.raises(NotFoundError):
        register.get_resident(db, a.consulent, 1)


def test_destroying_several_at_once_and_the_month_totals_stay_true(any_db, any_actors, files):
    db, a = any_db, any_actors
    chosen = [1, files["B"], files["C"], files["E"], files["F"]]
    result = retention.destroy(db, a.beheerder, chosen, confirm_count=5, today=date(2042, 1, 1))
    assert result.count == 5
    with db.read() as s:
        left = s.exec(select(Resident.client_number).order_by(Resident.client_number)).all()
        assert left == ["K0000007", "K0000008"]
        assert len(s.exec(select(AuditEntry).where(AuditEntry.action == "dossier.vernietigd")).all()) == 5
        sums = s.connection().execute(text(
            "SELECT COALESCE(SUM(decisions), 0), COALESCE(SUM(counted_minutes), 0) FROM month_total")).one()
    assert tuple(sums) == (0, 0)
    assert run_check(db).ok


def test_a_wrong_count_a_living_file_or_a_repeat_is_refused_and_nothing_changes(any_db, any_actors, files):
    db, a = any_db, any_actors
    before = _totals(db)
    with pytest.raises(ValidationError, match="U bevestigde 1 dossier, maar koos er 2"):
        retention.destroy(db, a.beheerder, [files["B"], files["E"]], confirm_count=1, today=date(2030, 1, 1))
    with pytest.raises(KoersError, match="K0000003"):  # B is kept until 3 May 2025
        retention.destroy(db, a.beheerder, [files["B"], files["E"]], confirm_count=2, today=date(2025, 5, 2))
    with pytest.raises(KoersError, match="K0000007"):  # G has an open casus
        retention.anonymise(db, a.beheerder, [files["E"], files["G"]], confirm_count=2, today=date(2100, 1, 1))
    with pytest.raises(ValidationError, match="Kies eerst"):
        retention.destroy(db, a.beheerder, [], confirm_count=0, today=date(2030, 1, 1))
    assert _totals(db) == before
    with db.read() as s:
        assert not s.exec(select(AuditEntry).where(AuditEntry.action.like("dossier%"))).all()
    retention.destroy(db, a.beheerder, [files["E"]], confirm_count=1, today=date(2030, 1, 1))
    with pytest.raises(NotFoundError, match="bestaan niet meer"):
        retention.destroy(db, a.beheerder, [files["E"]], confirm_count=1, today=date(2030, 1, 1))


# ---------------------------------------------------------------- anonymising


def _report(db, actors):
    rep = registry.run(db, actors.controller, "realisatie", replace(YEAR, group="aanbieder"))
    assert rep.rows  # the anonymised file's hours are in it
    return rep.rows, rep.totals


def test_anonymising_keeps_the_figures_and_nothing_that_names_the_resident(any_db, any_actors, files):
    db, a = any_db, any_actors
    figures = _report(db, a)
    before = _owned(db, 1)
    with db.read() as s:
        changed = s.exec(select(AuditEntry.id).where(AuditEntry.resident_id == 1,
                                                     AuditEntry.action == "persoon.toevoegen")).first()
        case_ids = s.exec(select(Casus.id).where(Casus.resident_id == 1)).all()
    assert before["journal_entry"] > 0
    retention.anonymise(db, a.beheerder, [1], confirm_count=1, today=A_UNTIL)
    assert _report(db, a) == figures
    after = _owned(db, 1)
    kept = ("resident", "casus", "beschikking", "realisation", "period", "decision_month", "decision_period",
            "iwmo_prestatie", "sample_line")
    assert {t: after[t] for t in kept} == {t: before[t] for t in kept}
    gone = [t for t in after if t not in kept]
    assert {t: after[t] for t in gone} == dict.fromkeys(gone, 0)
    with db.read() as s:
        r = s.get(Resident, 1)
        assert r.anonymised_at is not None and r.bsn is None and r.surname == "Geanonimiseerd"
        assert (r.initials, r.first_name, r.street, r.postcode, r.city, r.phone, r.email) == (
            "-", None, None, None, None, None, None)
        assert r.date_of_birth == date(1950, 1, 1) and r.search_name == "geanonimiseerd"
        casus = s.exec(select(Casus).where(Casus.resident_id == 1)).one()
        assert [casus.id] == case_ids  # the same casus, without its words: only the journal and plans went
        assert (casus.question, casus.referrer, casus.outcome_reason) == (None, None, None)
        assert (casus.law, casus.closed_date, casus.outcome) == (Law.WMO, date(2026, 7, 1), CaseOutcome.TOEKENNING)
        decision = s.get(Beschikking, files["decision"])
        assert (decision.motivation, decision.plan_id, decision.casus_id) == (None, None, casus.id)
        assert decision.ended_date == ENDED
        lines = s.exec(select(AuditEntry).where(AuditEntry.client_number == "K0000001")).all()
        assert all(x.resident_id is None and x.changes is None and x.reason is None for x in lines)
        assert s.exec(select(AuditEntry.client_number).where(AuditEntry.action == "dossier.geanonimiseerd")
                      ).all() == ["K0000001"]
    assert run_check(db).ok
    with db.read() as s:  # its decisions stay, but nothing is sent to an aanbieder about them any more
        from desktop.core.iwmo.assignments import find_pending

        assert [p for p in find_pending(s) if p.resident_id == 1] == []
    # not listed again, not found by search, not opened or changed
    assert "K0000001" not in listed(db, a, date(2100, 1, 1))
    for query in ("", "Geanon", "K0000001"):
        assert all(row.id != 1 for row in search.search_residents(db, a.casusregisseur, query))
    assert search.count_residents(db, a.casusregisseur, "K0000001") == 0
    with pytest.raises(KoersError, match="geanonimiseerd"):
        register.get_resident(db, a.casusregisseur, 1)
    with pytest.raises(KoersError, match="geanonimiseerd"):
        journal.list_entries(db, a.casusregisseur, resident_id=1)
    with pytest.raises(KoersError):  # the old line lost its changes: nothing to put back
        audit.undo(db, a.casusregisseur, changed, "terugzetten van de betrokkene")


# ---------------------------------------------------------------- the log: undo, and what the triggers allow


def test_a_destruction_or_anonymisation_cannot_be_undone_from_the_log(any_db, any_actors, files):
    db, a = any_db, any_actors
    retention.destroy(db, a.beheerder, [files["B"]], confirm_count=1, today=date(2030, 1, 1))
    retention.anonymise(db, a.beheerder, [files["E"]], confirm_count=1, today=date(2030, 1, 1))
    with db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action.in_(
            ["dossier.vernietigd", "dossier.geanonimiseerd", "dossiers.vernietigd", "dossiers.geanonimiseerd"]))
        ).all()
    assert len(lines) == 4
    for line in lines:
        with pytest.raises(KoersError, match="geen wijziging die Koers kan terugdraaien"):
            audit.undo(db, a.casusregisseur, line.id, "per ongeluk vernietigd")
    shown = audit.list_entries(db, a.casusregisseur, audit.AuditFilter(client_number="K0000003"))
    assert shown and not any(row.undoable for row in shown)


def _refused(db, sql: str, guard: str = "koers:auditlog", **params) -> None:
    with pytest.raises(DBAPIError, match=guard), db.write() as s:
        s.connection().execute(text(sql), params)


def test_the_triggers_still_keep_the_log_of_a_living_file_and_every_line(any_db, any_actors, files):
    db, a = any_db, any_actors
    with db.read() as s:
        living = s.exec(select(AuditEntry.id).where(AuditEntry.resident_id == files["G"])).first()
        of_a = s.exec(select(AuditEntry.id).where(AuditEntry.resident_id == 1)).first()
    assert living is not None and of_a is not None
    scrub = "UPDATE audit_entry SET resident_id = NULL, changes = NULL, reason = NULL WHERE id = :id"
    _refused(db, scrub, id=living)  # the file still exists: its lines stay whole
    # nor may a living file's journal go: only anonymising (or destroying its casus) lets it
    _refused(db, "DELETE FROM journal_entry WHERE casus_id = :id", "koers:journaal", id=files["G_casus"])
    _refused(db, "DELETE FROM audit_entry WHERE id = :id", id=living)
    _refused(db, "UPDATE audit_entry SET action = 'x' WHERE id = :id", id=living)
    retention.destroy(db, a.beheerder, [1], confirm_count=1, today=A_UNTIL)
    _refused(db, "DELETE FROM audit_entry WHERE id = :id", id=of_a)  # gone file or not: never deleted
    _refused(db, "UPDATE audit_entry SET client_number = 'K9999999' WHERE id = :id", id=of_a)
    _refused(db, "UPDATE audit_entry SET changes = '{}' WHERE id = :id", id=of_a)
    _refused(db, scrub, id=living)
    with db.read() as s:
        assert s.get(AuditEntry, living).resident_id == files["G"]


def test_the_chosen_files_are_named_by_client_number_on_the_command_line(any_db, any_actors, files):
    db, a = any_db, any_actors
    assert retention.resident_ids(db, a.beheerder, ["k0000003", "K0000005"]) == [files["B"], files["E"]]
    with pytest.raises(NotFoundError, match="K0000099"):
        retention.resident_ids(db, a.beheerder, ["K0000003", "K0000099"])


def test_adding_years_and_the_last_day_that_has_run_out():
    assert retention.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert retention.last_basis_day(date(2025, 2, 28), 1) == date(2024, 2, 29)
    assert retention.last_basis_day(date(2028, 2, 28), 4) == date(2024, 2, 28)
    assert retention.last_basis_day(date(2028, 2, 29), 4) == date(2024, 2, 29)
    assert retention.last_basis_day(date(2025, 5, 3), 5) == date(2020, 5, 3)
