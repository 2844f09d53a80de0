"""The printable plan summary: what the resident reads and signs (PDF), and who may print it."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest
from sqlmodel import select

from db.models import AuditEntry, Casus, Resident, Setting
from db.models.enums import Law, LifeDomain
from desktop.core.access.audit import PermissionDenied, ReasonRequired
from desktop.core.errors import NotFoundError
from desktop.core.nl import format_date
from desktop.core.plans import versions
from desktop.core.plans.summary import plan_summary_pdf

BSN = "123456782"
QUESTION = "Ik wil weer zelf boodschappen doen & koken, zonder <hulp> van mijn dochter."
GOAL = "Mevrouw doet twee keer per week zelf boodschappen."
RESULT_DATED = "Zij loopt met de rollator naar de supermarkt op de hoek."
RESULT_UNDATED = "Zij kookt drie avonden per week een warme maaltijd."


def _casus(db, actors) -> int:
    with db.write() as s:
        resident = Resident(client_number="K000123", bsn=BSN, initials="A.", surname="Jansen-de Vries",
                            search_name="jansen-de vries", date_of_birth=date(1948, 5, 2),
                            consulent_id=actors.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=Law.WMO, melding_date=date(2026, 10, 1),
                      consulent_id=actors.consulent.user_id)
        s.add(casus)
        s.flush()
        return casus.id


def _plan_input(question: str = QUESTION, goals: list | None = None) -> versions.PlanInput:
    return versions.PlanInput(
        question=question, what_matters="Zelfstandig blijven wonen in mijn eigen huis.",
        circumstances="Sinds de heupoperatie in augustus gaat lopen moeizaam.\nMijn dochter woont ver weg.",
        domains=[versions.DomainInput(LifeDomain.INSTRUMENTELE_ADL, True, 2, situation="Koken lukt niet meer.",
                                   needs="Hulp bij het opstarten."),
                 versions.DomainInput(LifeDomain.SOCIAAL_NETWERK, True, 3, resources="De buurvrouw komt dagelijks."),
                 versions.DomainInput(LifeDomain.JUSTITIE, False)],
        goals=goals if goals is not None else [versions.GoalInput(GOAL, LifeDomain.INSTRUMENTELE_ADL, [
            versions.ResultInput(RESULT_DATED, "Kassabonnen in de keukenla", date(2027, 3, 1), ["inwoner", "netwerk"], 1),
            versions.ResultInput(RESULT_UNDATED, "", None, ["aanbieder"], 2)])])


def _plan(db, actors, data: versions.PlanInput | None = None, *, agree: bool = True) -> int:
    casus_id = _casus(db, actors)
    draft = versions.start_draft(db, actors.consulent, casus_id)
    doc, _ = versions.save_draft(db, actors.consulent, draft.plan.id, data or _plan_input(), draft.plan.version)
    if agree:
        versions.agree(db, actors.consulent, doc.plan.id, date(2026, 11, 20), doc.plan.version)
    return casus_id


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts else []):
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def test_summary_says_what_the_resident_needs_to_read(db, actors, today):
    pdf = plan_summary_pdf(db, actors.consulent, _plan(db, actors))
    pages = _pages(pdf)
    text = _flat(" ".join(pages))
    for expected in ("Uw ondersteuningsplan", "Jansen-de Vries", "K000123", "Wmo 2015", "versie 1",
                     "akkoord op 20 november 2026", "Uw vraag", "Wat voor u belangrijk is", "Uw situatie",
                     _flat(QUESTION), GOAL, RESULT_DATED, RESULT_UNDATED, "1 maart 2027", "nog geen datum",
                     "Instrumentele ADL", "score 2 van 5", "niet relevant", "Justitie", "Doelen en resultaten",
                     "Gelezen en besproken", "Handtekening", "Consulent", f"Afgedrukt op {format_date(today)}"):
        assert expected in text, expected
    assert BSN not in text.replace(" ", "") and "BSN" not in text
    assert "Sociaal netwerk" in text and "Financiën" not in text  # only what was assessed
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in page


def test_pdf_embeds_dejavu_only_and_carries_metadata(db, actors, today):
    pdf = plan_summary_pdf(db, actors.consulent, _plan(db, actors))
    fonts = _fonts(pdf)
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|-Oblique)?", f) for f in fonts), fonts
    assert b"Helvetica" not in pdf
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Ondersteuningsplan K000123 versie 1"
    assert meta.author == "Gemeente"


def test_municipality_name_comes_from_the_settings(db, actors, today):
    casus_id = _plan(db, actors)
    with db.write() as s:
        s.add(Setting(key="municipality.name", value="Gemeente Zuiderveen"))
    pdf = plan_summary_pdf(db, actors.consulent, casus_id)
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.author == "Gemeente Zuiderveen"
    assert "Gemeente Zuiderveen" in _pages(pdf)[0]


def test_same_plan_prints_identical_bytes(db, actors, today):
    casus_id = _plan(db, actors)
    assert plan_summary_pdf(db, actors.consulent, casus_id) == plan_summary_pdf(db, actors.consulent, casus_id)


def test_concept_plan_says_so(db, actors, today):
    pdf = plan_summary_pdf(db, actors.consulent, _plan(db, actors, agree=False))
    text = _flat(" ".join(_pages(pdf)))
    assert "concept" in text and "akkoord op" not in text


def test_long_plan_flows_over_pages(db, actors, today):
    words = "Dit is een lange zin over hoe het thuis gaat en wat er moet veranderen. "
    long_text = (words * 200)[:1500]
    question = (words * 200)[:10_000]
    goals = [versions.GoalInput(f"Doel nummer {i}: " + long_text[:1400], None, [
        versions.ResultInput(f"Resultaat {i}a " + long_text[:1400], long_text, date(2027, 1, 1), ["inwoner"], 1),
        versions.ResultInput(f"Resultaat {i}b " + long_text[:1400], long_text, None, [], 3)]) for i in range(12)]
    pdf = plan_summary_pdf(db, actors.consulent, _plan(db, actors, _plan_input(question, goals)))
    pages = _pages(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in page
    text = _flat(" ".join(pages))
    assert "Resultaat 11b" in text and "Gelezen en besproken" in text


def test_markup_in_user_text_is_printed_as_text(db, actors, today):
    pdf = plan_summary_pdf(db, actors.consulent, _plan(db, actors))
    assert "zonder <hulp> van mijn dochter" in _flat(" ".join(_pages(pdf)))


@pytest.mark.parametrize("role", ["medewerker", "beheerder"])
def test_roles_without_plan_view_are_refused(db, actors, today, role):
    casus_id = _plan(db, actors)
    with pytest.raises(PermissionDenied):
        plan_summary_pdf(db, getattr(actors, role), casus_id)
    with db.read() as s:
        assert not s.exec(select(AuditEntry).where(AuditEntry.action == "plan.afdrukken")).all()


def test_other_caseload_needs_a_reason_which_the_print_line_keeps(db, actors, today):
    casus_id = _plan(db, actors)
    with pytest.raises(ReasonRequired):
        plan_summary_pdf(db, actors.consulent2, casus_id)
    plan_summary_pdf(db, actors.consulent2, casus_id, reason="Vervanging tijdens vakantie")
    with db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "plan.afdrukken")).one()
    assert (line.username, line.reason) == (actors.consulent2.username, "Vervanging tijdens vakantie")


def test_printing_is_logged(db, actors, today):
    casus_id = _plan(db, actors)
    plan_summary_pdf(db, actors.consulent, casus_id)
    with db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "plan.afdrukken")).all()
        plan_id = s.exec(select(versions.Plan.id).where(versions.Plan.casus_id == casus_id)).one()
    assert len(lines) == 1
    line = lines[0]
    assert (line.record_type, line.record_id, line.client_number, line.username) == (
        "plan", plan_id, "K000123", actors.consulent.username)


def test_case_without_plan_is_not_found(db, actors, today):
    casus_id = _casus(db, actors)
    with pytest.raises(NotFoundError, match="nog geen ondersteuningsplan"):
        plan_summary_pdf(db, actors.consulent, casus_id)
