"""Importing a provider's realised hours from CSV as Dutch Excel writes it: semicolons, decimal
commas, UTF-8 (with or without BOM) or Windows-1252; or as Excel's 'Unicode-tekst': UTF-16, tab-separated.
A toewijzingnummer is unique within its law only, so the law comes from a `wet` column or the caller's choice.

The whole file is checked first; it is then stored in one transaction, or not at all. Every
rejected line is reported with its line number and reason, so the provider can fix the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import select

from db import clock
from db.engine import Database
from db.models import Beschikking, Realisation
from db.models.enums import DecisionKind, Law, RealisationSource
from db.units import minutes_to_hours
from desktop.core import tabular
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import counted_minutes, lock_decision, resident_of
from desktop.core.decisions.rules import OPEN_FOR_HOURS
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date, format_hours
from desktop.core.parse import parse_date, parse_minutes

REQUIRED = ("toewijzingnummer", "datum", "uren")
ALIASES = {"toewijzing": "toewijzingnummer", "toewijzingsnummer": "toewijzingnummer", "beschikking":
           "toewijzingnummer", "date": "datum", "hours": "uren", "aantal uren": "uren", "no-show": "no_show",
           "noshow": "no_show", "no show": "no_show", "law": "wet"}
LAW_SHOWN = tabular.LAW_SHOWN
YES = {"ja", "j", "1", "waar", "x", "yes"}
NO = {"", "nee", "n", "0", "onwaar", "no"}


@dataclass(frozen=True)
class ImportLine:
    line: int
    decision_id: int
    service_date: date
    minutes: int
    no_show: bool


@dataclass
class ImportCheck:
    lines: list[ImportLine] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.rejected

    def problems(self) -> list[str]:
        return [f"regel {line}: {reason}" for line, reason in self.rejected]


def read_text(path: Path) -> str:
    return tabular.read_text(path, "het CSV-bestand met de uren")


read_rows = tabular.read_rows


def check_file(db: Database, actor: Actor, path: Path, law: Law | None = None) -> ImportCheck:
    """Checks every line against the decisions as they are now; stores nothing. `law`: the law of the lines
    without a `wet` column or cell (None: a toewijzingnummer that exists under both laws is refused)."""
    audit.require(db, actor, Action.HOURS_ENTER)
    return _check(db, read_text(path), law)


def _check(db: Database, text: str, law: Law | None) -> ImportCheck:
    rows = read_rows(text)
    header = [ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in rows[0]] if rows else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        seen = ", ".join(h for h in header if h) or "geen"
        raise KoersError(f"In de eerste regel ontbreken de kolommen {', '.join(missing)} (gevonden: {seen}). "
                         "Gebruik de kolommen toewijzingnummer;datum;uren en eventueel no_show en wet, gescheiden "
                         "door puntkomma's (of tabs).")
    col = {name: header.index(name) for name in header if name}
    check = ImportCheck()
    with db.read() as s:
        decisions: dict[str, Sequence[Beschikking]] = {}
        for code in {r[col["toewijzingnummer"]].strip() for r in rows[1:] if len(r) > col["toewijzingnummer"]}:
            found = s.exec(select(Beschikking).where(Beschikking.toewijzing_nummer == code)).all()
            decisions[code] = found
        used = {d.id: counted_minutes(s, d) for found in decisions.values() for d in found}
    pending: dict[int, int] = defaultdict(int)
    today = clock.today()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            check.rejected.append((number, f"te weinig kolommen ({len(row)} in plaats van {len(header)})"))
            continue
        problems: list[str] = []
        nummer = row[col["toewijzingnummer"]].strip()
        found = decisions.get(nummer, [])
        when = minutes = None
        try:
            when = parse_date(row[col["datum"]], "de datum", required=True)
        except ValidationError as exc:
            problems.append(exc.message)
        try:
            minutes = parse_minutes(row[col["uren"]], "het aantal uren", required=True, allow_zero=False)
        except ValidationError as exc:
            problems.append(exc.message)
        flag = row[col["no_show"]].strip().casefold() if "no_show" in col else ""
        if flag not in YES | NO:
            problems.append(f"no_show '{flag}' is geen ja of nee")
        line_law = law
        try:
            line_law = (tabular.law_cell(row[col["wet"]]) if "wet" in col else None) or law
        except ValidationError as exc:
            problems.append(exc.message)
        if line_law is not None:
            found = [d for d in found if d.law == line_law]
        if not found:
            under = f" onder de {LAW_SHOWN[line_law]}" if line_law is not None else ""
            problems.append(f"onbekend toewijzingnummer {nummer or '(leeg)'}{under}")
        elif len(found) > 1:
            problems.append(f"toewijzingnummer {nummer} bestaat onder Wmo én Jeugdwet; kies bij het inlezen de wet "
                            "of zet een kolom wet in het bestand")
        decision = found[0] if len(found) == 1 else None
        if decision is not None and when is not None:
            last = min(decision.end_date, decision.ended_date or decision.end_date)
            if decision.kind is DecisionKind.AFWIJZING:
                problems.append(f"beschikking {nummer} is een afwijzing: daarop worden geen uren geboekt")
            elif decision.status not in OPEN_FOR_HOURS:
                problems.append(f"beschikking {nummer} staat op '{decision.status.value}'")
            elif not decision.start_date <= when <= last:
                problems.append(f"{format_date(when)} valt buiten beschikking {nummer} ({format_date(decision.start_date)}"
                                f" t/m {format_date(last)})")
            elif when > today:
                problems.append(f"{format_date(when)} ligt in de toekomst")
        if problems:
            check.rejected.append((number, "; ".join(problems)))
            continue
        # without a problem there is exactly one decision, a date and minutes (all required above)
        assert decision is not None and decision.id is not None and when is not None and minutes is not None
        no_show = flag in YES
        if decision.no_show_counts or not no_show:
            allowed = decision.ceiling_minutes
            if used[decision.id] + pending[decision.id] + minutes > allowed:
                left = allowed - used[decision.id] - pending[decision.id]
                check.rejected.append((number, f"beschikking {nummer} zou boven het geïndiceerde totaal komen: nog "
                                               f"{format_hours(minutes_to_hours(max(0, left)))} beschikbaar"))
                continue
            pending[decision.id] += minutes
        check.lines.append(ImportLine(number, decision.id, when, minutes, no_show))
    if not check.lines and not check.rejected:
        raise KoersError("Het bestand bevat alleen een kopregel en geen uren.")
    return check


def import_file(db: Database, actor: Actor, path: Path, law: Law | None = None) -> ImportCheck:
    """Stores every line, or none: any rejected line means nothing is stored (KoersError lists them all)."""
    audit.require(db, actor, Action.HOURS_ENTER)
    check = _check(db, read_text(path), law)
    if check.rejected:
        raise KoersError(f"Er is niets ingelezen: {len(check.rejected)} van de "
                         f"{len(check.rejected) + len(check.lines)} regels kloppen niet. Herstel ze en lees het "
                         "hele bestand opnieuw in.", problems=check.problems())
    by_decision: dict[int, list[ImportLine]] = defaultdict(list)
    for line in check.lines:
        by_decision[line.decision_id].append(line)
    with db.write() as s:
        for decision_id in sorted(by_decision):  # one lock order: no deadlock between two imports
            decision = lock_decision(s, decision_id)
            lines = by_decision[decision_id]
            counted = sum(x.minutes for x in lines if decision.no_show_counts or not x.no_show)
            allowed = decision.ceiling_minutes
            if counted_minutes(s, decision) + counted > allowed:  # someone booked hours since the check
                raise KoersError(f"Er is niets ingelezen: op beschikking {decision.toewijzing_nummer} zijn intussen "
                                 "uren geboekt en het bestand past er niet meer bij. Controleer en lees opnieuw in.")
            for x in lines:
                s.add(Realisation(beschikking_id=decision_id, service_date=x.service_date, minutes=x.minutes,
                                  no_show=x.no_show, source=RealisationSource.IMPORT, entered_by_id=actor.user_id))
            resident = resident_of(s, decision)
            audit.record(s, actor, "uren.importeren", resident_id=resident.id, client_number=resident.client_number,
                         record_type="beschikking", record_id=decision.id,
                         changes={"regels": [None, len(lines)], "minutes": [None, counted],
                                  "bestand": [None, Path(path).name]})
    return check
