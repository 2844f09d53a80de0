"""Which changes of which decisions still need a WMO301 (toewijzing) to their aanbieder, and what each says.

A decision that was vastgesteld is assigned once ('toewijzing'). What happens to it later is sent as a change of
that same ToewijzingNummer, each once (iwmo_assignment is UNIQUE per decision and change):

- 'wijziging': the decision was replaced by a wijziging (a new decision with its own number, sent as a new
  'toewijzing'). The old one ends the day before the change takes effect (Beschikking.ended_date), with the
  RedenWijziging the consulent chose; Koers' 'reden_wijziging' list is the standard's own list.
- 'beeindiging': the decision was ended; Einddatum is the ended date and the RedenWijziging comes from the
  reason of ending (END_REASON_TO_CHANGE, the column 'Reden wijziging toewijzing' of the standard's list
  of reasons of ending).
- 'intrekking': a decision that was withdrawn after its toewijzing went out. The standard's way to undo a
  toewijzing is RedenWijziging 13 'Verwijderd' with the Einddatum equal to the Ingangsdatum ('de toewijzing
  moet als niet verzonden beschouwd worden'). Koers only withdraws a decision without booked hours, which is the
  standard's condition for removing one. A decision withdrawn before it was ever sent needs no message.

An afwijzing assigns nothing and gets no message; a concept is not a decision yet.

When the change was made (Toewijzingsdatum and -tijd, and what `since` filters on) is read from the access log
line of that change ('beschikking.vaststellen', '.vervangen', '.beeindigen', '.intrekken'): the decision row
keeps no time. Without such a line (data loaded in bulk, as the demo is) the decision's own date stands in:
the day it was vastgesteld for a toewijzing, the day its successor was for a wijziging, and today for an ending
or a withdrawal (the row keeps no date of the deed; today errs on the side of sending it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from db import clock
from db.models import AuditEntry, Beschikking, Casus, IwmoAssignment, Resident
from db.models.enums import DecisionKind, DecisionStatus, Law

TOEWIJZING, WIJZIGING, BEEINDIGING, INTREKKING = "toewijzing", "wijziging", "beeindiging", "intrekking"
CHANGES = (TOEWIJZING, WIJZIGING, BEEINDIGING, INTREKKING)
CHANGE_LABEL = {TOEWIJZING: "toewijzing", WIJZIGING: "wijziging", BEEINDIGING: "beëindiging",
                INTREKKING: "intrekking"}
LOG_ACTION = {TOEWIJZING: "beschikking.vaststellen", WIJZIGING: "beschikking.vervangen",
              BEEINDIGING: "beschikking.beeindigen", INTREKKING: "beschikking.intrekken"}

REMOVED = "13"  # RedenWijziging 'Verwijderd': Einddatum = Ingangsdatum, as if never sent
ADMINISTRATIVE = "14"  # 'Administratieve correctie'; '01' is the expired code it replaced in 3.1
REASSESSED_SHORTER = "05"  # 'Herbeoordeling: verkorting toewijzing': the gemeente ends it sooner

# Koers' reason of ending (reference list 'reden_beeindiging' of the decision's law) -> RedenWijziging. Where
# the standard's list names a RedenWijziging for a reason (iJw JZ588, iWmo WMO588) it is that one; where it says
# 'nvt' (an ending the aanbieder or the resident starts: per plan, temporarily, by the client or the aanbieder,
# by agreement) the gemeente shortens the toewijzing after its own assessment: 05. For 36 'geïnitieerd door de
# gemeente' the list allows 03, 05, 08, 10 or 11; Koers cannot tell which, and 05 is the general one.
END_REASON_TO_CHANGE: dict[Law, dict[str, str]] = {
    Law.WMO: {"02": "02", "19": "05", "20": "05", "21": "05", "22": "05", "23": "05", "31": "07", "36": "05",
              "37": "12", "38": "09", "39": "06"},
    Law.JEUGDWET: {"02": "02", "20": "05", "31": "05", "32": "05", "33": "05", "34": "05", "35": "07", "36": "05",
                   "37": "12", "38": "09", "39": "06"},
}
CHUNK = 500


@dataclass(frozen=True)
class PendingAssignment:
    """One change of one decision that has no WMO301 yet, with what the ToegewezenProduct will say."""

    beschikking_id: int
    change: str  # one of CHANGES
    law: Law
    toewijzing_nummer: str
    resident_id: int
    client_number: str
    aanbieder_id: int | None
    product_id: int | None
    start_date: date
    end_date: date  # the Einddatum this change gives
    reason_code: str | None  # RedenWijziging; None for a first toewijzing
    changed_on: date  # when the change was made: Toewijzingsdatum
    changed_at: time  # and Toewijzingstijd


def change_reason(code: str | None) -> str:
    """A wijziging's reason as the standard accepts it: the expired '01' is sent as its successor '14'."""
    if code is None or code == "01":
        return ADMINISTRATIVE
    return code


def end_reason(law: Law, code: str | None) -> str:
    """The RedenWijziging for an ending with Koers' reason `code` (see END_REASON_TO_CHANGE)."""
    return END_REASON_TO_CHANGE[Law(law)].get(code or "", REASSESSED_SHORTER)


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _moments(s: Session, decisions: Iterable[tuple[int, int]]) -> dict[tuple[int, str], datetime]:
    """(decision id, action) -> the latest logged moment of that change, in Amsterdam. Found through the
    resident (the log's index) and then the decision."""
    by_resident: dict[int, set[int]] = defaultdict(set)
    for decision_id, resident_id in decisions:
        by_resident[resident_id].add(decision_id)
    wanted = {d for ids in by_resident.values() for d in ids}
    out: dict[tuple[int, str], datetime] = {}
    for chunk in _chunks(sorted(by_resident)):
        rows = s.exec(select(AuditEntry.record_id, AuditEntry.action, AuditEntry.at).where(
            col(AuditEntry.resident_id).in_(chunk), AuditEntry.record_type == "beschikking",
            AuditEntry.outcome == "ok", col(AuditEntry.action).in_(list(LOG_ACTION.values())))).all()
        for record_id, action, at in rows:
            if record_id not in wanted:
                continue
            local = at.astimezone(clock.AMSTERDAM)
            key = (record_id, action)
            if key not in out or out[key] < local:
                out[key] = local
    return out


def find_pending(s: Session, *, since: date | None = None) -> list[PendingAssignment]:
    """Every (decision, change) that needs a WMO301 and has none, oldest change first. No access check here:
    the callers in export.py require Action.IWMO_EXCHANGE.

    Not wanted: decisions of an anonymised file (past its retention, nothing is sent about it any more), and of a
    decision brought in by `koers import` every change it already had then (the system it came from exchanged
    those with the aanbieder); only a change Koers logs after the import needs a message from Koers."""
    statuses = [DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN, DecisionStatus.VERVANGEN,
                DecisionStatus.BEEINDIGD, DecisionStatus.INGETROKKEN]
    rows = s.exec(select(Beschikking, Casus.resident_id, Resident.client_number)
                  .join(Casus, col(Casus.id) == Beschikking.casus_id)
                  .join(Resident, col(Resident.id) == Casus.resident_id)
                  .where(col(Beschikking.status).in_(statuses), Beschikking.kind != DecisionKind.AFWIJZING,
                         col(Beschikking.established_date).is_not(None), col(Resident.anonymised_at).is_(None))
                  .order_by(col(Beschikking.id))).all()
    if not rows:
        return []
    done: set[tuple[int, str]] = set()
    replaced_by: dict[int, Beschikking] = {}
    ids = [d.id for d, _, _ in rows if d.id is not None]
    for chunk in _chunks(ids):
        done |= {(b, c) for b, c in s.exec(select(IwmoAssignment.beschikking_id, IwmoAssignment.change)
                                           .where(col(IwmoAssignment.beschikking_id).in_(chunk)))}
        for fresh in s.exec(select(Beschikking).where(col(Beschikking.replaces_id).in_(chunk),
                                                      col(Beschikking.status).in_(statuses[:4]))):
            if fresh.replaces_id is not None:
                replaced_by[fresh.replaces_id] = fresh
    today = clock.today()
    candidates: list[tuple[Beschikking, int, str, str, date, str | None, date]] = []
    for d, resident_id, client_number in rows:
        assert d.id is not None  # a stored row
        wanted: list[tuple[str, date, str | None, date]] = []  # change, Einddatum, reason, date without a log line
        if d.status is DecisionStatus.INGETROKKEN:
            if (d.id, TOEWIJZING) in done:
                wanted.append((INTREKKING, d.start_date, REMOVED, today))
        else:
            wanted.append((TOEWIJZING, d.end_date, None, d.established_date or today))
            if d.status is DecisionStatus.VERVANGEN:
                successor = replaced_by.get(d.id)
                wanted.append((WIJZIGING, d.ended_date or d.end_date,
                               change_reason(successor.change_reason_code if successor else None),
                               (successor.established_date if successor else None) or today))
            elif d.status is DecisionStatus.BEEINDIGD:
                wanted.append((BEEINDIGING, d.ended_date or d.end_date, end_reason(d.law, d.end_reason_code),
                               today))
        candidates += [(d, resident_id, client_number, change, end, reason, fallback)
                       for change, end, reason, fallback in wanted if (d.id, change) not in done]
    moments = _moments(s, {(d.id, resident_id) for d, resident_id, *_ in candidates if d.id is not None})
    out: list[PendingAssignment] = []
    for d, resident_id, client_number, change, end, reason, fallback in candidates:
        assert d.id is not None
        moment = moments.get((d.id, LOG_ACTION[change]))
        if d.imported_at is not None and (moment is None or moment < d.imported_at):
            continue  # sent by the system the decision came from
        on, at = (moment.date(), moment.time().replace(microsecond=0)) if moment else (fallback, time(0))
        if since is not None and on < since:
            continue
        out.append(PendingAssignment(
            beschikking_id=d.id, change=change, law=d.law, toewijzing_nummer=d.toewijzing_nummer,
            resident_id=resident_id, client_number=client_number, aanbieder_id=d.aanbieder_id,
            product_id=d.product_id, start_date=d.start_date, end_date=end, reason_code=reason,
            changed_on=on, changed_at=at))
    out.sort(key=lambda p: (p.changed_on, p.changed_at, p.beschikking_id, CHANGES.index(p.change)))
    return out
