"""Days equated to a general holiday (Algemene termijnenwet art. 3 lid 3): the shipped decrees and a
beheerder's additions. Terms read them through deadlines.settings.equated_days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import EquatedHoliday
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines.termijnenwet import dutch_public_holidays, shipped_decrees
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.text import clean_text

DECREE_MAX = 200


@dataclass(frozen=True)
class EquatedRow:
    day: date
    decree: str
    shipped: bool  # shipped decrees are law and cannot be removed; a beheerder's own days can


def sync_equated_holidays(session: Session) -> int:
    """Adds the shipped decrees' days that are missing; returns how many were added."""
    known = set(session.exec(select(col(EquatedHoliday.day))))
    added = 0
    for decree, days in shipped_decrees():
        for day in days:
            if day not in known:
                session.add(EquatedHoliday(day=day, decree=decree, shipped=True))
                known.add(day)
                added += 1
    return added


def list_equated(db: Database) -> list[EquatedRow]:
    """Every equated day, oldest first (public law, no personal data: readable without a role check)."""
    with db.read() as s:
        rows = s.exec(select(EquatedHoliday).order_by(col(EquatedHoliday.day))).all()
        return [EquatedRow(r.day, r.decree, r.shipped) for r in rows]


def add_equated(db: Database, actor: Actor, days: list[date], decree: str) -> list[EquatedRow]:
    """Adds the days of a new decree in one transaction (all or nothing; every problem named at once)."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    problems: list[str] = []
    try:
        title = clean_text(decree, "de naam van het besluit", max_length=DECREE_MAX, required=True)
    except ValidationError as exc:
        problems.append(exc.message)
        title = ""
    if not days:
        problems.append("Geef ten minste één dag van het besluit.")
    with db.write() as s:
        known = {r.day: r.decree for r in s.exec(select(EquatedHoliday))}
        seen: set[date] = set()
        for day in days:
            shown = format_date(day, weekday=True)
            if day in seen:
                problems.append(f"{shown} staat twee keer in de lijst.")
            elif day.weekday() >= 5:
                problems.append(f"{shown} valt in het weekend en telt al niet mee; laat die dag weg.")
            elif day in dutch_public_holidays(day.year):
                problems.append(f"{shown} is al een algemeen erkende feestdag; laat die dag weg.")
            elif day in known:
                problems.append(f"{shown} is al gelijkgesteld ({known[day]}).")
            seen.add(day)
        if problems:
            raise ValidationError("Het besluit is niet opgeslagen. Herstel eerst:", problems=problems)
        rows = [EquatedHoliday(day=day, decree=title, shipped=False, added_by_id=actor.user_id)
                for day in sorted(days)]
        s.add_all(rows)
        audit.record(s, actor, "feestdag.toevoegen", record_type="gelijkgestelde_dag",
                     changes={"besluit": [None, title], "dagen": [None, [d.isoformat() for d in sorted(days)]]})
        return [EquatedRow(r.day, r.decree, r.shipped) for r in rows]


def remove_equated(db: Database, actor: Actor, day: date) -> None:
    """Removes a day a beheerder added by mistake; a shipped decree's day stays (it is law)."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    with db.write() as s:
        row = s.exec(select(EquatedHoliday).where(EquatedHoliday.day == day)).first()
        if row is None:
            raise NotFoundError(f"{format_date(day, weekday=True)} is geen gelijkgestelde dag.")
        if row.shipped:
            raise ValidationError(f"{format_date(day, weekday=True)} komt uit een besluit dat Koers meelevert "
                                  f"({row.decree}) en blijft staan.")
        s.delete(row)
        audit.record(s, actor, "feestdag.verwijderen", record_type="gelijkgestelde_dag",
                     changes={"dag": [day.isoformat(), None], "besluit": [row.decree, None]})
