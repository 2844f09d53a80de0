"""National code lists as versioned reference data in the database (never scattered constants)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import ReferenceCode
from desktop.resources import resource

STANDARD_FILE = "istandaarden-3.2.json"


def load_standard(filename: str = STANDARD_FILE) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(resource("reference", filename).read_text(encoding="utf-8")))


def sync_reference_codes(session: Session, filename: str = STANDARD_FILE) -> int:
    """Adds missing codes of a standard and corrects labels; returns how many rows changed."""
    doc = load_standard(filename)
    standard, valid_from = doc["standard"], date.fromisoformat(doc["valid_from"])
    existing = {(r.list_name, r.code): r for r in
                session.exec(select(ReferenceCode).where(ReferenceCode.standard == standard))}
    changed = 0
    for list_name, codes in doc["lists"].items():
        for code, label in codes.items():
            row = existing.get((list_name, code))
            if row is None:
                session.add(ReferenceCode(list_name=list_name, standard=standard, code=code, label=label,
                                          valid_from=valid_from))
                changed += 1
            elif row.label != label:
                row.label = label
                changed += 1
    return changed


def code_label(session: Session, list_name: str, code: str) -> str | None:
    row = session.exec(select(ReferenceCode.label).where(
        ReferenceCode.list_name == list_name, ReferenceCode.code == code,
        col(ReferenceCode.valid_to).is_(None))).first()
    return row


def codes(db: Database, list_name: str) -> list[tuple[str, str]]:
    """(code, label) of one current code list, in code order: the choices a form offers."""
    with db.read() as s:
        rows = s.exec(select(ReferenceCode.code, ReferenceCode.label).where(
            ReferenceCode.list_name == list_name, col(ReferenceCode.valid_to).is_(None))
            .order_by(ReferenceCode.code))
        return [(code, label) for code, label in rows]
