"""The decision screen as one read: what was decided, the ledger per period and month, the entries, the
forecast, the evaluation moments, and which actions this user may take now.

The caseload rule is applied once, in the one session the whole screen is read in; opening the screen is one
'beschikking.inzien' line in the access log, and reading it again after the user's own change (a booking,
a moment moved) writes none: that change has a line of its own. Which status allows what is decided here,
never in the view.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Aanbieder, Beschikking, Product, Resident
from db.models.enums import DecisionKind, DecisionStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.decisions.ledger import Entry, LedgerSummary, entries_of, forecast, summarise
from desktop.core.decisions.moments import Moment, moments_of
from desktop.core.decisions.queries import log_view, open_decision
from desktop.core.decisions.rules import OPEN_FOR_HOURS
from desktop.core.nl import format_date

ESTABLISHED = (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)
MOMENTS_OPEN = (*ESTABLISHED, DecisionStatus.BEEINDIGD)


@dataclass(frozen=True)
class DecisionHeader:
    decision: Beschikking
    product: str  # '02A08 Begeleiding individueel'
    aanbieder: str
    resident_id: int


@dataclass(frozen=True)
class DecisionActions:
    """What this user may do with this decision now, by role and status."""

    establish: bool = False
    change: bool = False
    end: bool = False
    revoke: bool = False
    book_hours: bool = False
    remove_hours: bool = False
    edit_moments: bool = False
    evaluate: bool = False
    view_letter: bool = False


def actions_for(actor: Actor, decision: Beschikking) -> DecisionActions:
    status = decision.status
    edit = audit.allowed(actor, Action.DECISION_EDIT)
    hours = audit.allowed(actor, Action.HOURS_ENTER)
    support = decision.kind is not DecisionKind.AFWIJZING  # an afwijzing grants nothing to change, end or book
    return DecisionActions(
        establish=edit and status is DecisionStatus.CONCEPT,
        change=edit and support and status in ESTABLISHED,
        end=edit and support and status in ESTABLISHED,
        revoke=edit and (status is DecisionStatus.CONCEPT or status in ESTABLISHED),
        book_hours=hours and support and status in OPEN_FOR_HOURS,
        remove_hours=hours and support and status in OPEN_FOR_HOURS,
        edit_moments=edit and support and status in MOMENTS_OPEN,
        evaluate=audit.allowed(actor, Action.EVALUATION_RECORD) and support and status in ESTABLISHED,
        view_letter=audit.allowed(actor, Action.DECISION_VIEW))


@dataclass(frozen=True)
class DecisionScreen:
    header: DecisionHeader
    ledger: LedgerSummary
    entries: tuple[Entry, ...]
    forecast: tuple[str, ...]
    moments: tuple[Moment, ...]
    actions: DecisionActions
    notice: str = ""  # how this decision stands to the one it replaces or that replaces it

    @property
    def decision(self) -> Beschikking:
        return self.header.decision


def _header(s: Session, decision: Beschikking, resident: Resident) -> DecisionHeader:
    assert resident.id is not None  # read from the database
    product = s.get(Product, decision.product_id) if decision.product_id else None
    provider = s.get(Aanbieder, decision.aanbieder_id) if decision.aanbieder_id else None
    return DecisionHeader(decision, f"{product.code} {product.name}" if product else "",
                          provider.name if provider else "", resident.id)


def open_screen(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None,
                logged: bool = True) -> DecisionScreen:
    """Everything the decision screen shows. `logged=False` for reading it again after the user's own change."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with refusals_logged(db, actor), (db.write() if logged else db.read()) as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        if logged:
            log_view(s, actor, decision, resident, why)
        ledger = summarise(s, decision)
        assert decision.id is not None  # read from the database
        return DecisionScreen(_header(s, decision, resident), ledger, tuple(entries_of(s, decision.id)),
                              tuple(forecast(decision, ledger, clock.today())), tuple(moments_of(s, decision.id)),
                              actions_for(actor, decision), _notice(s, decision))


def _notice(s: Session, decision: Beschikking) -> str:
    """A wijziging waits for vaststellen: both decisions say so, so nobody books or decides on the wrong one."""
    if decision.status is DecisionStatus.CONCEPT and decision.replaces_id is not None:
        old = s.get(Beschikking, decision.replaces_id)
        when = format_date(decision.change_effective_date or decision.start_date)
        number = old.toewijzing_nummer if old else "?"
        return (f"Concept-wijziging van beschikking {number}. Zij gaat pas bij vaststellen in, vanaf {when}; tot "
                f"dan geldt beschikking {number}, ook voor het boeken van uren.")
    newer = s.exec(select(Beschikking).where(Beschikking.replaces_id == decision.id,
                                             col(Beschikking.status).not_in((DecisionStatus.INGETROKKEN,)))
                   .order_by(col(Beschikking.id).desc())).first()
    if newer is None:
        return ""
    when = format_date(newer.change_effective_date or newer.start_date)
    if newer.status is DecisionStatus.CONCEPT:
        return (f"Er ligt een concept-wijziging ({newer.toewijzing_nummer}) vanaf {when}. Deze beschikking blijft "
                "gelden tot die wijziging is vastgesteld.")
    return f"Vervangen door beschikking {newer.toewijzing_nummer} vanaf {when}."


def get_decision(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None) -> DecisionHeader:
    """One decision with its product and provider names; opening it is an access like any other (logged)."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        log_view(s, actor, decision, resident, why)
        return _header(s, decision, resident)
