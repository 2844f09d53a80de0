"""National code lists as versioned reference data in the database, one standard per law.

The Wmo uses the iWmo lists and the Jeugdwet the iJw lists: the same list names (productcategorie,
reden_beeindiging, ...) hold different codes, and the same code can mean different things (31 is 'verhuizing'
in the iWmo and 'volgens plan beëindigd' in the iJw). So every lookup names the law.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, cast

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import ReferenceCode
from db.models.enums import Law
from desktop.core.errors import ValidationError
from desktop.resources import resource

STANDARD_FILES: dict[Law, str] = {Law.WMO: "iwmo-3.2.json", Law.JEUGDWET: "ijw-3.2.json"}
STANDARDS: dict[Law, str] = {Law.WMO: "iWmo 3.2", Law.JEUGDWET: "iJw 3.2"}


def standard_of(law: Law | str) -> str:
    return STANDARDS[Law(law)]


def load_standard(filename: str) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(resource("reference", filename).read_text(encoding="utf-8")))


def sync_reference_codes(session: Session) -> int:
    """Adds missing codes of every shipped standard and corrects labels; returns how many rows changed."""
    changed = 0
    for filename in STANDARD_FILES.values():
        changed += _sync_one(session, load_standard(filename))
    return changed


def _sync_one(session: Session, doc: dict[str, Any]) -> int:
    standard, valid_from = doc["standard"], date.fromisoformat(doc["valid_from"])
    existing = {(r.list_name, r.code): r for r in
                session.exec(select(ReferenceCode).where(ReferenceCode.standard == standard))}
    changed = 0
    for list_name, codes_ in doc["lists"].items():
        for code, label in codes_.items():
            row = existing.get((list_name, code))
            if row is None:
                session.add(ReferenceCode(list_name=list_name, standard=standard, code=code, label=label,
                                          valid_from=valid_from))
                changed += 1
            elif row.label != label:
                row.label = label
                changed += 1
    return changed


def _current(list_name: str, law: Law | str) -> Any:
    return select(ReferenceCode).where(ReferenceCode.list_name == list_name,
                                       ReferenceCode.standard == standard_of(law),
                                       col(ReferenceCode.valid_to).is_(None))


def code_label(session: Session, list_name: str, code: str, law: Law | str) -> str | None:
    row = session.exec(_current(list_name, law).where(ReferenceCode.code == code)).first()
    return row.label if row is not None else None


def labels(session: Session, list_name: str, law: Law | str) -> dict[str, str]:
    return {r.code: r.label for r in session.exec(_current(list_name, law))}


def codes(db: Database, list_name: str, law: Law | str) -> list[tuple[str, str]]:
    """(code, label) of one law's current code list, in code order: the choices a form offers."""
    with db.read() as s:
        return sorted(labels(s, list_name, law).items())


def require_code(session: Session, list_name: str, code: str | None, law: Law | str, what: str) -> str:
    """The code when the law's list holds it; else a Dutch error that names the list to choose from."""
    standard = standard_of(law)
    if not code:
        raise ValidationError(f"Kies een {what} uit de lijst van de {standard}.")
    if code_label(session, list_name, code, law) is None:
        raise ValidationError(f"{code} is geen geldige {what} in de {standard}. Kies er een uit de lijst.")
    return code
