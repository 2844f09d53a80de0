"""PDF/A-2b proven, not claimed: every PDF Koers makes for a resident passes an independent validator.

The validator is `page` (PyPI `page-validation`, a conformance checker that passes the veraPDF and Isartor test
suites; veraPDF itself, a Java program, cannot be installed here), profile 2b. pikepdf (libqpdf) checks the
syntax and reads the XMP back. Each kind of letter is made through the real pipeline (archived bytes, or the
Beheer preview for kinds that need a hand-over), plus the printer batch, the research report and the plan.
"""

from __future__ import annotations

import io

import page
import pikepdf
import pytest

from db.models.enums import LetterKind
from desktop.core.letters import pipeline
from desktop.core.plans.summary import plan_summary_pdf
from tests.unit.test_letters import configure
from tests.unit.test_plan_print import _plan


def assert_pdfa_2b(pdf: bytes) -> None:
    report = page.validate_pdf_bytes(pdf, profile="2b")
    problems = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant and not problems, problems
    assert report.rules.total > 100  # the profile's rules really ran
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.check_pdf_syntax() == []
        meta = doc.open_metadata()
        assert meta.pdfa_status == "2B"
        assert "/Trapped" not in doc.docinfo


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_of_letter_is_pdfa_2b(any_db, any_actors, kind):
    configure(any_db, any_actors)
    assert_pdfa_2b(pipeline.preview(any_db, any_actors.beheerder, kind))


def test_an_issued_letter_is_pdfa_2b_and_the_printer_batch_claims_nothing(any_db, any_actors, setting):
    """The archived letter is the document of record; the printer batch is a print job and says so."""
    from tests.unit.decision_setting import established
    from tests.unit.test_letters import set_resident

    configure(any_db, any_actors)
    set_resident(any_db, street="Dorpsstraat", house_number=12, postcode="7001AB", city="Doetinchem")
    decision = established(any_db, any_actors, setting)
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [decision.id], letter_date=decision.start_date)
    assert_pdfa_2b(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    with pikepdf.open(io.BytesIO(result.printer_pdf)) as batch:
        assert batch.check_pdf_syntax() == [] and batch.open_metadata().pdfa_status == ""


def test_the_printed_plan_is_pdfa_2b(any_db, any_actors):
    casus_id = _plan(any_db, any_actors)
    assert_pdfa_2b(plan_summary_pdf(any_db, any_actors.consulent, casus_id))


def test_the_validator_does_fail_a_file_that_is_not_pdfa():
    """The check is not vacuous: a plain PDF without the PDF/A parts fails it."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, "Geen PDF/A")
    canvas.save()
    assert not page.validate_pdf_bytes(buffer.getvalue(), profile="2b").is_compliant
