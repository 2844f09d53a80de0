"""Tariffs per product, complexity level and date; a provider's own tariff wins over the regional one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from db.engine import Database
from db.models import Aanbieder, Product, Tariff
from db.models.base import stored_id
from db.models.enums import Complexity
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import ValidationError
from desktop.core.parse import check_money, checked


@dataclass(frozen=True)
class TariffRow:
    id: int
    product: str
    aanbieder: str
    complexity: str
    amount_cents: int
    valid_from: date


def list_tariffs(db: Database, actor: Actor) -> list[TariffRow]:
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.read() as s:
        products = {p.id: f"{p.code} {p.name}" for p in s.exec(select(Product))}
        providers = {a.id: a.name for a in s.exec(select(Aanbieder))}
        rows = s.exec(select(Tariff).order_by(col(Tariff.product_id), col(Tariff.complexity),
                                                col(Tariff.valid_from).desc())).all()
    return [TariffRow(stored_id(t.id), products.get(t.product_id, "?"), providers.get(t.aanbieder_id, "regionaal"),
                      t.complexity.value, t.amount_cents, t.valid_from) for t in rows]


def set_tariff(db: Database, actor: Actor, product_id: int, complexity: Complexity | str, amount: Decimal | int,
               valid_from: date, *, aanbieder_id: int | None = None) -> TariffRow:
    """A tariff per hour from a date on. Earlier tariffs stay, so decisions keep the tariff of their start."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    problems: list[str] = []
    level = None
    try:
        level = Complexity(complexity)
    except ValueError:
        problems.append("Kies een zwaarte: L, M of ZW.")
    cents = checked(problems, check_money, amount, "het tarief", required=True)
    if problems or level is None or cents is None:
        raise ValidationError("Het tarief is niet opgeslagen:", problems=problems)
    with db.write() as s:
        product = s.get(Product, product_id)
        if product is None:
            raise ValidationError("Kies een product uit de catalogus.")
        aanbieder = s.get(Aanbieder, aanbieder_id) if aanbieder_id is not None else None
        if aanbieder_id is not None and aanbieder is None:
            raise ValidationError("Kies een aanbieder uit de catalogus, of geen voor het regionale tarief.")
        row = s.exec(select(Tariff).where(Tariff.product_id == product_id, Tariff.complexity == level,
                                          Tariff.aanbieder_id == aanbieder_id if aanbieder_id is not None
                                          else col(Tariff.aanbieder_id).is_(None),
                                          Tariff.valid_from == valid_from)).first()
        old = row.amount_cents if row else None
        if row is None:
            row = Tariff(product_id=product_id, aanbieder_id=aanbieder_id, complexity=level, amount_cents=cents,
                         valid_from=valid_from)
            s.add(row)
        else:
            row.amount_cents = cents
        s.flush()
        audit.record(s, actor, "tarief.wijzigen", record_type="tarief", record_id=row.id,
                     changes={"amount_cents": [old, cents], "valid_from": [None, valid_from.isoformat()],
                              "product": [None, product.code], "complexity": [None, level.value]})
        provider = aanbieder.name if aanbieder else "regionaal"
        return TariffRow(stored_id(row.id), f"{product.code} {product.name}", provider, level.value, cents,
                         valid_from)
