"""What the report filters offer: aanbieders, products and consulenten, by name. Staff and providers only."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from db.engine import Database
from db.models import Aanbieder, Product, User
from db.models.base import table
from db.models.enums import Role
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.labels import LAW


@dataclass(frozen=True)
class FilterChoices:
    aanbieders: tuple[tuple[int, str], ...]
    products: tuple[tuple[int, str], ...]
    consulenten: tuple[tuple[int, str], ...]


def filter_choices(db: Database, actor: Actor) -> FilterChoices:
    audit.require(db, actor, Action.REPORTS_VIEW)
    a, p, u = table(Aanbieder).c, table(Product).c, table(User).c
    with db.read() as s:
        c = s.connection()
        aanbieders = tuple((r.id, r.name) for r in c.execute(sa.select(a.id, a.name).order_by(a.name)))
        products = tuple((r.id, f"{r.code} {r.name} ({LAW[r.law]})")
                         for r in c.execute(sa.select(p.id, p.code, p.name, p.law).order_by(p.law, p.code)))
        consulenten = tuple((r.id, r.display_name) for r in c.execute(
            sa.select(u.id, u.display_name).where(u.role == Role.CONSULENT.value).order_by(u.display_name)))
    return FilterChoices(aanbieders, products, consulenten)
