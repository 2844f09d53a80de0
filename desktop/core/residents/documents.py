"""Documents attached to a casus: a medical advice, the resident's own plan, a signed form.

The bytes are stored in the database with their SHA-256 and checked again on every opening. What a file is,
is read from its content, never from its name: an executable renamed .pdf is named for what it is and refused,
as are Office files with macros, PDFs that run JavaScript or start programs, and anything Koers does not know.
Every opening is written to the access log; titles and file names are not (they may name the resident).
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, Resident, User
from db.models.base import stored_id
from db.models.casefile import CaseDocument, DocumentContent
from db.models.enums import DocumentKind
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.files import write_atomic
from desktop.core.nl import format_date, format_number
from desktop.core.text import clean_text

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a scanned advice of a few pages fits many times over
KIND_LABELS = labels.DOCUMENT_KIND


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str  # as a sentence names it: 'een PDF', 'een Word-document'
    short: str  # the Type column: 'PDF', 'Word'
    extensions: tuple[str, ...]  # the first one is used when the document is opened

    @property
    def name(self) -> str:
        """'PDF', 'Word-document': the label without its article."""
        return self.label.removeprefix("een ")


_TYPES = (
    FileType("application/pdf", "een PDF", "PDF", (".pdf",)),
    FileType("image/png", "een PNG-afbeelding", "PNG", (".png",)),
    FileType("image/jpeg", "een JPEG-afbeelding (foto)", "JPEG", (".jpg", ".jpeg", ".jpe", ".jfif")),
    FileType("image/gif", "een GIF-afbeelding", "GIF", (".gif",)),
    FileType("image/tiff", "een TIFF-afbeelding (scan)", "TIFF", (".tif", ".tiff")),
    FileType("image/heic", "een HEIC-foto (iPhone)", "HEIC", (".heic", ".heif")),
    FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "een Word-document",
             "Word", (".docx",)),
    FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "een Excel-werkmap", "Excel",
             (".xlsx",)),
    FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "een PowerPoint-presentatie", "PowerPoint", (".pptx",)),
    FileType("application/vnd.oasis.opendocument.text", "een OpenDocument-tekst", "ODT", (".odt",)),
    FileType("application/vnd.oasis.opendocument.spreadsheet", "een OpenDocument-rekenblad", "ODS", (".ods",)),
    FileType("application/vnd.oasis.opendocument.presentation", "een OpenDocument-presentatie", "ODP", (".odp",)),
    FileType("text/plain", "platte tekst", "Tekst", (".txt",)),
)
TYPES: dict[str, FileType] = {t.media_type: t for t in _TYPES}
ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(e for t in _TYPES for e in t.extensions)
ALLOWED_TEXT = ("PDF, afbeeldingen (PNG, JPEG, GIF, TIFF, HEIC), Word, Excel en PowerPoint (.docx, .xlsx, .pptx), "
                "OpenDocument (.odt, .ods, .odp) en platte tekst (.txt)")
_BY_EXTENSION = {e: t for t in _TYPES for e in t.extensions}

# Refused kinds, named for what they are, with what to do instead.
_PROGRAM = ("een programma (uitvoerbaar bestand)", "Programma's kunnen niet in het dossier.")
_SCRIPT = ("een script (een programma in tekst)", "Programma's kunnen niet in het dossier.")
_MACROS = ("een Office-bestand met macro's (programmacode)",
           "Sla het op als gewoon document (.docx of .xlsx, zonder macro's) of als PDF en voeg dat toe.")
_OLE_OBJECT = ("een Office-bestand met een ingesloten object of programma",
               "Sla het op als PDF en voeg dat toe.")
_OLD_OFFICE = ("een ouder Office-bestand (.doc, .xls, .ppt, .msg) of een met een wachtwoord beveiligd "
               "Office-bestand", "Zulke bestanden kunnen macro's bevatten die Koers niet kan controleren. Sla het "
               "op als PDF of als .docx of .xlsx (zonder wachtwoord) en voeg dat toe.")
_ARCHIVE = ("een ingepakt archief (zoals ZIP, RAR of 7z)",
            "Pak het uit en voeg de documenten een voor een toe.")
_RTF = ("een RTF-document", "Sla het op als PDF of als .docx en voeg dat toe.")
_WEB = ("een webpagina of SVG-tekening (die scripts kan bevatten)", "Druk het af naar PDF en voeg dat toe.")
_PDF_ACTIVE = ("een PDF die JavaScript uitvoert, een programma start of een bestand in zich meedraagt",
               "Druk hem af naar een nieuwe PDF (bijvoorbeeld met 'Microsoft Print to PDF') of scan hem, en voeg "
               "die toe.")
_SHORTCUT = ("een snelkoppeling", "Voeg het document zelf toe.")


class DocumentRefused(ValidationError):
    """The file cannot go into the file: too large, empty, of a kind Koers refuses, or not what its name says."""


@dataclass(frozen=True)
class CheckedFile:
    """A file read once and found acceptable: what `add_document` stores."""

    filename: str
    data: bytes
    file_type: FileType
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class DocumentRow:
    """A document as a list shows it: never its bytes."""

    id: int
    casus_id: int
    kind: DocumentKind
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    document_date: date | None
    added_by: str
    created_at: datetime
    removed_at: datetime | None = None
    removed_by: str | None = None
    removal_reason: str | None = None

    @property
    def removed(self) -> bool:
        return self.removed_at is not None

    @property
    def type_label(self) -> str:
        return type_label(self.media_type)


def type_label(media_type: str) -> str:
    found = TYPES.get(media_type)
    return found.short if found else media_type


def format_size(size: int) -> str:
    """1234567 -> '1,2 MB' (the binary units the file manager of the workstation shows)."""
    if size < 1024:
        return f"{size} bytes" if size != 1 else "1 byte"
    if size < 1024 * 1024:
        return f"{format_number(round(size / 1024))} kB"
    return f"{_megabytes(size)} MB"


def _megabytes(size: int) -> str:
    return format_number(round(Decimal(size) / (1024 * 1024), 1), 1)


# ---------------------------------------------------------------- what a file is


def _refused(claimed: FileType | None, actual: tuple[str, str]) -> DocumentRefused:
    what, why = actual
    if actual is _PDF_ACTIVE and claimed is not None and claimed.short == "PDF":
        return DocumentRefused(f"Dit bestand is {what}. {why}")  # a PDF indeed, but one that acts
    if claimed is not None:
        return DocumentRefused(f"Dit bestand is geen {claimed.name} maar {what}. {why}")
    return DocumentRefused(f"Dit bestand is {what}. {why}")


def _sniff_zip(data: bytes) -> FileType | tuple[str, str]:
    """An Office Open XML or OpenDocument file by its parts; macros and embedded objects refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        lowered = [n.lower() for n in names]
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            kind = archive.read(info).decode("ascii", "replace").strip() if info.file_size <= 200 else ""
            if any(n.startswith(("basic/", "scripts/")) for n in lowered):
                return _MACROS
            if any(n.startswith("object") and n.endswith(".bin") for n in lowered):
                return _OLE_OBJECT
            return TYPES[kind] if kind in TYPES and kind.startswith("application/vnd.oasis") else _ARCHIVE
        if "[Content_Types].xml" not in names:
            return _ARCHIVE
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lowered):
            return _MACROS
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:  # a list of parts, never this large: a bomb, not a document
            return _ARCHIVE
        types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, ValueError,
            zlib.error, EOFError):
        return _ARCHIVE
    if "macroEnabled" in types or "vbaProject" in types:
        return _MACROS
    if any("/embeddings/" in n and n.endswith(".bin") for n in lowered) or "activeX" in types:
        return _OLE_OBJECT
    for part, media_type in (
            ("wordprocessingml.document.main+xml", TYPES["application/vnd.openxmlformats-officedocument."
                                                         "wordprocessingml.document"]),
            ("spreadsheetml.sheet.main+xml", TYPES["application/vnd.openxmlformats-officedocument.spreadsheetml."
                                                   "sheet"]),
            ("presentationml.presentation.main+xml", TYPES["application/vnd.openxmlformats-officedocument."
                                                           "presentationml.presentation"])):
        if part in types:
            return media_type
    return _ARCHIVE


# Actions a viewer runs or hands to the system, and files carried inside the PDF: none belongs in a casus file.
_PDF_ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)"
                               rb"(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm(?![A-Za-z0-9])")
_PDF_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")  # a stream keyword right after its dictionary
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj(?![A-Za-z0-9])")
_PDF_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_PDF_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_PDF_END = re.compile(rb"\s*endstream")


def _unescape_names(chunk: bytes) -> bytes:
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), chunk) if b"#" in chunk else chunk


def _stream_dictionary(data: bytes, keyword: int) -> bytes | None:
    """The dictionary of the stream whose keyword starts at `keyword`, or None when this is no real stream: not
    inside an indirect object, or a '>>stream' written in a string, comment or after the object ended."""
    headers = list(_PDF_OBJECT.finditer(data, max(0, keyword - 4096), keyword))
    if not headers:
        return None
    start = headers[-1]
    dictionary = data[start.end():keyword + 2]
    if b"(" in dictionary or b"%" in dictionary or b"endobj" in dictionary or b"<<" not in dictionary:
        return None  # a stream's dictionary holds names, numbers and references, no strings or comments
    return dictionary


def _pdf_is_active(data: bytes) -> bool:
    """JavaScript, a Launch action, an embedded file, XFA or rich media, also when a name is written in #xx escapes
    or sits in a compressed object stream (where PDF 1.5 and later keep their dictionaries). The bodies of other
    streams (images, page contents) are skipped: their bytes would now and then spell '/JS' by chance. Only a
    real stream is skipped: its keyword follows the dictionary of an indirect object that holds no strings or
    comments, and it ends where its direct /Length says (else at the next 'endstream'). Anything that cannot
    be read this way counts as active: a heuristic, on the safe side."""
    def active(chunk: bytes) -> bool:
        return _PDF_ACTIVE_NAMES.search(_unescape_names(chunk)) is not None

    budget = 64 * 1024 * 1024  # inflated bytes in all: a compression bomb stops here, and counts as active
    pos = 0
    search_from = 0
    while True:
        found = _PDF_STREAM.search(data, search_from)
        dictionary = _stream_dictionary(data, found.start()) if found else None
        if found is not None and dictionary is None:
            search_from = found.end()  # not a stream: its bytes are read as ordinary text below
            continue
        outside = data[pos:found.start() + 2 if found else len(data)]
        if active(outside):
            return True
        if found is None or dictionary is None:
            return False
        body = found.end()
        length = _PDF_LENGTH.search(dictionary)
        end = -1
        if length is not None:
            candidate = body + int(length.group(1))
            if _PDF_END.match(data, candidate):
                end = candidate
        if end < 0:
            end = data.find(b"endstream", body)
        if end < 0:
            return active(data[body:])  # a broken file: read the rest as if it were dictionaries
        plain_dictionary = _unescape_names(dictionary)
        if _PDF_OBJECT_STREAM.search(plain_dictionary):
            filters = _PDF_FILTER.search(plain_dictionary)
            names = re.findall(rb"/([A-Za-z0-9]+)", filters.group(1)) if filters else []
            if names not in ([], [b"FlateDecode"], [b"Fl"]) or b"/DecodeParms" in plain_dictionary:
                return True  # dictionaries behind a filter or predictor Koers does not unpack: cannot be checked
            raw = data[body:end]
            if names:
                inflater = zlib.decompressobj()
                try:
                    plain = inflater.decompress(raw, budget)
                except zlib.error:
                    return True
                budget -= len(plain)
                if budget <= 0 or inflater.unconsumed_tail:
                    return True
            else:
                plain = raw
            if active(plain):
                return True
        pos = search_from = data.find(b"endstream", end) + len(b"endstream")


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    return controls <= len(text) // 1000


def _sniff(data: bytes) -> FileType | tuple[str, str] | None:
    """The type by its first bytes; a refused kind as (what it is, what to do); None when unknown."""
    head = data[:16]
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in (
            b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return _PROGRAM
    if head.startswith(b"#!"):
        return _SCRIPT
    if head.startswith(b"L\x00\x00\x00\x01\x14\x02\x00"):
        return _SHORTCUT
    if head.startswith(b"%PDF-"):
        return _PDF_ACTIVE if _pdf_is_active(data) else TYPES["application/pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["image/png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["image/jpeg"]
    if head.startswith((b"GIF87a", b"GIF89a")):
        return TYPES["image/gif"]
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TYPES["image/tiff"]
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"):
        return TYPES["image/heic"]
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLD_OFFICE
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"PK\x05\x06", b"BZh")):
        return _ARCHIVE
    if head.startswith(b"{\\rtf"):
        return _RTF
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<svg", b"<?xml", b"<script")):
        return _WEB
    if start.startswith((b"@echo", b"<job", b"<package", b"<?php")):
        return _SCRIPT
    if _looks_like_text(data):
        return TYPES["text/plain"]
    return None


def _file_name(path: Path) -> str:
    """The name without any folder, clean and at most 255 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", path.name)
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "document"
    if len(name) > 255:
        suffix = Path(name).suffix[:20]
        name = name[:255 - len(suffix)] + suffix
    return name


def read_limited(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes: a file that grew after its size was checked is still caught, not read whole."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def check_file(path: Path) -> CheckedFile:
    """Size from the file system first (a 200 MB file is never read), then the content decides the type, and the
    extension must agree with it. Raises DocumentRefused in Dutch; stores nothing."""
    name = _file_name(path)
    try:
        info = os.stat(path)
    except OSError:
        raise DocumentRefused(f"Het bestand '{name}' is niet gevonden of niet te lezen. Kies het opnieuw.") from None
    if not stat.S_ISREG(info.st_mode):
        raise DocumentRefused(f"'{name}' is geen bestand (maar bijvoorbeeld een map). Kies een document.")
    _check_size(info.st_size)
    try:
        data = read_limited(path, MAX_BYTES)
    except OSError:
        raise DocumentRefused(f"Het bestand '{name}' kan niet worden gelezen. Sluit het in andere programma's en "
                              "probeer het opnieuw.") from None
    _check_size(len(data))
    return check_bytes(name, data)


def _check_size(size: int) -> None:
    if size == 0:
        raise DocumentRefused("Het bestand is leeg (0 bytes). Kies het juiste bestand.")
    if size > MAX_BYTES:
        raise DocumentRefused(
            f"Het bestand is {_megabytes(size)} MB; de grens is {MAX_BYTES // (1024 * 1024)} MB. Maak het kleiner "
            "(bijvoorbeeld scannen in zwart-wit of als PDF met lagere resolutie) of voeg het in delen toe.")


def check_bytes(filename: str, data: bytes) -> CheckedFile:
    """The type check on bytes already in hand (a dropped or pasted file goes through `check_file`)."""
    _check_size(len(data))
    filename = _file_name(Path(filename))
    extension = Path(filename).suffix.lower()
    claimed = _BY_EXTENSION.get(extension)
    found = _sniff(data)
    if found is None:
        raise DocumentRefused(f"Koers herkent dit bestand niet als een document dat in het dossier mag. "
                              f"Toegestaan zijn: {ALLOWED_TEXT}.")
    if isinstance(found, tuple):
        raise _refused(claimed, found)
    if claimed is None:
        raise DocumentRefused(
            f"Dit bestand is {found.label}, maar de naam eindigt {'op ' + extension if extension else 'zonder extensie'}"
            f". Geef het de juiste extensie ({found.extensions[0]}) en voeg het opnieuw toe.")
    if claimed is not found:
        raise DocumentRefused(
            f"Dit bestand is geen {claimed.name} maar {found.label}. Geef het de juiste extensie "
            f"({found.extensions[0]}) en voeg het opnieuw toe.")
    return CheckedFile(filename, data, found, hashlib.sha256(data).hexdigest())


# ---------------------------------------------------------------- the services


def _guarded_flush(s: Session) -> None:
    """The database's own refusal (a trigger keeps stored bytes as they were written) in Dutch."""
    try:
        s.flush()
    except (IntegrityError, DBAPIError) as exc:
        if "koers:document" in str(exc.orig):
            raise KoersError("Een opgeslagen document kan niet worden gewijzigd: de inhoud, het controlegetal en "
                             "de bestandsnaam blijven zoals ze zijn toegevoegd. Verwijder het document (met een "
                             "reden) en voeg het juiste toe.") from exc
        raise


def _casus_and_resident(s: Session, casus_id: int) -> tuple[Casus, Resident]:
    casus = s.get(Casus, casus_id)
    if casus is None:
        raise NotFoundError("Deze casus bestaat niet (meer).")
    resident = s.get(Resident, casus.resident_id)
    assert resident is not None  # foreign key
    return casus, resident


def _document(s: Session, actor: Actor, document_id: int, reason: str | None, action: Action
              ) -> tuple[CaseDocument, Resident, str | None]:
    """The document, locked for this transaction (an opening and a removal at the same moment queue up)."""
    doc = s.get(CaseDocument, document_id, with_for_update=True)
    if doc is None:
        raise NotFoundError("Dit document staat niet (meer) in het dossier.")
    _, resident = _casus_and_resident(s, doc.casus_id)
    why = check_access(s, actor, resident, reason, action)
    return doc, resident, why


def add_document(db: Database, actor: Actor, casus_id: int, path: Path | CheckedFile, *, kind: DocumentKind | str,
                 title: str | None = None, document_date: date | None = None,
                 reason: str | None = None) -> DocumentRow:
    """Reads and checks the file once (outside the transaction, so no lock is held while reading), then stores
    the description and the bytes together; logged with kind, size and type, never the title or file name."""
    audit.require(db, actor, Action.DOCUMENT_ADD)
    # A CheckedFile handed in is checked again: the core does not take a caller's word for type, size or hash.
    checked = check_bytes(path.filename, path.data) if isinstance(path, CheckedFile) else check_file(path)
    errors: dict[str, str] = {}
    try:
        kind = DocumentKind(kind)
    except ValueError:
        errors["kind"] = "Kies de soort document."
    try:
        cleaned_title = clean_text(title if title and title.strip() else Path(checked.filename).stem, "de titel",
                                   max_length=200, required=True, field="title")
    except ValidationError as exc:
        errors["title"] = exc.message
    if document_date is not None and document_date > clock.today():
        errors["document_date"] = ("De datum van het document ligt in de toekomst. Vul de datum in die op het "
                                   "document staat.")
    if errors:
        raise ValidationError.of_fields("Het document is niet toegevoegd. Herstel eerst:", errors)
    with refusals_logged(db, actor), db.write() as s:
        _, resident = _casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        twin = s.exec(select(CaseDocument).where(CaseDocument.casus_id == casus_id,
                                                 CaseDocument.sha256 == checked.sha256,
                                                 col(CaseDocument.removed_at).is_(None))).first()
        if twin is not None:
            raise DocumentRefused(f"Dit document zit al in het dossier: '{twin.title}', toegevoegd op "
                                  f"{format_date(twin.created_at.astimezone(clock.AMSTERDAM).date())}. "
                                  "Hetzelfde bestand hoeft er maar één keer in.")
        doc = CaseDocument(casus_id=casus_id, kind=DocumentKind(kind), title=cleaned_title, filename=checked.filename,
                           media_type=checked.file_type.media_type, size_bytes=checked.size, sha256=checked.sha256,
                           document_date=document_date, added_by_id=actor.user_id)
        s.add(doc)
        _guarded_flush(s)
        assert doc.id is not None  # flushed
        s.add(DocumentContent(document_id=doc.id, data=checked.data))
        _guarded_flush(s)
        audit.record(s, actor, "document.toevoegen", resident_id=resident.id, client_number=resident.client_number,
                     record_type="document", record_id=doc.id, reason=why,
                     changes={"documentsoort": [None, doc.kind.value], "grootte_bytes": [None, doc.size_bytes],
                              "bestandstype": [None, doc.media_type]})
        s.flush()
        return _rows(s, [doc])[0]


def _rows(s: Session, docs: list[CaseDocument]) -> list[DocumentRow]:
    ids = {i for d in docs for i in (d.added_by_id, d.removed_by_id) if i is not None}
    names = {u.id: u.display_name for u in s.exec(select(User).where(col(User.id).in_(ids)))} if ids else {}
    return [DocumentRow(d.id or 0, d.casus_id, d.kind, d.title, d.filename, d.media_type, d.size_bytes, d.sha256,
                        d.document_date, names.get(d.added_by_id, "onbekend") if d.added_by_id else "onbekend",
                        d.created_at, d.removed_at,
                        (names.get(d.removed_by_id, "onbekend") if d.removed_by_id else "onbekend")
                        if d.removed_at else None, d.removal_reason) for d in docs]


def list_documents(db: Database, actor: Actor, *, resident_id: int | None = None, casus_id: int | None = None,
                   reason: str | None = None) -> list[DocumentRow]:
    """A resident's (or one casus's) documents, newest first, removed ones included as tombstones; never the
    bytes. Logged like the journal (the titles are content), with the reason given to open the file."""
    if (resident_id is None) == (casus_id is None):
        raise ValueError("give resident_id or casus_id")
    audit.require(db, actor, Action.DOCUMENT_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        if casus_id is not None:
            _, resident = _casus_and_resident(s, casus_id)
        else:
            found = s.get(Resident, resident_id)
            if found is None:
                raise NotFoundError("Deze inwoner bestaat niet (meer).")
            resident = found
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        case = aliased(Casus)
        stmt = select(CaseDocument).join(case, col(case.id) == col(CaseDocument.casus_id))
        stmt = stmt.where(col(CaseDocument.casus_id) == casus_id) if casus_id is not None else stmt.where(
            col(case.resident_id) == resident.id)
        docs = list(s.exec(stmt.order_by(col(CaseDocument.created_at).desc(), col(CaseDocument.id).desc())))
        audit.record(s, actor, "document.lijst", resident_id=resident.id, client_number=resident.client_number,
                     record_type="casus" if casus_id is not None else "inwoner",
                     record_id=casus_id if casus_id is not None else resident.id, reason=why,
                     changes={"documenten": [None, len(docs)]})
        return _rows(s, docs)


def _verified_content(s: Session, doc: CaseDocument) -> bytes | None:
    """The stored bytes when they still match the SHA-256 and size taken when they were added; else None."""
    if doc.removed_at is not None:
        raise KoersError(f"Dit document is verwijderd ({doc.removal_reason}) en kan niet meer worden geopend.")
    content = s.get(DocumentContent, doc.id)
    if content is None:
        return None
    data = bytes(content.data)
    if len(data) != doc.size_bytes or hashlib.sha256(data).hexdigest() != doc.sha256:
        return None
    return data


def _damaged(db: Database, actor: Actor, resident: tuple[int, str], document_id: int, action: str,
             why: str | None) -> KoersError:
    """Logs the failed attempt (its own transaction) and names the damage."""
    with db.write() as s:
        audit.record(s, actor, action, resident_id=resident[0], client_number=resident[1],
                     record_type="document", record_id=document_id, outcome="mislukt", reason=why)
    return KoersError("Dit document is beschadigd: de opgeslagen inhoud komt niet meer overeen met het "
                      "controlegetal (SHA-256) van toen het werd toegevoegd. Het is niet geopend. Meld dit aan de "
                      "beheerder; die kan het document uit een reservekopie terughalen.")


_opened_dir: Path | None = None


def _private_folder() -> Path:
    """One folder per session that only this user can read; removed at exit."""
    global _opened_dir
    if _opened_dir is None or not _opened_dir.is_dir():
        _opened_dir = Path(tempfile.mkdtemp(prefix="koers-"))
        os.chmod(_opened_dir, 0o700)
    return _opened_dir


def cleanup_opened() -> None:
    """Removes the opened copies (the app calls this at exit; atexit does too, should it not)."""
    global _opened_dir
    if _opened_dir is not None:
        shutil.rmtree(_opened_dir, ignore_errors=True)
        _opened_dir = None


atexit.register(cleanup_opened)

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_name(title: str, media_type: str) -> str:
    """A file name made from the title and the extension of the detected type; the stored file name is never
    used for path parts (it came from outside)."""
    stem = unicodedata.normalize("NFKC", title)
    stem = re.sub(r"[^\w \-.,()]", "_", stem).strip(" ._") or "document"
    stem = stem[:80].rstrip(" .")
    if stem.lower() in _RESERVED:
        stem = f"document {stem}"
    found = TYPES.get(media_type)
    return stem + (found.extensions[0] if found else ".bin")


def _write_private(name: str, data: bytes) -> Path:
    folder = _private_folder()
    stem, suffix = os.path.splitext(name)
    for n in range(1, 1000):
        target = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return target
    raise KoersError("Er staan te veel geopende kopieën van dit document klaar. Sluit Koers en open het opnieuw.")


def open_document(db: Database, actor: Actor, document_id: int, *, reason: str | None = None) -> Path:
    """Checks the SHA-256, logs the opening (every one), then writes a private copy (0600, in a 0700 folder) for
    the system viewer and returns its path. A damaged document is not written out; nothing is written out
    before the opening is on record. The copy is named after the kind and number, not the title: the system's
    lists of recent files keep names."""
    audit.require(db, actor, Action.DOCUMENT_VIEW)
    data, name, resident, why = _read_for(db, actor, document_id, reason, "document.openen")
    if data is None:
        raise _damaged(db, actor, resident, document_id, "document.openen", why)
    return _write_private(name, data)


def _read_for(db: Database, actor: Actor, document_id: int, reason: str | None, action: str
              ) -> tuple[bytes | None, str, tuple[int, str], str | None]:
    """The verified bytes and a neutral file name, with the access-log line committed; None for damaged bytes."""
    with refusals_logged(db, actor), db.write() as s:
        doc, resident, why = _document(s, actor, document_id, reason, Action.RESIDENT_VIEW)
        data = _verified_content(s, doc)
        name = safe_name(f"{labels.DOCUMENT_KIND.get(doc.kind, 'Document')} {doc.id}", doc.media_type)
        if data is not None:
            audit.record(s, actor, action, resident_id=resident.id, client_number=resident.client_number,
                         record_type="document", record_id=doc.id, reason=why)
        return data, name, (stored_id(resident.id), resident.client_number), why


def save_document_as(db: Database, actor: Actor, document_id: int, target: Path, *,
                     reason: str | None = None) -> Path:
    """A copy where the user chooses (to send it on, say); checked and logged like an opening."""
    audit.require(db, actor, Action.DOCUMENT_VIEW)
    data, _, resident, why = _read_for(db, actor, document_id, reason, "document.opslaan")
    if data is None:
        raise _damaged(db, actor, resident, document_id, "document.opslaan", why)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise KoersError(f"Het document kon niet worden opgeslagen in '{target.parent}': {exc.strerror}. "
                         "Kies een andere map.") from exc
    return target


def remove_document(db: Database, actor: Actor, document_id: int, removal_reason: str | None, *,
                    reason: str | None = None) -> DocumentRow:
    """For a document attached by mistake: the bytes are deleted; the description stays with who removed it,
    when and why, so the file shows that something was there. Cannot be undone."""
    audit.require(db, actor, Action.DOCUMENT_ADD)
    why_removed = clean_text(removal_reason, "de reden", max_length=500, field="removal_reason")
    if why_removed is None or len(why_removed) < 5:
        raise ValidationError("Geef in een paar woorden de reden waarom het document wordt verwijderd, "
                              "bijvoorbeeld 'bij de verkeerde inwoner toegevoegd'.", field="removal_reason")
    with refusals_logged(db, actor), db.write() as s:
        doc, resident, why = _document(s, actor, document_id, reason, Action.RESIDENT_VIEW)
        if doc.removed_at is not None:
            raise KoersError("Dit document is al verwijderd.")
        s.exec(delete(DocumentContent).where(col(DocumentContent.document_id) == doc.id))
        doc.removed_at, doc.removed_by_id, doc.removal_reason = clock.now(), actor.user_id, why_removed
        s.add(doc)
        _guarded_flush(s)
        audit.record(s, actor, "document.verwijderen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="document", record_id=doc.id, reason=why,
                     changes={"documentsoort": [doc.kind.value, None], "grootte_bytes": [doc.size_bytes, None]})
        s.flush()
        return _rows(s, [doc])[0]
