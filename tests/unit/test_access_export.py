"""The right of access (issue 18 point 1): one resident's whole file as JSON and as a readable PDF, the letters as
they were sent, the export logged in its own access log, nobody else's data, and only for the roles that may."""

from __future__ import annotations

import hashlib
import io
import json
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlmodel import select

from db import clock
from db.models import (
    AuditEntry,
    Casus,
    ContactLetter,
    IwmoAssignment,
    IwmoMessage,
    IwmoPrestatie,
    Letter,
    Resident,
    Sample,
    SampleLine,
)
from db.models.enums import (
    DocumentKind,
    EvaluationOutcome,
    JournalKind,
    Law,
    LifeDomain,
    PersonRole,
    SampleOutcome,
)
from desktop.core import drafts
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger
from desktop.core.errors import KoersError, ValidationError
from desktop.core.evaluations import recording
from desktop.core.nl import format_date
from desktop.core.plans import versions
from desktop.core.privacy.access_export import access_export, move_export, write_access_files
from desktop.core.privacy.access_pdf import render_access_pdf
from desktop.core.residents import documents, journal, people, register
from desktop.core.residents.documents import TYPES, CheckedFile
from desktop.version import name_and_version
from tests.unit.decision_setting import established
from tests.unit.test_documents import pdf_bytes, png_bytes
from tests.unit.test_letters import configure, issue, set_resident

SECOND_QUESTION = "Ik wil zelf weer boodschappen kunnen doen."
SUMMARY = "Het gaat beter; de weekplanning hangt op de koelkast."
JOURNAL_TEXT = "Huisbezoek: meneer vertelde over de nieuwe planning."
OTHER_SECRET = "Mevrouw Pietersen sprak over haar verhuizing"
REASON = "Inzageverzoek per brief van 12 november 2026"


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
    doc = access_export(any_db, any_actors.casusregisseur, " k0000001 ", REASON)
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
    doc = access_export(any_db, any_actors.beheerder, "K0000001", REASON)
    (line,) = _log(any_db, "inwoner.inzage_exporteren")
    assert (line.username, line.role, line.client_number, line.resident_id, line.outcome, line.reason) == (
        "t.beheerder", "beheerder", "K0000001", 1, "ok", REASON)
    last = doc["toegangslog"][-1]
    assert (last["code"], last["gebruiker"], last["naam"], last["rol"], last["uitkomst"]) == (
        "inwoner.inzage_exporteren", "t.beheerder", "Bea Beheerder", "beheerder", "ok")
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
        access_export(any_db, any_actors.by_role(role), "K0000001", REASON)
    (line,) = _log(any_db, "inwoner.inzage_exporteren")
    assert (line.role, line.outcome) == (role, "geweigerd")


def test_an_anonymised_resident_or_an_unknown_number_is_refused_in_dutch(any_db, any_actors, file, today):
    from db import clock

    with any_db.write() as s:
        s.exec(select(Resident).where(Resident.client_number == "K0000002")).one().anonymised_at = clock.now()
    with pytest.raises(ValidationError, match="geanonimiseerd"):
        access_export(any_db, any_actors.casusregisseur, "K0000002", REASON)
    with pytest.raises(KoersError, match="geen inwoner met cliëntnummer 'K9'"):
        access_export(any_db, any_actors.casusregisseur, "K9", REASON)
    assert _log(any_db, "inwoner.inzage_exporteren") == []


def test_the_pdf_reads_as_the_residents_file(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001", REASON)
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
    assert f"gemaakt op {format_date(clock.today())}" in text  # the test date, whatever day the suite runs on
    log = text.split("Wie uw dossier heeft ingezien of gewijzigd")[1]
    assert "Rita Regisseur casusregisseur" in log and "Uren geboekt" in log  # the name, not the login
    assert "pagina 1 van" in text and "Pietersen" not in text and OTHER_SECRET not in text
    assert PdfReader(io.BytesIO(pdf)).metadata.producer == name_and_version()


def test_the_pdf_wraps_long_texts_repeats_table_headers_and_stays_fast(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001", REASON)
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
                               lambda done, total: steps.append((done, total)), reason=REASON)
    assert files.json_path.name == f"inzage-K0000001-{clock.today()}.json"
    doc = json.loads(files.json_path.read_text(encoding="utf-8"))
    assert doc["inwoners"][0]["clientnummer"] == "K0000001"
    assert "Uw gegevens bij de gemeente Koersveen" in pdf_text(files.pdf_path.read_bytes())
    with any_db.read() as s:
        stored = s.get(Letter, file["letter"])
    (path,) = files.letter_paths
    assert path.parent.name == f"inzage-K0000001-{clock.today()}-brieven" and path.read_bytes() == stored.pdf
    assert hashlib.sha256(path.read_bytes()).hexdigest() == stored.sha256
    assert steps == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(ValidationError, match="bestaat niet"):
        write_access_files(any_db, any_actors.casusregisseur, "K0000001", tmp_path / "weg", reason=REASON)


# ---------------------------------------------------------------- the reason of the request

@pytest.mark.parametrize("reason", [None, "", "   ", " abc ", "ab\n c"])
def test_without_a_reason_of_five_characters_nothing_is_exported_or_logged(any_db, any_actors, file, tmp_path,
                                                                           reason):
    with pytest.raises(ValidationError, match="reden of het kenmerk van het verzoek") as refused:
        access_export(any_db, any_actors.casusregisseur, "K0000001", reason)
    assert refused.value.field == "reason"
    folder = tmp_path / "inzage"
    folder.mkdir()
    with pytest.raises(ValidationError) as refused:
        write_access_files(any_db, any_actors.casusregisseur, "K0000001", folder, reason=reason)
    assert refused.value.field_errors.keys() == {"reason"}
    if reason is not None:  # move_export still takes no reason from callers before it existed
        with pytest.raises(ValidationError):
            move_export(any_db, any_actors.beheerder, ["K0000001"], reason)
    assert _log(any_db, "inwoner.inzage_exporteren") == [] and _log(any_db, "dossier.exporteren") == []
    assert list(folder.iterdir()) == []


def test_the_reason_is_the_access_log_line_with_a_bsn_masked(any_db, any_actors, file):
    access_export(any_db, any_actors.casusregisseur, "K0000001", "  Brief INZ/88 van dochter, BSN 999900006 ")
    move_export(any_db, any_actors.beheerder, ["K0000001"], "Verhuizing naar gemeente Elders")
    (line,) = _log(any_db, "inwoner.inzage_exporteren")
    assert line.reason == "Brief INZ/88 van dochter, BSN ******006"
    (moved,) = _log(any_db, "dossier.exporteren")
    assert moved.reason == "Verhuizing naar gemeente Elders"


# ---------------------------------------------------------------- beyond the file: who handles it, who got it

@pytest.fixture
def more(any_db, any_actors, file, setting, tmp_path):
    """Besides `file`: a casusregisseur on the casus, three documents (two named 'advies.pdf', a PNG with an odd
    name) and one removed, a hand-over to another consulent, the iWmo 301 toewijzing to Zorggroep De Linde, two
    declarations (one accepted, one refused), a checked sample line, and an unsaved draft."""
    db, a = any_db, any_actors
    decision = file["decision"]
    with db.write() as s:
        s.get(Casus, setting["casus"]).casusregisseur_id = a.casusregisseur.user_id
    names = ("advies.pdf", "advies.pdf", "Foto: keuken?.png", "verkeerd.pdf")
    contents = (pdf_bytes("Eerste advies"), pdf_bytes("Tweede advies"), png_bytes(), pdf_bytes("Verkeerd dossier"))
    added = [documents.add_document(db, a.consulent, setting["casus"], CheckedFile(name, data, TYPES[media],
                                                                                      hashlib.sha256(data).hexdigest()),
                                    kind=DocumentKind.MEDISCH_ADVIES)
             for name, data, media in zip(names, contents, ("application/pdf", "application/pdf", "image/png",
                                                             "application/pdf"), strict=True)]
    documents.remove_document(db, a.consulent, added[3].id, "Hoort bij een ander dossier")
    drafts.keep(db, a.consulent, "plan", setting["plan"], {"question": "nog niet bewaard"})
    with db.write() as s:
        s.add(ContactLetter(resident_id=1, consulent_id=a.consulent2.user_id,
                            previous_consulent_id=a.consulent.user_id, effective_date=date(2026, 3, 1)))
        m301 = IwmoMessage(kind="301", direction="uit", law=Law.WMO, sender="0384", receiver="98765432",
                           identification="301-7", message_date=date(2026, 1, 5), aanbieder_id=setting["provider"],
                           sha256="a" * 64, content=b"<bsn>999900006</bsn>")
        m323 = IwmoMessage(kind="323", direction="in", law=Law.WMO, sender="98765432", receiver="0384",
                           identification="323-1", message_date=date(2026, 2, 5), aanbieder_id=setting["provider"],
                           sha256="b" * 64, content=b"<declaratie/>", declaration_number="D1")
        s.add_all([m301, m323])
        s.flush()
        s.add(IwmoAssignment(message_id=m301.id, beschikking_id=decision.id, change="toewijzing"))
        for ref, accepted, why in (("R1", True, None), ("R2", False, "Buiten de looptijd van de toewijzing.")):
            s.add(IwmoPrestatie(message_id=m323.id, aanbieder_id=setting["provider"], beschikking_id=decision.id,
                                reference=ref, toewijzing_nummer=decision.toewijzing_nummer[-9:], product_category="02",
                                period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), volume=150,
                                unit_code="01", tariff_cents=6250, amount_cents=15625, debit_credit="D",
                                accepted=accepted, reason=why))
        sample = Sample(aanbieder_id=setting["provider"], period_from=date(2026, 1, 1), period_to=date(2026, 2, 28),
                        seed=7, size=1, population=3)
        s.add(sample)
        s.flush()
        s.add(SampleLine(sample_id=sample.id, position=1, beschikking_id=decision.id, service_date=date(2026, 1, 20),
                         minutes=180, outcome=SampleOutcome.MET_OPMERKING, remark="Handtekening ontbrak op de lijst.",
                         checked_by_id=a.controller.user_id, checked_at=datetime(2026, 3, 2, 10, tzinfo=UTC)))
    return {**file, "contents": contents}


def test_the_export_says_who_handles_the_file_and_to_whom_data_went(any_db, any_actors, more, setting):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001", REASON)
    assert list(doc) == ["formaat", "versie", "geexporteerd_op", "inwoners", "verwerking", "toegangslog"]
    assert "verwerking" not in doc["inwoners"][0]  # the data part stays the koers-dossier format
    v = doc["verwerking"]
    assert v["betrokkenen"] == [
        {"taak": "vaste_consulent", "casus": None, "naam": "Carla Consulent", "rol": "consulent"},
        {"taak": "consulent", "casus": "C1", "naam": "Carla Consulent", "rol": "consulent"},
        {"taak": "casusregisseur", "casus": "C1", "naam": "Rita Regisseur", "rol": "casusregisseur"}]
    assert v["overdrachten"] == [{"per": "2026-03-01", "nieuwe_consulent": "Kees Tweede",
                                  "vorige_consulent": "Carla Consulent", "brief": None}]
    number = more["decision"].toewijzing_nummer
    (sent,) = v["toewijzingen"]
    assert (sent["beschikking"], sent["soort"], sent["bericht"], sent["aanbieder"], sent["datum"]) == (
        number, "toewijzing", "301", {"agb": "98765432", "naam": "Zorggroep De Linde"}, "2026-01-05")
    assert [(d["beschikking"], d["aanbieder"]["naam"], d["ontvangen_op"], d["geaccepteerd"], d["reden"])
            for d in v["declaraties"]] == [
        (number, "Zorggroep De Linde", "2026-02-05", True, None),
        (number, "Zorggroep De Linde", "2026-02-05", False, "Buiten de looptijd van de toewijzing.")]
    (check,) = v["controles"]
    assert (check["datum"], check["minuten"], check["uitkomst"], check["opmerking"]) == (
        "2026-01-20", 180, "met_opmerking", "Handtekening ontbrak op de lijst.")
    text = pdf_text(render_access_pdf(doc, municipality="Gemeente Koersveen"))
    who = text.split("Wie werkt aan uw dossier")[1].split("Aan wie wij uw gegevens gaven")[0]
    assert "Uw vaste consulent uw hele dossier Carla Consulent consulent" in who
    assert "Casusregisseur Wmo 2015: melding van 1 november 2025 Rita Regisseur casusregisseur" in who
    assert "Vanaf 1 maart 2026 is Kees Tweede uw contactpersoon (daarvoor Carla Consulent)." in who
    given = text.split("Aan wie wij uw gegevens gaven")[1]
    assert f"5 januari 2026 Zorggroep De Linde {number} Opdracht (toewijzing)" in given
    assert "goedgekeurd" in given and "afgekeurd: Buiten de looptijd van de toewijzing." in given
    assert "Controles van uw uren" in given and "met opmerking Handtekening ontbrak op de lijst." in given


def test_the_documents_are_files_beside_the_pdf_byte_for_byte(any_db, any_actors, more, tmp_path):
    steps = []
    files = write_access_files(any_db, any_actors.casusregisseur, "K0000001", tmp_path,
                               lambda done, total: steps.append((done, total)), reason=REASON)
    folder = tmp_path / f"inzage-K0000001-{clock.today()}-documenten"
    assert [p.name for p in files.document_paths] == ["advies.pdf", "advies-2.pdf", "Foto- keuken-.png"]
    assert all(p.parent == folder for p in files.document_paths)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files.document_paths)  # not removed
    doc = json.loads(files.json_path.read_text(encoding="utf-8"))
    listed = [d for d in doc["inwoners"][0]["casussen"][0]["documenten"] if not d["verwijderd_op"]]
    for path, data, entry in zip(files.document_paths, more["contents"][:3], listed, strict=True):
        assert path.read_bytes() == data
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    assert steps[-1] == (6, 6)  # JSON, PDF, one letter, three documents
    text = pdf_text(files.pdf_path.read_bytes())
    assert f"de map inzage-K0000001-{clock.today()}-documenten" in text and "advies-2.pdf" in text
    assert "staat in het JSON-bestand" not in text
    assert "verwijderd op" in text and "Hoort bij een ander dossier" in text


def test_no_folder_is_made_for_letters_or_documents_that_are_not_there(any_db, any_actors, file, tmp_path):
    folder = tmp_path / "inzage"
    folder.mkdir()
    files = write_access_files(any_db, any_actors.casusregisseur, "K0000002", folder, reason=REASON)
    assert (files.letter_paths, files.document_paths) == ([], [])
    assert sorted(p.name for p in folder.iterdir()) == [f"inzage-K0000002-{clock.today()}.json",
                                                          f"inzage-K0000002-{clock.today()}.pdf"]
    text = pdf_text(files.pdf_path.read_bytes())
    assert "Wij hebben u (nog) geen brieven gestuurd; daarom is er geen map met brieven." in text
    assert "-brieven" not in text and "-documenten" not in text


def test_the_pdf_explains_jargon_once_and_labels_results_alike(any_db, any_actors, file):
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001", REASON)
    text = pdf_text(render_access_pdf(doc))
    assert "Levensgebied: Instrumentele ADL (het huishouden, boodschappen doen, koken en uw zaken regelen)" in text
    assert text.count("Tijdsbesteding (hoe u uw dagen invult)") == 1  # the goal of version 1
    assert "Tijdsbesteding score 4 (voldoende zelfredzaam)" in text  # the evaluation, later: no second time
    assert "Resultaat 1: Meneer doet zelf de boodschappen" in text
    assert "Uiterlijk: 1 maart 2027" in text and "Wie helpt: inwoner, E. Jansen" in text


# ---------------------------------------------------------------- every table of the resident is in the export

def _owned(db, rid: int) -> dict[str, int]:
    """How many rows of every table hold something of this resident (after tests/unit/test_retention.py)."""
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
        messages = ids(f"SELECT message_id FROM iwmo_assignment WHERE beschikking_id IN ({decisions}) UNION "
                       f"SELECT message_id FROM iwmo_prestatie WHERE beschikking_id IN ({decisions})")
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


def _in_export(doc: dict) -> dict[str, int]:
    """How many records of each table the access export holds (the data part, verwerking and the access log)."""
    r, v = doc["inwoners"][0], doc["verwerking"]
    cases = r["casussen"]
    plans = [p for c in cases for p in c["plannen"]]
    domains = [d for p in plans for d in p["domeinen"]]
    goals = [g for p in plans for g in p["doelen"]]
    results = [x for g in goals for x in g["resultaten"]]
    decisions = [d for c in cases for d in c["beschikkingen"]]
    evaluations = [e for c in cases for e in c["evaluaties"]]
    docs = [d for c in cases for d in c["documenten"]]
    return {
        "resident": 1, "related_person": len(r["personen"]), "correction": len(r["correcties"]),
        "casus": len(cases), "plan": len(plans), "domain_assessment": len(domains),
        "domain_person": sum(len(d["personen"]) for d in domains), "goal": len(goals), "result": len(results),
        "result_person": sum(len(x["personen"]) for x in results), "beschikking": len(decisions),
        "beschikking_result": sum(len(d["resultaten"]) for d in decisions),
        "period": sum(len(d["perioden"]) for d in decisions), "realisation": sum(len(d["uren"]) for d in decisions),
        "evaluation": len(evaluations), "evaluation_result": sum(len(e["resultaten"]) for e in evaluations),
        "evaluation_domain_score": sum(len(e["domeinscores"]) for e in evaluations),
        "journal_entry": sum(len(c["journaal"]) for c in cases), "case_document": len(docs),
        "document_content": sum(1 for d in docs if d["inhoud_base64"]), "letter": len(r["brieven"]),
        "contact_letter": len(v["overdrachten"]), "iwmo_assignment": len(v["toewijzingen"]),
        "iwmo_prestatie": len(v["declaraties"]),
        "iwmo_message": len({(m["bericht"], m["identificatie"]) for m in v["toewijzingen"] + v["declaraties"]}),
        "sample_line": len(v["controles"]), "audit_entry": len(doc["toegangslog"]),
    }


NOT_EXPORTED = {
    # derived: the month and period figures Koers counts from the decisions and hours, which are in the export
    # (month_total, the municipality's sums over all residents, has no path to one resident at all)
    "decision_month": "afgeleid", "decision_period": "afgeleid",
    # transient: what a consulent typed and has not saved yet; it becomes the plan or evaluation when saved
    "draft": "tijdelijk",
}


def test_every_table_that_holds_something_of_the_resident_is_in_the_export(any_db, any_actors, more):
    from sqlmodel import SQLModel

    import db.models  # noqa: F401  (every table registered)

    reach = {"resident"}  # every table with a foreign-key path to the resident, or its id as a plain column
    while True:
        grown = {t.name for t in SQLModel.metadata.sorted_tables if "resident_id" in t.c
                 or any(fk.column.table.name in reach for fk in t.foreign_keys)} | reach
        if grown == reach:
            break
        reach = grown
    owned = _owned(any_db, 1)
    # draft (record_id names a plan or evaluation without a foreign key) and iwmo_message (the assignments and
    # declarations point at it) hold the resident's data too
    assert set(owned) == reach | {"draft", "iwmo_message"}, "a table was added: export it or say why not"
    doc = access_export(any_db, any_actors.casusregisseur, "K0000001", REASON)
    counted = _in_export(doc)
    after = _owned(any_db, 1)  # the export's own access-log line included
    with_rows = {t for t, n in after.items() if n}
    assert with_rows == set(owned), f"the test resident lacks rows in {set(owned) - with_rows}"
    assert {t: counted.get(t) for t in with_rows - set(NOT_EXPORTED)} == {
        t: after[t] for t in with_rows - set(NOT_EXPORTED)}
    assert set(counted) | set(NOT_EXPORTED) == set(owned)
