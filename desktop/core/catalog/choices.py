"""The catalogue as the decision screens need it: the products of a law, and the aanbieders contracted for one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, or_, select

from db.engine import Database
from db.models import Aanbieder, Contract, Product
from db.models.base import stored_id
from db.models.enums import FinancingForm, Law
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action


@dataclass(frozen=True)
class ProductChoice:
    id: int
    code: str
    name: str
    financing_form: FinancingForm

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class AanbiederChoice:
    id: int
    name: str


def require_catalogue(db: Database, actor: Actor) -> None:
    """Reading the catalogue: whoever works with decisions, or manages the catalogue."""
    if not audit.allowed(actor, Action.CATALOG_MANAGE):
        audit.require(db, actor, Action.DECISION_VIEW)


def list_products(db: Database, actor: Actor, law: Law | None = None) -> list[ProductChoice]:
    require_catalogue(db, actor)
    with db.read() as s:
        stmt = select(Product).where(Product.active == True)  # noqa: E712
        rows = s.exec((stmt.where(Product.law == law) if law else stmt).order_by(Product.law, Product.code)).all()
    return [ProductChoice(stored_id(p.id), p.code, p.name, p.financing_form) for p in rows]


def list_aanbieders(db: Database, actor: Actor) -> list[AanbiederChoice]:
    require_catalogue(db, actor)
    with db.read() as s:
        rows = s.exec(select(Aanbieder).where(Aanbieder.active == True).order_by(Aanbieder.name)).all()  # noqa: E712
    return [AanbiederChoice(stored_id(a.id), a.name) for a in rows]


def contracted_aanbieders(db: Database, actor: Actor, product_id: int | None, on: date | None) -> list[AanbiederChoice]:
    """The active aanbieders with a contract for this product on this date: what a decision may choose."""
    require_catalogue(db, actor)
    if product_id is None or on is None:
        return []
    with db.read() as s:
        rows = s.exec(select(Aanbieder).join(Contract, col(Contract.aanbieder_id) == Aanbieder.id).where(
            Contract.product_id == product_id, Contract.valid_from <= on,
            or_(col(Contract.valid_to).is_(None), col(Contract.valid_to) >= on),
            Aanbieder.active == True,  # noqa: E712
            or_(col(Aanbieder.contract_start).is_(None), col(Aanbieder.contract_start) <= on),
            or_(col(Aanbieder.contract_end).is_(None), col(Aanbieder.contract_end) >= on))
            .order_by(Aanbieder.name)).unique().all()
    return [AanbiederChoice(stored_id(a.id), a.name) for a in rows]
