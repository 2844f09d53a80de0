"""Results per provider and product: how many evaluated results were achieved, partly, not, dropped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import col

from db.engine import Database
from db.models import (
    Beschikking,
    Evaluation,
    EvaluationResult,
    Product,
)
from db.models.base import table
from db.models.enums import ResultStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines.queries import provider_names
from desktop.core.errors import ValidationError

_B, _E = table(Beschikking).c, table(Evaluation).c


@dataclass(frozen=True)
class ProviderResults:
    aanbieder_id: int | None
    aanbieder_name: str
    product_id: int | None
    product_code: str
    product_name: str
    behaald: int
    deels: int
    niet: int
    vervallen: int
    evaluations: int  # distinct evaluations held in the period

    @property
    def total(self) -> int:
        return self.behaald + self.deels + self.niet + self.vervallen

    @property
    def share_achieved(self) -> float:
        """Behaald as a share of the results that still counted (vervallen left out); 0.0 when none."""
        counted = self.behaald + self.deels + self.niet
        return self.behaald / counted if counted else 0.0


def results_by_provider(db: Database, actor: Actor, date_from: date, date_to: date) -> list[ProviderResults]:
    """Per provider and product: how the results came out in the evaluations held in [date_from, date_to]."""
    audit.require(db, actor, Action.DEADLINES_ALL)
    if date_to < date_from:
        raise ValidationError("De einddatum ligt vóór de begindatum. Draai ze om.", field="date_to")
    R = table(EvaluationResult).c
    stmt = (sa.select(_B.aanbieder_id, _B.product_id, R.status, sa.func.count(),
                      sa.func.count(sa.distinct(_E.id)))
            .select_from(table(EvaluationResult).join(table(Evaluation), _E.id == R.evaluation_id)
                         .join(table(Beschikking), _B.id == _E.beschikking_id))
            .where(_E.done_date.is_not(None), _E.done_date >= date_from, _E.done_date <= date_to)
            .group_by(_B.aanbieder_id, _B.product_id, R.status))
    evals = (sa.select(_B.aanbieder_id, _B.product_id, sa.func.count())
             .select_from(table(Evaluation).join(table(Beschikking), _B.id == _E.beschikking_id))
             .where(_E.done_date.is_not(None), _E.done_date >= date_from, _E.done_date <= date_to)
             .group_by(_B.aanbieder_id, _B.product_id))
    with db.write() as s:
        counts: dict[tuple[int | None, int | None], Counter[ResultStatus]] = {}
        for aid, pid, status, n, _ in s.execute(stmt):
            counts.setdefault((aid, pid), Counter())[ResultStatus(status)] = n
        held = {(aid, pid): n for aid, pid, n in s.execute(evals)}
        providers = provider_names(s)
        products = {pid: (code, name) for pid, code, name in s.execute(
            sa.select(col(Product.id), col(Product.code), col(Product.name)))}
        audit.record(s, actor, "resultaten.overzicht", record_type="termijnen", changes={
            "periode": [None, [date_from.isoformat(), date_to.isoformat()]]})
    rows = []
    for key in set(counts) | set(held):
        aid, pid = key
        c = counts.get(key, Counter())
        code, name = products.get(pid, ("", ""))
        rows.append(ProviderResults(aid, providers.get(aid, ""), pid, code, name, c[ResultStatus.BEHAALD],
                                    c[ResultStatus.DEELS], c[ResultStatus.NIET], c[ResultStatus.VERVALLEN],
                                    held.get(key, 0)))
    rows.sort(key=lambda r: (r.aanbieder_name.casefold(), r.product_code))
    return rows
