"""Which aanbieder is contracted for which product from which date: the rule every decision is checked against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import Aanbieder, Beschikking, Contract, Product
from db.models.base import stored_id
from db.models.enums import DecisionStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.catalog.products import valid_on
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.nl import format_date

_RUNNING = (DecisionStatus.CONCEPT, DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)


@dataclass(frozen=True)
class ContractRow:
    id: int
    aanbieder_id: int
    aanbieder: str
    product_id: int
    product: str
    valid_from: date
    valid_to: date | None


def list_contracts(db: Database, actor: Actor, aanbieder_id: int | None = None) -> list[ContractRow]:
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.read() as s:
        stmt = (select(Contract, Aanbieder, Product).join(Aanbieder, col(Aanbieder.id) == Contract.aanbieder_id)
                .join(Product, col(Product.id) == Contract.product_id))
        if aanbieder_id is not None:
            stmt = stmt.where(Contract.aanbieder_id == aanbieder_id)
        rows = s.exec(stmt.order_by(col(Aanbieder.name), col(Product.code), col(Contract.valid_from))).all()
        return [ContractRow(stored_id(c.id), c.aanbieder_id, a.name, c.product_id, f"{p.code} {p.name}",
                            c.valid_from, c.valid_to) for c, a, p in rows]


def _overlaps(s: Session, aanbieder_id: int, product_id: int, start: date, end: date | None,
              own_id: int | None = None) -> Contract | None:
    for c in s.exec(select(Contract).where(Contract.aanbieder_id == aanbieder_id,
                                           Contract.product_id == product_id)):
        if c.id != own_id and (end is None or c.valid_from <= end) and (c.valid_to is None or start <= c.valid_to):
            return c
    return None


def add_contract(db: Database, actor: Actor, aanbieder_id: int | None, product_id: int | None, valid_from: date | None,
                 valid_to: date | None = None) -> ContractRow:
    """A contract for one product from a date, within the aanbieder's contract period and the product's validity.

    Without an end it runs as long as both do: a decision is checked against all three on its start date."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    problems: list[str] = []
    with db.write() as s:
        aanbieder = s.get(Aanbieder, aanbieder_id) if aanbieder_id is not None else None
        product = s.get(Product, product_id) if product_id is not None else None
        if aanbieder is None:
            problems.append("Kies een aanbieder.")
        if product is None:
            problems.append("Kies een product.")
        if valid_from is None:
            problems.append("Vul in vanaf welke datum het contract geldt (dd-mm-jjjj).")
        elif valid_to is not None and valid_to < valid_from:
            problems.append("Het contract eindigt vóór het begint. Controleer de einddatum.")
        if aanbieder is not None and product is not None and valid_from is not None:
            problems += _period_problems(aanbieder, product, valid_from, valid_to)
            other = _overlaps(s, stored_id(aanbieder.id), stored_id(product.id), valid_from, valid_to)
            if other is not None:
                until = f" tot en met {format_date(other.valid_to)}" if other.valid_to else ""
                problems.append(f"{aanbieder.name} heeft al een contract voor {product.code} vanaf "
                                f"{format_date(other.valid_from)}{until}. Contracten van één product lopen niet "
                                "over elkaar; beëindig het oude eerst.")
        if problems:
            raise ValidationError("Het contract is niet opgeslagen. Herstel eerst:", problems=problems)
        assert aanbieder is not None and product is not None and valid_from is not None  # checked above
        row = Contract(aanbieder_id=stored_id(aanbieder.id), product_id=stored_id(product.id), valid_from=valid_from,
                       valid_to=valid_to)
        s.add(row)
        s.flush()
        audit.record(s, actor, "contract.toevoegen", record_type="contract", record_id=row.id,
                     changes={"aanbieder": [None, aanbieder.name], "product": [None, product.code],
                              "valid_from": [None, valid_from.isoformat()],
                              "valid_to": [None, valid_to.isoformat() if valid_to else None]})
        return ContractRow(stored_id(row.id), row.aanbieder_id, aanbieder.name, row.product_id,
                           f"{product.code} {product.name}", row.valid_from, row.valid_to)


def _period_problems(aanbieder: Aanbieder, product: Product, start: date, end: date | None) -> list[str]:
    out = []
    if aanbieder.contract_start and start < aanbieder.contract_start:
        out.append(f"Het contract met {aanbieder.name} begint pas op {format_date(aanbieder.contract_start)}. Kies "
                   "een latere begindatum of pas het contract van de aanbieder aan.")
    if aanbieder.contract_end and (start > aanbieder.contract_end or (end is not None
                                                                     and end > aanbieder.contract_end)):
        out.append(f"Het contract met {aanbieder.name} loopt tot en met {format_date(aanbieder.contract_end)}. Geef "
                   "het productcontract een einddatum daarvoor.")
    if product.valid_from and start < product.valid_from:
        out.append(f"Product {product.code} geldt pas vanaf {format_date(product.valid_from)}.")
    if product.valid_to and (start > product.valid_to or (end is not None and end > product.valid_to)):
        out.append(f"Product {product.code} geldt tot en met {format_date(product.valid_to)}. Geef het contract een "
                   "einddatum daarvoor.")
    return out


def end_contract(db: Database, actor: Actor, contract_id: int, last_day: date | None) -> ContractRow:
    """Ends a contract on its last day; refused while a running decision on it starts after that day."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.write() as s:
        row = s.get(Contract, contract_id)
        if row is None:
            raise NotFoundError("Dit contract bestaat niet (meer).")
        if last_day is None:
            raise ValidationError("Vul de laatste dag van het contract in (dd-mm-jjjj).")
        if last_day < row.valid_from:
            raise ValidationError(f"Het contract begint op {format_date(row.valid_from)}; de laatste dag kan niet "
                                  "daarvoor liggen.")
        later = s.exec(select(Beschikking.toewijzing_nummer).where(
            Beschikking.aanbieder_id == row.aanbieder_id, Beschikking.product_id == row.product_id,
            col(Beschikking.status).in_(_RUNNING), Beschikking.start_date > last_day,
            Beschikking.start_date >= row.valid_from)).all()
        if later:
            raise ValidationError(f"Beschikking {', '.join(later[:3])} gaat na {format_date(last_day)} in op dit "
                                  "contract. Kies een latere laatste dag.")
        old = row.valid_to
        row.valid_to = last_day
        aanbieder, product = s.get(Aanbieder, row.aanbieder_id), s.get(Product, row.product_id)
        assert aanbieder is not None and product is not None  # foreign keys
        audit.record(s, actor, "contract.beeindigen", record_type="contract", record_id=row.id,
                     changes={"valid_to": [old.isoformat() if old else None, last_day.isoformat()]})
        return ContractRow(stored_id(row.id), row.aanbieder_id, aanbieder.name, row.product_id,
                           f"{product.code} {product.name}", row.valid_from, row.valid_to)


def decision_problem(s: Session, aanbieder: Aanbieder | None, product: Product, on: date) -> str | None:
    """Why this aanbieder may not deliver this product from this date, or None when it may."""
    if aanbieder is None:
        return "Kies een aanbieder uit de catalogus."
    if not valid_on(product, on):
        return f"Product {product.code} geldt niet op {format_date(on)}. Kies een product dat dan geldt."
    if not aanbieder.active:
        return f"{aanbieder.name} is niet meer actief als aanbieder. Kies een andere aanbieder."
    if (aanbieder.contract_start and on < aanbieder.contract_start) or (aanbieder.contract_end
                                                                         and on > aanbieder.contract_end):
        return (f"Het contract met {aanbieder.name} loopt niet op {format_date(on)}. Kies een andere aanbieder of "
                "een andere ingangsdatum.")
    found = s.exec(select(Contract.id).where(
        Contract.aanbieder_id == aanbieder.id, Contract.product_id == product.id, Contract.valid_from <= on,
        (col(Contract.valid_to).is_(None)) | (col(Contract.valid_to) >= on))).first()
    if found is None:
        return (f"{aanbieder.name} heeft op {format_date(on)} geen contract voor {product.code} {product.name}. Kies "
                "een aanbieder die dat product levert, of vraag de beheerder het contract vast te leggen.")
    return None
