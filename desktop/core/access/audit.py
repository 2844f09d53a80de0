"""The access log (NEN 7513 spirit): who, when, in which role, from which workstation, did what to
which resident's record, with what outcome, old and new values, and the reason where one was asked.

A line is written in the same transaction as the change it describes, so there is never a change
without its line or a line without its change. Refusals get a line of their own. The table is
append-only (database triggers). Residents are named by internal id and client number; a BSN is
never written in full, not even here.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from db.clock import AMSTERDAM
from db.engine import Database
from db.models import AuditEntry, RelatedPerson, Resident
from db.models.base import table
from desktop.core.access import audit_text
from desktop.core.access.permissions import ACTION_LABELS, Action, allows, needs_reason
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.labels import ROLE
from desktop.core.text import clean_text

if TYPE_CHECKING:
    from desktop.core.access.actor import Actor


MASKED_FIELDS = {"bsn"}  # logged as ******782; such a change cannot be undone from the log
FIELD_LABELS = {
    "bsn": "BSN", "initials": "voorletters", "prefix": "tussenvoegsel", "surname": "achternaam",
    "date_of_birth": "geboortedatum", "salutation": "aanhef", "street": "straat", "house_number": "huisnummer",
    "house_number_suffix": "toevoeging", "postcode": "postcode", "city": "woonplaats", "phone": "telefoon",
    "email": "e-mail", "consulent_id": "vaste consulent", "username": "gebruikersnaam", "display_name": "naam",
    "role": "rol", "active": "actief",
}


class PermissionDenied(KoersError):
    """The role may not do this; a line with outcome 'geweigerd' is in the access log."""


class ReasonRequired(KoersError):
    """The action is allowed with a reason; ask for one and call again with `reason=`."""


def record_raw(session: Session, **fields: Any) -> AuditEntry:
    entry = AuditEntry(**fields)
    session.add(entry)
    return entry


def record(session: Session, actor: Actor, action: str, *, resident_id: int | None = None,
           client_number: str | None = None, record_type: str | None = None, record_id: int | None = None,
           outcome: str = "ok", changes: dict[str, list[Any]] | None = None, reason: str | None = None,
           undoes_id: int | None = None) -> AuditEntry:
    return record_raw(
        session, user_id=actor.user_id, username=actor.username, role=actor.role.value,
        workstation=actor.workstation, action=action, resident_id=resident_id, client_number=client_number,
        record_type=record_type, record_id=record_id, outcome=outcome,
        changes=json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else None,
        reason=reason, undoes_id=undoes_id)


def allowed(actor: Actor, action: Action) -> bool:
    """For screens deciding what to show; services call require()."""
    return allows(actor.role, action)


def require(db: Database, actor: Actor, action: Action, *, resident_id: int | None = None,
            client_number: str | None = None) -> None:
    """Refuses in Dutch, and logs the refusal, when the actor's role may not do this."""
    if allows(actor.role, action):
        return
    with db.write() as s:
        record(s, actor, action.value, resident_id=resident_id, client_number=client_number, outcome="geweigerd")
    raise PermissionDenied(f"Uw rol ({ROLE[actor.role].lower()}) mag dit niet: {ACTION_LABELS[action].lower()}. "
                           "Vraag een collega met de juiste rol, of de beheerder als u denkt dat dit niet klopt.")


def require_reason(actor: Actor, action: Action, reason: str | None, message: str) -> str | None:
    """Returns the cleaned reason when the role needs one for this action; raises ReasonRequired when absent."""
    if not needs_reason(actor.role, action):
        return clean_text(reason, "de reden", max_length=500) if reason else None
    cleaned = clean_text(reason, "de reden", max_length=500)
    if reason is not None and not cleaned:  # asked, and answered with nothing: say why it is asked again
        raise ReasonRequired(f"U heeft geen reden ingevuld. {message}")
    if cleaned is not None and len(cleaned) < 5:
        raise ReasonRequired(f"De reden '{cleaned}' is te kort: schrijf in een paar woorden waarom, bijvoorbeeld "
                             f"'waarneming voor een collega'. {message}")
    if not cleaned:
        raise ReasonRequired(message)
    return cleaned


def value(v: Any) -> Any:
    """A value as JSON can hold it and as the log shows it."""
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, date | datetime):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def mask(field: str, v: Any) -> Any:
    if field in MASKED_FIELDS and v:
        return "******" + str(v)[-3:]
    return v


def diff(obj: Any, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changes; sensitive fields masked."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if value(old) != value(new):
            changes[field] = [mask(field, value(old)), mask(field, value(new))]
    return changes


_DIGIT_RUN = re.compile(r"\d(?:[ .\-]?\d){4,}")


def mask_query(query: str) -> str:
    """Any run of five or more digits may be (part of) a BSN: keep its last three only."""
    return _DIGIT_RUN.sub(lambda m: mask("bsn", re.sub(r"\D", "", m.group())), query)


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    client_number: str | None = None
    date_from: date | None = None  # Amsterdam calendar days, inclusive
    date_to: date | None = None
    record_type: str | None = None
    record_id: int | None = None
    actions: tuple[str, ...] = ()  # action codes (one Dutch choice in the screen may cover several)

    def validate(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError("De einddatum ligt vóór de begindatum. Draai ze om.", field="date_to")


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    role: str
    workstation: str
    action: str
    client_number: str | None
    record_type: str | None
    record_id: int | None
    outcome: str
    changes: dict[str, list[Any]]
    reason: str | None
    undoes_id: int | None

    @property
    def undoable(self) -> bool:
        return (self.outcome == "ok" and bool(self.changes) and self.record_type in UNDOABLE
                and self.record_id is not None and not MASKED_FIELDS & set(self.changes)
                and set(self.changes) <= set(table(UNDOABLE[self.record_type][0]).c.keys()))


def _utc_bounds(f: AuditFilter) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(f.date_from, time.min, AMSTERDAM) if f.date_from else None
    end = datetime.combine(f.date_to + timedelta(days=1), time.min, AMSTERDAM) if f.date_to else None
    return start, end


def _statement(f: AuditFilter) -> SelectOfScalar[AuditEntry]:
    stmt = select(AuditEntry)
    if f.username:
        stmt = stmt.where(col(AuditEntry.username) == f.username.strip().casefold())
    if f.client_number:
        stmt = stmt.where(col(AuditEntry.client_number) == f.client_number.strip().upper())
    if f.record_type:
        stmt = stmt.where(col(AuditEntry.record_type) == f.record_type)
    if f.actions:
        stmt = stmt.where(col(AuditEntry.action).in_(f.actions))
    if f.record_id is not None:
        stmt = stmt.where(col(AuditEntry.record_id) == f.record_id)
    start, end = _utc_bounds(f)
    if start:
        stmt = stmt.where(col(AuditEntry.at) >= start)
    if end:
        stmt = stmt.where(col(AuditEntry.at) < end)
    return stmt


REDACTED = "(afgeschermd)"


def _row(e: AuditEntry, *, redact: bool = False) -> AuditRow:
    changes = json.loads(e.changes) if e.changes else {}
    reason = e.reason
    if redact and e.record_type != "gebruiker" and e.action != "instelling.wijzigen":
        # A role without access to residents' content (beheerder) sees who did what, when, to which
        # client number and which fields: not the names, addresses or search terms themselves.
        changes = {field: [REDACTED, REDACTED] for field in changes}
        reason = REDACTED if reason else None
    assert e.id is not None  # read from the database or flushed
    return AuditRow(e.id, e.at, e.username, e.role, e.workstation, e.action, e.client_number, e.record_type,
                    e.record_id, e.outcome, changes, reason, e.undoes_id)


def _redacts(actor: Actor) -> bool:
    return not allows(actor.role, Action.RESIDENT_VIEW)


def list_entries(db: Database, actor: Actor, f: AuditFilter = AuditFilter(), *, limit: int = 200,
                 before_id: int | None = None) -> list[AuditRow]:
    """Newest first, a page at a time (pass the last row's id as `before_id`)."""
    require(db, actor, Action.AUDIT_VIEW)
    f.validate()
    stmt = _statement(f)
    if before_id is not None:
        stmt = stmt.where(col(AuditEntry.id) < before_id)
    redact = _redacts(actor)
    with db.read() as s:
        rows = s.exec(stmt.order_by(col(AuditEntry.id).desc()).limit(limit)).all()
        return [_row(e, redact=redact) for e in rows]


def _iter_all(db: Database, f: AuditFilter, *, redact: bool, batch: int = 2000) -> Iterator[AuditRow]:
    after = 0
    while True:
        with db.read() as s:
            rows = s.exec(_statement(f).where(col(AuditEntry.id) > after).order_by(col(AuditEntry.id))
                          .limit(batch)).all()
        if not rows:
            return
        yield from (_row(e, redact=redact) for e in rows)
        last = rows[-1].id
        assert last is not None  # read from the database
        after = last


CSV_HEADER = ["id", "tijdstip", "gebruiker", "rol", "werkplek", "actie", "actiecode", "cliëntnummer",
              "soort_gegeven", "gegeven_id", "uitkomst", "wijzigingen", "reden", "draait_terug"]


def _cell(v: Any) -> Any:
    """Text that Excel would run as a formula (=, +, -, @, tab, CR first) is quoted with an apostrophe."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def csv_fields(row: AuditRow, names: dict[int, str]) -> list[Any]:
    """One line of the export, in the words of the screen (CSV_HEADER's order)."""
    return [row.id, row.at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S"), row.username,
            audit_text.role_text(row.role), row.workstation, audit_text.action_text(row.action), row.action,
            row.client_number or "", row.record_type or "", row.record_id or "", audit_text.outcome_text(row.outcome),
            audit_text.describe(row.changes, names), row.reason or "", row.undoes_id or ""]


def _batches(rows: Iterator[AuditRow], size: int) -> Iterator[list[AuditRow]]:
    batch: list[AuditRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def export_csv(db: Database, actor: Actor, f: AuditFilter, path: Path,
               progress: Callable[[int, int], bool] | None = None) -> int:
    """Writes the filtered log as CSV for Dutch Excel (semicolons, UTF-8 with BOM); returns the row count.

    Written to a temporary file and renamed, so a cancelled or failed export leaves no half file.
    """
    require(db, actor, Action.AUDIT_EXPORT)
    f.validate()
    target = Path(path)
    if not target.parent.is_dir():
        raise ValidationError(f"De map {target.parent} bestaat niet. Kies een andere plek.")
    tmp = target.with_name(target.name + ".deel")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(CSV_HEADER)
            for batch in _batches(_iter_all(db, f, redact=_redacts(actor)), 1000):
                names = audit_text.user_names(db, audit_text.user_ids(batch))  # one query a batch
                for row in batch:
                    writer.writerow([_cell(v) for v in csv_fields(row, names)])
                count += len(batch)
                if progress and progress(count, 0) is False:
                    raise KoersError("Export afgebroken; er is geen bestand gemaakt.")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KoersError(f"Het bestand {target} kan niet worden geschreven: {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with db.write() as s:
        record(s, actor, "toegangslog.exporteren", client_number=f.client_number,
               changes={"filter": [None, {k: value(v) for k, v in f.__dict__.items() if v}], "regels": [None, count]})
    return count


def _resident_after_undo(obj: Resident) -> None:
    from desktop.core.text import resident_search_keys

    for column, key in resident_search_keys(obj.surname, obj.first_name, obj.street).items():
        setattr(obj, column, key)  # every key: the surname, its second part, the first name, the street


UNDOABLE: dict[str, tuple[type[SQLModel], Callable[[Any], None] | None]] = {
    "inwoner": (Resident, _resident_after_undo),
    "persoon": (RelatedPerson, None),  # a change of a person around the resident (not adding one: no columns)
}


def history(db: Database, actor: Actor, record_type: str, record_id: int) -> list[AuditRow]:
    return list_entries(db, actor, AuditFilter(record_type=record_type, record_id=record_id), limit=500)


def undo(db: Database, actor: Actor, entry_id: int, reason: str) -> AuditRow:
    """Puts back the old values of one recorded change, if nothing changed those fields since."""
    require(db, actor, Action.AUDIT_UNDO)
    why = clean_text(reason, "de reden", max_length=500, required=True, field="reason")
    try:
        return _undo(db, actor, entry_id, why)
    except (StaleDataError, IntegrityError) as exc:
        raise ConflictError("Iemand anders heeft dit gegeven of deze wijziging net ook aangepast. Vernieuw het log "
                            "en kijk of het terugdraaien nog nodig is.") from exc


def _undo(db: Database, actor: Actor, entry_id: int, why: str) -> AuditRow:
    with db.write() as s:
        entry = s.get(AuditEntry, entry_id)
        if entry is None:
            raise NotFoundError("Deze regel staat niet in het toegangslog.")
        row = _row(entry)
        if not row.undoable:
            raise KoersError("Deze regel is geen wijziging die Koers kan terugdraaien (alleen wijzigingen van "
                             "gegevens, en geen BSN).")
        if s.exec(select(AuditEntry.id).where(AuditEntry.undoes_id == entry_id, AuditEntry.outcome == "ok")).first():
            raise KoersError("Deze wijziging is al teruggedraaid.")
        assert row.record_type is not None  # undoable: a type in UNDOABLE
        model, after = UNDOABLE[row.record_type]
        obj = s.get(model, row.record_id)
        if obj is None:
            raise NotFoundError("Het gegeven van deze wijziging bestaat niet meer.")
        changed_since = [FIELD_LABELS.get(k, k) for k, (_old, new) in row.changes.items()
                         if value(getattr(obj, k)) != new]
        if changed_since:
            raise KoersError("Sinds deze wijziging is " + ", ".join(changed_since) + " opnieuw gewijzigd. Draai "
                             "eerst die latere wijziging terug, of pas het gegeven zelf aan.")
        reverse: dict[str, list[Any]] = {}
        for field, (old, new) in row.changes.items():
            column_type = table(model).c[field].type
            restored = _from_json(old, column_type)
            reverse[field] = [new, old]
            setattr(obj, field, restored)
        if after:
            after(obj)
        s.flush()
        undo_entry = record(s, actor, "wijziging.terugdraaien", resident_id=entry.resident_id,
                            client_number=entry.client_number, record_type=row.record_type,
                            record_id=row.record_id, changes=reverse, reason=why, undoes_id=entry_id)
        s.flush()
        return _row(undo_entry)


def _from_json(v: Any, column_type: TypeEngine[Any]) -> Any:
    if v is None:
        return None
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        python_type = None
    if python_type is date and isinstance(v, str):
        return date.fromisoformat(v)
    if hasattr(column_type, "enum_class") and column_type.enum_class is not None:
        return column_type.enum_class(v)
    return v


def action_label(code: str) -> str:
    """Kept for older callers: the Dutch text of an action (see audit_text)."""
    return audit_text.action_text(code)


def describe_changes(changes: dict[str, list[Any]], names: dict[int, str] | None = None) -> str:
    """'Achternaam: Jansen → Jansen-de Wit; Postcode: 7001AB' for screens and exports (see audit_text)."""
    return audit_text.describe(changes, names)


def search_record(db: Database, actor: Actor, query: str, shown: int) -> None:
    """A settled search in the resident list: who looked for whom (BSN-like text masked)."""
    with db.write() as s:
        record(s, actor, Action.RESIDENT_SEARCH.value, changes={"zoekterm": [None, mask_query(query)],
                                                                 "getoond": [None, shown]})


__all__ = ["AuditFilter", "AuditRow", "PermissionDenied", "ReasonRequired", "allowed", "diff", "export_csv",
           "history", "list_entries", "record", "require", "require_reason", "undo"]
