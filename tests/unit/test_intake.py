"""The intake from an empty casefile: the melding and its receipt, the research and its report, the aanvraag, and
every way a casus ends (toekenning, afwijzing, withdrawal, own strength / network / general provision)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import AuditEntry, Beschikking, Casus, Evaluation, Letter, Product, Resident
from db.models.enums import (
    CaseOutcome,
    CaseStatus,
    DecisionKind,
    DecisionStatus,
    Law,
    LetterKind,
    MeldingSource,
)
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.errors import KoersError, ValidationError
from desktop.core.intake import melding, outcome
from desktop.core.letters import pipeline
from desktop.core.letters.jobs import DECISION, RECEIPT, REPORT, Job
from desktop.core.plans import versions
from tests.unit.decision_setting import regional_input
from tests.unit.test_letters import configure, pdf_text
from tests.unit.test_pdfa import assert_pdfa_2b

MELDING = date(2026, 11, 13)  # a Friday: the research term and the seven days below follow from it


@pytest.fixture
def resident(any_db, any_actors, today):
    """Mevrouw A. de Wit, 1960, with an address, in the consulent's caseload: no casus yet."""
    configure(any_db, any_actors)
    with any_db.write() as s:
        r = Resident(client_number="K0000001", bsn="999900006", salutation="mevrouw", initials="A.", surname="Wit",
                     prefix="de", search_name="wit", date_of_birth=date(1960, 5, 1), street="Dorpsstraat",
                     house_number=3, postcode="7001AB", city="Doetinchem", consulent_id=any_actors.consulent.user_id)
        s.add(r)
        s.flush()
        return r.id


def wmo_melding(**overrides) -> melding.MeldingInput:
    values = dict(law=Law.WMO, melding_date=MELDING, came_in_via=MeldingSource.INWONER,
                  question="Ik red het huishouden niet meer sinds mijn heupoperatie.",
                  clientondersteuning_informed=True)
    values.update(overrides)
    return melding.MeldingInput(**values)


def agreed_plan(db, actors, casus_id) -> int:
    from db.models.enums import LifeDomain

    draft = versions.start_draft(db, actors.consulent, casus_id)
    data = versions.PlanInput(question=draft.plan.question, goals=[versions.GoalInput(
        "Zelf het huishouden doen", LifeDomain.INSTRUMENTELE_ADL,
        [versions.ResultInput("Binnen twee maanden doet mevrouw de was weer zelf.", "De was is elke week gedaan",
                              date(2027, 2, 1), ["inwoner"], 1)])])
    doc, _ = versions.save_draft(db, actors.consulent, draft.plan.id, data, draft.plan.version)
    return versions.agree(db, actors.consulent, doc.plan.id, MELDING + timedelta(days=7), doc.plan.version).plan.id


# ------------------------------------------------------------------ the melding

def test_a_melding_starts_the_research_term_and_asks_for_a_receipt(any_db, any_actors, resident):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    assert (casus.status, casus.receipt_due, casus.consulent_id) == (CaseStatus.MELDING, True,
                                                                    any_actors.consulent.user_id)
    facts = melding.intake_facts(any_db, any_actors.consulent, casus.id)
    assert facts.research_due == date(2026, 12, 25)  # six weeks (Wmo art. 2.3.2)
    assert facts.personal_plan_due == date(2026, 11, 20)  # seven days after Friday 13 November
    assert facts.personal_plan_open and facts.casus.clientondersteuning_informed
    with any_db.read() as s:
        assert s.exec(select(AuditEntry.action).where(AuditEntry.record_type == "casus")).all() == ["casus.melding"]


def test_the_seven_days_end_on_a_working_day():
    # melding on Friday 28 November 2025: the seventh day is Friday 5 December; on Saturday 20 Dec -> Monday 29th
    assert melding.personal_plan_due(date(2025, 11, 28)) == date(2025, 12, 5)
    assert melding.personal_plan_due(date(2025, 12, 20)) == date(2025, 12, 29)  # 27th Sat, 28th Sun


def test_every_problem_with_a_melding_is_named_at_once(any_db, any_actors, resident, today):
    with pytest.raises(ValidationError) as refused:
        melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding(
            melding_date=today + timedelta(days=1), came_in_via=MeldingSource.HUISARTS, question="  "))
    assert set(refused.value.field_errors) == {"melding_date", "came_in_via", "question", "referrer"}
    assert "geldt onder de Jeugdwet" in refused.value.field_errors["came_in_via"]
    with pytest.raises(ValidationError) as refused:
        melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding(law=Law.JEUGDWET))
    assert "De Jeugdwet is voor jeugdigen tot 18 jaar" in refused.value.field_errors["law"]
    with any_db.read() as s:
        assert s.exec(select(Casus)).all() == []


def test_a_jeugdwet_referral_records_the_referrer(any_db, any_actors, resident):
    with any_db.write() as s:
        s.get(Resident, resident).date_of_birth = date(2015, 3, 1)
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding(
        law=Law.JEUGDWET, came_in_via=MeldingSource.JEUGDARTS, referrer="Dr. S. Bakker, jeugdarts GGD"))
    assert (casus.came_in_via, casus.referrer) == (MeldingSource.JEUGDARTS, "Dr. S. Bakker, jeugdarts GGD")
    assert MeldingSource.HUISARTS in melding.sources_for(Law.JEUGDWET)
    assert MeldingSource.HUISARTS not in melding.sources_for(Law.WMO)


def test_one_open_casus_per_law(any_db, any_actors, resident):
    melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    with pytest.raises(ValidationError, match="Er loopt al een casus onder de Wmo 2015"):
        melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())


def test_the_personal_plan_date_lies_between_melding_and_today(any_db, any_actors, resident):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    with pytest.raises(ValidationError, match="tussen de melding"):
        melding.record_personal_plan(any_db, any_actors.consulent, casus.id, date(2026, 11, 12))
    done = melding.record_personal_plan(any_db, any_actors.consulent, casus.id, date(2026, 11, 18))
    assert done.personal_plan_date == date(2026, 11, 18)
    assert melding.record_clientondersteuning(any_db, any_actors.consulent, casus.id, False) \
        .clientondersteuning_informed is False


def test_only_a_consulent_registers_a_melding(any_db, any_actors, resident):
    for who in (any_actors.medewerker, any_actors.casusregisseur, any_actors.beheerder):
        with pytest.raises(PermissionDenied):
            melding.register_melding(any_db, who, resident, wmo_melding())


# ------------------------------------------------------------------ letters of the intake

def test_the_receipt_letter_waits_in_the_queue_and_says_the_terms(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    queue = pipeline.letter_queue(any_db, any_actors.medewerker)
    assert [(r.job, r.kind, r.ready) for r in queue] == [(Job(RECEIPT, casus.id), LetterKind.ONTVANGSTBEVESTIGING,
                                                          True)]
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [Job(RECEIPT, casus.id)], letter_date=today)
    assert result.kenmerken == (f"MO-{today.year}-{casus.id:06d}",)  # the year of the letter
    text = pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    for words in ("Wij hebben uw melding ontvangen", "Geachte mevrouw De Wit,", "Op 13 november 2026 heeft u zich",
                  "uiterlijk op 25 december 2026 af", "uiterlijk op 20 november 2026",
                  "onafhankelijke cliëntondersteuner"):
        assert words in text, words
    assert pipeline.letter_queue(any_db, any_actors.medewerker) == []  # made once, not again


def test_the_report_of_the_research_is_the_agreed_plan_and_its_sending_is_recorded(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    with pytest.raises(ValidationError, match="Laat eerst een planversie akkoord geven"):
        outcome.finish_research(any_db, any_actors.consulent, casus.id, today)
    agreed_plan(any_db, any_actors, casus.id)
    with any_db.read() as s:
        assert s.get(Casus, casus.id).status is CaseStatus.ONDERZOEK  # the first plan started the research
    outcome.finish_research(any_db, any_actors.consulent, casus.id, today)
    job = Job(REPORT, casus.id)
    assert job in [r.job for r in pipeline.letter_queue(any_db, any_actors.medewerker)]
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [job], letter_date=today)
    report = pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0])
    assert_pdfa_2b(report)  # the research report is a letter of record like the decisions
    text = pdf_text(report)
    for words in ("Verslag van het onderzoek naar uw vraag", "akkoord gaf: het plan zoals u het op 20 november 2026",
                  "Ik red het huishouden niet meer sinds mijn heupoperatie.",
                  "Binnen twee maanden doet mevrouw de was weer zelf.", "Binnen twee weken na uw aanvraag"):
        assert words in " ".join(text.split()) or words.split(":")[0] in text, words
    pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, today)
    with any_db.read() as s:
        assert s.get(Casus, casus.id).report_sent_date == today
        letter = s.get(Letter, result.letter_ids[0])
        assert (letter.kind, letter.casus_id, letter.beschikking_id) == (LetterKind.VERSLAG, casus.id, None)


# ------------------------------------------------------------------ the aanvraag and the outcomes

def test_the_aanvraag_starts_the_decision_term(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    with pytest.raises(ValidationError, match="tussen de melding"):
        outcome.record_aanvraag(any_db, any_actors.consulent, casus.id, today + timedelta(days=1))
    done = outcome.record_aanvraag(any_db, any_actors.consulent, casus.id, date(2026, 11, 20))
    assert (done.status, done.aanvraag_date) == (CaseStatus.AANVRAAG, date(2026, 11, 20))


def test_own_strength_closes_a_casus_without_an_aanvraag(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    closed = outcome.close_casus(any_db, any_actors.consulent, casus.id, CaseOutcome.NETWERK, today,
                                 "Haar dochter neemt de was over; de buurvrouw helpt met boodschappen.")
    assert (closed.status, closed.outcome, closed.closed_date, closed.receipt_due) == (
        CaseStatus.AFGESLOTEN, CaseOutcome.NETWERK, today, False)
    with pytest.raises(KoersError, match="is afgesloten"):
        outcome.record_aanvraag(any_db, any_actors.consulent, casus.id, today)


def test_after_an_aanvraag_only_a_decision_or_a_withdrawal_ends_the_casus(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    outcome.record_aanvraag(any_db, any_actors.consulent, casus.id, today)
    with pytest.raises(ValidationError) as refused:
        outcome.close_casus(any_db, any_actors.consulent, casus.id, CaseOutcome.EIGEN_KRACHT, today + timedelta(1),
                            "")
    assert len(refused.value.problems) == 3  # a date after today, no reason, and an aanvraag was made
    with pytest.raises(ValidationError, match="volgt uit een vastgestelde beschikking"):
        outcome.close_casus(any_db, any_actors.consulent, casus.id, CaseOutcome.TOEKENNING, today, "Toegekend.")
    withdrawn = outcome.close_casus(any_db, any_actors.consulent, casus.id, CaseOutcome.INGETROKKEN, today,
                                    "Mevrouw trekt de aanvraag in: haar zoon komt bij haar wonen.")
    assert withdrawn.outcome is CaseOutcome.INGETROKKEN


def test_an_afwijzing_is_a_decision_without_hours_that_closes_the_casus(any_db, any_actors, resident, today):
    casus = melding.register_melding(any_db, any_actors.consulent, resident, wmo_melding())
    agreed_plan(any_db, any_actors, casus.id)
    with any_db.write() as s:
        product = Product(law=Law.WMO, category_code="01", code="01A01", name="Hulp bij het huishouden",
                          unit_code="04", frequency_code="6")
        s.add(product)
        s.flush()
        product_id = product.id
    with pytest.raises(ValidationError) as refused:
        lifecycle.refuse_aanvraag(any_db, any_actors.consulent, casus.id, None, "Nee.", today)
    assert [p.split(":")[0].split(".")[0] for p in refused.value.problems] == [
        "Motiveer de afwijzing in een paar zinnen", "Er is nog geen aanvraag vastgelegd",
        "Kies de voorziening die de inwoner aanvroeg"]
    outcome.record_aanvraag(any_db, any_actors.consulent, casus.id, date(2026, 11, 20))
    refusal = lifecycle.refuse_aanvraag(
        any_db, any_actors.consulent, casus.id, product_id, "Uw dochter en de buurvrouw helpen u met de was en de boodschappen. "
        "Daarmee bereikt u uw resultaat zonder maatwerkvoorziening.", today)
    assert (refusal.kind, refusal.status, refusal.indicated_minutes, refusal.aanbieder_id) == (
        DecisionKind.AFWIJZING, DecisionStatus.CONCEPT, 0, None)
    lifecycle.establish(any_db, any_actors.consulent, refusal.id, today)
    with any_db.read() as s:
        closed = s.get(Casus, casus.id)
        assert (closed.status, closed.outcome, closed.closed_date) == (CaseStatus.AFGESLOTEN, CaseOutcome.AFWIJZING,
                                                                       today)
        assert closed.outcome_reason.startswith(f"Beschikking {refusal.toewijzing_nummer}: Uw dochter")
        assert s.exec(select(Evaluation).where(Evaluation.beschikking_id == refusal.id)).all() == []
    with pytest.raises(ValidationError, match="afwijzing: daarop worden geen uren geboekt"):
        ledger.add_realisation(any_db, any_actors.medewerker, refusal.id, today, Decimal("1"))
    queued = [r for r in pipeline.letter_queue(any_db, any_actors.medewerker) if r.job == Job(DECISION, refusal.id)]
    assert [(r.kind, r.problems) for r in queued] == [(LetterKind.AFWIJZING, ())]
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [Job(DECISION, refusal.id)], letter_date=today)
    text = pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    assert "Daarmee bereikt u uw resultaat zonder maatwerkvoorziening." in text and "bezwaar" in text
    assert "U krijgt geen Hulp bij het huishouden als maatwerkvoorziening" in text


def test_establishing_a_toekenning_records_the_outcome_and_the_casus_runs_on(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    lifecycle.establish(any_db, any_actors.consulent, d.id, date(2026, 1, 2))
    with any_db.read() as s:
        casus = s.get(Casus, setting["casus"])
        assert (casus.status, casus.outcome, casus.outcome_date, casus.closed_date) == (
            CaseStatus.LOPEND, CaseOutcome.TOEKENNING, date(2026, 1, 2), None)


def test_a_casus_with_a_running_decision_does_not_close(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with pytest.raises(ValidationError, match="is concept. Trek een concept eerst in"):
        outcome.close_casus(any_db, any_actors.consulent, setting["casus"], CaseOutcome.INGETROKKEN,
                            date(2026, 1, 2), "De inwoner ziet ervan af.")
    assert d.status is DecisionStatus.CONCEPT
    with any_db.read() as s:
        assert s.get(Beschikking, d.id).status is DecisionStatus.CONCEPT
