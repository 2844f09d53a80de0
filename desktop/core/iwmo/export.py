"""WMO301 toewijzingen out: from the decisions that still need one to validated files in a folder, each kept byte
for byte with who made it and when, and never made twice for the same change.

One message per client per aanbieder (the standard allows one Client in a message), with every pending
ToegewezenProduct of that client at that aanbieder. A message is checked against WMO301.xsd before anything is
stored; it is stored (message, its assignments and one access-log line) in one transaction, and its file is
written under a temporary name in that transaction and renamed once it is committed.

Omvang: an hour-based decision ('uren_x_tarief') is assigned its indicated total over its whole term: Frequentie
6 'totaal binnen geldigheidsduur toewijzing', in whole hours (Eenheid 04; the regional 56 hours in seven periods
of four weeks is Volume 56) or, when the total is not whole hours, in minutes (Eenheid 01). A product counted in
dagdelen (unit 16) is sent in dagdelen when the total is whole dagdelen. Result financing is a Budget in
eurocents: the amount per traject, or the amount per month over the term (pro rata by days in the first and last
month, as the reports count it). A shortened toewijzing keeps the Omvang or Budget it was given; its Einddatum
ends it.

Jeugdwet decisions are not sent: Koers has the iWmo 3.2 schemas only, and a JW301 it cannot check against the
iJw schema is a message it would not know to be right (the iJw product categories are not even in the iWmo list).
They are reported as skipped with that reason, and go out once the iJw schemas are added.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Aanbieder, Beschikking, IwmoAssignment, IwmoMessage, Product, Resident, User
from db.models.enums import FinancingForm, Law
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.iwmo import schema, wmo301
from desktop.core.iwmo.assignments import CHANGES, TOEWIJZING, PendingAssignment, find_pending
from desktop.core.iwmo.codes import iwmo_number
from desktop.core.settings import gemeentecode

KIND = "301"
HOUR_UNIT, MINUTE_UNIT, DAGDEEL_UNIT = "04", "01", "16"
TOTAL_IN_TERM = "6"  # Frequentie: totaal binnen geldigheidsduur toewijzing
IWMO_CATEGORIES = frozenset(f"{n:02d}" for n in range(1, 19))  # LDT_ProductCategorie 01-18
MAX_VOLUME = 99_999_999  # LDT_Volume and LDT_Budget


@dataclass(frozen=True)
class MadeMessage:
    path: Path
    identification: str
    aanbieder: str
    assignments: int
    client_number: str = ""
    law: Law = Law.WMO


@dataclass(frozen=True)
class Skipped:
    toewijzing_nummer: str
    reason: str  # in Dutch, for the screen and the command line
    change: str = TOEWIJZING
    client_number: str = ""


@dataclass
class ExportResult:
    made: list[MadeMessage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class MessageRow:
    """One message for a screen: no resident's name or BSN."""

    id: int
    kind: str
    direction: str
    law: Law
    created_at: datetime
    created_by: str
    aanbieder: str
    identification: str
    message_date: date
    assignments: int


class _Invalid(Exception):
    """The built message does not validate: the transaction rolls back and nothing is stored."""

    def __init__(self, problems: list[schema.SchemaProblem], items: list[PendingAssignment]) -> None:
        super().__init__("schema")
        self.problems = problems
        self.items = items


def pending(db: Database, actor: Actor, *, since: date | None = None) -> list[PendingAssignment]:
    """Every change of a decision that still needs a WMO301 (see assignments.py), oldest first."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    with db.read() as s:
        return find_pending(s, since=since)


def _skip(p: PendingAssignment, reason: str) -> Skipped:
    return Skipped(p.toewijzing_nummer, reason, p.change, p.client_number)


def _monthly_total(start: date, last: date, per_month_cents: int) -> int:
    """A monthly amount over a term: whole months whole, the first and last month pro rata by days (the same
    rounding as the reports' decision_month)."""
    total, begin = 0, start
    while begin <= last:
        month_end = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        finish = min(last, month_end)
        in_month = (month_end - begin.replace(day=1)).days + 1
        total += per_month_cents * ((finish - begin).days + 1) // in_month
        begin = finish + timedelta(days=1)
    return total


def _extent(d: Beschikking, product: Product) -> wmo301.Omvang | int | str:
    """The Omvang, or the Budget in cents, of a decision; a Dutch reason when it cannot be sent."""
    if d.financing_form is FinancingForm.UREN_X_TARIEF:
        minutes = d.indicated_minutes
        if product.unit_code == DAGDEEL_UNIT and minutes % 240 == 0:
            volume, unit = minutes // 240, DAGDEEL_UNIT
        elif minutes % 60 == 0:
            volume, unit = minutes // 60, HOUR_UNIT
        else:
            volume, unit = minutes, MINUTE_UNIT
        if volume > MAX_VOLUME:
            return "de omvang is groter dan een iWmo-bericht kan bevatten."
        return wmo301.Omvang(volume, unit, TOTAL_IN_TERM)
    if d.fixed_amount_cents is None:
        return "de beschikking heeft resultaatfinanciering maar geen bedrag."
    budget = d.fixed_amount_cents if d.financing_form is FinancingForm.BEDRAG_PER_TRAJECT else \
        _monthly_total(d.start_date, d.end_date, d.fixed_amount_cents)
    if budget > MAX_VOLUME:
        return "het budget is groter dan een iWmo-bericht kan bevatten (hoogstens € 999.999,99)."
    return budget


@dataclass
class _Group:
    """The pending changes of one client at one aanbieder under one law: one message."""

    aanbieder: Aanbieder
    resident: Resident
    law: Law
    items: list[PendingAssignment] = field(default_factory=list)


def _product_for(s: Session, items: list[PendingAssignment], skipped: list[Skipped]) -> wmo301.Product | None:
    """One ToegewezenProduct for all pending changes of one decision: its state after the last of them. A first
    toewijzing carries no RedenWijziging, also when the aanbieder hears of it only after it was shortened."""
    items = sorted(items, key=lambda p: CHANGES.index(p.change))  # the toewijzing first, its end last
    first = items[0]
    d = s.get(Beschikking, first.beschikking_id)
    product = s.get(Product, first.product_id) if first.product_id is not None else None
    reason: str | None = None
    if d is None:
        reason = "de beschikking bestaat niet meer."
    elif product is None:
        reason = "de beschikking heeft geen product."
    elif not product.code.strip():
        reason = f"product {product.name} heeft geen productcode. Vraag de beheerder die in de catalogus te zetten."
    elif product.category_code not in IWMO_CATEGORIES:
        reason = f"productcategorie {product.category_code} staat niet in de iWmo-lijst (01 tot en met 18)."
    number = 0
    if reason is None:
        try:
            number = iwmo_number(first.toewijzing_nummer)
        except ValidationError as exc:
            reason = exc.message
    extent: wmo301.Omvang | int | str = ""
    if reason is None:
        assert d is not None and product is not None  # checked above
        extent = _extent(d, product)
        if isinstance(extent, str):
            reason = extent
    if reason is not None:
        skipped.extend(_skip(p, f"Niet verstuurd: {reason}") for p in items)
        return None
    assert product is not None
    last = items[-1]
    latest = max(items, key=lambda p: (p.changed_on, p.changed_at))
    fresh = any(p.change == TOEWIJZING for p in items)
    return wmo301.Product(
        number=number, category=product.category_code, code=product.code.strip(), assigned_on=latest.changed_on,
        assigned_at=latest.changed_at, start=first.start_date, end=last.end_date,
        reason=None if fresh else last.reason_code,
        omvang=extent if isinstance(extent, wmo301.Omvang) else None,
        budget_cents=extent if isinstance(extent, int) else None)


def _client(resident: Resident) -> wmo301.Client:
    assert resident.bsn is not None  # checked by the caller
    return wmo301.Client(
        bsn=resident.bsn, birth_date=resident.date_of_birth, surname=resident.surname, prefix=resident.prefix,
        initials=resident.initials, street=resident.street, house_number=resident.house_number,
        house_number_suffix=resident.house_number_suffix, postcode=resident.postcode, city=resident.city)


def _groups(s: Session, items: list[PendingAssignment], skipped: list[Skipped]) -> list[_Group]:
    """Pending changes per (aanbieder, law, client); what cannot go to any aanbieder is skipped with its reason."""
    groups: dict[tuple[int, Law, int], _Group] = {}
    for p in items:
        if p.law is not Law.WMO:
            skipped.append(_skip(p, "Niet verstuurd: een Jeugdwet-toewijzing (JW301) maakt Koers nog niet. Koers "
                                    "heeft alleen de iWmo-schema's en verstuurt geen bericht dat het niet tegen het "
                                    "schema kan controleren. Geef deze toewijzing zo lang op de gebruikelijke manier "
                                    "door aan de aanbieder."))
            continue
        if p.aanbieder_id is None:
            skipped.append(_skip(p, "Niet verstuurd: de beschikking heeft geen aanbieder."))
            continue
        key = (p.aanbieder_id, p.law, p.resident_id)
        if key not in groups:
            aanbieder = s.get(Aanbieder, p.aanbieder_id)
            resident = s.get(Resident, p.resident_id)
            if aanbieder is None or resident is None:
                skipped.append(_skip(p, "Niet verstuurd: de aanbieder of de inwoner bestaat niet meer."))
                continue
            groups[key] = _Group(aanbieder, resident, p.law)
        groups[key].items.append(p)
    out = []
    for group in groups.values():
        agb = group.aanbieder.agb_code
        if not agb or not (len(agb) == 8 and agb.isascii() and agb.isdigit()):
            skipped.extend(_skip(p, f"Niet verstuurd: aanbieder {group.aanbieder.name} heeft geen AGB-code. Vraag de "
                                    "beheerder die in de catalogus te zetten.") for p in group.items)
        elif not group.resident.bsn:
            skipped.extend(_skip(p, f"Niet verstuurd: van inwoner {group.resident.client_number} is het BSN nog niet "
                                    "bekend. Vul het BSN in bij de inwoner.") for p in group.items)
        else:
            out.append(group)
    return out


def _write_temp(folder: Path, name: str, content: bytes) -> Path:
    temp = folder / f".{name}.tmp"
    with open(temp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return temp


def _make_one(db: Database, actor: Actor, group: _Group, sender: str, folder: Path, message_date: date,
              result: ExportResult) -> None:
    """One message for one group in one transaction; its problems go to result.skipped, nothing half-made."""
    skipped: list[Skipped] = []
    temp: Path | None = None
    try:
        with db.write() as s:
            per_decision: dict[int, list[PendingAssignment]] = defaultdict(list)
            for p in group.items:
                per_decision[p.beschikking_id].append(p)
            taken = set(s.exec(select(IwmoAssignment.beschikking_id, IwmoAssignment.change).where(
                col(IwmoAssignment.beschikking_id).in_(list(per_decision)))))
            products: list[tuple[wmo301.Product, list[PendingAssignment]]] = []
            for decision_items in per_decision.values():
                still = [p for p in decision_items if (p.beschikking_id, p.change) not in taken]
                if not still:  # another export made it meanwhile
                    continue
                made = _product_for(s, still, skipped)
                if made is not None:
                    products.append((made, still))
            if not products:
                result.skipped.extend(skipped)
                return
            assert group.aanbieder.agb_code is not None and group.resident.bsn is not None  # checked in _groups
            message = IwmoMessage(kind=KIND, direction="uit", law=group.law, sender=sender,
                                  receiver=group.aanbieder.agb_code, identification="-", message_date=message_date,
                                  aanbieder_id=group.aanbieder.id, sha256="0" * 64, content=b"",
                                  created_by_id=actor.user_id)
            s.add(message)
            s.flush()  # the database's number makes the identification unique, also between workstations
            assert message.id is not None
            identification = f"{message.id:012d}"
            content = wmo301.build(wmo301.Header(sender, group.aanbieder.agb_code, identification, message_date),
                                   _client(group.resident), [product for product, _ in products])
            problems = schema.validate(KIND, content)
            if problems:
                raise _Invalid(problems, [p for _, its in products for p in its])
            message.identification = identification
            message.content = content
            message.sha256 = hashlib.sha256(content).hexdigest()
            count = 0
            for product, items in products:
                for p in items:
                    s.add(IwmoAssignment(message_id=message.id, beschikking_id=p.beschikking_id, change=p.change,
                                         reason_code=product.reason, end_date=product.end))
                    count += 1
            audit.record(s, actor, "iwmo.301", resident_id=group.resident.id,
                         client_number=group.resident.client_number, record_type="iwmo_bericht",
                         record_id=message.id,
                         changes={"identificatie": [None, identification], "aanbieder": [None, group.aanbieder.name],
                                  "toewijzingen": [None, sorted({p.toewijzing_nummer for _, it in products
                                                                 for p in it})]})
            name = f"WMO301_{sender}_{group.aanbieder.agb_code}_{identification}.xml"
            temp = _write_temp(folder, name, content)
            s.flush()
        final = folder / name
        try:
            os.replace(temp, final)
        except OSError as exc:
            raise KoersError(f"Bericht {identification} is bewaard, maar het bestand {final} kon niet worden "
                             f"geschreven ({exc.strerror or exc}). Het bericht staat in Koers; schrijf het "
                             "opnieuw weg als de map weer bereikbaar is.") from exc
        temp = None
        result.made.append(MadeMessage(final, identification, group.aanbieder.name, count,
                                       group.resident.client_number, group.law))
        result.skipped.extend(skipped)
    except _Invalid as exc:
        said = "; ".join(problem.dutch() for problem in exc.problems[:5])
        result.skipped.extend(skipped)
        result.skipped.extend(_skip(p, "Niet verstuurd: het bericht voldoet niet aan het WMO301-schema en is niet "
                                       f"bewaard ({said}). Meld dit aan de beheerder.") for p in exc.items)
    except IntegrityError:
        result.skipped.extend(_skip(p, "Niet verstuurd: een andere export maakte dit bericht tegelijk. Kijk bij de "
                                       "gemaakte berichten; exporteer zo nodig opnieuw.") for p in group.items)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def export_messages(db: Database, actor: Actor, target_folder: Path, *, since: date | None = None,
                    today: date | None = None) -> ExportResult:
    """A WMO301 for every client at every aanbieder with pending changes, written to `target_folder`. What cannot
    be sent is in .skipped with the reason in Dutch; running it again makes nothing new."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    result = ExportResult()
    sender = gemeentecode(db)
    with db.read() as s:
        items = find_pending(s, since=since)
        if not items:
            return result
        if sender is None:
            result.skipped.extend(_skip(p, "Niet verstuurd: de gemeentecode (afzender van elk iWmo-bericht) is niet "
                                           "ingesteld. Vraag de beheerder die in te stellen (Beheer, of 'koers "
                                           "instellingen iwmo --gemeentecode').") for p in items)
            return result
        groups = _groups(s, items, result.skipped)
    folder = Path(target_folder)
    if groups:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KoersError(f"De map {folder} kan niet worden gemaakt: {exc.strerror or exc}.") from exc
        if not folder.is_dir():
            raise KoersError(f"{folder} is geen map. Kies een map voor de berichten.")
    message_date = today or clock.today()
    for group in groups:
        _make_one(db, actor, group, sender, folder, message_date, result)
    return result


def list_messages(db: Database, actor: Actor, *, limit: int = 200) -> list[MessageRow]:
    """The latest messages, made and read, newest first: kind, when, by whom, aanbieder, identification and how
    many assignments a 301 carried."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    counts = (select(IwmoAssignment.message_id, func.count().label("n"))
              .group_by(col(IwmoAssignment.message_id)).subquery())
    with db.read() as s:
        rows = s.exec(select(IwmoMessage, User.display_name, Aanbieder.name, counts.c.n)
                      .join(User, col(User.id) == IwmoMessage.created_by_id, isouter=True)
                      .join(Aanbieder, col(Aanbieder.id) == IwmoMessage.aanbieder_id, isouter=True)
                      .join(counts, counts.c.message_id == IwmoMessage.id, isouter=True)
                      .order_by(col(IwmoMessage.created_at).desc(), col(IwmoMessage.id).desc())
                      .limit(limit)).all()
    return [MessageRow(id=m.id or 0, kind=m.kind, direction=m.direction, law=m.law, created_at=m.created_at,
                       created_by=by or "onbekend",
                       aanbieder=name or (m.receiver if m.direction == "uit" else m.sender),
                       identification=m.identification, message_date=m.message_date,
                       assignments=int(n or 0)) for m, by, name, n in rows]
