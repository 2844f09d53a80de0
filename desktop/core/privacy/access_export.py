"""The right of access (AVG art. 15): everything Koers holds about one resident, as JSON and as a readable PDF.

The JSON is the case file format (case_export) plus what article 15 lets a resident ask beyond the file itself
('verwerking': who works on the file, to which providers their data went, the checks of their hours) and the
resident's lines of the access log: who opened, changed, printed or exported the file and when. The export is
itself written to the access log with the reason or kenmerk of the request, in the same transaction that reads
the file, so the export it produces already names itself. Beside the JSON and the PDF come the letters and the
case documents as files, byte for byte as Koers keeps them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    AuditEntry,
    Beschikking,
    Casus,
    ContactLetter,
    IwmoAssignment,
    IwmoMessage,
    IwmoPrestatie,
    Letter,
    Resident,
    Sample,
    SampleLine,
    User,
)
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.files import write_atomic
from desktop.core.privacy import fields as F
from desktop.core.privacy.case_export import resident_data

ACCESS_ACTION = Action.PRIVACY_EXPORT.value
MOVE_ACTION = "dossier.exporteren"
MIN_REASON = 5
REASON_TOO_SHORT = ("Vul de reden of het kenmerk van het verzoek in (minstens 5 tekens), bijvoorbeeld "
                    "'inzageverzoek per brief van 12 november 2026'. Het komt in het toegangslog.")


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


def request_reason(reason: str | None) -> str:
    """The reason or kenmerk of a request as the access log keeps it: trimmed, at least MIN_REASON characters,
    digits that could be a BSN masked (as audit.mask_query does for a search)."""
    text = " ".join((reason or "").split())
    if len(text) < MIN_REASON:
        raise ValidationError(REASON_TOO_SHORT, field="reason")
    return audit.mask_query(text)


def access_export(db: Database, actor: Actor, client_number: str, reason: str) -> dict[str, Any]:
    """The whole file of one resident for an access request, with who handles it, to whom data went and the
    access log; the export is logged with `reason`, the kenmerk or description of the request."""
    audit.require(db, actor, Action.PRIVACY_EXPORT)
    logged_reason = request_reason(reason)
    with db.write() as s:
        resident = _resident(s, client_number)
        audit.record(s, actor, ACCESS_ACTION, resident_id=resident.id, client_number=resident.client_number,
                     record_type="inwoner", record_id=resident.id, reason=logged_reason)
        s.flush()
        doc = document([resident_data(s, resident)], clock.now())
        doc["verwerking"] = processing(s, resident)
        doc["toegangslog"] = access_log(s, resident)
    return doc


def move_export(db: Database, actor: Actor, client_numbers: list[str], reason: str) -> dict[str, Any]:
    """The data part only, for one or more residents, to bring them into another system (`koers import`).

    `reason` (why the files move: the request, a kenmerk) is checked and logged like an access request's."""
    audit.require(db, actor, Action.PRIVACY_EXPORT)
    logged_reason = request_reason(reason)
    if not client_numbers:
        raise ValidationError("Noem ten minste één cliëntnummer.")
    with db.write() as s:
        residents = [_resident(s, number) for number in client_numbers]
        data = []
        for resident in residents:
            audit.record(s, actor, MOVE_ACTION, resident_id=resident.id, client_number=resident.client_number,
                         record_type="inwoner", record_id=resident.id, reason=logged_reason)
            data.append(resident_data(s, resident))
    return document(data, clock.now())


def access_log(s: Session, resident: Resident) -> list[dict[str, Any]]:
    """Who did what with this file and when. Names users (their name as Koers knows it now, else the login the
    line kept), not the changed values: those are in the data."""
    lines = s.exec(select(AuditEntry).where(AuditEntry.resident_id == resident.id)
                   .order_by(col(AuditEntry.at), col(AuditEntry.id))).all()
    names = _display_names(s, {e.user_id for e in lines})
    return [{"moment": F.to_json(e.at), "gebruiker": e.username,
             "naam": names.get(e.user_id) or e.username, "rol": e.role,
             "handeling": audit.action_label(e.action), "code": e.action, "uitkomst": e.outcome,
             "gegeven": e.record_type} for e in lines]


def _display_names(s: Session, user_ids: set[int | None]) -> dict[int | None, str]:
    wanted = [u for u in user_ids if u is not None]
    if not wanted:
        return {}
    return {uid: name for uid, name in s.exec(select(User.id, User.display_name).where(col(User.id).in_(wanted)))}


# ---------------------------------------------------------------- verwerking: beyond the file itself

def processing(s: Session, resident: Resident) -> dict[str, Any]:
    """What article 15 lets a resident ask beyond their data: who works on the file (the vaste consulent, the
    consulent and casusregisseur of each casus, and the hand-overs to a new consulent), to which providers their data went (the iWmo 301
    assignments) and what providers declared on their decisions (323, with Koers' answer), and the control
    checks of their hours. Casus and decisions are named by the data part's keys (C1, the toewijzingnummer)."""
    cases = s.exec(select(Casus).where(Casus.resident_id == resident.id).order_by(col(Casus.id))).all()
    casus_key = {c.id: f"C{n}" for n, c in enumerate(cases, 1)}
    decisions = s.exec(select(Beschikking).where(col(Beschikking.casus_id).in_(list(casus_key)))
                       .order_by(col(Beschikking.id))).all()
    number = {d.id: d.toewijzing_nummer for d in decisions}
    handovers = s.exec(select(ContactLetter).where(ContactLetter.resident_id == resident.id)
                       .order_by(col(ContactLetter.effective_date), col(ContactLetter.id))).all()
    users = {u.id: u for u in s.exec(select(User).where(col(User.id).in_(
        [i for i in [resident.consulent_id, *(c.consulent_id for c in cases), *(c.casusregisseur_id for c in cases),
                     *(h.consulent_id for h in handovers), *(h.previous_consulent_id for h in handovers)]
         if i is not None])))}
    kenmerk = dict(s.exec(select(Letter.id, Letter.kenmerk).where(
        col(Letter.id).in_([h.letter_id for h in handovers if h.letter_id is not None]))).all())
    involved: list[dict[str, Any]] = []

    def add(task: str, user_id: int | None, casus: str | None) -> None:
        user = users.get(user_id)
        if user is not None:
            involved.append({"taak": task, "casus": casus, "naam": user.display_name, "rol": user.role.value})

    add("vaste_consulent", resident.consulent_id, None)
    for c in cases:
        add("consulent", c.consulent_id, casus_key[c.id])
        add("casusregisseur", c.casusregisseur_id, casus_key[c.id])
    ids = list(number)
    providers = _providers(s, decisions)
    sent = s.exec(
        select(IwmoAssignment, IwmoMessage).join(IwmoMessage, col(IwmoMessage.id) == IwmoAssignment.message_id)
        .where(col(IwmoAssignment.beschikking_id).in_(ids))
        .order_by(col(IwmoMessage.message_date), col(IwmoMessage.id), col(IwmoAssignment.id))).all()
    declared = s.exec(
        select(IwmoPrestatie, IwmoMessage).join(IwmoMessage, col(IwmoMessage.id) == IwmoPrestatie.message_id)
        .where(col(IwmoPrestatie.beschikking_id).in_(ids))
        .order_by(col(IwmoMessage.message_date), col(IwmoPrestatie.period_start), col(IwmoPrestatie.id))).all()
    checked = s.exec(
        select(SampleLine, Sample).join(Sample, col(Sample.id) == SampleLine.sample_id)
        .where(col(SampleLine.beschikking_id).in_(ids))
        .order_by(col(SampleLine.service_date), col(SampleLine.id))).all()
    catalogue = _aanbieders(s, [m.aanbieder_id for _, m in sent] + [p.aanbieder_id for p, _ in declared]
                            + [m.aanbieder_id for _, m in declared] + [x.aanbieder_id for _, x in checked])

    def provider(aanbieder_id: int | None, decision_id: int | None, code: str | None) -> dict[str, Any] | None:
        found = catalogue.get(aanbieder_id) or providers.get(decision_id)
        if found is not None:
            return {"agb": found.agb_code, "naam": found.name}
        return {"agb": code, "naam": None} if code else None

    def name(user_id: int | None) -> str | None:
        user = users.get(user_id)
        return user.display_name if user is not None else None

    return {
        "betrokkenen": involved,
        "overdrachten": [{
            "per": F.to_json(h.effective_date), "nieuwe_consulent": name(h.consulent_id),
            "vorige_consulent": name(h.previous_consulent_id),
            "brief": kenmerk.get(h.letter_id) if h.letter_id is not None else None} for h in handovers],
        "toewijzingen": [{
            "beschikking": number[a.beschikking_id], "soort": a.change, "bericht": m.kind,
            "aanbieder": provider(m.aanbieder_id, a.beschikking_id, m.receiver), "datum": F.to_json(m.message_date),
            "gemaakt_op": F.to_json(m.created_at), "identificatie": m.identification,
            "einddatum": F.to_json(a.end_date)} for a, m in sent],
        "declaraties": [{
            "beschikking": number[p.beschikking_id] if p.beschikking_id is not None else p.toewijzing_nummer,
            "bericht": m.kind, "aanbieder": provider(p.aanbieder_id or m.aanbieder_id, p.beschikking_id, m.sender),
            "ontvangen_op": F.to_json(m.message_date), "identificatie": m.identification,
            "van": F.to_json(p.period_start),
            "tot_en_met": F.to_json(p.period_end), "credit": p.debit_credit == "C", "bedrag_centen": p.amount_cents,
            "geaccepteerd": p.accepted, "reden": p.reason} for p, m in declared],
        "controles": [{
            "beschikking": number[line.beschikking_id], "aanbieder": provider(sample.aanbieder_id, None, None),
            "datum": F.to_json(line.service_date), "minuten": line.minutes, "niet_verschenen": line.no_show,
            "uitkomst": F.to_json(line.outcome), "opmerking": line.remark,
            "gecontroleerd_op": F.to_json(line.checked_at)} for line, sample in checked],
    }


def _aanbieders(s: Session, ids: list[int | None]) -> dict[int | None, Aanbieder]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {a.id: a for a in s.exec(select(Aanbieder).where(col(Aanbieder.id).in_(wanted)))}


def _providers(s: Session, decisions: Sequence[Beschikking]) -> dict[int | None, Aanbieder]:
    """Each decision's aanbieder: who a message went to when the message itself names none."""
    found = _aanbieders(s, [d.aanbieder_id for d in decisions])
    return {d.id: found[d.aanbieder_id] for d in decisions if d.aanbieder_id in found}


# ---------------------------------------------------------------- the files

@dataclass(frozen=True)
class AccessFiles:
    json_path: Path
    pdf_path: Path
    letter_paths: list[Path]
    document_paths: list[Path] = field(default_factory=list)


def write_access_files(db: Database, actor: Actor, client_number: str, folder: Path,
                       progress: Callable[[int, int], None] | None = None, *, reason: str) -> AccessFiles:
    """The access export as files in `folder`: the JSON, the readable PDF, each archived letter as it was sent
    (folder <stem>-brieven) and each case document as it was added (folder <stem>-documenten); a folder only when
    there is something to put in it. Each file is written whole or not at all (write_atomic). `reason` is the
    kenmerk or description of the request, for the access log."""
    from desktop.core.letters.letterhead import letter_settings
    from desktop.core.privacy.access_pdf import document_files, file_stem, letter_files, render_access_pdf

    if not folder.is_dir():
        raise ValidationError(f"De map {folder} bestaat niet. Kies een bestaande map.")
    doc = access_export(db, actor, client_number, reason)
    resident = doc["inwoners"][0]
    stem = file_stem(doc)
    letters, documents = letter_files(resident), document_files(resident)
    total = len(letters) + len(documents) + 2
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    json_path = folder / f"{stem}.json"
    write_atomic(json_path, dumps(doc))
    step()
    pdf_path = folder / f"{stem}.pdf"
    write_atomic(pdf_path, render_access_pdf(doc, municipality=letter_settings(db).municipality))
    step()
    letter_paths = _write_all(folder / f"{stem}-brieven", [(name, b["pdf_base64"]) for b, name in letters], step)
    document_paths = _write_all(folder / f"{stem}-documenten",
                                [(name, d["inhoud_base64"]) for d, name in documents], step)
    return AccessFiles(json_path, pdf_path, letter_paths, document_paths)


def _write_all(directory: Path, files: list[tuple[str, str]], step: Callable[[], None]) -> list[Path]:
    """Each (name, base64) as a file in `directory`, made only when there is a file to write."""
    if files:
        directory.mkdir(exist_ok=True)
    paths = []
    for name, encoded in files:
        data = F.unb64(encoded)
        assert data is not None  # written by case_export from the stored bytes
        path = directory / name
        write_atomic(path, data)
        paths.append(path)
        step()
    return paths
