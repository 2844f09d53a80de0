"""The right of access (issue 18 point 1): one resident's whole file as JSON and as a readable PDF, the letters as
they were sent, the export logged in its own access log, nobody else's data, and only for the roles that may."""

from __future__ import annotations

import hashlib
import io
import json
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import select

from db.models import AuditEntry, Casus, Letter, Resident
from db.models.enums import EvaluationOutcome, JournalKind, Law, LifeDomain, PersonRole
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger
from desktop.core.errors import KoersError, ValidationError
from desktop.core.evaluations import recording
from desktop.core.plans import versions
from desktop.core.privacy.access_export import access_export, write_access_files
from desktop.core.privacy.access_pdf import render_access_pdf
from desktop.core.residents import journal, people, register
from tests.unit.decision_setting import established
from tests.unit.test_letters import configure, issue, set_resident

SECOND_QUESTION = "Ik wil zelf weer boodschappen kunnen doen."
SUMMARY = "Het gaat beter; de weekplanning hangt op de koelkast."
JOURNAL_TEXT = "Huisbezoek: meneer vertelde over de nieuwe planning."
OTHER_SECRET = "Mevrouw Pietersen sprak over haar verhuizing"


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def file(any_db, any_actors, setting):
    """De heer M. Jansen (K0000001): a daughter, plan versions 1 (agreed) and 2 (draft), an established decision
    of 56 hours with three hour lines, a recorded evaluation, a journal entry and an issued letter. Beside him
    mevrouw Pietersen (K0000002) with a journal entry of her own."""
    db, a = any_db, any_actors
    configure(db, a)
    set_resident(db, salutation="heer", street="Dorpsstraat", house_number=12, postcode="7001AB", city="Doetinchem")
    with db.read() as s:
        jansen = s.get(Resident, 1)
    corrected = register.input_from(jansen)
    corrected.first_name = "Marinus"
    register.update_resident(db, a.consulent, 1, corrected, jansen.version,
                             correction_reason="Roepnaam stond er niet in; zo heet meneer")
    daughter = people.add_person(db, a.consulent, 1, people.PersonInput(
        role=PersonRole.MANTELZORGER, initials="E.", surname="Jansen", salutation="mevrouw", phone="06 12345678"))
    draft = versions.start_draft(db, a.consulent, setting["casus"])
    versions.save_draft(db, a.consulent, draft.plan.id, versions.PlanInput(
        question=SECOND_QUESTION,
        domains=[versions.DomainInput(LifeDomain.SOCIAAL_NETWERK, score=3, situation="Dochter komt twee keer per week.",
                                      people=[daughter.id])],
        goals=[versions.GoalInput("Zelf boodschappen doen", LifeDomain.INSTRUMENTELE_ADL, [versions.ResultInput(
            "Meneer doet zelf de boodschappen bij de supermarkt om de hoek.", target_date=date(2027, 3, 1),
            contributors=["inwoner"], people=[daughter.id])])]), draft.plan.version)
    decision = established(db, a, setting)
    for day, hours in ((date(2026, 1, 13), Decimal("2.5")), (date(2026, 1, 20), 3), (date(2026, 2, 3), 2)):
        ledger.add_realisation(db, a.medewerker, decision.id, day, hours)
    with db.read() as s:
        from db.models import Evaluation

        evaluation = s.exec(select(Evaluation).where(Evaluation.beschikking_id == decision.id)
                            .order_by(Evaluation.planned_date)).first()
    recording.record_evaluation(db, a.consulent, evaluation.id, recording.EvaluationInput(
        done_date=date(2026, 4, 7), outcome=EvaluationOutcome.VOORTZETTEN,
        results=[recording.ResultAssessment(rid, "deels", "Het gaat al beter, zegt meneer.")
                 for rid in setting["results"]],
        scores={LifeDomain.TIJDSBESTEDING: 4}, summary=SUMMARY, next_date=date(2026, 7, 1)))
    journal.add_entry(db, a.consulent, setting["casus"], journal.JournalInput(
        kind=JournalKind.HUISBEZOEK, contact_date=date(2026, 11, 20), with_whom="Meneer en zijn dochter",
        summary=JOURNAL_TEXT))
    letters = issue(db, a, [decision.id])
    assert len(letters.letter_ids) == 1
    with db.write() as s:
        other = Resident(client_number="K0000002", bsn="999900018", initials="A.", surname="Pietersen",
                         search_name="pietersen", date_of_birth=date(1961, 6, 1), consulent_id=a.consulent.user_id)
        s.add(other)
        s.flush()
        other_casus = Casus(resident_id=other.id, law=Law.WMO, melding_date=date(2026, 10, 1),
                            consulent_id=a.consulent.user_id)
        s.add(other_casus)
        s.flush()
        other_casus_id = other_casus.id
    journal.add_entry(db, a.consulent, other_casus_id, journal.JournalInput(
        kind=JournalKind.TELEFOON, contact_date=date(2026, 11, 19), summary=OTHER_SECRET))
    return {"decision": decision, "daughter": daughter, "letter": letters.letter_ids[0]}


def _log(db, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_the_json_holds_the_whole_file_of_this_resident_and_nobody_elses(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, " k0000001 ")
    assert (doc["formaat"], doc["versie"]) == ("koers-dossier", 1)
    assert len(doc["inwoners"]) == 1
    r = doc["inwoners"][0]
    assert (r["clientnummer"], r["bsn"], r["achternaam"], r["geboortedatum"], r["straat"]) == (
        "K0000001", "999900006", "Jansen", "1950-03-04", "Dorpsstraat")
    assert [(c["velden"], c["reden"]) for c in r["correcties"]] == [
        ({"first_name": [None, "Marinus"]}, "Roepnaam stond er niet in; zo heet meneer")]
    assert [(p["rol"], p["voorletters"], p["telefoon"]) for p in r["personen"]] == [
        ("mantelzorger", "E.", "06 12345678")]
    (casus,) = r["casussen"]
    assert [(p["versie"], p["status"], p["vraag"]) for p in casus["plannen"]] == [
        (1, "akkoord", "Ik wil weer grip op mijn week."), (2, "concept", SECOND_QUESTION)]
    network = casus["plannen"][1]["domeinen"][0]
    assert (network["domein"], network["situatie"], network["personen"]) == (
        "sociaal_netwerk", "Dochter komt twee keer per week.", ["P1"])
    (decision,) = casus["beschikkingen"]
    assert (decision["product"], decision["aanbieder"]["naam"], decision["geindiceerde_minuten"],
            decision["tarief_centen_per_uur"]) == ("02A08", "Zorggroep De Linde", 56 * 60, 6250)
    assert [(h["datum"], h["minuten"]) for h in decision["uren"]] == [
        ("2026-01-13", 150), ("2026-01-20", 180), ("2026-02-03", 120)]
    done = [e for e in casus["evaluaties"] if e["gedaan"]]
    assert [(e["uitkomst"], e["samenvatting"]) for e in done] == [("voortzetten", SUMMARY)]
    assert done[0]["resultaten"][0]["toelichting"] == "Het gaat al beter, zegt meneer."
    assert [(j["soort"], j["samenvatting"]) for j in casus["journaal"]] == [("huisbezoek", JOURNAL_TEXT)]
    (letter,) = r["brieven"]
    with any_db.read() as s:
        stored = s.get(Letter, file["letter"])
    assert (letter["kenmerk"], letter["sha256"], letter["beschikking"]) == (
        stored.kenmerk, stored.sha256, decision["toewijzingnummer"])
    text = json.dumps(doc, ensure_ascii=False)
    assert "Pietersen" not in text and OTHER_SECRET not in text and "K0000002" not in text


def test_the_export_is_logged_and_named_in_its_own_access_log(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.beheerder, "K0000001")
    (line,) = _log(any_db, "inwoner.inzage_exporteren")
    assert (line.username, line.role, line.client_number, line.resident_id, line.outcome) == (
        "t.beheerder", "beheerder", "K0000001", 1, "ok")
    last = doc["toegangslog"][-1]
    assert (last["code"], last["gebruiker"], last["rol"], last["uitkomst"]) == (
        "inwoner.inzage_exporteren", "t.beheerder", "beheerder", "ok")
    codes = [e["code"] for e in doc["toegangslog"]]
    assert {"uren.invoeren", "journaal.vastleggen", "brief.aanmaken", "evaluatie.vastleggen"} <= set(codes)
    lines = _all_lines(any_db)
    assert len(codes) == len([e for e in lines if e.resident_id == 1])  # this resident's lines, all of them
    assert any(e.resident_id not in (None, 1) for e in lines)  # mevrouw Pietersen's exist, and are left out


def _all_lines(db) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry)))


@pytest.mark.parametrize("role", ["consulent", "medewerker", "controller"])
def test_other_roles_are_refused_and_the_refusal_is_logged(any_db, any_actors, file, role):
    with pytest.raises(PermissionDenied):
        access_export(any_db, any_actors.by_role(role), "K0000001")
    (line,) = _log(any_db, "inwoner.inzage_exporteren")
    assert (line.role, line.outcome) == (role, "geweigerd")


def test_an_anonymised_resident_or_an_unknown_number_is_refused_in_dutch(any_db, any_actors, file, today):
    from db import clock

    with any_db.write() as s:
        s.exec(select(Resident).where(Resident.client_number == "K0000002")).one().anonymised_at = clock.now()
    with pytest.raises(ValidationError, match="geanonimiseerd"):
        access_export(any_db, any_actors.casusregisseur, "K0000002")
    with pytest.raises(KoersError, match="geen inwoner met cliëntnummer 'K9'"):
        access_export(any_db, any_actors.casusregisseur, "K9")
    assert _log(any_db, "inwoner.inzage_exporteren") == []


def test_the_pdf_reads_as_the_residents_file(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001")
    pdf = render_access_pdf(doc, municipality="Gemeente Koersveen")
    text = pdf_text(pdf)
    assert "Uw gegevens bij de gemeente Koersveen" in text
    assert "M. Jansen" in text and "999900006" in text and "4 maart 1950" in text
    assert "E. Jansen" in text and "mantelzorger" in text
    assert "roepnaam: – → Marinus Roepnaam stond er niet in; zo heet meneer" in text
    assert "Ik wil weer grip op mijn week." in text and SECOND_QUESTION in text
    assert "Dochter komt twee keer per week." in text
    assert "56 uur" in text and "7,5 uur" in text and "2,5 uur" in text and "€ 62,50 per uur" in text
    assert "02A08" in text and "Zorggroep De Linde" in text and "M (midden)" in text
    assert SUMMARY in text and "Voortzetten" in text and JOURNAL_TEXT in text
    assert doc["inwoners"][0]["brieven"][0]["sha256"][:12] in text
    assert "gemaakt op 23 november 2026" in text
    log = text.split("Wie uw dossier heeft ingezien of gewijzigd")[1]
    assert "t.casusregisseur casusregisseur" in log and "Uren geboekt" in log
    assert "pagina 1 van" in text and "Pietersen" not in text and OTHER_SECRET not in text
    assert PdfReader(io.BytesIO(pdf)).metadata.producer == "Koers"


def test_the_pdf_wraps_long_texts_repeats_table_headers_and_stays_fast(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001")
    decision = doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]
    day = date(2026, 1, 5)
    decision["uren"] = [{"datum": (day + timedelta(days=n % 200)).isoformat(), "vanaf": None, "minuten": 30 + n % 4,
                         "niet_verschenen": n % 17 == 0, "bron": "import", "ingevoerd_op": "2026-02-01T09:00:00+00:00"}
                        for n in range(600)]
    long_summary = " ".join(["Een lange samenvatting die over de hele breedte van de pagina moet teruglopen."] * 40)
    doc["inwoners"][0]["casussen"][0]["evaluaties"][0]["samenvatting"] = long_summary
    started = time.perf_counter()
    pdf = render_access_pdf(doc)
    assert time.perf_counter() - started < 10
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    with_hours = [p for p in pages if "Vastgelegd op" in p and "ingelezen" in p]
    assert len(with_hours) >= 10  # 600 lines run over many pages, each with its header row
    assert all("Datum Uren Niet verschenen Hoe vastgelegd" in p for p in with_hours)
    assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]
    assert "Uw gegevens bij de gemeente" in pages[0]
    assert pdf == render_access_pdf(doc)  # same document, same bytes


def test_write_access_files_writes_json_pdf_and_the_letters_as_archived(any_db, any_actors, file, tmp_path):
    steps = []
    files = write_access_files(any_db, any_actors.casusregisseur, "K0000001", tmp_path,
                               lambda done, total: steps.append((done, total)))
    assert files.json_path.name == "inzage-K0000001-2026-11-23.json"
    doc = json.loads(files.json_path.read_text(encoding="utf-8"))
    assert doc["inwoners"][0]["clientnummer"] == "K0000001"
    assert "Uw gegevens bij de gemeente Koersveen" in pdf_text(files.pdf_path.read_bytes())
    with any_db.read() as s:
        stored = s.get(Letter, file["letter"])
    (path,) = files.letter_paths
    assert path.parent.name == "inzage-K0000001-2026-11-23-brieven" and path.read_bytes() == stored.pdf
    assert hashlib.sha256(path.read_bytes()).hexdigest() == stored.sha256
    assert steps == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(ValidationError, match="bestaat niet"):
        write_access_files(any_db, any_actors.casusregisseur, "K0000001", tmp_path / "weg")
