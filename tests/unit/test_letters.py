"""Decision letters: every element of the letter, the wijziging and beëindiging paragraphs, the pre-flight,
issuing and the archive (exact bytes, SHA-256, never silently again), sending, the check, bad input and roles."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import select

from db.models import Beschikking, Evaluation, Letter, LetterBatch, LetterText, Resident, Result
from db.models.enums import DecisionKind, DecisionStatus, LetterKind
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import lifecycle
from desktop.core.errors import ValidationError
from desktop.core.letters import letterhead, pipeline, texts
from desktop.core.letters.jobs import DECISION, Job
from desktop.core.maintenance.check import run_check
from desktop.core.parse import parse_money
from tests.unit.decision_setting import established, regional_input

LETTER_DATE = date(2026, 11, 23)  # a Monday; six weeks later is Monday 4 January 2027


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def configure(db, actors, **overrides) -> None:
    values = dict(municipality="Gemeente Koersveen", address_lines=["Postbus 100", "7000 AA  Koersveen"],
                  contact_lines=["Telefoon 14 0314", "www.koersveen.nl"], signer_name="J. Hendriksen",
                  signer_title="teammanager Wmo", court_name="rechtbank Gelderland",
                  objection_address="College van burgemeester en wethouders, Postbus 100, 7000 AA Koersveen")
    values.update(overrides)
    letterhead.save_letter_settings(db, actors.beheerder, **values)


def set_resident(db, **values) -> None:
    with db.write() as s:
        resident = s.get(Resident, 1)
        for key, value in values.items():
            setattr(resident, key, value)


@pytest.fixture
def ready(any_db, any_actors, setting):
    """Settings filled, the resident (de heer M. Jansen) with an address, and one established decision."""
    configure(any_db, any_actors)
    set_resident(any_db, salutation="heer", street="Dorpsstraat", house_number=12, house_number_suffix="a",
                 postcode="7001AB", city="Doetinchem")
    return established(any_db, any_actors, setting)


def issue(db, actors, ids, **kw):
    return pipeline.issue_letters(db, actors.medewerker, ids, letter_date=kw.pop("letter_date", LETTER_DATE), **kw)


def only_letter(db, decision_id) -> Letter:
    with db.read() as s:
        return s.exec(select(Letter).where(Letter.beschikking_id == decision_id)).one()


# ---------------------------------------------------------------- the content of a toekenning


def test_a_toekenning_letter_says_everything_point_1_asks(any_db, any_actors, ready):
    result = issue(any_db, any_actors, [ready.id])
    assert result.kenmerken == ("WMO-2026-000001-T1",) and not result.parked
    pdf = only_letter(any_db, ready.id).pdf
    body = pdf_text(pdf)
    expected = [
        "Gemeente Koersveen", "Postbus 100", "Telefoon 14 0314",  # letterhead
        "De heer M. Jansen", "Dorpsstraat 12a", "7001 AB DOETINCHEM",  # addressee
        "23 november 2026", "WMO-2026-000001-T1",  # date, kenmerk
        "Besluit over uw aanvraag voor Begeleiding individueel",  # subject
        "Geachte heer Jansen,",
        "U krijgt Begeleiding individueel van Zorggroep De Linde, van 5 januari 2026 tot en met 19 juli 2026.",
        "Begeleiding individueel (02A08)", "maatwerkvoorziening, Wmo 2015", "midden (M)",
        "U krijgt 8 uur per periode van 4 weken, 7 perioden: 56 uur in totaal",
        "7 perioden van 4 weken", "Uren in totaal 56 uur", "Ingangsdatum 5 januari 2026", "Einddatum 19 juli 2026",
        "Binnen drie maanden heeft meneer een vaste weekplanning.",  # the result in the plan's words
        "rond 5 april 2026", "rond 5 juli 2026",  # evaluation moments
        "CAK", "€ 21,80 per maand",  # Wmo own contribution
        "Intensieve begeleiding om de week weer op orde te krijgen.",  # motivation
        "artikel 2.3.5 van de Wet maatschappelijke ondersteuning 2015",  # legal basis
        "eindigt op maandag 4 januari 2027",  # objection deadline computed from the letter date
        "College van burgemeester en wethouders, Postbus 100, 7000 AA Koersveen",
        "voorzieningenrechter van de rechtbank Gelderland", "voorlopige voorziening",
        "namens het college van burgemeester en wethouders", "J. Hendriksen", "teammanager Wmo",
    ]
    missing = [e for e in expected if e not in body]
    assert not missing, missing
    pages = page_count(pdf)
    assert f"pagina 1 van {pages}" in body and f"pagina {pages} van {pages}" in body
    assert "{{" not in body and "ontbreekt" not in body
    assert "999900006" not in body  # never the BSN


def test_the_objection_deadline_moves_past_christmas_to_a_working_day(any_db, any_actors, ready):
    # Sent Monday 16 November 2026: six weeks later is Monday 28 December 2026, a working day.
    # Sent Monday 14 December 2026: six weeks later is Monday 25 January 2027.
    # Sent Friday 13 November 2026: six weeks later is Friday 25 December (Christmas) -> Monday 28 December.
    pdf = pipeline.draft_letter(any_db, any_actors.medewerker, ready.id, letter_date=date(2026, 11, 13))
    assert "eindigt op maandag 28 december 2026" in pdf_text(pdf)


def test_a_jeugdwet_letter_has_no_own_contribution_and_cites_the_jeugdwet(any_db, any_actors, ready):
    with any_db.write() as s:
        s.exec(text("UPDATE beschikking SET law = 'jeugdwet'"))
    body = pdf_text(pipeline.draft_letter(any_db, any_actors.medewerker, ready.id))
    assert "artikel 2.3 van de Jeugdwet" in body and "individuele voorziening" in body
    assert "CAK" not in body and "eigen bijdrage" not in body.lower()
    assert "JW-2026-000001-T1" in body


def test_the_cak_amount_and_a_neutral_salutation_come_from_the_settings(any_db, any_actors, ready):
    configure(any_db, any_actors, cak_monthly=Decimal("23.10"))
    set_resident(any_db, salutation="neutraal", prefix="de", surname="Vries")
    body = pdf_text(pipeline.draft_letter(any_db, any_actors.medewerker, ready.id))
    assert "€ 23,10 per maand" in body and "Geachte M. de Vries," in body


# ---------------------------------------------------------------- wijziging, beëindiging, afwijzing


def test_a_wijziging_letter_states_what_changes_against_the_previous_decision(any_db, any_actors, setting, ready):
    new = lifecycle.change_decision(
        any_db, any_actors.consulent, ready.id,
        regional_input(setting, start_date=date(2026, 3, 2), period_count=5, hours_per_period=Decimal("12")),
        reason_code="04", explanation="Opschalen na evaluatie.")
    lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 2, 25))
    result = issue(any_db, any_actors, [new.id])
    assert result.kenmerken == ("WMO-2026-000002-W1",)
    body = pdf_text(only_letter(any_db, new.id).pdf)
    assert "Wijziging van uw Begeleiding individueel" in body
    assert "vervangt vanaf 2 maart 2026 uw vorige besluit met toewijzingnummer 2026000001" in body
    assert "herbeoordeling: verlenging" in body
    assert ("U krijgt nu 12 uur per periode van 4 weken, 5 perioden: 60 uur in totaal. Dat was 8 uur per periode "
            "van 4 weken, 7 perioden: 56 uur in totaal.") in body
    assert "loopt nu tot en met" not in body  # 5 periods from 2 March end on 19 July, as before


def test_an_early_end_of_an_issued_decision_queues_a_beeindiging_letter_with_its_reason(any_db, any_actors, ready):
    first = issue(any_db, any_actors, [ready.id])
    pipeline.mark_sent(any_db, any_actors.medewerker, first.letter_ids, LETTER_DATE)
    lifecycle.end_decision(any_db, any_actors.consulent, ready.id, date(2026, 3, 31), reason_code="23",
                           explanation="Samen afgesproken te stoppen.")
    queue = pipeline.letter_queue(any_db, any_actors.medewerker)
    assert [(r.decision_id, r.kind, r.ready) for r in queue] == [(ready.id, LetterKind.BEEINDIGING, True)]
    result = issue(any_db, any_actors, [ready.id])
    assert result.kenmerken == ("WMO-2026-000001-B1",)
    with any_db.read() as s:
        pdf = s.exec(select(Letter.pdf).where(Letter.kenmerk == "WMO-2026-000001-B1")).one()
    body = pdf_text(pdf)
    assert "de laatste dag is 31 maart 2026" in body and "„in overeenstemming voortijdig”" in body
    assert "Laatste dag nu 31 maart 2026" in body
    assert pipeline.letter_queue(any_db, any_actors.medewerker) == []


def test_an_afwijzing_needs_a_motivation(any_db, any_actors, ready):
    with any_db.write() as s:
        s.exec(text("UPDATE beschikking SET kind = 'afwijzing', motivation = NULL"))
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id], letter_date=LETTER_DATE)
    assert check.ready == () and any("geen motivering" in p for p in check.parked[0].problems)
    with any_db.write() as s:
        s.exec(text("UPDATE beschikking SET motivation = 'Uw dochter en het buurthuis helpen u al.'"))
    result = issue(any_db, any_actors, [ready.id])
    body = pdf_text(only_letter(any_db, ready.id).pdf)
    assert result.kenmerken == ("WMO-2026-000001-A1",)
    assert "U krijgt geen Begeleiding individueel als maatwerkvoorziening" in body
    assert "Uw dochter en het buurthuis helpen u al." in body and "4 januari 2027" in body
    assert "Uren in totaal" not in body


# ---------------------------------------------------------------- queue, pre-flight, issuing


def test_the_queue_holds_established_decisions_without_a_letter(any_db, any_actors, setting, ready):
    concept = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                        regional_input(setting, start_date=date(2026, 8, 3)))
    rows = pipeline.letter_queue(any_db, any_actors.medewerker)
    assert [r.decision_id for r in rows] == [ready.id]  # the concept is not in the queue
    row = rows[0]
    assert (row.resident_name, row.kind, row.toewijzing_nummer, row.established_date, row.ready) == (
        "M. Jansen", LetterKind.TOEKENNING, "2026000001", date(2026, 1, 2), True)
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id, concept.id])  # a plain id names a decision
    assert check.ready == (Job(DECISION, ready.id),)
    assert check.kenmerken == {Job(DECISION, ready.id): "WMO-2026-000001-T1"}
    assert check.parked[0].decision_id == concept.id and "nog een concept" in check.parked[0].problems[0]


def test_preflight_parks_each_decision_with_what_to_fix_and_issues_only_the_clean_ones(any_db, any_actors, setting,
                                                                                       ready):
    second = established(any_db, any_actors, setting, start_date=date(2026, 8, 3))
    with any_db.write() as s:
        s.exec(text("UPDATE beschikking SET aanbieder_id = NULL WHERE id = :i"), params={"i": second.id})
    result = issue(any_db, any_actors, [ready.id, second.id])
    assert result.kenmerken == ("WMO-2026-000001-T1",) and result.total == 1
    assert [p.decision_id for p in result.parked] == [second.id]
    assert any("geen aanbieder" in p for p in result.parked[0].problems)
    # the combined printer PDF holds the issued letter
    assert "WMO-2026-000001-T1" in pdf_text(result.printer_pdf)


def test_issued_letter_is_archived_with_its_hash_batch_and_issuer(any_db, any_actors, ready):
    import hashlib

    result = issue(any_db, any_actors, [ready.id])
    letter = only_letter(any_db, ready.id)
    assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest()
    assert (letter.issued_by_id, letter.batch_id, letter.letter_date, letter.kind) == (
        any_actors.medewerker.user_id, result.batch_id, LETTER_DATE, LetterKind.TOEKENNING)
    with any_db.read() as s:
        assert s.get(LetterBatch, result.batch_id).letter_count == 1
        assert s.get(Beschikking, ready.id).status is DecisionStatus.VASTGESTELD  # until it is sent
    assert pipeline.open_letter(any_db, any_actors.medewerker, letter.id) == letter.pdf
    rows = pipeline.letters_of_decision(any_db, any_actors.consulent, ready.id)
    assert [(r.kenmerk, r.issued_by, r.sent_date, r.size) for r in rows] == [
        ("WMO-2026-000001-T1", "Mehmet Medewerker", None, len(letter.pdf))]
    with any_db.read() as s:
        actions = [r[0] for r in s.exec(text("SELECT action FROM audit_entry ORDER BY id")).all()]
    assert "brief.aanmaken" in actions and "brief.inzien" in actions


def test_a_letter_is_never_issued_twice_silently_but_a_new_version_gets_a_new_kenmerk(any_db, any_actors, ready):
    issue(any_db, any_actors, [ready.id])
    again = issue(any_db, any_actors, [ready.id])
    assert again.letter_ids == () and "Er is al een brief gemaakt (WMO-2026-000001-T1)" in again.parked[0].problems[0]
    newer = issue(any_db, any_actors, [ready.id], new_version=True)
    assert newer.kenmerken == ("WMO-2026-000001-T2",)


def test_mark_sent_records_the_dates_and_the_status(any_db, any_actors, ready):
    result = issue(any_db, any_actors, [ready.id])
    assert pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, LETTER_DATE) == 1
    with any_db.read() as s:
        decision = s.get(Beschikking, ready.id)
        letter = s.get(Letter, result.letter_ids[0])
    assert (decision.status, decision.sent_date, letter.sent_date) == (DecisionStatus.VERZONDEN, LETTER_DATE,
                                                                       LETTER_DATE)
    with pytest.raises(ValidationError) as info:
        pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, LETTER_DATE)
    assert "al verzonden op 23 november 2026" in str(info.value)
    # a sent decision is not issued again without asking for a new version
    assert issue(any_db, any_actors, [ready.id]).parked[0].problems[0].startswith("De beschikking is al verzonden")


def test_mark_sent_refuses_a_date_in_the_future_or_before_the_letter(any_db, any_actors, ready, today):
    result = issue(any_db, any_actors, [ready.id])
    with pytest.raises(ValidationError, match="toekomst"):
        pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, today + timedelta(days=1))
    with pytest.raises(ValidationError, match="niet eerder"):
        pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, LETTER_DATE - timedelta(days=3))


def test_cancelling_a_batch_leaves_only_whole_letters(any_db, any_actors, setting, ready):
    second = established(any_db, any_actors, setting, start_date=date(2026, 8, 3))
    seen = []
    result = issue(any_db, any_actors, [ready.id, second.id], progress=lambda d, t: seen.append((d, t)),
                   cancelled=lambda: len(seen) >= 1)
    assert result.cancelled and result.letter_ids and len(result.letter_ids) == 1 and seen == [(1, 2)]
    with any_db.read() as s:
        assert len(s.exec(select(Letter)).all()) == 1
        assert s.get(LetterBatch, result.batch_id).letter_count == 1
    assert [r.decision_id for r in pipeline.letter_queue(any_db, any_actors.medewerker)] == [second.id]


def test_check_finds_a_letter_whose_bytes_were_changed(any_db, any_actors, ready):
    result = issue(any_db, any_actors, [ready.id])
    assert run_check(any_db).ok
    with any_db.write() as s:
        s.exec(text("UPDATE letter SET pdf = :pdf WHERE id = :i"),
               params={"pdf": b"%PDF-1.4 vervalst", "i": result.letter_ids[0]})
    report = run_check(any_db, full=True)  # the hashes are the full check's
    assert any("WMO-2026-000001-T1" in p and "SHA-256" in p for p in report.problems)
    with pytest.raises(pipeline.LetterDamaged, match="klopt niet"):
        pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0])


# ---------------------------------------------------------------- bad input


def test_a_resident_without_an_address_is_parked(any_db, any_actors, ready):
    set_resident(any_db, street=None, house_number=None, house_number_suffix=None, postcode=None, city=None)
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id])
    assert check.ready == () and "adres van de inwoner ontbreekt" in check.parked[0].problems[0]
    assert issue(any_db, any_actors, [ready.id]).letter_ids == ()
    with any_db.read() as s:
        assert s.exec(select(Letter)).all() == [] and s.exec(select(LetterBatch)).all() == []


def test_diacritics_an_apostrophe_and_s_gravenhage_print_as_typed(any_db, any_actors, ready):
    set_resident(any_db, salutation="mevrouw", initials="Ë.", prefix="d'", surname="Çelik", city="'s-Gravenhage",
                 postcode="2511AB")
    issue(any_db, any_actors, [ready.id])
    body = pdf_text(only_letter(any_db, ready.id).pdf)
    assert "Mevrouw Ë. d'Çelik" in body and "Geachte mevrouw D'Çelik," in body
    assert "2511 AB 'S-GRAVENHAGE" in body


def test_a_5000_character_result_runs_the_letter_to_three_pages(any_db, any_actors, ready):
    long_text = ("Ik wil weer zelf mijn boodschappen doen en mijn huis op orde houden, stap voor stap. " * 60)[:5000]
    with any_db.write() as s:
        s.exec(text("UPDATE result SET description = :t"), params={"t": long_text})
    issue(any_db, any_actors, [ready.id])
    pdf = only_letter(any_db, ready.id).pdf
    pages = page_count(pdf)
    body = pdf_text(pdf)
    assert pages >= 3 and f"pagina 3 van {pages}" in body
    assert body.count("stap voor stap") >= 50  # the whole text, not cut off


def test_an_empty_result_text_parks_the_decision(any_db, any_actors, ready):
    with any_db.write() as s:
        s.exec(text("UPDATE result SET description = '   '"))
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id])
    assert any("Resultaat 1 van de beschikking heeft geen tekst" in p for p in check.parked[0].problems)


def test_a_logo_must_be_a_png_or_jpeg_image(any_db, any_actors, ready):
    from PIL import Image

    with pytest.raises(ValidationError, match="geen afbeelding"):
        letterhead.set_logo(any_db, any_actors.beheerder, b"%PDF-1.4 dit is geen plaatje")
    gif = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(gif, "GIF")
    with pytest.raises(ValidationError, match="GIF"):
        letterhead.set_logo(any_db, any_actors.beheerder, gif.getvalue())
    png = io.BytesIO()
    Image.new("RGB", (300, 120), (31, 78, 121)).save(png, "PNG")
    letterhead.set_logo(any_db, any_actors.beheerder, png.getvalue())
    assert letterhead.letter_settings(any_db).has_logo
    pdf = pipeline.draft_letter(any_db, any_actors.medewerker, ready.id)
    assert any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_concept_decision_can_be_previewed_but_not_issued(any_db, any_actors, setting, ready):
    concept = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                        regional_input(setting, start_date=date(2026, 8, 3)))
    body = pdf_text(pipeline.draft_letter(any_db, any_actors.consulent, concept.id))
    assert "U krijgt Begeleiding individueel" in body
    result = issue(any_db, any_actors, [concept.id])
    assert result.letter_ids == () and "concept" in result.parked[0].problems[0]


@pytest.mark.parametrize(("block", "text", "message"), [
    ("bezwaar", "Maak bezwaar voor {{bezwaar_datum}}.", "{{bezwaar_datum}} bestaat niet"),
    ("bezwaar", "Maak bezwaar voor {{bezwaartermijn}.", "losse"),
    ("bezwaar", "Maak bezwaar voor {bezwaartermijn}}.", "losse"),
    ("besluit", "U stopt per {{datum_beeindiging}}.", "past niet in een brief 'toekenning'"),
    ("bezwaar", "   ", "Vul het tekstblok"),
    ("handtekening", "Tekst", "geen tekstblok 'handtekening'"),
])
def test_a_bad_block_text_is_refused_before_it_is_stored(any_db, any_actors, ready, block, text, message):
    problems = texts.validate_template("toekenning", block, text)
    assert problems and any(message in p for p in problems), problems
    with pytest.raises(ValidationError):
        texts.save_text(any_db, any_actors.beheerder, "toekenning", block, text)
    with any_db.read() as s:
        assert s.exec(select(LetterText)).all() == []


def test_an_edited_block_is_used_then_reset_to_the_standard_and_every_change_is_logged(any_db, any_actors, ready):
    saved = texts.save_text(any_db, any_actors.beheerder, "toekenning", "afsluiting",
                                   "Bel gerust met {{gemeente}} als u vragen heeft.")
    assert saved.customised and saved.problems == ()
    assert "Bel gerust met Gemeente Koersveen als u vragen heeft." in pdf_text(
        pipeline.draft_letter(any_db, any_actors.medewerker, ready.id))
    back = texts.reset_text(any_db, any_actors.beheerder, "toekenning", "afsluiting")
    assert not back.customised and back.text == back.default
    with any_db.read() as s:
        lines = s.exec(text("SELECT action, record_type FROM audit_entry WHERE record_type = 'brieftekst'")).all()
    assert len(lines) == 2


def test_a_placeholder_that_is_empty_for_a_decision_parks_it(any_db, any_actors, ready):
    texts.save_text(any_db, any_actors.beheerder, "toekenning", "besluit",
                           "Op {{datum_aanvraag}} vroeg u om hulp. U krijgt {{product}}.")
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id])
    assert check.ready == () and any("geen aanvraagdatum" in p for p in check.parked[0].problems)
    with any_db.write() as s:
        s.exec(text("UPDATE casus SET aanvraag_date = '2025-12-01'"))
    assert pipeline.preflight(any_db, any_actors.medewerker, [ready.id]).ready == (Job(DECISION, ready.id),)


def test_a_stored_text_with_an_error_parks_every_letter_of_that_kind(any_db, any_actors, ready):
    with any_db.write() as s:  # as an older Koers or a hand edit might have left it
        s.add(LetterText(kind=LetterKind.TOEKENNING, block="bezwaar", text="Bezwaar voor {{onbekend}}."))
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id])
    assert any("Tekstblok 'Bezwaar'" in p and "{{onbekend}}" in p for p in check.parked[0].problems)


def test_missing_settings_park_the_letter_with_a_hint_for_the_beheerder(any_db, any_actors, ready):
    configure(any_db, any_actors, court_name="")
    problems = pipeline.preflight(any_db, any_actors.medewerker, [ready.id]).parked[0].problems
    assert any("naam van de rechtbank" in p and "Beheer > Brieven" in p for p in problems)


def test_letter_settings_refuse_a_bad_amount(any_db, any_actors):
    with pytest.raises(ValidationError, match="geen bedrag"):  # as typed in Beheer, read by the one parser
        letterhead.save_letter_settings(any_db, any_actors.beheerder,
                                        cak_monthly=parse_money("twintig", "de eigen bijdrage per maand"))
    with pytest.raises(ValidationError, match="tussen € 0 en € 1.000"):
        letterhead.save_letter_settings(any_db, any_actors.beheerder, cak_monthly=Decimal("1500"))


# ---------------------------------------------------------------- preview in Beheer


@pytest.mark.parametrize("kind", list(LetterKind))
def test_the_live_preview_renders_a_sample_letter_of_every_kind(any_db, any_actors, kind):
    configure(any_db, any_actors)
    body = pdf_text(pipeline.preview(any_db, any_actors.beheerder, kind))
    assert "Voorbeeldstraat" in body and "{{" not in body and "ontbreekt" not in body


def test_the_live_preview_uses_the_unsaved_text_and_names_its_problems(any_db, any_actors):
    configure(any_db, any_actors)
    body = pdf_text(pipeline.preview(any_db, any_actors.beheerder, "toekenning",
                                    {"afsluiting": "Tot ziens bij {{gemeente}}."}))
    assert "Tot ziens bij Gemeente Koersveen." in body
    with pytest.raises(ValidationError) as info:
        pipeline.preview(any_db, any_actors.beheerder, "toekenning", {"afsluiting": "Tot {{ziens"})
    assert any("losse" in p for p in info.value.problems)


# ---------------------------------------------------------------- roles


def test_roles_that_may_not_are_refused_and_logged(any_db, any_actors, ready):
    a = any_actors
    for call in (lambda: pipeline.letter_queue(any_db, a.consulent),
                 lambda: pipeline.issue_letters(any_db, a.consulent, [ready.id], letter_date=LETTER_DATE),
                 lambda: pipeline.mark_sent(any_db, a.consulent, [1], LETTER_DATE),
                 lambda: texts.save_text(any_db, a.medewerker, "toekenning", "afsluiting", "Tekst"),
                 lambda: letterhead.set_logo(any_db, a.consulent, b"x"),
                 lambda: pipeline.preview(any_db, a.medewerker, "toekenning"),
                 lambda: pipeline.draft_letter(any_db, a.beheerder, ready.id)):
        with pytest.raises(PermissionDenied):
            call()
    result = issue(any_db, any_actors, [ready.id])
    with pytest.raises(PermissionDenied):
        pipeline.open_letter(any_db, a.beheerder, result.letter_ids[0])
    with any_db.read() as s:
        refused = s.exec(text("SELECT count(*) FROM audit_entry WHERE outcome = 'geweigerd'")).one()[0]
    assert refused >= 8


def test_a_consulent_opens_a_letter_of_a_resident_outside_the_caseload_only_with_a_reason(any_db, any_actors, ready):
    from desktop.core.access.audit import ReasonRequired

    result = issue(any_db, any_actors, [ready.id])
    with pytest.raises(ReasonRequired):
        pipeline.open_letter(any_db, any_actors.consulent2, result.letter_ids[0])
    assert pipeline.open_letter(any_db, any_actors.consulent2, result.letter_ids[0],
                               reason="Vervanging tijdens verlof") == only_letter(any_db, ready.id).pdf


def test_demo_decisions_are_not_flooding_the_queue_with_old_ends(any_db, any_actors, ready):
    """A decision that ended early but never had a letter in Koers (imported or demo data) is not queued."""
    lifecycle.end_decision(any_db, any_actors.consulent, ready.id, date(2026, 3, 31), reason_code="23",
                           explanation="Samen afgesproken.")
    assert pipeline.letter_queue(any_db, any_actors.medewerker) == []
    # but it can still be issued on purpose
    assert issue(any_db, any_actors, [ready.id]).kenmerken == ("WMO-2026-000001-B1",)


def test_evaluation_rows_of_the_decision_are_the_moments_in_the_letter(any_db, any_actors, ready):
    with any_db.write() as s:
        for e in s.exec(select(Evaluation).where(Evaluation.beschikking_id == ready.id)):
            e.planned_date = date(2026, 3, 16)
    body = pdf_text(pipeline.draft_letter(any_db, any_actors.medewerker, ready.id))
    assert "rond 16 maart 2026" in body and "rond 5 april 2026" not in body
    assert re.search(r"rond 16 maart 2026", body)


def test_result_rows_are_taken_from_the_plan_in_plan_order(any_db, any_actors, ready):
    with any_db.read() as s:
        assert s.exec(select(Result.description)).all() == ["Binnen drie maanden heeft meneer een vaste weekplanning."]
    assert DecisionKind.TOEKENNING.value == LetterKind.TOEKENNING.value  # the queue query relies on this


def test_the_objection_clause_is_the_awb_s_and_says_how_to_object(any_db, any_actors, ready):
    """Six weeks from the day after the letter (Awb 6:7, 6:8), a posted objection on time when it arrives within a
    week after the last day (6:9 lid 2), by post and online where the municipality allows it, and the
    voorlopige voorziening."""
    text = pdf_text(pipeline.draft_letter(any_db, any_actors.consulent, ready.id, letter_date=LETTER_DATE))
    for words in ("U hebt daarvoor zes weken.", "Die termijn begint op de dag na de datum van deze brief en eindigt "
                  "op maandag 4 januari 2027.", "Uw bezwaar is op tijd als wij het uiterlijk die dag ontvangen.",
                  "dan is het ook op tijd als u het uiterlijk die dag op de post doet en wij het niet later dan een "
                  "week daarna ontvangen.", "Digitaal bezwaar maken kan bij ons niet; stuur uw bezwaar per post.",
                  "vragen om een voorlopige voorziening"):
        assert words in text, words
    assert "moet uiterlijk" not in text  # never stricter than the law
    configure(any_db, any_actors, objection_url="www.koersveen.nl/bezwaar")
    text = pdf_text(pipeline.draft_letter(any_db, any_actors.consulent, ready.id, letter_date=LETTER_DATE))
    assert "U kunt ook digitaal bezwaar maken via www.koersveen.nl/bezwaar." in text
    with pytest.raises(ValidationError, match="begint met https:// of www."):
        configure(any_db, any_actors, objection_url="koersveen bezwaar")
