"""Reading one decision inside a unit of work: opened under the caseload rule, locked for a change, its
resident, the minutes that count against its ceiling, the next toewijzingnummer."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from db.models import (
    Beschikking,
    Casus,
    Realisation,
    Resident,
)
from db.models.enums import Law
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access
from desktop.core.access.permissions import Action
from desktop.core.decisions.rules import toewijzing_nummer, toewijzing_sequence
from desktop.core.errors import NotFoundError


def next_toewijzing_nummer(s: Session, law: Law, year: int) -> str:
    last = s.exec(select(func.max(Beschikking.toewijzing_nummer)).where(
        Beschikking.law == law, col(Beschikking.toewijzing_nummer).like(f"{year}%"))).first()
    return toewijzing_nummer(year, toewijzing_sequence(last, year) + 1 if last else 1)


def open_decision(s: Session, actor: Actor, decision_id: int, reason: str | None,
                  action: Action) -> tuple[Beschikking, Resident, str | None]:
    """The decision and its resident once the caseload rule allows `action` (call inside refusals_logged);
    returns the cleaned reason for the log line."""
    decision = s.get(Beschikking, decision_id)
    if decision is None:
        raise NotFoundError("Deze beschikking bestaat niet (meer).")
    resident = resident_of(s, decision)
    return decision, resident, check_access(s, actor, resident, reason, action)


def log_view(s: Session, actor: Actor, decision: Beschikking, resident: Resident, why: str | None) -> None:
    """One 'beschikking.inzien' line: someone read this decision (with the reason, outside their caseload)."""
    audit.record(s, actor, "beschikking.inzien", resident_id=resident.id, client_number=resident.client_number,
                 record_type="beschikking", record_id=decision.id, reason=why)


def lock_decision(s: Session, decision_id: int) -> Beschikking:
    """The decision, locked for this transaction (SQLite already holds the write lock)."""
    stmt = select(Beschikking).where(Beschikking.id == decision_id)
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    decision = s.exec(stmt).first()
    if decision is None:
        raise NotFoundError("Deze beschikking bestaat niet (meer).")
    return decision


def counted_minutes(s: Session, decision: Beschikking, *, excluding: int | None = None) -> int:
    stmt = sa_select(func.coalesce(func.sum(Realisation.minutes), 0)).where(
        col(Realisation.beschikking_id) == decision.id)
    if not decision.no_show_counts:
        stmt = stmt.where(col(Realisation.no_show) == False)  # noqa: E712
    if excluding is not None:
        stmt = stmt.where(col(Realisation.id) != excluding)
    return int(s.execute(stmt).scalar_one())


def resident_of(s: Session, decision: Beschikking) -> Resident:
    casus = s.get(Casus, decision.casus_id)
    if casus is None:
        raise NotFoundError("Deze casus bestaat niet (meer).")
    resident = s.get(Resident, casus.resident_id)
    if resident is None:
        raise NotFoundError("Deze inwoner bestaat niet (meer).")
    return resident
