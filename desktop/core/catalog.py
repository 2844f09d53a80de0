"""The catalogue as the decision screens need it: active products per law and the providers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from db.engine import Database
from db.models import Aanbieder, Product
from db.models.enums import FinancingForm, Law
from desktop.core import audit
from desktop.core.auth import Actor
from desktop.core.permissions import Action


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


def list_products(db: Database, actor: Actor, law: Law) -> list[ProductChoice]:
    audit.require(db, actor, Action.DECISION_VIEW)
    with db.read() as s:
        rows = s.exec(select(Product).where(Product.law == law, Product.active == True)  # noqa: E712
                      .order_by(Product.code)).all()
    return [ProductChoice(p.id, p.code, p.name, p.financing_form) for p in rows]


def list_aanbieders(db: Database, actor: Actor) -> list[AanbiederChoice]:
    audit.require(db, actor, Action.DECISION_VIEW)
    with db.read() as s:
        rows = s.exec(select(Aanbieder).where(Aanbieder.active == True).order_by(Aanbieder.name)).all()  # noqa: E712
    return [AanbiederChoice(a.id, a.name) for a in rows]
