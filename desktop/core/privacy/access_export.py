"""The right of access (AVG art. 15): everything Koers holds about one resident, as JSON and as a readable PDF.

The JSON is the case file format (case_export) plus the resident's lines of the access log: who opened, changed,
printed or exported the file and when. The export is itself written to the access log, in the same transaction
that reads the file, so the export it produces already names itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import AuditEntry, Resident
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.files import write_atomic
from desktop.core.privacy import fields as F
from desktop.core.privacy.case_export import resident_data

ACCESS_ACTION = Action.PRIVACY_EXPORT.value
MOVE_ACTION = "dossier.exporteren"


def document(residents: list[dict[str, Any]], exported_at: datetime) -> dict[str, Any]:
    """The file around the residents' data: what it is, which version, when it was made."""
    return {"formaat": F.FORMAT, "versie": F.VERSION, "geexporteerd_op": F.to_json(exported_at),
            "inwoners": residents}


def dumps(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resident(s: Session, client_number: str) -> Resident:
    typed = (client_number or "").strip().upper()
    resident = s.exec(select(Resident).where(Resident.client_number == typed)).first()
    if resident is None:
        raise NotFoundError(f"Er is geen inwoner met cliëntnummer '{client_number}'. Controleer het nummer "
                            "(bijvoorbeeld K0000012).")
    if resident.anonymised_at is not None:
        raise ValidationError(f"Het dossier van {resident.client_number} is geanonimiseerd: er staan geen "
                              "persoonsgegevens meer in die geëxporteerd kunnen worden.")
    return resident


def access_export(db: Database, actor: Actor, client_number: str) -> dict[str, Any]:
    """The whole file of one resident for an access request, with the access log; the export is logged."""
    audit.require(db, actor, Action.PRIVACY_EXPORT)
    with db.write() as s:
        resident = _resident(s, client_number)
        audit.record(s, actor, ACCESS_ACTION, resident_id=resident.id, client_number=resident.client_number,
                     record_type="inwoner", record_id=resident.id, reason="inzageverzoek (AVG art. 15)")
        s.flush()
        doc = document([resident_data(s, resident)], clock.now())
        doc["toegangslog"] = access_log(s, resident)
    return doc


def move_export(db: Database, actor: Actor, client_numbers: list[str]) -> dict[str, Any]:
    """The data part only, for one or more residents, to bring them into another system (`koers import`)."""
    audit.require(db, actor, Action.PRIVACY_EXPORT)
    if not client_numbers:
        raise ValidationError("Noem ten minste één cliëntnummer.")
    with db.write() as s:
        residents = [_resident(s, number) for number in client_numbers]
        data = []
        for resident in residents:
            audit.record(s, actor, MOVE_ACTION, resident_id=resident.id, client_number=resident.client_number,
                         record_type="inwoner", record_id=resident.id)
            data.append(resident_data(s, resident))
    return document(data, clock.now())


def access_log(s: Session, resident: Resident) -> list[dict[str, Any]]:
    """Who did what with this file and when. Names users, not the changed values: those are in the data."""
    lines = s.exec(select(AuditEntry).where(AuditEntry.resident_id == resident.id)
                   .order_by(col(AuditEntry.at), col(AuditEntry.id))).all()
    return [{"moment": F.to_json(e.at), "gebruiker": e.username, "rol": e.role,
             "handeling": audit.action_label(e.action), "code": e.action, "uitkomst": e.outcome,
             "gegeven": e.record_type} for e in lines]


@dataclass(frozen=True)
class AccessFiles:
    json_path: Path
    pdf_path: Path
    letter_paths: list[Path]


def write_access_files(db: Database, actor: Actor, client_number: str, folder: Path,
                       progress: Callable[[int, int], None] | None = None) -> AccessFiles:
    """The access export as files in `folder`: the JSON, the readable PDF and each archived letter as it was sent.
    Each file is written whole or not at all (write_atomic)."""
    from desktop.core.letters.letterhead import letter_settings
    from desktop.core.privacy.access_pdf import render_access_pdf

    if not folder.is_dir():
        raise ValidationError(f"De map {folder} bestaat niet. Kies een bestaande map.")
    doc = access_export(db, actor, client_number)
    resident = doc["inwoners"][0]
    stem = f"inzage-{resident['clientnummer']}-{doc['geexporteerd_op'][:10]}"
    letters = resident["brieven"]
    total = len(letters) + 2
    json_path = folder / f"{stem}.json"
    write_atomic(json_path, dumps(doc))
    if progress:
        progress(1, total)
    pdf_path = folder / f"{stem}.pdf"
    write_atomic(pdf_path, render_access_pdf(doc, municipality=letter_settings(db).municipality))
    if progress:
        progress(2, total)
    letter_dir = folder / f"{stem}-brieven"
    letter_dir.mkdir(exist_ok=True)
    letter_paths = []
    for n, letter in enumerate(letters, 3):
        path = letter_dir / f"{_safe(letter['kenmerk'])}.pdf"
        data = F.unb64(letter["pdf_base64"])
        assert data is not None  # written by case_export from the stored bytes
        write_atomic(path, data)
        letter_paths.append(path)
        if progress:
            progress(n, total)
    return AccessFiles(json_path, pdf_path, letter_paths)


def _safe(kenmerk: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in kenmerk)
