"""Corrections of a resident's personal data (AVG art. 16): what was wrong, what it became, and why.

A correction is a change to the resident's details that says the old details were wrong, not that life changed
(someone who moves is a plain change). It is made through register.update_resident(correction_reason=...): in the
same transaction as the change, a Correction row keeps {field: [was, is]} of the changed personal data (a BSN
masked as in the access log) and the reason, and the access-log line carries the reason as well. The resident's
file shows the list; the access export carries it (case_export).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import Correction, Resident, User
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.text import clean_text

FIELD = "correction_reason"  # the form field a problem with the reason is shown at
MIN_REASON = 5
# The vaste consulent is how the municipality organises its work, not a personal detail that can be wrong.
NOT_PERSONAL = frozenset({"consulent_id"})
LABELS = {**audit.FIELD_LABELS, "first_name": "roepnaam"}
HEADING = "De gegevens zijn niet opgeslagen. Herstel eerst:"


@dataclass(frozen=True)
class CorrectionRow:
    """One correction as the file shows it."""

    corrected_at: datetime
    corrected_by: str  # display name; '' when the user is gone
    changes: tuple[tuple[str, str, str], ...]  # (Dutch field label, was, is), as stored (a BSN masked)
    reason: str


def check_reason(reason: str | None) -> str:
    """The cleaned reason of a correction, or a Dutch ValidationError at the reason field."""
    typed = clean_text(reason or "", "de reden van de correctie", max_length=400, multiline=True, field=FIELD)
    typed = " ".join(typed.split()) if typed else ""
    if len(typed) < MIN_REASON:
        raise ValidationError.of_fields(HEADING, {FIELD: (
            "Een correctie legt vast waarom de oude gegevens onjuist waren. Schrijf de reden in een paar woorden "
            "(minstens 5 tekens), bijvoorbeeld 'geboortedatum volgens de BRP' of 'tikfout bij de registratie'.")})
    return audit.mask_query(typed)  # a number typed into the reason is not kept in clear (a BSN, say)


def personal_changes(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The changed personal data among an update's changes (audit.diff: masked, as JSON values)."""
    return {field: pair for field, pair in changes.items() if field not in NOT_PERSONAL}


def store(session: Session, actor: Actor, resident_id: int, changes: dict[str, list[Any]], reason: str) -> Correction:
    """Adds the Correction row in the caller's transaction (the one that changes the resident)."""
    fields = personal_changes(changes)
    if not fields:
        raise ValidationError.of_fields(HEADING, {FIELD: (
            "U heeft dit als correctie gemarkeerd, maar er is geen persoonsgegeven gewijzigd. Verbeter eerst het "
            "onjuiste gegeven, of haal het vinkje bij ‘correctie’ weg.")})
    row = Correction(resident_id=resident_id, corrected_by_id=actor.user_id, reason=reason,
                     fields=json.dumps(fields, ensure_ascii=False, sort_keys=True))
    session.add(row)
    return row


def _shown(value: Any) -> str:
    """A stored value as the file shows it: a date as '4 maart 1950', nothing as a dash."""
    if value in (None, ""):
        return "–"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def list_corrections(db: Database, actor: Actor, resident_id: int, *, reason: str | None = None) -> list[CorrectionRow]:
    """The resident's corrections, newest first, for the file (the caseload rule applies; the opening of the file
    is what the access log records, as for the people around the resident). Like the journal, the history of the
    file is for those who work on it: the old, wrong values are no business of the letters or the hours."""
    audit.require(db, actor, Action.JOURNAL_VIEW)
    with refusals_logged(db, actor), db.read() as s:
        resident = s.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer).")
        check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        rows = s.exec(select(Correction, User.display_name)
                      .join(User, col(User.id) == col(Correction.corrected_by_id), isouter=True)
                      .where(Correction.resident_id == resident_id)
                      .order_by(col(Correction.corrected_at).desc(), col(Correction.id).desc())).all()
    out = []
    for c, by in rows:
        fields: dict[str, list[Any]] = json.loads(c.fields)
        changes = tuple((LABELS.get(f, f), _shown(was), _shown(now)) for f, (was, now) in sorted(fields.items()))
        out.append(CorrectionRow(c.corrected_at, by or "", changes, c.reason))
    return out
