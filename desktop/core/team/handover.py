"""Caseload hand-over: a casusregisseur moves cases of one consulent to one or more others, in one step.

Resident.consulent_id (the vaste consulent) and Casus.consulent_id both move; the access log gets one
line per case ('casus.overdragen') with the reason. For every resident whose vaste consulent changed, a
pending letter 'uw nieuwe contactpersoon' is asked for in the same transaction (letters/contact_letters.py);
`hand_over` also returns (resident_id, new consulent id) for those residents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col, select

from db.engine import Database
from db.models import Casus, Resident, User
from db.models.base import stored_id
from db.models.enums import CaseStatus, Law, Role
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.letters import contact_letters
from desktop.core.residents.names import display_name
from desktop.core.text import clean_text

HAND_OVER_ACTION = "casus.overdragen"


@dataclass(frozen=True)
class CaseRow:
    casus_id: int
    resident_id: int
    client_number: str
    resident_name: str
    law: Law
    status: CaseStatus
    melding_date: date
    consulent_id: int | None
    resident_consulent_id: int | None  # the resident's vaste consulent


def cases_of(db: Database, actor: Actor, consulent_id: int, *, include_closed: bool = False) -> list[CaseRow]:
    """The (open) cases of one consulent, by resident name. One access-log line for the list."""
    audit.require(db, actor, Action.CASE_ASSIGN)
    stmt = (select(Casus, Resident).join(Resident, col(Resident.id) == Casus.resident_id)
            .where(Casus.consulent_id == consulent_id))
    if not include_closed:
        stmt = stmt.where(col(Casus.closed_date).is_(None))
    with db.write() as s:
        rows = [CaseRow(stored_id(c.id), stored_id(r.id), r.client_number, display_name(r.surname, r.initials, r.prefix),
                        c.law, c.status, c.melding_date, c.consulent_id, r.consulent_id)
                for c, r in s.exec(stmt.order_by(Resident.search_name, col(Resident.id), col(Casus.id)))]
        audit.record(s, actor, "caseload.inzien", record_type="gebruiker", record_id=consulent_id,
                     changes={"casussen": [None, len(rows)]})
    return rows


def check_request(casus_ids: list[int], targets: list[int] | dict[int, int],
                  reason: str) -> tuple[str, list[int], list[int]]:
    """What a hand-over needs before it can be confirmed: cases, who takes them over, and why; every missing part
    is named at once. Returns the cleaned reason, the case ids and the consulent ids."""
    errors: dict[str, str] = {}
    why = None
    try:
        why = clean_text(reason, "de reden van de overdracht", max_length=500, required=True, field="reason")
    except ValidationError as exc:
        errors["reason"] = exc.message
    ids = list(dict.fromkeys(casus_ids or []))
    if not ids:
        errors["casus_ids"] = "Kies ten minste één casus om over te dragen."
    if isinstance(targets, dict):
        if ids and set(targets) != set(ids):
            errors["targets"] = "Kies voor elke gekozen casus precies één nieuwe consulent."
        target_ids = list(dict.fromkeys(targets.values()))
    else:
        target_ids = list(dict.fromkeys(targets or []))
    if not target_ids and "targets" not in errors:
        errors["targets"] = "Kies ten minste één consulent die de casussen overneemt."
    if errors:
        raise ValidationError.of_fields("Er is niets overgedragen. Herstel eerst:", errors)
    assert why is not None  # required above
    return why, ids, target_ids


def hand_over(db: Database, actor: Actor, casus_ids: list[int], targets: list[int] | dict[int, int],
              reason: str) -> list[tuple[int, int]]:
    """Reassigns the chosen cases in one transaction, or nothing at all.

    `targets` is a list of consulenten (residents are dealt round-robin in the order their cases are
    given; all cases of one resident go to the same consulent) or an explicit {casus_id: consulent_id}.
    Returns [(resident_id, new consulent id)] for each resident whose vaste consulent changed.
    """
    audit.require(db, actor, Action.CASE_ASSIGN)
    why, ids, target_ids = check_request(casus_ids, targets, reason)
    try:
        with db.write() as s:
            users = {u.id: u for u in s.exec(select(User).where(col(User.id).in_(target_ids)))}
            for uid in target_ids:
                user = users.get(uid)
                if user is None or not user.active or user.role is not Role.CONSULENT:
                    name = f" ({user.display_name})" if user else ""
                    raise ValidationError(f"De nieuwe consulent{name} is geen actieve consulent. Kies een actieve "
                                          "gebruiker met de rol consulent.", field="targets")
            cases = {c.id: c for c in s.exec(select(Casus).where(col(Casus.id).in_(ids)).with_for_update())}
            if len(cases) != len(ids):
                raise NotFoundError("Een of meer gekozen casussen bestaan niet (meer). Vernieuw de lijst.")
            # who gets which case: per resident one consulent (one fixed person per resident is wanted)
            assignment: dict[int, int] = {}
            if isinstance(targets, dict):
                per_resident: dict[int, int] = {}
                for cid in ids:
                    rid = cases[cid].resident_id
                    if per_resident.setdefault(rid, targets[cid]) != targets[cid]:
                        raise ValidationError("Casussen van dezelfde inwoner gaan naar één consulent; kies voor "
                                              "die casussen dezelfde nieuwe consulent.", field="targets")
                    assignment[cid] = targets[cid]
            else:
                per_resident = {}
                for cid in ids:
                    rid = cases[cid].resident_id
                    if rid not in per_resident:
                        per_resident[rid] = target_ids[len(per_resident) % len(target_ids)]
                    assignment[cid] = per_resident[rid]
            same = [cid for cid in ids if cases[cid].consulent_id == assignment[cid]]
            if same:
                raise ValidationError(f"{len(same)} casus(sen) zou(den) naar de consulent gaan die ze al heeft. Kies "
                                      "een andere consulent.", field="targets")
            residents = {r.id: r for r in s.exec(select(Resident).where(
                col(Resident.id).in_({c.resident_id for c in cases.values()})).with_for_update())}
            moved: dict[int, int] = {}
            known: dict[int, int | None] = {}  # the vaste consulent each moved resident had before
            for cid in ids:
                casus, new = cases[cid], assignment[cid]
                rid = casus.resident_id
                resident = residents[rid]
                old = casus.consulent_id
                changes = {"consulent_id": [old, new]}
                casus.consulent_id = new
                if resident.consulent_id in (old, None) and resident.consulent_id != new:
                    changes["vaste_consulent"] = [resident.consulent_id, new]
                    known.setdefault(rid, resident.consulent_id)
                    resident.consulent_id = new
                    moved[rid] = new
                audit.record(s, actor, HAND_OVER_ACTION, resident_id=resident.id,
                             client_number=resident.client_number, record_type="casus", record_id=casus.id,
                             changes=changes, reason=why)
            # the letters 'uw nieuwe contactpersoon', pending in the letter queue: part of this same transaction
            contact_letters.request(s, actor, [(rid, new, known[rid]) for rid, new in moved.items()])
            s.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise ConflictError("Iemand anders heeft een van deze inwoners of casussen net gewijzigd. Vernieuw de lijst "
                            "en probeer het opnieuw; er is niets overgedragen.") from exc
    return list(moved.items())
