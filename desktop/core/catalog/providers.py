"""The aanbieders a beheerder keeps: name, AGB code, the address letters go to, and the contract period."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from db.engine import Database
from db.models import Aanbieder, Contract
from db.models.base import stored_id
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.parse import parse_postcode
from desktop.core.text import clean_text

_AGB = re.compile(r"^[0-9]{8}$")


@dataclass
class AanbiederInput:
    name: str
    agb_code: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    active: bool = True


@dataclass(frozen=True)
class AanbiederRow:
    id: int
    name: str
    agb_code: str | None
    street: str | None
    postcode: str | None
    city: str | None
    contract_start: date | None
    contract_end: date | None
    active: bool

    @property
    def address(self) -> str:
        place = " ".join(p for p in (_shown_postcode(self.postcode), self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


def _shown_postcode(value: str | None) -> str:
    return f"{value[:4]} {value[4:]}" if value else ""


def _row(a: Aanbieder) -> AanbiederRow:
    return AanbiederRow(stored_id(a.id), a.name, a.agb_code, a.street, a.postcode, a.city, a.contract_start,
                        a.contract_end, a.active)


def list_all(db: Database, actor: Actor) -> list[AanbiederRow]:
    """Every aanbieder, the inactive ones too: the beheerder's list."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.read() as s:
        return [_row(a) for a in s.exec(select(Aanbieder).order_by(Aanbieder.name))]


def check_input(data: AanbiederInput) -> tuple[dict[str, object], dict[str, str]]:
    """The clean values and every field's problem at once (field name -> Dutch message)."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def take(field: str, fn: Callable[[], object]) -> None:
        try:
            values[field] = fn()
        except ValidationError as exc:
            errors.setdefault(field, exc.message)

    take("name", lambda: clean_text(data.name, "de naam van de aanbieder", max_length=120, required=True,
                                    field="name"))
    take("agb_code", lambda: _agb(data.agb_code))
    take("street", lambda: clean_text(data.street, "de straat en het huisnummer", max_length=120, field="street"))
    take("postcode", lambda: parse_postcode(data.postcode, field="postcode"))
    take("city", lambda: clean_text(data.city, "de plaats", max_length=80, field="city"))
    values["contract_start"], values["contract_end"], values["active"] = (data.contract_start, data.contract_end,
                                                                          bool(data.active))
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        errors["contract_end"] = "Het contract eindigt vóór het begint. Controleer de einddatum van het contract."
    return values, errors


def _agb(value: str) -> str | None:
    text = (value or "").strip().replace(" ", "")
    if not text:
        return None
    if not _AGB.match(text):
        raise ValidationError("Een AGB-code heeft acht cijfers, bijvoorbeeld 98012345.", field="agb_code")
    return text


def save(db: Database, actor: Actor, data: AanbiederInput, aanbieder_id: int | None = None) -> AanbiederRow:
    """A new aanbieder (no id) or a change; every problem named at once, nothing stored on any."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    values, errors = check_input(data)
    with db.write() as s:
        row = None
        if aanbieder_id is not None:
            row = s.get(Aanbieder, aanbieder_id)
            if row is None:
                raise NotFoundError("Deze aanbieder bestaat niet (meer).")
        _unique(s, values, errors, aanbieder_id)
        if row is not None and not errors:
            _contracts_fit(s, row, data, errors)
        if errors:
            raise ValidationError.of_fields("De aanbieder is niet opgeslagen. Herstel eerst:", errors)
        before = _row(row).__dict__ if row is not None else {}
        if row is None:
            row = Aanbieder(**values)  # type: ignore[arg-type]  # checked values, one per column
            s.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        s.flush()
        after = _row(row).__dict__
        changes = {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items()
                   if k != "id" and before.get(k) != v}
        audit.record(s, actor, "aanbieder.wijzigen" if before else "aanbieder.toevoegen", record_type="aanbieder",
                     record_id=row.id, changes=changes)
        return _row(row)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _unique(s: Session, values: dict[str, object], errors: dict[str, str], own_id: int | None) -> None:
    name, agb = values.get("name"), values.get("agb_code")
    if isinstance(name, str):
        other = s.exec(select(Aanbieder.id).where(func.lower(Aanbieder.name) == name.lower())).first()
        if other is not None and other != own_id:
            errors.setdefault("name", f"Er is al een aanbieder met de naam {name}. Kies een andere naam of open die "
                                      "aanbieder.")
    if isinstance(agb, str):
        other = s.exec(select(Aanbieder.id).where(Aanbieder.agb_code == agb)).first()
        if other is not None and other != own_id:
            errors.setdefault("agb_code", f"AGB-code {agb} hoort al bij een andere aanbieder.")


def _contracts_fit(s: Session, row: Aanbieder, data: AanbiederInput, errors: dict[str, str]) -> None:
    """A shorter contract period may not leave product contracts outside it."""
    contracts = s.exec(select(Contract).where(Contract.aanbieder_id == row.id)).all()
    if data.contract_start and any(c.valid_from < data.contract_start for c in contracts):
        first = min(c.valid_from for c in contracts)
        errors["contract_start"] = (f"Er zijn productcontracten vanaf {format_date(first)}, vóór dit begin. Laat het "
                                    "contract eerder beginnen.")
    if data.contract_end and any(c.valid_from > data.contract_end or (c.valid_to is not None
                                                                       and c.valid_to > data.contract_end)
                                 for c in contracts):
        errors["contract_end"] = ("Er lopen productcontracten na deze einddatum. Beëindig die eerst (tabblad "
                                  "Contracten), of kies een latere einddatum.")


def get(db: Database, actor: Actor, aanbieder_id: int) -> AanbiederRow:
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.read() as s:
        row = s.get(Aanbieder, aanbieder_id)
        if row is None:
            raise NotFoundError("Deze aanbieder bestaat niet (meer).")
        return _row(row)


def find_by_name(s: Session, name: str) -> Aanbieder | None:
    return s.exec(select(Aanbieder).where(func.lower(Aanbieder.name) == name.strip().lower())).first()

