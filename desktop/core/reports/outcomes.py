"""Uitkomsten: how self-reliance (the ZRM score per life domain) changed between the agreed plan and the latest
evaluation, and how many results were achieved, per aanbieder, product or life domain ('tellen').

Beside the figures, for a role that may read evaluation content, a few accounts in the resident's own words
('vertellen'), named by product and month only. For any other role (the controller) this module never reads them.

One statement does the counting, whatever the size of the database: the evaluations held in the span (each
decision's latest first, by a window function), then three aggregations on them: decisions, measurements (plan
score against latest score per decision and domain) and results (their status at the decision's latest
evaluation). Only the few group rows come back to Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from db.engine import Database
from db.models import (
    Beschikking,
    Casus,
    DomainAssessment,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
    Goal,
    Resident,
    Result,
)
from db.models.base import table
from db.models.enums import LifeDomain, ResultStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.labels import LIFE_DOMAIN
from desktop.core.nl import format_date
from desktop.core.reports import facts as F
from desktop.core.reports.base import (
    FILTERS,
    Chart,
    ChartKind,
    Column,
    Kind,
    Report,
    ReportSpec,
    Series,
    percent,
)
from desktop.core.reports.filters import REPORTED_STATUSES, ReportFilter, decision_conditions, needs_casus

NAME = "uitkomsten"
TITLE = "Uitkomsten: zelfredzaamheid en resultaten"
GROUPS = (("aanbieder", "per aanbieder"), ("product", "per product"), ("domein", "per levensdomein"))
MAX_ACCOUNTS = 5
ACCOUNT_LENGTH = 300  # characters of one account shown; a longer one is cut at a word, with '…'
ONE_DECIMAL = Decimal("0.1")

_B, _E = table(Beschikking).c, table(Evaluation).c
_S, _R = table(EvaluationDomainScore).c, table(EvaluationResult).c
_DA, _G, _RES = table(DomainAssessment).c, table(Goal).c, table(Result).c

FIRST_COLUMN = {"aanbieder": "Aanbieder", "product": "Product", "domein": "Levensdomein"}

NOTES = (
    "Per beschikking (traject) in de filters tellen de evaluaties die in de periode zijn gehouden. "
    "Beschikkingen: met een evaluatie in de periode; per levensdomein: met een meting op dat domein.",
    "Score plan is de ZRM-score (zelfredzaamheidsmatrix, 1 tot en met 5) per levensdomein in de planversie "
    "waarop de beschikking berust; laatste score die van de laatste evaluatie van de beschikking in de periode "
    "die dat domein scoorde. Verandering = laatste score − score plan, gemiddeld over de metingen; een meting "
    "telt alleen als het plan voor dat domein ook een score heeft.",
    "Vooruit, gelijk en achteruit zijn percentages van de metingen.",
    "Resultaten tellen met hun uitkomst bij de laatste evaluatie van de beschikking in de periode, per "
    "levensdomein bij het domein van hun doel. % behaald = behaald van behaald, deels en niet samen; "
    "vervallen (niet meer van toepassing) telt niet mee.",
    "Alleen cijfers: geen namen, BSN of plantekst.",
)


class _off_index(FunctionElement[Any]):  # noqa: N801  (reads like the column it wraps)
    """A column SQLite compares without using its index ('+column'), elsewhere the column itself.

    Without statistics SQLite would drive the query from the decisions' status index (nearly every decision) and
    look up the evaluations of each; from the evaluations in the span it reads half as many rows."""

    type = sa.String()
    inherit_cache = True


@compiles(_off_index)
def _off_index_default(element: _off_index, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_off_index, "sqlite")
def _off_index_sqlite(element: _off_index, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def _conditions(f: ReportFilter) -> list[Any]:
    """The filters on the decision; the span is on the evaluations, so a decision need not overlap it."""
    status = col(Beschikking.status).in_(REPORTED_STATUSES)
    others = [c for c in decision_conditions(f, overlapping=False) if not c.compare(status)]
    return [*others, _off_index(_B.status).in_([s.value for s in REPORTED_STATUSES])]


def _held(f: ReportFilter) -> Any:
    """The done evaluations in the span of the decisions in the filters, numbered per decision (1 = latest).

    Numbered over the evaluations alone (a covering index holds them), then joined to their decisions: every
    evaluation of a decision passes the decision's filters alike, so the numbering is the same, at a third of
    the cost on 100,000 residents."""
    latest_first = sa.func.row_number().over(partition_by=_E.beschikking_id,
                                             order_by=(_E.done_date.desc(), _E.id.desc()))
    numbered = (sa.select(_E.id.label("evaluation_id"), _E.beschikking_id.label("beschikking_id"),
                          latest_first.label("nr"))
                .where(_E.done_date.is_not(None), _E.done_date >= f.start, _E.done_date <= f.end,
                       _E.beschikking_id.is_not(None))
                .subquery("numbered"))
    joined = numbered.join(table(Beschikking), _B.id == numbered.c.beschikking_id)
    if needs_casus(f):
        joined = joined.join(table(Casus), table(Casus).c.id == _B.casus_id)
    return (sa.select(numbered.c.evaluation_id, numbered.c.beschikking_id, _B.aanbieder_id, _B.product_id,
                      _B.plan_id, numbered.c.nr)
            .select_from(joined).where(*_conditions(f)).cte("held"))


# the parts as SQL text, not parameters: PostgreSQL cannot type a parameter in a UNION's select list
_PART_D, _PART_M, _PART_R = (sa.literal_column(f"'{p}'", sa.String) for p in "dmr")


def _statement(f: ReportFilter, group: str) -> Any:
    """Rows (part, key, status, n, plan sum, latest sum, up, same, down) per group key: part 'd' counts decisions,
    'm' measurements, 'r' results by status."""
    held = _held(f)
    by_decision: Any = {"aanbieder": held.c.aanbieder_id, "product": held.c.product_id, "domein": None}[group]

    def key(domain: Any) -> Any:
        return domain if group == "domein" else by_decision

    nothing = sa.null()
    decisions = (sa.select(_PART_D.label("part"), (key(nothing)).label("k"), nothing.label("status"),
                           sa.func.count().label("n"), nothing, nothing, nothing, nothing, nothing)
                 .where(held.c.nr == 1))
    decisions = decisions.group_by(by_decision) if by_decision is not None else decisions

    later, later_score = held.alias("later"), table(EvaluationDomainScore).alias("later_score")
    scored_later = (sa.exists().select_from(later.join(later_score, sa.and_(
        later_score.c.evaluation_id == later.c.evaluation_id, later_score.c.domain == _S.domain)))
        .where(later.c.beschikking_id == held.c.beschikking_id, later.c.nr < held.c.nr))

    def counted(condition: Any) -> Any:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    measurements = (sa.select(_PART_M, key(_S.domain), nothing, sa.func.count(), sa.func.sum(_DA.score),
                              sa.func.sum(_S.score), counted(_S.score > _DA.score), counted(_S.score == _DA.score),
                              counted(_S.score < _DA.score))
                    .select_from(held.join(table(EvaluationDomainScore), _S.evaluation_id == held.c.evaluation_id)
                                 .join(table(DomainAssessment), sa.and_(_DA.plan_id == held.c.plan_id,
                                                                        _DA.domain == _S.domain)))
                    .where(_DA.score.is_not(None), sa.or_(held.c.nr == 1, ~scored_later))
                    .group_by(key(_S.domain)))
    assessed: Any = held.join(table(EvaluationResult), _R.evaluation_id == held.c.evaluation_id)
    if group == "domein":  # a result counts with its goal's domain
        assessed = assessed.join(table(Result), _RES.id == _R.result_id).join(table(Goal), _G.id == _RES.goal_id)
    results = (sa.select(_PART_R, key(_G.domain), _R.status, sa.func.count(), nothing, nothing, nothing,
                         nothing, nothing)
               .select_from(assessed).where(held.c.nr == 1).group_by(key(_G.domain), _R.status))
    return sa.union_all(decisions, measurements, results)


@dataclass
class _Tally:
    decisions: int = 0
    measured: int = 0
    plan: int = 0
    latest: int = 0
    up: int = 0
    same: int = 0
    down: int = 0
    behaald: int = 0
    deels: int = 0
    niet: int = 0
    vervallen: int = 0

    def add(self, part: str, status: Any, n: int, plan: Any, latest: Any, up: Any, same: Any, down: Any) -> None:
        if part == "d":
            self.decisions += n
        elif part == "m":
            self.measured += n
            self.plan, self.latest = self.plan + int(plan), self.latest + int(latest)
            self.up, self.same, self.down = self.up + int(up), self.same + int(same), self.down + int(down)
        else:
            found = ResultStatus(status)
            self.behaald += n if found is ResultStatus.BEHAALD else 0
            self.deels += n if found is ResultStatus.DEELS else 0
            self.niet += n if found is ResultStatus.NIET else 0
            self.vervallen += n if found is ResultStatus.VERVALLEN else 0

    @property
    def change(self) -> Decimal | None:
        return _average(self.latest - self.plan, self.measured)

    def row(self, label: str) -> tuple[Any, ...]:
        counted = self.behaald + self.deels + self.niet
        return (label, self.decisions, self.measured, _average(self.plan, self.measured),
                _average(self.latest, self.measured), self.change, percent(self.up, self.measured),
                percent(self.same, self.measured), percent(self.down, self.measured), self.behaald, self.deels,
                self.niet, self.vervallen, percent(self.behaald, counted))


def _average(total: int, n: int) -> Decimal | None:
    return (Decimal(total) / Decimal(n)).quantize(ONE_DECIMAL, ROUND_HALF_UP) if n else None


def _columns(group: str) -> tuple[Column, ...]:
    return (Column("groep", FIRST_COLUMN[group]), Column("beschikkingen", "Beschikkingen", Kind.COUNT),
            Column("metingen", "Metingen", Kind.COUNT), Column("score_plan", "Gem. score plan", Kind.NUMBER),
            Column("score_laatst", "Gem. laatste score", Kind.NUMBER),
            Column("verandering", "Gem. verandering", Kind.NUMBER),
            Column("vooruit", "Vooruit", Kind.PERCENT), Column("gelijk", "Gelijk", Kind.PERCENT),
            Column("achteruit", "Achteruit", Kind.PERCENT), Column("behaald", "Behaald", Kind.COUNT),
            Column("deels", "Deels behaald", Kind.COUNT), Column("niet", "Niet behaald", Kind.COUNT),
            Column("vervallen", "Vervallen", Kind.COUNT), Column("pct_behaald", "% behaald", Kind.PERCENT))


def _labels(s: Session, group: str, keys: set[Any]) -> dict[Any, str]:
    if group == "aanbieder":
        names = F.aanbieder_names(s.connection())
    elif group == "product":
        names = F.product_names(s.connection())
    else:
        names = {**LIFE_DOMAIN, None: "(geen levensdomein)"}
    return {k: names.get(LifeDomain(k) if group == "domein" and k is not None else k, "") for k in keys}


def _order(group: str, key: Any, label: str) -> tuple[int, int, str]:
    if key is None:
        return (1, 0, "")
    if group == "domein":
        return (0, list(LifeDomain).index(LifeDomain(key)), "")
    return (0, 0, label.casefold())


def _accounts(s: Session, f: ReportFilter) -> tuple[str, ...]:
    """The most recent evaluations in the filters and span that hold an account, one text each: the first
    result's account in the resident's words, else the evaluation's summary. Named by product and month only;
    the resident's own names in the text become '[naam]' and a run of digits that could be a BSN is masked."""
    joined = table(Evaluation).join(table(Beschikking), _B.id == _E.beschikking_id)
    if needs_casus(f):
        joined = joined.join(table(Casus), table(Casus).c.id == _B.casus_id)
    has_account = sa.exists().where(_R.evaluation_id == _E.id, _R.account.is_not(None), _R.account != "")
    recent = s.execute(
        sa.select(_E.id, _E.done_date, _B.product_id, _E.summary).select_from(joined)
        .where(_E.done_date.is_not(None), _E.done_date >= f.start, _E.done_date <= f.end, *_conditions(f),
               sa.or_(has_account, sa.and_(_E.summary.is_not(None), _E.summary != "")))
        .order_by(_E.done_date.desc(), _E.id.desc()).limit(MAX_ACCOUNTS)).all()
    if not recent:
        return ()
    ids = [r[0] for r in recent]
    first_account: dict[int, str] = {}
    for eid, text in s.execute(sa.select(_R.evaluation_id, _R.account)
                               .where(_R.evaluation_id.in_(ids), _R.account.is_not(None), _R.account != "")
                               .order_by(_R.evaluation_id, _R.result_id)):
        first_account.setdefault(eid, text)
    people = table(Resident).c
    names = {eid: _name_pattern(surname, first_name) for eid, surname, first_name in s.execute(
        sa.select(_E.id, people.surname, people.first_name)
        .select_from(table(Evaluation).join(table(Casus), table(Casus).c.id == _E.casus_id)
                     .join(table(Resident), people.id == table(Casus).c.resident_id))
        .where(_E.id.in_(ids)))}
    products = F.product_names(s.connection())
    accounts = []
    for eid, done, product_id, summary in recent:
        text = " ".join((first_account.get(eid) or summary or "").split())
        if eid in names:
            text = names[eid].sub("[naam]", text)
        if text:
            accounts.append(f"{products.get(product_id, products[None])}, "
                            f"{F.month_label(done.year * 100 + done.month)}: “{_shortened(audit.mask_query(text))}”")
    return tuple(accounts)


def _name_pattern(surname: str, first_name: str | None) -> re.Pattern[str]:
    """The resident's surname (each part of a double name) and first name as whole words, in any case."""
    words = {w for w in re.split(r"[\s\-]+", f"{surname} {first_name or ''}") if len(w) > 1}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE) if words else re.compile(r"(?!)")


def _shortened(text: str) -> str:
    if len(text) <= ACCOUNT_LENGTH:
        return text
    return text[:ACCOUNT_LENGTH].rsplit(" ", 1)[0] + " …"


def outcomes(db: Database, actor: Actor, f: ReportFilter) -> Report:
    group = f.group or GROUPS[0][0]
    tallies: dict[Any, _Tally] = {}
    total = _Tally()
    with db.read() as s:
        for part, k, status, n, plan, latest, up, same, down in s.execute(_statement(f, group)):
            total.add(part, status, n, plan, latest, up, same, down)
            if part == "m" or part == "r" or group != "domein":  # per domain, decisions are its measurements
                tallies.setdefault(k, _Tally()).add(part, status, n, plan, latest, up, same, down)
        labels = _labels(s, group, set(tallies))
        accounts = _accounts(s, f) if audit.allowed(actor, Action.REPORTS_ACCOUNTS) else ()
    if group == "domein":
        for tally in tallies.values():
            tally.decisions = tally.measured
    keys = sorted(tallies, key=lambda k: _order(group, k, labels[k]))
    measured = [k for k in keys if tallies[k].measured]
    chart = Chart(ChartKind.BAR, tuple(labels[k] for k in measured),
                  (Series("Gemiddelde verandering", tuple(float(tallies[k].change or 0) for k in measured)),),
                  "verandering in ZRM-punten")
    span = f"Evaluaties gehouden van {format_date(f.start)} tot en met {format_date(f.end)}."
    return Report(NAME, TITLE, _columns(group), tuple(tallies[k].row(labels[k]) for k in keys), chart, f,
                  notes=(span, *NOTES), totals=total.row("Totaal"), accounts=accounts)


SPECS = (ReportSpec(NAME, TITLE, "Hoe veranderde de zelfredzaamheid (ZRM) sinds het plan, en hoeveel "
                    "resultaten zijn behaald?", outcomes, groups=GROUPS,
                    uses=tuple(u for u in FILTERS if u != "peildatum")),)
