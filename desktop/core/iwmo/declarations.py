"""Reading a provider's declaration (iWmo 3.2 WMO323): checked against the schema, then every Prestatie against
the decision it names and the hour ledger; accepted Prestaties become realised hours, each with its answer.

Order of the checks:
1. The whole file: at most 50 MB; valid against the WMO323 schema (else refused whole, every problem by line and
   element); the Afzender is a known aanbieder (AGB code); the Ontvanger is this municipality (when its code is set);
   not read before (same aanbieder and DeclaratieNummer, or same BerichtIdentificatie); the dagtekeningen not in
   the future. A refusal of the whole stores nothing.
2. Each Prestatie, in file order, gets an answer: accepted, or refused with a Dutch reason and the standard's
   retourcode (LDT_RetourCode in basisschema.xsd), which a WMO325 answer carries:

   ====  =========================================================================================
   0200  accepted ('geen opmerking'); a lower tariff than agreed is accepted with a note
   9338  ToewijzingNummer unknown, of another aanbieder, a concept, a refusal or a replaced decision
   9384  the decision was withdrawn (ingetrokken: the standard's 'verwijderd')
   8187  the BSN is not the BSN of the decision's resident
   9339  ProductCategorie differs from the decision's product; 9340 the same for ProductCode
   9341  an Eenheid Koers cannot turn into time (etmaal, stuks, euro's), or a decision not paid per hour
   9319  the ProductPeriode is not inside one declaration period (a calendar month), ends after this file's
         DeclaratiePeriode, or begins after it ends. An earlier month is allowed: a late line or a correction.
   8848  the ProductPeriode ends after the declaration's dagtekening or after today: no care declared in advance
   9307  the period begins before the decision starts; 9308 it ends after its (ended) last day
   0611  ProductTarief (per hour) above the decision's agreed tariff; without a ProductTarief, an amount above
         the volume at the agreed tariff
   9346  IngediendBedrag is not GeleverdVolume x ProductTarief
   8021  the ReferentieNummer was accepted before (in an earlier declaration or earlier in this file)
   9321  the Prestatie alone is more than the assigned volume; 9322 with what is realised already (and what earlier
         Prestaties of this file add) it would pass the assigned volume (TR321/TR322)
   8017  a credit without an accepted debit of the same reference (or VorigReferentieNummer)
   9390  a credit for a debit that was credited already
   9367  a credit that differs from its debit (assignment, product, period, volume or amount)
   ====  =========================================================================================

The assigned volume is the indicated total, as the WMO301 sends it (export.py: Omvang = indicated minutes); the
surplus (overloop) of a decision is not assigned to the provider in the message, so a declaration cannot use it
(hours booked by hand may, after the consulent agreed, up to indicated plus surplus, as the ledger allows).

Units: 01 minuut, 04 uur and 16 dagdeel (4 uur, as the standard defines it) are time and are booked as minutes;
any of them may be declared on an hourly decision. The tariff is compared per hour (ProductTarief x 60 / minutes
per unit). A higher tariff is refused; a lower one is accepted and the declared amount stands (it is kept on the
Prestatie; the ledger counts hours and values them at the decision's tariff, as it does for every booking).

An accepted debit becomes an ordinary realisation (source 'import'): from the period's first day to its last,
linked from iwmo_prestatie.realisation_id, so the ledger, the trigger and the monthly summary treat it like any
other booking. A credit deletes that realisation: the hours are free again. Everything of one file is one
transaction: the message, every Prestatie and every booking, or nothing. `check_only` judges the same way and
stores nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col, select

from db import clock
from db.clock import AMSTERDAM
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    Casus,
    IwmoMessage,
    IwmoPrestatie,
    Product,
    Realisation,
    Resident,
    Setting,
    User,
)
from db.models.base import stored_id, table
from db.models.enums import DecisionKind, DecisionStatus, FinancingForm, Law, RealisationSource
from db.units import cents_to_euros, minutes_to_hours, money_for_minutes
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions import months
from desktop.core.decisions.rules import OPEN_FOR_HOURS
from desktop.core.errors import KoersError, NotFoundError
from desktop.core.iwmo import schema
from desktop.core.iwmo.codes import koers_number
from desktop.core.nl import format_date, format_hours, format_money
from desktop.core.settings import GEMEENTECODE

KIND = "323"
LAW = Law.WMO  # a WMO323 is a Wmo declaration; the iJw's JW323 has its own schema, not in Koers yet
MAX_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 50
AUDIT_ACTION = "iwmo.323"
VIEW_ACTION = "iwmo.323.inzien"
RECORD_TYPE = "iwmo_bericht"
CHUNK = 500

ACCEPTED = "0200"
MINUTES_PER_UNIT = {"01": 1, "04": 60, "16": 240}  # minuut, uur, dagdeel (4 uur)
UNIT_NAMES = {"01": "minuut", "04": "uur", "14": "etmaal", "16": "dagdeel", "82": "stuks (output)", "83": "euro's",
              "84": "stuks (inspanning)"}
_NS = {"w": schema.namespace(KIND), "b": schema.NAMESPACE_BASE}


class DeclarationRefused(KoersError):
    """The whole file is refused: nothing was read in. `problems` names each reason (by line and element for a
    schema problem)."""


@dataclass(frozen=True)
class DeclarationHeader:
    sender: str  # AGB code of the aanbieder
    receiver: str  # gemeentecode
    identification: str
    message_date: date
    declaration_number: str
    period_start: date
    period_end: date
    declaration_date: date
    total_cents: int  # TotaalIngediendBedrag, negative when credit
    aanbieder_id: int | None
    aanbieder: str  # its name, or the AGB code when unknown
    message_id: int | None = None  # None: not stored (check only)
    read_at: datetime | None = None
    read_by: str | None = None


@dataclass(frozen=True)
class PrestatieAnswer:
    line: int  # line of the Prestatie in the file
    reference: str
    previous_reference: str | None
    toewijzing_nummer: str  # as the message gives it (nine digits at most)
    decision_number: str | None  # Koers' ten-digit toewijzingnummer, when it is known
    client_number: str | None  # the resident's client number (never the BSN), when matched
    product_category: str
    product_code: str
    period_start: date
    period_end: date
    volume: int
    unit_code: str
    minutes: int | None  # the volume in minutes, when the unit is time
    tariff_cents: int | None  # ProductTarief per unit
    amount_cents: int  # IngediendBedrag, positive; see debit_credit
    debit_credit: str  # 'D' or 'C'
    accepted: bool
    reason: str | None  # why it was refused, or a note on an accepted one
    return_code: str

    @property
    def signed_cents(self) -> int:
        return self.amount_cents if self.debit_credit == "D" else -self.amount_cents

    @property
    def hours(self) -> Any:
        return minutes_to_hours(self.minutes) if self.minutes is not None else None


@dataclass(frozen=True)
class DeclarationResult:
    header: DeclarationHeader
    prestaties: tuple[PrestatieAnswer, ...]
    stored: bool  # False for a check

    @property
    def accepted(self) -> int:
        return sum(1 for p in self.prestaties if p.accepted and p.debit_credit == "D")

    @property
    def credited(self) -> int:
        return sum(1 for p in self.prestaties if p.accepted and p.debit_credit == "C")

    @property
    def refused(self) -> int:
        return sum(1 for p in self.prestaties if not p.accepted)

    @property
    def accepted_cents(self) -> int:
        """Accepted debits minus accepted credits."""
        return sum(p.signed_cents for p in self.prestaties if p.accepted)

    @property
    def declared_cents(self) -> int:
        return sum(p.signed_cents for p in self.prestaties)


@dataclass(frozen=True)
class DeclarationSummary:
    message_id: int
    aanbieder: str
    declaration_number: str
    period_start: date
    period_end: date
    read_at: datetime
    read_by: str | None
    accepted: int
    credited: int
    refused: int
    accepted_cents: int


# ---------------------------------------------------------------- parsing


@dataclass
class _Line:
    line: int
    bsn: str
    reference: str
    previous_reference: str | None
    toewijzing: str
    category: str
    code: str
    begin: date
    end: date
    volume: int
    unit: str
    tariff: int | None
    amount: int
    dc: str


@dataclass
class _Parsed:
    header: DeclarationHeader
    lines: list[_Line]


def _text(element: Any, path: str) -> str:
    found = element.find(path, _NS)
    return "" if found is None or found.text is None else found.text.strip()


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])  # xs:date may carry a time zone; the schema checked the form


def _parse(content: bytes) -> _Parsed:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    h: Any = root.find("w:Header", _NS)  # present: the schema was checked first
    d: Any = root.find("w:Declaratie", _NS)
    total = int(_text(d, "w:TotaalIngediendBedrag/b:TotaalBedrag"))
    header = DeclarationHeader(
        sender=_text(h, "w:Afzender"), receiver=_text(h, "w:Ontvanger"),
        identification=_text(h, "w:BerichtIdentificatie/b:Identificatie"),
        message_date=_day(_text(h, "w:BerichtIdentificatie/b:Dagtekening")),
        declaration_number=_text(d, "w:DeclaratieNummer"),
        period_start=_day(_text(d, "w:DeclaratiePeriode/b:Begindatum")),
        period_end=_day(_text(d, "w:DeclaratiePeriode/b:Einddatum")),
        declaration_date=_day(_text(d, "w:DeclaratieDagtekening")),
        total_cents=-total if _text(d, "w:TotaalIngediendBedrag/b:DebetCredit") == "C" else total,
        aanbieder_id=None, aanbieder=_text(h, "w:Afzender"))
    lines = []
    for client in d.iterfind("w:Clienten/w:Client", _NS):
        bsn = _text(client, "w:Bsn")
        for p in client.iterfind("w:Prestaties/w:Prestatie", _NS):
            tariff = _text(p, "w:ProductTarief")
            lines.append(_Line(
                line=int(p.sourceline or 0), bsn=bsn, reference=_text(p, "w:ProductReferentie/b:ReferentieNummer"),
                previous_reference=_text(p, "w:ProductReferentie/b:VorigReferentieNummer") or None,
                toewijzing=str(int(_text(p, "w:ToewijzingNummer"))), category=_text(p, "w:ProductCategorie"),
                code=_text(p, "w:ProductCode"), begin=_day(_text(p, "w:ProductPeriode/b:Begindatum")),
                end=_day(_text(p, "w:ProductPeriode/b:Einddatum")), volume=int(_text(p, "w:GeleverdVolume")),
                unit=_text(p, "w:Eenheid"), tariff=int(tariff) if tariff else None,
                amount=int(_text(p, "w:IngediendBedrag/b:Bedrag")),
                dc=_text(p, "w:IngediendBedrag/b:DebetCredit")))
    return _Parsed(header, lines)


def _root_kind(content: bytes) -> str | None:
    """'301' for a WMO301 and so on, from the root element's namespace; None when it is not an iWmo message."""
    head = content[:4096].decode("utf-8", "replace")
    for kind in schema.KINDS:
        if schema.namespace(kind) in head:
            return kind
    return None


def _content(path_or_bytes: Path | str | bytes) -> bytes:
    """The file's bytes, after the size check (a file that is too large is not read at all)."""
    too_large = DeclarationRefused(f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB: zo groot is geen "
                                   "declaratie. Er is niets ingelezen. Vraag de aanbieder de declaratie in kleinere "
                                   "berichten te sturen.")
    if isinstance(path_or_bytes, bytes):
        content = path_or_bytes
    else:
        path = Path(path_or_bytes)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise too_large
            content = path.read_bytes()
        except FileNotFoundError:
            raise KoersError(f"Het bestand {path} bestaat niet. Kies het declaratiebestand (WMO323, .xml) opnieuw.") \
                from None
        except IsADirectoryError:
            raise KoersError(f"{path} is een map. Kies het declaratiebestand (WMO323, .xml) zelf.") from None
        except OSError as exc:
            raise KoersError(f"Het bestand {path} kan niet worden gelezen ({exc.strerror or exc}). Controleer of u "
                             "het mag openen en of de schijf bereikbaar is.") from None
    if len(content) > MAX_BYTES:
        raise too_large
    if not content.strip():
        raise DeclarationRefused("Het bestand is leeg. Er is niets ingelezen. Kies het declaratiebestand (WMO323).")
    return content


def _validated(content: bytes) -> None:
    problems = schema.validate(KIND, content)
    if not problems:
        return
    kind = _root_kind(content)
    if kind is not None and kind != KIND:
        raise DeclarationRefused(f"Dit is een WMO{kind}-bericht, geen declaratie (WMO323). Er is niets ingelezen. "
                                 "Kies het declaratiebestand van de aanbieder.")
    shown = [p.dutch() for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"en nog {len(problems) - MAX_PROBLEMS_SHOWN} problemen")
    raise DeclarationRefused(
        "Het bestand voldoet niet aan het iWmo 3.2-schema van de declaratie (WMO323) en is in zijn geheel geweigerd; "
        "er is niets ingelezen. Vraag de aanbieder een verbeterd bestand te sturen. Wat niet klopt:", problems=shown)


# ---------------------------------------------------------------- judging


@dataclass
class _Decision:
    id: int
    number: str
    aanbieder_id: int | None
    kind: DecisionKind
    status: DecisionStatus
    financing_form: FinancingForm
    start: date
    last: date
    assigned: int  # the indicated total: the volume the WMO301 assigns (the surplus is not in it)
    tariff: int
    no_show_counts: bool
    client_number: str
    bsn: str | None
    category: str | None
    code: str | None


@dataclass
class _Debit:
    """An accepted debit that a credit may reverse: stored before (id) or earlier in this file (index)."""

    id: int | None
    index: int | None
    decision_id: int | None
    realisation_id: int | None
    minutes: int
    toewijzing: str
    category: str
    code: str
    begin: date
    end: date
    volume: int
    unit: str
    amount: int
    credited: bool = False


@dataclass
class _Judged:
    source: _Line
    decision: _Decision | None
    minutes: int | None
    accepted: bool
    reason: str | None
    code: str
    credits: _Debit | None = None
    answer: PrestatieAnswer | None = field(default=None)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(set(values))
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _decisions(s: Session, numbers: Iterable[str], *, lock: bool) -> dict[str, _Decision]:
    b, c, r, p = table(Beschikking).c, table(Casus).c, table(Resident).c, table(Product).c
    found: dict[str, _Decision] = {}
    for chunk in _chunks(numbers):
        stmt = (sa.select(b.id, b.toewijzing_nummer, b.aanbieder_id, b.kind, b.status, b.financing_form, b.start_date,
                          b.end_date, b.ended_date, b.indicated_minutes, b.tariff_cents,
                          b.no_show_counts, r.client_number, r.bsn, p.category_code, p.code)
                .select_from(table(Beschikking).join(table(Casus), c.id == b.casus_id)
                             .join(table(Resident), r.id == c.resident_id)
                             .outerjoin(table(Product), p.id == b.product_id))
                .where(b.law == LAW.value, b.toewijzing_nummer.in_(chunk)).order_by(b.id))
        if lock and s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(of=table(Beschikking))
        for row in s.execute(stmt):
            last = min(row.end_date, row.ended_date or row.end_date)
            found[row.toewijzing_nummer] = _Decision(
                row.id, row.toewijzing_nummer, row.aanbieder_id, DecisionKind(row.kind), DecisionStatus(row.status),
                FinancingForm(row.financing_form), row.start_date, last, row.indicated_minutes,
                row.tariff_cents, bool(row.no_show_counts), row.client_number, row.bsn, row.category_code, row.code)
    return found


def _counted(s: Session, decisions: Iterable[_Decision]) -> dict[int, int]:
    """Minutes counted against each decision's ceiling now (a no-show only where it counts)."""
    by_id = {d.id: d for d in decisions}
    used: dict[int, int] = defaultdict(int)
    rc = table(Realisation).c
    for chunk in _chunks(by_id):
        rows = s.execute(sa.select(rc.beschikking_id, rc.no_show, sa.func.sum(rc.minutes))
                         .where(rc.beschikking_id.in_(chunk)).group_by(rc.beschikking_id, rc.no_show))
        for decision_id, no_show, minutes in rows:
            if not no_show or by_id[decision_id].no_show_counts:
                used[decision_id] += int(minutes or 0)
    return used


def _earlier_debits(s: Session, aanbieder_id: int, references: Iterable[str]) -> dict[str, _Debit]:
    """The accepted debits of this aanbieder with these references, each marked when a credit reversed it."""
    pc = table(IwmoPrestatie).c
    debits: dict[str, _Debit] = {}
    credited: set[int] = set()
    for chunk in _chunks(references):
        rows = s.execute(sa.select(pc.id, pc.reference, pc.debit_credit, pc.beschikking_id, pc.realisation_id,
                                   pc.credits_id, pc.volume, pc.unit_code, pc.toewijzing_nummer, pc.product_category,
                                   pc.product_code, pc.period_start, pc.period_end, pc.amount_cents)
                         .where(pc.aanbieder_id == aanbieder_id, pc.accepted.is_(True), pc.reference.in_(chunk)))
        for row in rows:
            if row.debit_credit == "D":
                minutes = row.volume * MINUTES_PER_UNIT.get(row.unit_code, 0)
                debits[row.reference] = _Debit(row.id, None, row.beschikking_id, row.realisation_id, minutes,
                                               row.toewijzing_nummer, row.product_category, row.product_code or "",
                                               row.period_start, row.period_end, row.volume, row.unit_code,
                                               row.amount_cents)
            elif row.credits_id is not None:
                credited.add(row.credits_id)
    for debit in debits.values():
        debit.credited = debit.id in credited
    return debits


def _credited_elsewhere(s: Session, aanbieder_id: int, debits: dict[str, _Debit]) -> None:
    """A credit may carry another reference than its debit (VorigReferentieNummer): mark those reversed too."""
    pc = table(IwmoPrestatie).c
    ids = [d.id for d in debits.values() if d.id is not None and not d.credited]
    done: set[int] = set()
    for chunk in _chunks(ids):
        done.update(s.execute(sa.select(pc.credits_id).where(pc.aanbieder_id == aanbieder_id, pc.accepted.is_(True),
                                                             pc.debit_credit == "C", pc.credits_id.in_(chunk)))
                    .scalars())
    for debit in debits.values():
        if debit.id in done:
            debit.credited = True


def _hours(minutes: int) -> str:
    return format_hours(minutes_to_hours(minutes))


def _euros(cents: int) -> str:
    return format_money(cents_to_euros(cents))


def _per_hour(tariff: int, per_unit: int) -> int:
    """A tariff per unit (of `per_unit` minutes) as cents per hour, rounded half up."""
    return (tariff * 120 + per_unit) // (2 * per_unit)


class _Judge:
    def __init__(self, header: DeclarationHeader, aanbieder: Aanbieder, decisions: dict[str, _Decision],
                 used: dict[int, int], debits: dict[str, _Debit], today: date):
        self.header, self.aanbieder, self.decisions = header, aanbieder, decisions
        self.used, self.debits, self.today = used, debits, today
        self.pending: dict[int, int] = defaultdict(int)
        self.reversed: set[int] = set()  # debits of this file that a later credit of this file reverses

    def judge(self, index: int, line: _Line) -> _Judged:
        decision = self.decisions.get(koers_number(line.toewijzing) or "")
        refused = self._common(line, decision)
        minutes = line.volume * MINUTES_PER_UNIT[line.unit] if line.unit in MINUTES_PER_UNIT else None
        if refused is not None:
            return _Judged(line, decision, minutes, False, refused[1], refused[0])
        assert decision is not None and minutes is not None  # _common refuses otherwise
        if line.dc == "C":
            return self._credit(line, decision, minutes)
        return self._debit(index, line, decision, minutes)

    def _common(self, line: _Line, d: _Decision | None) -> tuple[str, str] | None:
        """(retourcode, reason) of the first problem that does not depend on debit or credit; None when none."""
        nummer = line.toewijzing
        if d is None:
            return "9338", f"Toewijzingnummer {nummer} is bij de gemeente niet bekend onder de Wmo."
        if d.aanbieder_id != self.aanbieder.id:
            return "9338", f"Toewijzing {nummer} is niet aan {self.aanbieder.name} toegewezen."
        if d.status is DecisionStatus.INGETROKKEN:
            return "9384", f"Toewijzing {nummer} is ingetrokken: daarop kan niet worden gedeclareerd."
        if d.status is DecisionStatus.VERVANGEN:
            return "9338", (f"Toewijzing {nummer} is vervangen door een nieuwere beschikking. Declareer op het "
                            "toewijzingnummer van de nieuwe toewijzing.")
        if d.kind is DecisionKind.AFWIJZING or d.status not in OPEN_FOR_HOURS:
            return "9338", f"Op toewijzing {nummer} wordt geen zorg geleverd (status '{d.status.value}')."
        if line.bsn != (d.bsn or ""):
            return "8187", f"Het BSN hoort niet bij de cliënt van toewijzing {nummer}."
        if line.category != d.category:
            return "9339", (f"Productcategorie {line.category} is niet die van toewijzing {nummer} "
                            f"({d.category or 'geen'}).")
        if line.code != d.code:
            return "9340", f"Productcode {line.code} is niet die van toewijzing {nummer} ({d.code or 'geen'})."
        if line.unit not in MINUTES_PER_UNIT:
            name = UNIT_NAMES.get(line.unit, line.unit)
            return "9341", (f"Eenheid {line.unit} ({name}) past niet bij toewijzing {nummer}, die in uren is "
                            "toegewezen. Declareer in minuten (01), uren (04) of dagdelen (16).")
        if d.financing_form is not FinancingForm.UREN_X_TARIEF:
            return "9341", (f"Toewijzing {nummer} wordt niet per uur bekostigd; een declaratie in tijd past er niet "
                            "bij.")
        h = self.header
        if line.begin > line.end:
            return "9319", (f"De begindatum {format_date(line.begin)} ligt na de einddatum "
                            f"{format_date(line.end)} van de prestatie.")
        if (line.begin.year, line.begin.month) != (line.end.year, line.end.month):
            return "9319", (f"De periode {format_date(line.begin)} t/m {format_date(line.end)} valt niet binnen één "
                            "declaratieperiode: declareer per kalendermaand.")
        if line.end > h.period_end:
            return "9319", (f"De periode {format_date(line.begin)} t/m {format_date(line.end)} ligt na de "
                            f"declaratieperiode ({format_date(h.period_start)} t/m {format_date(h.period_end)}).")
        if line.end > min(h.declaration_date, self.today):
            return "8848", (f"De periode eindigt op {format_date(line.end)}, na de dagtekening van de declaratie of "
                            "na vandaag: declareer alleen zorg die geleverd is.")
        if line.begin < d.start:
            return "9307", (f"De periode begint op {format_date(line.begin)}, vóór de ingangsdatum van toewijzing "
                            f"{nummer} ({format_date(d.start)}).")
        if line.end > d.last:
            return "9308", (f"De periode eindigt op {format_date(line.end)}, na de laatste dag van toewijzing "
                            f"{nummer} ({format_date(d.last)}).")
        return None

    def _money(self, line: _Line, d: _Decision, minutes: int) -> tuple[str, str] | tuple[None, str | None]:
        """(refusal code, reason), or (None, a note for an accepted line)."""
        per_unit = MINUTES_PER_UNIT[line.unit]
        agreed = _euros(d.tariff)
        if line.tariff is not None:
            hourly = _per_hour(line.tariff, per_unit)
            if line.tariff * 60 > d.tariff * per_unit:
                return "0611", (f"Het tarief ({_euros(hourly)} per uur) is hoger dan het afgesproken tarief van "
                                f"toewijzing {line.toewijzing} ({agreed} per uur).")
            if line.amount != line.volume * line.tariff:
                return "9346", (f"Het bedrag {_euros(line.amount)} is niet het volume ({line.volume}) maal het "
                                f"tarief ({_euros(line.tariff)}): dat is {_euros(line.volume * line.tariff)}.")
            if line.tariff * 60 < d.tariff * per_unit:
                return None, (f"Tarief {_euros(hourly)} per uur is lager dan afgesproken ({agreed} per uur): "
                              "geaccepteerd tegen het ingediende bedrag.")
            return None, None
        most = money_for_minutes(minutes, d.tariff)
        if line.amount > most:
            return "0611", (f"Het bedrag {_euros(line.amount)} is meer dan {_hours(minutes)} tegen het afgesproken "
                            f"tarief ({agreed} per uur): {_euros(most)}.")
        if line.amount < most:
            return None, (f"Bedrag lager dan {_hours(minutes)} tegen het afgesproken tarief ({_euros(most)}): "
                          "geaccepteerd tegen het ingediende bedrag.")
        return None, None

    def _debit(self, index: int, line: _Line, d: _Decision, minutes: int) -> _Judged:
        earlier = self.debits.get(line.reference)
        if earlier is not None:
            return _Judged(line, d, minutes, False, f"Referentienummer {line.reference} is al eerder gedeclareerd "
                           "en geaccepteerd. Een nieuwe prestatie krijgt een nieuw referentienummer.", "8021")
        code, note = self._money(line, d, minutes)
        if code is not None:
            return _Judged(line, d, minutes, False, note, code)
        used = self.used[d.id] + self.pending[d.id]
        if used + minutes > d.assigned:
            left = max(0, d.assigned - used)
            overrun = "9321" if minutes > d.assigned else "9322"
            return _Judged(line, d, minutes, False,
                           f"Dit gaat boven het toegewezen volume (het geïndiceerde totaal) van toewijzing "
                           f"{line.toewijzing}: gedeclareerd {_hours(minutes)}, nog beschikbaar {_hours(left)} van "
                           f"{_hours(d.assigned)}.", overrun)
        self.pending[d.id] += minutes
        self.debits[line.reference] = _Debit(None, index, d.id, None, minutes, line.toewijzing, line.category,
                                             line.code, line.begin, line.end, line.volume, line.unit, line.amount)
        return _Judged(line, d, minutes, True, note, ACCEPTED)

    def _credit(self, line: _Line, d: _Decision, minutes: int) -> _Judged:
        debit = self.debits.get(line.reference)
        if debit is None and line.previous_reference:
            debit = self.debits.get(line.previous_reference)
        if debit is None:
            return _Judged(line, d, minutes, False, f"Van deze creditprestatie (referentie {line.reference}) is geen "
                           "geaccepteerde debetprestatie bekend.", "8017")
        if debit.credited:
            return _Judged(line, d, minutes, False, f"De debetprestatie met referentie {line.reference} is al "
                           "gecrediteerd.", "9390")
        differs = [what for what, same in (
            ("toewijzingnummer", debit.toewijzing == line.toewijzing), ("productcode", debit.code == line.code),
            ("productcategorie", debit.category == line.category),
            ("periode", (debit.begin, debit.end) == (line.begin, line.end)),
            ("volume", (debit.volume, debit.unit) == (line.volume, line.unit)), ("bedrag", debit.amount == line.amount))
            if not same]
        if differs:
            return _Judged(line, d, minutes, False, "De creditprestatie wijkt af van de debetprestatie die zij "
                           f"crediteert ({', '.join(differs)}). Crediteer de debetprestatie precies.", "9367")
        debit.credited = True
        if debit.index is not None:
            self.reversed.add(debit.index)
        if debit.decision_id is not None:
            self.pending[debit.decision_id] -= debit.minutes
        return _Judged(line, d, minutes, True, None, ACCEPTED, credits=debit)


# ---------------------------------------------------------------- reading a declaration


def _refuse_whole(db: Database, actor: Actor, message: str, *, check_only: bool,
                  problems: list[str] | None = None) -> DeclarationRefused:
    if not check_only:
        with db.write() as s:
            audit.record(s, actor, AUDIT_ACTION, record_type=RECORD_TYPE, outcome="geweigerd")
    return DeclarationRefused(message, problems=problems)


def _header_checks(s: Session, header: DeclarationHeader, today: date) -> tuple[Aanbieder, list[str]]:
    aanbieder = s.exec(select(Aanbieder).where(col(Aanbieder.agb_code) == header.sender)).first()
    if aanbieder is None:
        raise KoersError(f"De afzender (AGB-code {header.sender}) is geen bekende aanbieder. Er is niets ingelezen. "
                         "Controleer het bestand, of laat de beheerder de AGB-code bij de aanbieder vastleggen "
                         "(Beheer > Catalogus).")
    problems = []
    setting = s.get(Setting, GEMEENTECODE)
    if setting is not None and setting.value and setting.value != header.receiver:
        problems.append(f"De declaratie is gericht aan gemeente {header.receiver}, deze gemeente heeft code "
                        f"{setting.value}.")
    for label, day in (("het bericht", header.message_date), ("de declaratie", header.declaration_date)):
        if day > today:
            problems.append(f"De dagtekening van {label} ({format_date(day)}) ligt in de toekomst.")
    if header.period_start > header.period_end:
        problems.append("De declaratieperiode begint na haar einddatum.")
    mc = table(IwmoMessage).c
    earlier = s.execute(
        sa.select(mc.created_at, mc.declaration_number, mc.identification)
        .where(mc.sender == header.sender, mc.direction == "in", mc.kind == KIND,
               sa.or_(mc.declaration_number == header.declaration_number,
                      mc.identification == header.identification))).first()
    if earlier is not None:
        when = format_date(earlier.created_at.astimezone(AMSTERDAM).date())
        what = (f"declaratienummer {header.declaration_number}" if earlier.declaration_number ==
                header.declaration_number else f"berichtidentificatie {header.identification}")
        problems.append(f"Deze declaratie ({what}) van {aanbieder.name} is al ingelezen op {when}. Dezelfde "
                        "declaratie wordt niet twee keer verwerkt.")
    return aanbieder, problems


def read_declaration(db: Database, actor: Actor, path_or_bytes: Path | str | bytes, *,
                     check_only: bool = False,
                     progress: Callable[[int, int], bool] | None = None) -> DeclarationResult:
    """Reads a WMO323 and answers every Prestatie; stores it all in one transaction (nothing with `check_only`).
    Raises DeclarationRefused (nothing stored) when the file as a whole cannot be taken in. `progress(done,
    total)` is told how far the judging is; returning False stops it, and nothing is stored (Cancelled)."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    content = _content(path_or_bytes)
    try:
        _validated(content)
    except DeclarationRefused as exc:
        raise _refuse_whole(db, actor, exc.message, check_only=check_only, problems=exc.problems) from None
    parsed = _parse(content)
    today = clock.today()
    try:
        if check_only:
            with db.read() as s:
                return _judge_all(s, actor, parsed, today, content, store=False, progress=progress)
        with db.write() as s:
            return _judge_all(s, actor, parsed, today, content, store=True, progress=progress)
    except _WholeRefusal as exc:
        raise _refuse_whole(db, actor, exc.message, check_only=check_only, problems=exc.problems) from None


class _WholeRefusal(KoersError):
    """The file as a whole cannot be taken in: refused with its problems, nothing stored."""


class Cancelled(KoersError):
    """The user stopped the reading; the transaction is rolled back, nothing is stored."""


PROGRESS_EVERY = 500


def _judge_all(s: Session, actor: Actor, parsed: _Parsed, today: date, content: bytes, *,
               store: bool, progress: Callable[[int, int], bool] | None = None) -> DeclarationResult:
    header = parsed.header
    try:
        aanbieder, problems = _header_checks(s, header, today)
    except KoersError as exc:
        raise _WholeRefusal(exc.message) from None
    if problems:
        raise _WholeRefusal("De declaratie is in zijn geheel geweigerd; er is niets ingelezen:", problems=problems)
    header = DeclarationHeader(**{**vars(header), "aanbieder_id": aanbieder.id, "aanbieder": aanbieder.name})
    numbers = {n for line in parsed.lines if (n := koers_number(line.toewijzing))}
    decisions = _decisions(s, numbers, lock=store)
    used = _counted(s, decisions.values())
    aanbieder_id = stored_id(aanbieder.id)
    debits = _earlier_debits(s, aanbieder_id, {ref for line in parsed.lines
                                               for ref in (line.reference, line.previous_reference) if ref})
    _credited_elsewhere(s, aanbieder_id, debits)
    judge = _Judge(header, aanbieder, decisions, used, debits, today)
    total = len(parsed.lines)
    judged = []
    for i, line in enumerate(parsed.lines):
        if progress is not None and i % PROGRESS_EVERY == 0 and not progress(i, total):
            raise Cancelled("Het inlezen is gestopt. Er is niets opgeslagen.")
        judged.append(judge.judge(i, line))
    if progress is not None and not progress(total, total):
        raise Cancelled("Het inlezen is gestopt. Er is niets opgeslagen.")
    message_id = None
    if store:
        message_id = _store(s, actor, header, aanbieder_id, content, judged, judge.reversed)
        header = DeclarationHeader(**{**vars(header), "message_id": message_id, "read_at": clock.now(),
                                      "read_by": actor.display_name})
    answers = tuple(_answer(j, aanbieder_id) for j in judged)
    result = DeclarationResult(header, answers, stored=store)
    if store:
        audit.record(s, actor, AUDIT_ACTION, record_type=RECORD_TYPE, record_id=message_id, changes={
            "declaratienummer": [None, header.declaration_number], "aanbieder_id": [None, aanbieder_id],
            "regels": [None, len(answers)], "geaccepteerd": [None, result.accepted],
            "afgewezen": [None, result.refused], "gecrediteerd": [None, result.credited],
            "bedrag": [None, str(cents_to_euros(result.accepted_cents))]})
    return result


def _answer(j: _Judged, aanbieder_id: int) -> PrestatieAnswer:
    """The answer of one Prestatie; the client number only for a decision of this aanbieder with this BSN."""
    line = j.source
    d = j.decision if j.decision is not None and j.decision.aanbieder_id == aanbieder_id else None
    return PrestatieAnswer(
        line=line.line, reference=line.reference, previous_reference=line.previous_reference,
        toewijzing_nummer=line.toewijzing, decision_number=d.number if d else None,
        client_number=d.client_number if d is not None and d.bsn == line.bsn else None,
        product_category=line.category, product_code=line.code, period_start=line.begin, period_end=line.end,
        volume=line.volume, unit_code=line.unit, minutes=j.minutes, tariff_cents=line.tariff,
        amount_cents=line.amount, debit_credit=line.dc, accepted=j.accepted, reason=j.reason, return_code=j.code)


def _store(s: Session, actor: Actor, header: DeclarationHeader, aanbieder_id: int, content: bytes,
           judged: Sequence[_Judged], reversed_in_file: set[int]) -> int:
    """The message, its bookings and its Prestaties, in the caller's transaction; returns the message id. A debit
    that a credit of the same file reverses is kept as an answer but never booked."""
    message = IwmoMessage(kind=KIND, direction="in", law=LAW, sender=header.sender, receiver=header.receiver,
                          identification=header.identification, message_date=header.message_date,
                          aanbieder_id=aanbieder_id, declaration_number=header.declaration_number,
                          sha256=hashlib.sha256(content).hexdigest(), content=content, created_by_id=actor.user_id)
    s.add(message)
    try:
        s.flush()
    except IntegrityError as exc:  # read at this moment by someone else: the unique indexes say so
        raise _WholeRefusal("Deze declaratie is zojuist al ingelezen. Er is niets dubbel ingelezen.") from exc
    message_id = stored_id(message.id)
    conn = s.connection()
    touched: set[int] = set()
    # credits first: their hours are free again before this file's debits are booked
    gone = [j.credits.realisation_id for j in judged if j.accepted and j.credits is not None
            and j.credits.realisation_id is not None]
    rt = table(Realisation)
    for chunk in _chunks(gone):
        touched.update(conn.execute(sa.select(rt.c.beschikking_id).where(rt.c.id.in_(chunk))).scalars())
        conn.execute(sa.delete(rt).where(rt.c.id.in_(chunk)))
    now = clock.now()
    booked = [j for i, j in enumerate(judged) if j.accepted and j.credits is None and j.minutes
              and j.decision is not None and i not in reversed_in_file]
    rows = [{"beschikking_id": j.decision.id if j.decision else None, "service_date": j.source.end,
             "covers_from": j.source.begin, "minutes": j.minutes, "no_show": False,
             "source": RealisationSource.IMPORT.value, "entered_by_id": actor.user_id, "entered_at": now}
            for j in booked]
    realisation_ids: dict[int, int] = {}
    if rows:
        try:
            ids = conn.execute(sa.insert(rt).returning(rt.c.id, sort_by_parameter_order=True), rows).scalars().all()
        except (IntegrityError, DBAPIError) as exc:
            if "koers:overschrijding" in str(exc.orig):
                raise KoersError("Er is niets ingelezen: op een van de toewijzingen zijn intussen uren geboekt en de "
                                 "declaratie past er niet meer bij. Lees het bestand opnieuw in.") from exc
            raise
        for j, rid in zip(booked, ids, strict=True):
            realisation_ids[id(j)] = rid
        touched.update(j.decision.id for j in booked if j.decision is not None)
    if touched:
        months.refresh(conn, touched)
    pt = table(IwmoPrestatie)
    prestatie_rows = []
    for j in judged:
        line = j.source
        prestatie_rows.append({
            "message_id": message_id, "aanbieder_id": aanbieder_id,
            "beschikking_id": j.decision.id if j.decision is not None and j.decision.aanbieder_id == aanbieder_id
            else None,
            "reference": line.reference, "previous_reference": line.previous_reference,
            "toewijzing_nummer": line.toewijzing, "product_category": line.category, "product_code": line.code,
            "period_start": line.begin, "period_end": line.end, "volume": line.volume, "unit_code": line.unit,
            "tariff_cents": line.tariff if line.tariff is not None else 0, "amount_cents": line.amount,
            "debit_credit": line.dc, "accepted": j.accepted, "reason": j.reason, "return_code": j.code,
            "realisation_id": realisation_ids.get(id(j)),
            "credits_id": j.credits.id if j.credits is not None else None})
    ids = conn.execute(sa.insert(pt).returning(pt.c.id, sort_by_parameter_order=True), prestatie_rows).scalars().all()
    later = [{"pid": ids[i], "target": ids[j.credits.index]} for i, j in enumerate(judged)
             if j.accepted and j.credits is not None and j.credits.index is not None]
    if later:
        conn.execute(sa.update(pt).where(pt.c.id == sa.bindparam("pid")).values(credits_id=sa.bindparam("target")),
                     later)
    reversed_ids = [j.credits.id for j in judged if j.accepted and j.credits is not None and j.credits.id is not None]
    for chunk in _chunks(reversed_ids):  # the reversed debit keeps its answer; its booking is gone
        conn.execute(sa.update(pt).where(pt.c.id.in_(chunk)).values(realisation_id=None))
    return message_id


# ---------------------------------------------------------------- showing an earlier declaration


def list_declarations(db: Database, actor: Actor, *, limit: int = 200) -> list[DeclarationSummary]:
    """The declarations read in, newest first, with their counts."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    mc, pc, ac, uc = table(IwmoMessage).c, table(IwmoPrestatie).c, table(Aanbieder).c, table(User).c
    counts = (sa.select(pc.message_id,
                        sa.func.sum(sa.case((sa.and_(pc.accepted, pc.debit_credit == "D"), 1), else_=0)).label("a"),
                        sa.func.sum(sa.case((sa.and_(pc.accepted, pc.debit_credit == "C"), 1), else_=0)).label("c"),
                        sa.func.sum(sa.case((pc.accepted, 0), else_=1)).label("r"),
                        sa.func.sum(sa.case((sa.and_(pc.accepted, pc.debit_credit == "D"), pc.amount_cents),
                                            (sa.and_(pc.accepted, pc.debit_credit == "C"), -pc.amount_cents),
                                            else_=0)).label("cents"))
              .group_by(pc.message_id).subquery())
    with db.read() as s:
        rows = s.execute(
            sa.select(mc.id, mc.sender, ac.name, mc.declaration_number, mc.created_at, uc.display_name, counts.c.a,
                      counts.c.c, counts.c.r, counts.c.cents, mc.content)
            .select_from(table(IwmoMessage).outerjoin(table(Aanbieder), ac.id == mc.aanbieder_id)
                         .outerjoin(table(User), uc.id == mc.created_by_id)
                         .outerjoin(counts, counts.c.message_id == mc.id))
            .where(mc.kind == KIND, mc.direction == "in").order_by(mc.created_at.desc(), mc.id.desc())
            .limit(limit)).all()
    result = []
    for r in rows:
        header = _parse_header_only(r.content)
        result.append(DeclarationSummary(r.id, r.name or r.sender, r.declaration_number or "", header[0], header[1],
                                         r.created_at, r.display_name, int(r.a or 0), int(r.c or 0), int(r.r or 0),
                                         int(r.cents or 0)))
    return result


def _parse_header_only(content: bytes) -> tuple[date, date]:
    """The DeclaratiePeriode, read up to that element only (a list of large declarations stays quick)."""
    import io

    from lxml import etree

    tag = f"{{{_NS['w']}}}DeclaratiePeriode"
    for _event, element in etree.iterparse(io.BytesIO(content), events=("end",), tag=tag, resolve_entities=False,
                                           no_network=True):
        return _day(_text(element, "b:Begindatum")), _day(_text(element, "b:Einddatum"))
    raise KoersError("Dit opgeslagen bericht heeft geen declaratieperiode.")


def declaration_answer(db: Database, actor: Actor, message_id: int) -> DeclarationResult:
    """An earlier declaration with the answer Koers gave each Prestatie, as it was stored (one access-log line)."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    with db.write() as s:
        message = s.get(IwmoMessage, message_id)
        if message is None or message.kind != KIND or message.direction != "in":
            raise NotFoundError("Deze declaratie bestaat niet (meer).")
        parsed = _parse(message.content)
        aanbieder = s.get(Aanbieder, message.aanbieder_id) if message.aanbieder_id else None
        user = s.get(User, message.created_by_id) if message.created_by_id else None
        header = DeclarationHeader(**{**vars(parsed.header), "aanbieder_id": message.aanbieder_id,
                                      "aanbieder": aanbieder.name if aanbieder else message.sender,
                                      "message_id": message.id, "read_at": message.created_at,
                                      "read_by": user.display_name if user else None})
        pc, bc, cc, rc = table(IwmoPrestatie).c, table(Beschikking).c, table(Casus).c, table(Resident).c
        rows = s.execute(
            sa.select(table(IwmoPrestatie), bc.toewijzing_nummer.label("decision_number"), rc.client_number)
            .select_from(table(IwmoPrestatie).outerjoin(table(Beschikking), bc.id == pc.beschikking_id)
                         .outerjoin(table(Casus), cc.id == bc.casus_id)
                         .outerjoin(table(Resident), rc.id == cc.resident_id))
            .where(pc.message_id == message_id).order_by(pc.id)).all()
        lines = iter(parsed.lines)
        answers = []
        for r in rows:
            source = next(lines, None)
            matched = r.return_code != "8187" and r.decision_number is not None
            answers.append(PrestatieAnswer(
                line=source.line if source else 0, reference=r.reference, previous_reference=r.previous_reference,
                toewijzing_nummer=r.toewijzing_nummer, decision_number=r.decision_number,
                client_number=r.client_number if matched else None, product_category=r.product_category,
                product_code=r.product_code or "", period_start=r.period_start, period_end=r.period_end,
                volume=r.volume, unit_code=r.unit_code,
                minutes=r.volume * MINUTES_PER_UNIT[r.unit_code] if r.unit_code in MINUTES_PER_UNIT else None,
                tariff_cents=source.tariff if source else r.tariff_cents, amount_cents=r.amount_cents,
                debit_credit=r.debit_credit, accepted=bool(r.accepted), reason=r.reason,
                return_code=r.return_code or ""))
        audit.record(s, actor, VIEW_ACTION, record_type=RECORD_TYPE, record_id=message_id)
        return DeclarationResult(header, tuple(answers), stored=True)
