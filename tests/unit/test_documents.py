"""Documents on a casus (issue 21, point 3): checked by content, limited in size, stored with their SHA-256,
verified and logged on every opening, removed with a reason; no content for medewerker or controller."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from db.models import AuditEntry, Casus, Resident
from db.models.casefile import CaseDocument, DocumentContent
from db.models.enums import DocumentKind, Law
from desktop.core.access import audit_text
from desktop.core.access.audit import PermissionDenied, ReasonRequired
from desktop.core.errors import KoersError, ValidationError
from desktop.core.residents import documents
from desktop.core.residents.documents import DocumentRefused

TITLE = "Medisch advies GGD Zwanenburg"
FILENAME = "advies-zwanenburg.pdf"


# ---------------------------------------------------------------- files


def pdf_bytes(words: str = "Medisch advies") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)  # the same bytes on every call
    page.drawString(72, 720, words)
    page.save()
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    if macros:
        main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                                        'org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>')
        if macros:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- setting


@pytest.fixture
def case(db, actors):
    """A resident on the consulent's caseload with one Wmo casus: (resident id, casus id)."""
    with db.write() as s:
        r = Resident(client_number="K0000001", initials="M.", surname="Zwanenburg", search_name="zwanenburg",
                     date_of_birth=date(1950, 3, 4), consulent_id=actors.consulent.user_id)
        s.add(r)
        s.flush()
        c = Casus(resident_id=r.id, law=Law.WMO, melding_date=date(2026, 10, 1), consulent_id=actors.consulent.user_id)
        s.add(c)
        s.flush()
        return r.id, c.id


def add(db, actor, casus_id, path, **kw):
    kw.setdefault("kind", DocumentKind.MEDISCH_ADVIES)
    kw.setdefault("title", TITLE)
    return documents.add_document(db, actor, casus_id, path, **kw)


def log(db, action=None):
    with db.read() as s:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        return list(s.exec(stmt))


def stored_counts(db) -> tuple[int, int]:
    with db.read() as s:
        return (len(s.exec(select(CaseDocument)).all()), len(s.exec(select(DocumentContent)).all()))


@pytest.fixture(autouse=True)
def clean_opened():
    yield
    documents.cleanup_opened()


# ---------------------------------------------------------------- adding and opening


def test_a_pdf_png_and_docx_are_stored_with_their_hash_and_opened_as_they_were(db, actors, case, tmp_path, today):
    _, casus_id = case
    files = {"advies.pdf": pdf_bytes(), "foto.png": png_bytes(), "plan.docx": docx_bytes()}
    rows = {name: add(db, actors.consulent, casus_id, write(tmp_path, name, data), title=None,
                      document_date=today - timedelta(days=3)) for name, data in files.items()}
    assert {n: r.media_type for n, r in rows.items()} == {
        "advies.pdf": "application/pdf", "foto.png": "image/png",
        "plan.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    assert rows["advies.pdf"].title == "advies", "the title defaults to the file name without extension"
    for name, data in files.items():
        row = rows[name]
        assert (row.sha256, row.size, row.filename) == (hashlib.sha256(data).hexdigest(), len(data), name)
        opened = documents.open_document(db, actors.consulent, row.id)
        assert opened.read_bytes() == data
        assert opened.suffix == Path(name).suffix
        assert stat.S_IMODE(opened.stat().st_mode) == 0o600
        assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
        assert opened.parent.name.startswith("koers-")
    listed = documents.list_documents(db, actors.consulent, casus_id=casus_id)
    assert [r.filename for r in listed] == ["plan.docx", "foto.png", "advies.pdf"], "newest first"
    assert listed[0].added_by == "Carla Consulent" and not listed[0].removed
    assert not any(hasattr(r, "data") for r in listed), "a list never carries the bytes"


def test_every_opening_is_logged_and_no_log_line_holds_a_title_or_file_name(db, actors, case, tmp_path):
    resident_id, casus_id = case
    row = add(db, actors.consulent, casus_id, write(tmp_path, FILENAME, pdf_bytes()))
    first = documents.open_document(db, actors.consulent, row.id)
    second = documents.open_document(db, actors.consulent, row.id)
    assert first != second and first.read_bytes() == second.read_bytes(), "a second copy beside one still open"
    documents.save_document_as(db, actors.consulent, row.id, tmp_path / "kopie.pdf")
    assert (tmp_path / "kopie.pdf").read_bytes() == pdf_bytes()
    opened = log(db, "document.openen")
    assert len(opened) == 2
    assert {(e.resident_id, e.record_type, e.record_id, e.outcome) for e in opened} == {
        (resident_id, "document", row.id, "ok")}
    added = log(db, "document.toevoegen")[0]
    assert json.loads(added.changes) == {"documentsoort": [None, "medisch_advies"],
                                         "grootte_bytes": [None, row.size], "bestandstype": [None, "application/pdf"]}
    assert sorted(audit_text.change_lines(json.loads(added.changes))) == [
        "Bestandstype: application/pdf", f"Grootte (bytes): {audit_text.value_text('grootte_bytes', row.size)}",
        "Soort document: Medisch advies"]
    assert len(log(db, "document.opslaan")) == 1
    for entry in log(db):
        line = " ".join(str(v) for v in (entry.changes, entry.reason, entry.action))
        assert "Zwanenburg" not in line and "advies-" not in line and "GGD" not in line


def test_cleanup_removes_the_opened_copies(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.png", png_bytes()))
    opened = documents.open_document(db, actors.consulent, row.id)
    documents.cleanup_opened()
    assert not opened.exists() and not opened.parent.exists()


def test_the_opened_name_says_the_kind_and_number_never_the_title_or_stored_file_name(db, actors, case, tmp_path):
    """The system's recent-files lists keep names: a title may name the resident, so the copy does not carry it."""
    row = add(db, actors.consulent, case[1], write(tmp_path, "x.pdf", pdf_bytes()), title="../../etc/passwd",
              kind=DocumentKind.MEDISCH_ADVIES)
    with pytest.raises(DBAPIError, match="koers:document"), db.write() as s:  # the description never changes
        s.exec(text("UPDATE case_document SET title = 'CON' WHERE id = :i").bindparams(i=row.id))
    opened = documents.open_document(db, actors.consulent, row.id)
    assert opened.name == f"Medisch advies {row.id}.pdf"
    assert documents.open_document(db, actors.consulent, row.id).name == f"Medisch advies {row.id} (2).pdf"
    assert documents.safe_name("CON", "application/pdf") == "document CON.pdf"
    assert documents.safe_name("../../etc/passwd", "application/pdf") == "etc_passwd.pdf"
    assert documents.safe_name("Advies: 3/4 *definitief*", "image/png") == "Advies_ 3_4 _definitief.png"


def test_a_casusregisseur_may_open_but_not_add_or_remove(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    assert documents.open_document(db, actors.casusregisseur, row.id).read_bytes() == pdf_bytes()
    with pytest.raises(PermissionDenied):
        add(db, actors.casusregisseur, case[1], write(tmp_path, "b.png", png_bytes()))
    with pytest.raises(PermissionDenied):
        documents.remove_document(db, actors.casusregisseur, row.id, "per ongeluk toegevoegd")
    assert stored_counts(db) == (1, 1)


@pytest.mark.parametrize("role", ["medewerker", "controller", "beheerder"])
def test_medewerker_controller_and_beheerder_get_no_document_at_all(db, actors, case, tmp_path, role):
    actor = getattr(actors, role)
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    calls = [lambda: documents.list_documents(db, actor, resident_id=case[0]),
             lambda: documents.list_documents(db, actor, casus_id=case[1]),
             lambda: documents.open_document(db, actor, row.id),
             lambda: documents.save_document_as(db, actor, row.id, tmp_path / "weg.pdf"),
             lambda: add(db, actor, case[1], write(tmp_path, "b.png", png_bytes())),
             lambda: documents.remove_document(db, actor, row.id, "per ongeluk toegevoegd")]
    for call in calls:
        with pytest.raises(PermissionDenied, match="mag dit niet"):
            call()
    assert not (tmp_path / "weg.pdf").exists()
    assert stored_counts(db) == (1, 1)
    refused = [e for e in log(db) if e.outcome == "geweigerd"]
    assert len(refused) == len(calls) and {e.username for e in refused} == {actor.username}


def test_another_consulent_needs_a_reason_which_is_logged(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    with pytest.raises(ReasonRequired):
        documents.open_document(db, actors.consulent2, row.id)
    with pytest.raises(ReasonRequired):
        add(db, actors.consulent2, case[1], write(tmp_path, "b.png", png_bytes()))
    assert stored_counts(db) == (1, 1) and len(log(db, "document.openen")) == 0
    documents.open_document(db, actors.consulent2, row.id, reason="waarneming voor een collega")
    assert log(db, "document.openen")[0].reason == "waarneming voor een collega"


# ---------------------------------------------------------------- bad input


def test_a_200_mb_file_is_refused_by_its_size_without_being_read(db, actors, case, tmp_path, monkeypatch):
    big = tmp_path / "scan.pdf"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no 200 MB on disk or in memory

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(documents, "read_limited", no_reading)
    with pytest.raises(DocumentRefused) as refused:
        add(db, actors.consulent, case[1], big)
    assert refused.value.message == (
        "Het bestand is 200,0 MB; de grens is 20 MB. Maak het kleiner (bijvoorbeeld scannen in zwart-wit of als PDF "
        "met lagere resolutie) of voeg het in delen toe.")
    assert stored_counts(db) == (0, 0)


def test_a_file_that_grows_after_its_size_was_checked_is_still_refused(db, actors, case, tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "read_limited", lambda path, limit: b"%PDF-" + b"0" * limit)
    with pytest.raises(DocumentRefused, match="de grens is 20 MB"):
        add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))


def test_just_under_the_limit_is_fine(db, actors, case, tmp_path):
    data = pdf_bytes()
    data += b"\n%" + b"0" * (documents.MAX_BYTES - len(data) - 2)
    assert len(data) == documents.MAX_BYTES
    assert add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", data)).size == documents.MAX_BYTES


@pytest.mark.parametrize(("name", "data", "message"), [
    ("advies.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200,
     "Dit bestand is geen PDF maar een programma (uitvoerbaar bestand). Programma's kunnen niet in het dossier."),
    ("advies.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "Dit bestand is geen PDF maar een programma"),
    ("foto.jpg", b"\xcf\xfa\xed\xfe" + b"\x00" * 200, "Dit bestand is geen JPEG-afbeelding (foto) maar een programma"),
    ("setup.exe", b"MZ" + b"\x00" * 200, "Dit bestand is een programma (uitvoerbaar bestand)."),
    ("notitie.txt", b"#!/bin/sh\nrm -rf ~\n", "Dit bestand is geen platte tekst maar een script"),
    ("plan.docx", docx_bytes(macros=True), "Dit bestand is geen Word-document maar een Office-bestand met macro's"),
    ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "een ouder Office-bestand"),
    ("stukken.zip", b"PK\x03\x04" + b"\x00" * 100, "Dit bestand is een ingepakt archief"),
    ("brief.rtf", b"{\\rtf1\\ansi hallo}", "een RTF-document"),
    ("pagina.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "geen PDF maar een webpagina"),
    ("foto.png", bytes(range(256)) * 4, "Koers herkent dit bestand niet"),
    ("advies.pdf", png_bytes(), "Dit bestand is geen PDF maar een PNG-afbeelding. Geef het de juiste extensie (.png)"),
    ("advies", pdf_bytes(), "Dit bestand is een PDF, maar de naam eindigt zonder extensie"),
    ("advies.html", pdf_bytes(), "Dit bestand is een PDF, maar de naam eindigt op .html"),
])
def test_bad_files_are_refused_by_their_content_and_nothing_is_stored(db, actors, case, tmp_path, name, data,
                                                                       message):
    with pytest.raises(DocumentRefused) as refused:
        add(db, actors.consulent, case[1], write(tmp_path, name, data))
    assert message in refused.value.message
    assert stored_counts(db) == (0, 0) and log(db, "document.toevoegen") == []


def test_an_unknown_type_names_what_is_allowed(tmp_path):
    with pytest.raises(DocumentRefused) as refused:
        documents.check_file(write(tmp_path, "x.dat", b"\x00\x01\x02\x03" * 64))
    assert "Toegestaan zijn: PDF, afbeeldingen" in refused.value.message and ".docx" in refused.value.message


def test_an_empty_or_missing_file_is_refused(tmp_path):
    with pytest.raises(DocumentRefused, match="Het bestand is leeg"):
        documents.check_file(write(tmp_path, "leeg.pdf", b""))
    with pytest.raises(DocumentRefused, match="niet gevonden"):
        documents.check_file(tmp_path / "weg.pdf")
    with pytest.raises(DocumentRefused, match="geen bestand"):
        documents.check_file(tmp_path)


def test_a_pdf_that_runs_javascript_or_starts_a_program_is_refused(tmp_path):
    base = pdf_bytes()
    tail = base.rindex(b"%%EOF")
    for action in (b"<< /S /JavaScript /JS (app.alert(1)) >>", b"<< /S /Launch /F (cmd.exe) >>",
                   b"<< /S /J#61vaScript /J#53 (x) >>"):
        with pytest.raises(DocumentRefused, match="^Dit bestand is een PDF die JavaScript uitvoert, een programma "
                                                  "start of een bestand in zich meedraagt"):
            documents.check_bytes("a.pdf", base[:tail] + b"9 0 obj " + action + b" endobj\n" + base[tail:])
    import zlib
    hidden = zlib.compress(b"1 0 << /OpenAction << /S /JavaScript /JS (x) >> >>")
    packed = base[:tail] + b"9 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n" + hidden + \
        b"\nendstream endobj\n" + base[tail:]
    with pytest.raises(DocumentRefused, match="JavaScript"):
        documents.check_bytes("a.pdf", packed)
    assert documents.check_bytes("a.pdf", base).file_type.short == "PDF", "a plain PDF passes"
    image = b"9 0 obj << /Length 12 >>\nstream\n\x00/JS \x01/Launch\nendstream endobj\n"
    assert documents.check_bytes("a.pdf", base[:tail] + image + base[tail:]).file_type.short == "PDF", \
        "the bytes of an image that happen to spell /JS are no action"


def test_a_pdf_cannot_hide_an_action_from_the_check():
    """Tricks a review found: a fake stream keyword in a string or a name (with the 'endstream' in a comment), an
    object stream behind a filter Koers does not unpack, an escaped /ObjStm, a predictor, and a PDF that carries a
    file or an XFA form. Each is refused; real streams with a direct /Length are still skipped."""
    import zlib

    base = pdf_bytes()
    tail = base.rindex(b"%%EOF")
    action = b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"
    inner = b"2 0 << /S /JavaScript /JS (app.alert(1)) >>"
    hexed = inner.hex().encode() + b">"
    flat = zlib.compress(inner)
    tricks = {
        "fake stream in a string": b"3 0 obj << /Foo (>>stream\n) >> endobj\n" + action + b"% endstream\n",
        "fake stream after a name": b"3 0 obj << /Upstream\n/X 1 >> endobj\n" + action + b"%endstream\n",
        "object stream in hex": b"4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode /Length %d >>\n"
                                b"stream\n" % len(hexed) + hexed + b"\nendstream\nendobj\n",
        "object stream unpacked": b"4 0 obj << /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n" % len(inner)
                                  + inner + b"\nendstream\nendobj\n",
        "escaped object stream": b"4 0 obj << /Type /Obj#53tm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\n"
                                 b"stream\n" % len(flat) + flat + b"\nendstream\nendobj\n",
        "object stream with a predictor": b"4 0 obj << /Type /ObjStm /N 1 /Filter /FlateDecode /DecodeParms "
                                          b"<< /Predictor 12 /Columns 4 >> /Length 4 >>\nstream\nabcd\nendstream\n"
                                          b"endobj\n",
        "an embedded program": b"5 0 obj << /Type /EmbeddedFile /Subtype /application#2Fx-msdownload >> endobj\n",
        "an XFA form": b"6 0 obj << /XFA 7 0 R >> endobj\n",
    }
    for name, trick in tricks.items():
        with pytest.raises(DocumentRefused, match="JavaScript uitvoert"):
            documents.check_bytes("a.pdf", base[:tail] + trick + base[tail:])
            raise AssertionError(name)
    body = b"\x00/JS \x01/Launch (not a string\n%endstream"  # image bytes: skipped by their /Length
    image = b"9 0 obj << /Length %d >>\nstream\n" % len(body) + body + b"\nendstream endobj\n"
    assert documents.check_bytes("a.pdf", base[:tail] + image + base[tail:]).file_type.short == "PDF"


def test_office_and_opendocument_files_are_told_apart_by_their_parts():
    def odf(kind: str, extra: str | None = None) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("mimetype", kind)
            z.writestr("content.xml", "<office:document-content/>")
            if extra:
                z.writestr(extra, "Sub Main\nEnd Sub")
        return out.getvalue()

    assert documents.check_bytes("a.odt", odf("application/vnd.oasis.opendocument.text")).file_type.short == "ODT"
    assert documents.check_bytes("a.ods", odf("application/vnd.oasis.opendocument.spreadsheet")).size > 0
    with pytest.raises(DocumentRefused, match="macro's"):
        documents.check_bytes("a.odt", odf("application/vnd.oasis.opendocument.text", "Basic/Standard/M.xml"))
    with pytest.raises(DocumentRefused, match="geen Excel-werkmap maar een Word-document"):
        documents.check_bytes("a.xlsx", docx_bytes())
    with pytest.raises(DocumentRefused, match="geen Word-document maar een ingepakt archief"):
        documents.check_bytes("a.docx", odf("application/x-something"))


def test_title_kind_and_date_are_checked_all_at_once(db, actors, case, tmp_path, today):
    path = write(tmp_path, "a.pdf", pdf_bytes())
    with pytest.raises(ValidationError) as refused:
        documents.add_document(db, actors.consulent, case[1], path, kind="recept", title="x" * 201,
                               document_date=today + timedelta(days=1))
    assert set(refused.value.field_errors) == {"kind", "title", "document_date"}
    assert stored_counts(db) == (0, 0)


def test_the_same_file_twice_on_one_casus_is_refused(db, actors, case, tmp_path):
    path = write(tmp_path, FILENAME, pdf_bytes())
    add(db, actors.consulent, case[1], path)
    with pytest.raises(DocumentRefused, match=f"Dit document zit al in het dossier: '{TITLE}', toegevoegd op"):
        add(db, actors.consulent, case[1], write(tmp_path, "andere-naam.pdf", pdf_bytes()), title="Iets anders")
    assert stored_counts(db) == (1, 1)


def test_a_long_file_name_is_stored_short_and_without_folders(db, actors, case, tmp_path):
    name = "b" * 300 + ".png"
    folder = tmp_path / "sub"
    folder.mkdir()
    checked = documents.check_bytes(name, png_bytes())
    row = add(db, actors.consulent, case[1], checked)
    assert len(row.filename) == 255 and row.filename.endswith(".png")
    row = add(db, actors.consulent, case[1], write(folder, "scan.pdf", pdf_bytes()))
    assert row.filename == "scan.pdf"


# ---------------------------------------------------------------- stored bytes stay as they were


def test_the_database_refuses_to_change_stored_bytes_hash_or_name(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    for statement in ("UPDATE document_content SET data = x'00' WHERE document_id = :i",
                      "UPDATE case_document SET sha256 = :h WHERE id = :i",
                      "UPDATE case_document SET filename = 'b.pdf' WHERE id = :i",
                      "UPDATE case_document SET size_bytes = 1 WHERE id = :i"):
        with pytest.raises(DBAPIError, match="koers:document"), db.write() as s:
            s.exec(text(statement).bindparams(i=row.id, h="0" * 64) if ":h" in statement
                   else text(statement).bindparams(i=row.id))
    assert documents.open_document(db, actors.consulent, row.id).read_bytes() == pdf_bytes()


def test_the_core_says_a_trigger_refusal_in_dutch(db, actors, case, tmp_path, monkeypatch):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    with pytest.raises(KoersError, match="Een opgeslagen document kan niet worden gewijzigd"), db.write() as s:
        doc = s.get(CaseDocument, row.id)
        doc.filename = "ander.pdf"
        documents._guarded_flush(s)  # noqa: SLF001 - the one place the core meets the trigger


def test_damaged_bytes_are_not_opened_and_the_attempt_is_logged(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    with db.write() as s:  # the trigger allows delete and insert: corruption from outside Koers, simulated
        s.exec(text("DELETE FROM document_content WHERE document_id = :i").bindparams(i=row.id))
        s.exec(text("INSERT INTO document_content (document_id, data) VALUES (:i, :d)").bindparams(
            i=row.id, d=pdf_bytes("Iets anders")))
    before = {p for p in Path(tempfile.gettempdir()).glob("koers-*/*")}
    with pytest.raises(KoersError, match="Dit document is beschadigd") as refused:
        documents.open_document(db, actors.consulent, row.id)
    assert "SHA-256" in refused.value.message
    with pytest.raises(KoersError, match="beschadigd"):
        documents.save_document_as(db, actors.consulent, row.id, tmp_path / "kopie.pdf")
    assert not (tmp_path / "kopie.pdf").exists()
    assert {p for p in Path(tempfile.gettempdir()).glob("koers-*/*")} == before, "nothing written out"
    assert [(e.action, e.outcome) for e in log(db) if e.action.startswith("document.o")] == [
        ("document.openen", "mislukt"), ("document.opslaan", "mislukt")]


def test_koers_check_finds_damaged_and_missing_document_bytes(db, actors, case, tmp_path):
    from desktop.core.maintenance.check import run_check

    good = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    damaged = add(db, actors.consulent, case[1], write(tmp_path, "b.pdf", pdf_bytes("Tweede")))
    lost = add(db, actors.consulent, case[1], write(tmp_path, "c.png", png_bytes()))
    report = run_check(db, full=True)  # the hashes are the full check's; the quick one sees lengths only
    assert "documenten in de dossiers (SHA-256)" in report.checked and report.ok
    with db.write() as s:
        s.exec(text("DELETE FROM document_content WHERE document_id IN (:d, :l)").bindparams(d=damaged.id, l=lost.id))
        s.exec(text("INSERT INTO document_content (document_id, data) VALUES (:i, :d)").bindparams(
            i=damaged.id, d=pdf_bytes("Iets anders")))
    problems = [p for p in run_check(db, full=True).problems if p.startswith("Document ")]
    assert problems == [
        f"Document {damaged.id} (casus {case[1]}): de inhoud klopt niet meer met de SHA-256 van het moment van "
        "toevoegen; het bestand is veranderd of beschadigd. Zet het terug uit een back-up.",
        f"Document {lost.id} (casus {case[1]}): de inhoud ontbreekt, maar het document is niet als verwijderd "
        "vastgelegd. Zet het terug uit een back-up."]
    assert good.id not in (damaged.id, lost.id)


# ---------------------------------------------------------------- removing


def test_a_removed_document_stays_removed_and_is_removed_once(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    documents.remove_document(db, actors.consulent, row.id, "bij de verkeerde inwoner toegevoegd")
    with pytest.raises(KoersError, match="al verwijderd"):
        documents.remove_document(db, actors.consulent, row.id, "nog een keer verwijderd")
    with pytest.raises(DBAPIError, match="koers:document"), db.write() as s:  # no 'un-removing' from outside
        s.exec(text("UPDATE case_document SET removed_at = NULL, removal_reason = NULL WHERE id = :i")
               .bindparams(i=row.id))
    with pytest.raises(KoersError, match="is verwijderd"):
        documents.open_document(db, actors.consulent, row.id)
    assert [e.action for e in log(db) if e.action == "document.verwijderen"] == ["document.verwijderen"]


def test_a_checked_file_handed_in_is_checked_again(db, actors, case, tmp_path):
    """The core takes no caller's word for the type, size or hash."""
    forged = documents.CheckedFile("a.pdf", b"MZ\x90\x00 a program", documents.TYPES["application/pdf"], "0" * 64)
    with pytest.raises(DocumentRefused, match="programma"):
        documents.add_document(db, actors.consulent, case[1], forged, kind=DocumentKind.OVERIG)
    assert stored_counts(db) == (0, 0)


def test_the_list_is_logged_with_the_reason_and_without_titles(db, actors, case, tmp_path):
    add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    assert len(documents.list_documents(db, actors.casusregisseur, casus_id=case[1])) == 1
    line = [e for e in log(db) if e.action == "document.lijst"][-1]
    assert line.changes == json.dumps({"documenten": [None, 1]}) and TITLE not in (line.changes or "")


def test_removing_deletes_the_bytes_keeps_the_tombstone_and_needs_a_reason(db, actors, case, tmp_path):
    row = add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    for reason in (None, "", "  ", "oeps"):
        with pytest.raises(ValidationError, match="reden"):
            documents.remove_document(db, actors.consulent, row.id, reason)
    assert stored_counts(db) == (1, 1)
    gone = documents.remove_document(db, actors.consulent, row.id, "bij de verkeerde inwoner toegevoegd")
    assert gone.removed and gone.removed_by == "Carla Consulent"
    assert gone.removal_reason == "bij de verkeerde inwoner toegevoegd"
    assert stored_counts(db) == (1, 0), "the description stays, the bytes are gone"
    listed = documents.list_documents(db, actors.consulent, resident_id=case[0])
    assert [(r.id, r.removed) for r in listed] == [(row.id, True)]
    with pytest.raises(KoersError, match="is verwijderd .bij de verkeerde inwoner toegevoegd. en kan niet meer"):
        documents.open_document(db, actors.consulent, row.id)
    with pytest.raises(KoersError, match="al verwijderd"):
        documents.remove_document(db, actors.consulent, row.id, "nog een keer weg")
    entry = log(db, "document.verwijderen")[0]
    assert "verkeerde" not in (entry.changes or "") and entry.record_id == row.id
    # the same file may be attached again once the mistaken one is removed
    assert add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes())).id != row.id


def test_deleting_the_casus_or_resident_takes_its_documents_along(db, actors, case, tmp_path):
    resident_id, casus_id = case
    add(db, actors.consulent, casus_id, write(tmp_path, "a.pdf", pdf_bytes()))
    with db.write() as s:
        other = Casus(resident_id=resident_id, law=Law.JEUGDWET, melding_date=date(2026, 9, 1))
        s.add(other)
        s.flush()
        other_id = other.id
    add(db, actors.consulent, other_id, write(tmp_path, "b.png", png_bytes()))
    assert stored_counts(db) == (2, 2)
    with db.write() as s:
        s.delete(s.get(Casus, casus_id))
    assert stored_counts(db) == (1, 1)
    with db.write() as s:  # destruction at the end of the retention period
        s.delete(s.get(Resident, resident_id))
    assert stored_counts(db) == (0, 0)


def test_sizes_read_as_a_file_manager_shows_them():
    assert [documents.format_size(n) for n in (1, 900, 2048, 1_234_567, 20 * 1024 * 1024)] == [
        "1 byte", "900 bytes", "2 kB", "1,2 MB", "20,0 MB"]
