"""From a decision to a LetterContent: the facts gathered in bulk, every placeholder resolved, and the list
of what is missing. No rendering and no writing here, so the pre-flight can check a batch of a thousand
decisions in a second and the same code fills the letters it then issues.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol, cast

from sqlalchemy import and_, exists, or_
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    Casus,
    Evaluation,
    Goal,
    Letter,
    Product,
    RelatedPerson,
    Resident,
    Result,
)
from db.models.base import stored_id
from db.models.enums import (
    DECISION_LETTERS,
    Complexity,
    DecisionKind,
    DecisionStatus,
    Law,
    LetterKind,
    Salutation,
)
from db.units import minutes_to_hours
from desktop.core import reference
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import is_own_caseload
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import lock_decision
from desktop.core.errors import NotFoundError
from desktop.core.letters.jobs import DECISION, Job, Prepared, Taken
from desktop.core.letters.letterhead import LetterSettings, cak_amount_text, letter_settings, logo
from desktop.core.letters.reach import REACH_BLOCKS, Consulent, consulents, reach
from desktop.core.letters.texts import KIND_LABEL, block_specs, effective_texts, fill, validate_template
from desktop.core.nl import format_date, format_hours, format_number, format_postcode
from desktop.core.residents import people
from desktop.core.residents.names import joined_surname
from desktop.letters.content import LetterContent, Letterhead, Section

LAW_NAME = {Law.WMO: "Wmo 2015", Law.JEUGDWET: "Jeugdwet"}
LAW_PREFIX = {Law.WMO: "WMO", Law.JEUGDWET: "JW"}
KIND_CODE = {LetterKind.TOEKENNING: "T", LetterKind.WIJZIGING: "W", LetterKind.AFWIJZING: "A",
             LetterKind.BEEINDIGING: "B"}
PROVISION = {Law.WMO: "maatwerkvoorziening", Law.JEUGDWET: "individuele voorziening"}
ARTICLE = {Law.WMO: "artikel 2.3.5 van de Wet maatschappelijke ondersteuning 2015",
           Law.JEUGDWET: "artikel 2.3 van de Jeugdwet"}
BYLAW = {Law.WMO: "Verordening maatschappelijke ondersteuning", Law.JEUGDWET: "Verordening jeugdhulp"}
COMPLEXITY_PLAIN = {Complexity.L: "licht (L)", Complexity.M: "midden (M)", Complexity.ZW: "zwaar (ZW)"}
DAGDEEL_UNIT = "16"
HOURS_KINDS = (LetterKind.TOEKENNING, LetterKind.WIJZIGING, LetterKind.BEEINDIGING)
CHUNK = 500


@dataclass(frozen=True)
class Guardian:
    """Who a letter goes to instead of the resident: a parent with gezag or a guardian of a minor (Jeugdwet), or
    the curator or mentor of an adult."""

    salutation: Salutation
    initials: str
    prefix: str | None
    surname: str
    street: str | None
    house_number: int | None
    house_number_suffix: str | None
    postcode: str | None
    city: str | None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.initials, joined_surname(self.prefix, self.surname)) if p)


@dataclass(frozen=True)
class Facts:
    """Everything a letter says about one decision, as plain values (safe to pass between threads)."""

    decision_id: int
    law: Law
    decision_kind: DecisionKind
    status: DecisionStatus
    toewijzing_nummer: str
    resident_id: int
    client_number: str
    salutation: Salutation
    initials: str
    prefix: str | None
    surname: str
    street: str | None
    house_number: int | None
    house_number_suffix: str | None
    postcode: str | None
    city: str | None
    product: str
    product_code: str
    product_unit: str
    aanbieder: str
    complexity: Complexity
    period_weeks: int
    period_count: int
    minutes_per_period: int | None
    indicated_minutes: int
    surplus_minutes: int
    bandwidth_min_minutes: int | None
    bandwidth_max_minutes: int | None
    start_date: date
    end_date: date
    established_date: date | None
    aanvraag_date: date | None
    motivation: str | None
    results: tuple[str, ...] = ()
    evaluations: tuple[date, ...] = ()
    ended_date: date | None = None
    end_reason: str | None = None  # label from reference_code 'reden_beeindiging'
    change_effective_date: date | None = None
    change_reason: str | None = None  # label from reference_code 'reden_wijziging'
    previous: Facts | None = None  # the decision a wijziging replaces
    letters: tuple[tuple[LetterKind, str], ...] = ()  # (kind, kenmerk) of letters already issued
    minor: bool = False  # under 18 today: a Jeugdwet letter goes to whoever has gezag
    guardians: tuple[Guardian, ...] = ()  # gezag (a minor's Jeugdwet letter) or an adult's curator or mentor
    consulent: Consulent | None = None  # the casus's consulent (else the vaste consulent): 'Heeft u vragen?'

    @property
    def letter_kind(self) -> LetterKind:
        return letter_kind(self.status, self.decision_kind)

    def issued(self, kind: LetterKind) -> int:
        return sum(1 for k, _ in self.letters if k is kind)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.initials, joined_surname(self.prefix, self.surname)) if p)


class Addressee(Protocol):
    """What the address window and the salutation read: Facts, or a resident for a contact letter."""

    @property
    def salutation(self) -> Salutation: ...
    @property
    def prefix(self) -> str | None: ...
    @property
    def surname(self) -> str: ...
    @property
    def street(self) -> str | None: ...
    @property
    def house_number(self) -> int | None: ...
    @property
    def house_number_suffix(self) -> str | None: ...
    @property
    def postcode(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def name(self) -> str: ...


def letter_kind(status: DecisionStatus, kind: DecisionKind) -> LetterKind:
    """The letter a decision gets: an ended decision a beëindiging, else the kind of the decision itself."""
    if status is DecisionStatus.BEEINDIGD:
        return LetterKind.BEEINDIGING
    return LetterKind(kind.value)


def make_kenmerk(law: Law, toewijzing_nummer: str, kind: LetterKind, version: int) -> str:
    """'WMO-2026-000123-T1': law, toewijzingnummer (unique within the law), letter kind and version."""
    tw = toewijzing_nummer
    middle = f"{tw[:4]}-{tw[4:]}" if len(tw) == 10 and tw.isdigit() else tw
    return f"{LAW_PREFIX[law]}-{middle}-{KIND_CODE[kind]}{version}"


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def gather(s: Session, decision_ids: list[int], *, with_previous: bool = True) -> dict[int, Facts]:
    """Facts for these decisions, in a handful of queries per 500 decisions (never one per decision)."""
    ids = sorted(set(decision_ids))
    out: dict[int, Facts] = {}
    labels = {(law, name, code): label for law in Law for name in ("reden_wijziging", "reden_beeindiging")
              for code, label in reference.labels(s, name, law).items()}
    for chunk in _chunks(ids):
        rows = s.exec(select(Beschikking, Casus, Resident).join(Casus, col(Casus.id) == Beschikking.casus_id)
                      .join(Resident, col(Resident.id) == Casus.resident_id)
                      .where(col(Beschikking.id).in_(chunk))).all()
        products = {p.id: p for p in s.exec(select(Product).where(col(Product.id).in_(
            {b.product_id for b, _, _ in rows if b.product_id})))}
        providers = {a.id: a.name for a in s.exec(select(Aanbieder).where(col(Aanbieder.id).in_(
            {b.aanbieder_id for b, _, _ in rows if b.aanbieder_id})))}
        results: dict[int, list[str]] = defaultdict(list)
        for bid, text in s.exec(select(BeschikkingResult.beschikking_id, Result.description)
                                .join(Result, col(Result.id) == BeschikkingResult.result_id)
                                .join(Goal, col(Goal.id) == Result.goal_id)
                                .where(col(BeschikkingResult.beschikking_id).in_(chunk))
                                .order_by(col(BeschikkingResult.beschikking_id), col(Goal.position), col(Goal.id),
                                          col(Result.position), col(Result.id))):
            results[bid].append(text)
        moments: dict[int, list[date]] = defaultdict(list)
        for decision_id, planned in s.exec(select(col(Evaluation.beschikking_id), col(Evaluation.planned_date))
                                           .where(col(Evaluation.beschikking_id).in_(chunk),
                                                  col(Evaluation.done_date).is_(None))
                                           .order_by(col(Evaluation.planned_date))):
            assert decision_id is not None  # filtered on in_(chunk)
            moments[decision_id].append(planned)
        letters: dict[int, list[tuple[LetterKind, str]]] = defaultdict(list)
        for decision_id, kind, kenmerk in s.exec(select(col(Letter.beschikking_id), Letter.kind, Letter.kenmerk)
                                                 .where(col(Letter.beschikking_id).in_(chunk))
                                                 .order_by(col(Letter.id))):
            assert decision_id is not None  # filtered on in_(chunk)
            letters[decision_id].append((LetterKind(kind), kenmerk))
        today = clock.today()
        staff = consulents(s, {cid for _, casus, r in rows for cid in (casus.consulent_id, r.consulent_id) if cid})
        guardians = recipients(s, [(r, casus.law is Law.JEUGDWET) for _, casus, r in rows], today)
        for b, casus, r in rows:
            assert b.id is not None and r.id is not None  # read from the database
            product = products.get(b.product_id)
            out[b.id] = Facts(
                decision_id=b.id, law=b.law, decision_kind=b.kind, status=b.status,
                toewijzing_nummer=b.toewijzing_nummer, resident_id=r.id, client_number=r.client_number,
                salutation=r.salutation, initials=r.initials, prefix=r.prefix, surname=r.surname, street=r.street,
                house_number=r.house_number, house_number_suffix=r.house_number_suffix, postcode=r.postcode,
                city=r.city, product=product.name if product else "", product_code=product.code if product else "",
                product_unit=product.unit_code if product else "", aanbieder=providers.get(b.aanbieder_id, ""),
                complexity=b.complexity, period_weeks=b.period_weeks, period_count=b.period_count,
                minutes_per_period=b.minutes_per_period, indicated_minutes=b.indicated_minutes,
                surplus_minutes=b.surplus_minutes, bandwidth_min_minutes=b.bandwidth_min_minutes,
                bandwidth_max_minutes=b.bandwidth_max_minutes, start_date=b.start_date, end_date=b.end_date,
                established_date=b.established_date, aanvraag_date=casus.aanvraag_date, motivation=b.motivation,
                results=tuple(results.get(b.id, ())), evaluations=_moments(b, moments.get(b.id)),
                ended_date=b.ended_date,
                end_reason=labels.get((b.law, "reden_beeindiging", b.end_reason_code or "")),
                change_effective_date=b.change_effective_date,
                change_reason=labels.get((b.law, "reden_wijziging", b.change_reason_code or "")),
                letters=tuple(letters.get(b.id, ())), minor=people.is_minor(r.date_of_birth, today),
                guardians=guardians.get(r.id, ()),
                consulent=staff.get(casus.consulent_id or 0) or staff.get(r.consulent_id or 0))
    if with_previous:
        previous_ids: dict[int, int] = {}
        with s.no_autoflush:
            for chunk in _chunks(ids):
                # Both are set: a primary key, and filtered on is_not(None).
                previous_ids.update(cast("dict[int, int]", dict(s.exec(
                    select(col(Beschikking.id), col(Beschikking.replaces_id)).where(
                        col(Beschikking.id).in_(chunk), col(Beschikking.replaces_id).is_not(None))).all())))
        if previous_ids:
            previous = gather(s, list(previous_ids.values()), with_previous=False)
            for did, pid in previous_ids.items():
                if did in out and pid in previous:
                    out[did] = replace(out[did], previous=previous[pid])
    return out


def _moments(b: Beschikking, planned: list[date] | None) -> tuple[date, ...]:
    if planned:
        return tuple(planned)
    from desktop.core.decisions.rules import evaluation_dates

    return tuple(evaluation_dates(b.start_date, b.end_date, b.category))


def salutation_line(f: Addressee) -> str:
    """'Geachte mevrouw De Vries,' / 'Geachte heer Çelik,' / neutral 'Geachte A. de Vries,'."""
    if f.salutation is Salutation.NEUTRAAL:
        return f"Geachte {f.name},"
    prefix = f.prefix or ""
    if prefix:
        i = next((k for k, ch in enumerate(prefix) if ch.isalpha()), None)
        if i == 0:  # 'van der' -> 'Van der'; "'t" stays "'t" (Dutch spelling)
            prefix = prefix[0].upper() + prefix[1:]
        elif i is not None and prefix[i - 1] not in "'’":
            prefix = prefix[:i] + prefix[i].upper() + prefix[i + 1:]
    surname = joined_surname(prefix, f.surname)
    return f"Geachte {'mevrouw' if f.salutation is Salutation.MEVROUW else 'heer'} {surname},"


def addressee_lines(f: Addressee) -> tuple[str, ...]:
    from desktop.core.residents.names import address_line

    title = {Salutation.MEVROUW: "Mevrouw ", Salutation.HEER: "De heer "}.get(f.salutation, "")
    lines = [f"{title}{f.name}"]
    street = address_line(f.street, f.house_number, f.house_number_suffix)
    if street:
        lines.append(street)
    if f.postcode or f.city:
        lines.append(f"{format_postcode(f.postcode)}  {(f.city or '').upper()}".strip())
    return tuple(lines)


def has_address(f: Addressee) -> bool:
    return bool(f.street and f.house_number and f.postcode and f.city)


def window_problems(f: Addressee) -> list[str]:
    """An address line too long for the envelope window even in a smaller size: parked, never cut."""
    from desktop.letters.beschikking import address_size

    too_long = [line for line in addressee_lines(f) if address_size(line) is None]
    return [f"De regel '{line}' is te lang voor het venster van de envelop. Kort de naam of het adres in bij de "
            "inwoner." for line in too_long]


def _to_guardians(f: Facts) -> bool:
    """A minor's Jeugdwet letter goes to gezag (parked when none is recorded); an adult's to a curator or mentor
    where one is recorded."""
    return (f.law is Law.JEUGDWET and f.minor) or (not f.minor and bool(f.guardians))


def _household(guardians: tuple[Guardian, ...]) -> list[Guardian]:
    """The guardians living at the first one's address: one letter names them all."""
    first = guardians[0]
    home = (first.street, first.house_number, first.house_number_suffix, first.postcode)
    return [g for g in guardians if (g.street, g.house_number, g.house_number_suffix, g.postcode) == home]


def window_lines(resident: Addressee, guardians: tuple[Guardian, ...] = ()) -> tuple[str, ...]:
    """The address window: the resident, or whoever represents them ('inzake' the resident)."""
    if not guardians:
        return addressee_lines(resident)
    household = _household(guardians)
    names = " en ".join(addressee_lines(g)[0] for g in household)
    return (names, f"inzake {resident.name}", *addressee_lines(household[0])[1:])


def salutation_for(resident: Addressee, guardians: tuple[Guardian, ...] = ()) -> str:
    if not guardians:
        return salutation_line(resident)
    parts = [salutation_line(g).removeprefix("Geachte ").removesuffix(",") for g in _household(guardians)]
    return f"Geachte {' en '.join(parts)},"


MINOR_WITHOUT_GEZAG = ("De inwoner is minderjarig: een brief over jeugdhulp gaat naar de ouders met gezag of de voogd. "
                       "Leg die vast in het dossier van de inwoner, met naam en adres.")


def representative_problems(resident: Addressee, guardians: tuple[Guardian, ...]) -> list[str]:
    """A letter to representatives: the first household's address must be whole, and every line must fit."""
    first = guardians[0]
    if not has_address(first):
        return [f"De brief gaat naar {first.name}, maar diens adres ontbreekt of is onvolledig. Vul straat, "
                "huisnummer, postcode en woonplaats in bij Betrokkenen in het dossier."]
    return window_fit_problems(window_lines(resident, guardians))


def window_fit_problems(lines: tuple[str, ...]) -> list[str]:
    from desktop.letters.beschikking import address_size

    return [f"De regel '{line}' is te lang voor het venster van de envelop. Kort de naam of het adres in."
            for line in lines if address_size(line) is None]


def guardians_of(people_rows: list[RelatedPerson]) -> tuple[Guardian, ...]:
    return tuple(Guardian(g.salutation, g.initials, g.prefix, g.surname, g.street, g.house_number,
                          g.house_number_suffix, g.postcode, g.city) for g in people_rows)


def recipients(s: Session, residents: list[tuple[Resident, bool]], on: date) -> dict[int, tuple[Guardian, ...]]:
    """Who receives a letter instead of the resident, per resident id: for a minor in a Jeugdwet matter (the bool)
    the parents with gezag or the guardian, for an adult a curator, else a mentor. Absent: the resident."""
    minors = {stored_id(r.id) for r, jeugdwet in residents if jeugdwet and people.is_minor(r.date_of_birth, on)}
    adults = {stored_id(r.id) for r, _ in residents if not people.is_minor(r.date_of_birth, on)}
    found = people.current(s, minors, on)
    found.update(people.representatives(s, adults, on))
    return {rid: guardians_of(rows) for rid, rows in found.items()}


def recipient_lines(f: Facts) -> tuple[str, ...]:
    """The window: the resident, or for a minor's Jeugdwet letter the parents with gezag or the guardian, or an
    adult's curator or mentor ('inzake' the resident)."""
    return window_lines(f, f.guardians if _to_guardians(f) else ())


def recipient_salutation(f: Facts) -> str:
    return salutation_for(f, f.guardians if _to_guardians(f) else ())


def recipient_problems(f: Facts) -> list[str]:
    """A minor's letter without a recorded parent with gezag or guardian is parked; the window must fit."""
    if _to_guardians(f) and not f.guardians:  # only a minor: an adult without a representative gets it himself
        return [MINOR_WITHOUT_GEZAG]
    if _to_guardians(f):
        return representative_problems(f, f.guardians)
    problems = [] if has_address(f) else [
        "Het adres van de inwoner ontbreekt of is onvolledig. Vul straat, huisnummer, postcode en woonplaats in "
        "bij de inwoner."]
    return problems + window_problems(f)


def _amount(f: Facts, minutes: int) -> str:
    hours = format_hours(minutes_to_hours(minutes))
    if f.product_unit == DAGDEEL_UNIT and minutes % 240 == 0:
        n = minutes // 240
        return f"{format_number(n)} {'dagdeel' if n == 1 else 'dagdelen'} ({hours})"
    return hours


def _per(weeks: int) -> str:
    return "per week" if weeks == 1 else f"per periode van {weeks} weken"


def extent(f: Facts) -> str:
    """The extent in words; the CRvB requires it to be determinable, so hours are always stated."""
    total = _amount(f, f.indicated_minutes)
    periods = f"{f.period_count} {'periode' if f.period_count == 1 else 'perioden'}"
    if f.minutes_per_period:
        return f"{_amount(f, f.minutes_per_period)} {_per(f.period_weeks)}, {periods}: {total} in totaal"
    return f"{total} in totaal, verdeeld over {periods} van {f.period_weeks} weken"


def fact_rows(f: Facts, kind: LetterKind) -> tuple[tuple[str, str], ...]:
    rows = [("Ondersteuning", f"{f.product} ({f.product_code})" if f.product_code else f.product),
            ("Soort", f"{PROVISION[f.law]}, {LAW_NAME[f.law]}"),
            ("Aanbieder", f.aanbieder)]
    if kind is LetterKind.BEEINDIGING:
        rows += [("Toewijzingnummer", f.toewijzing_nummer), ("Ingangsdatum", format_date(f.start_date)),
                 ("Einddatum volgens het besluit", format_date(f.end_date)),
                 ("Laatste dag nu", format_date(f.ended_date))]
        return tuple(rows)
    rows.append(("Zwaarte", COMPLEXITY_PLAIN[f.complexity]))
    if f.minutes_per_period:
        rows.append(("Uren per periode", _amount(f, f.minutes_per_period)))
    weeks = "1 week" if f.period_weeks == 1 else f"{f.period_weeks} weken"
    rows.append(("Aantal perioden", f"{f.period_count} {'periode' if f.period_count == 1 else 'perioden'} van {weeks}"))
    rows.append(("Uren in totaal", _amount(f, f.indicated_minutes)))
    if f.bandwidth_min_minutes is not None or f.bandwidth_max_minutes is not None:
        low = format_number(minutes_to_hours(f.bandwidth_min_minutes or 0))
        high = format_hours(minutes_to_hours(f.bandwidth_max_minutes)) if f.bandwidth_max_minutes else "meer"
        rows.append(("Bandbreedte", f"{low} tot {high} per week"))
    if f.surplus_minutes:
        rows.append(("Extra uren", f"{_amount(f, f.surplus_minutes)} voor onverwachte extra ondersteuning"))
    rows += [("Ingangsdatum", format_date(f.start_date)), ("Einddatum", format_date(f.end_date)),
             ("Toewijzingnummer", f.toewijzing_nummer)]
    return tuple(rows)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def changes_paragraph(new: Facts) -> str:
    """What changes against the decision it replaces, in plain sentences (the {{wijzigingen}} placeholder)."""
    old = new.previous
    if old is None:
        return ""
    sentences = []
    if old.product != new.product:
        sentences.append(f"U krijgt nu {new.product}; dat was {old.product}.")
    if old.aanbieder != new.aanbieder:
        sentences.append(f"Uw aanbieder is nu {new.aanbieder}; dat was {old.aanbieder}.")
    if extent(old) != extent(new):
        sentences.append(f"U krijgt nu {extent(new)}. Dat was {extent(old)}.")
    if old.complexity != new.complexity:
        sentences.append(f"De zwaarte is nu {COMPLEXITY_PLAIN[new.complexity]}; dat was "
                         f"{COMPLEXITY_PLAIN[old.complexity]}.")
    if old.end_date != new.end_date:
        sentences.append(f"De ondersteuning loopt nu tot en met {format_date(new.end_date)}; dat was tot en met "
                         f"{format_date(old.end_date)}.")
    old_results = {" ".join(r.split()) for r in old.results}
    new_results = {" ".join(r.split()) for r in new.results}
    added = [r for r in new.results if " ".join(r.split()) not in old_results]
    dropped = [r for r in old.results if " ".join(r.split()) not in new_results]
    if added:
        sentences.append("Nieuw in uw plan: " + "; ".join(f"„{_short(r)}”" for r in added) + ".")
    if dropped:
        sentences.append("Niet meer nodig: " + "; ".join(f"„{_short(r)}”" for r in dropped) + ".")
    if not sentences:
        sentences.append("De omvang, de aanbieder en de resultaten blijven hetzelfde.")
    return " ".join(sentences)


def placeholder_values(f: Facts, settings: LetterSettings, letter_date: date, kenmerk: str) -> dict[str, str]:
    from desktop.core.deadlines.termijnenwet import objection_deadline

    values = {
        "gemeente": settings.municipality, "naam": f.name, "wet": LAW_NAME[f.law],
        "soort_voorziening": PROVISION[f.law], "wetsartikel": ARTICLE[f.law], "verordening": BYLAW[f.law],
        "product": f.product, "toewijzingnummer": f.toewijzing_nummer, "kenmerk": kenmerk,
        "briefdatum": format_date(letter_date), "besluitdatum": format_date(f.established_date),
        "datum_aanvraag": format_date(f.aanvraag_date),
        "bezwaartermijn": format_date(objection_deadline(letter_date, settings.equated_holidays), weekday=True),
        "bezwaaradres": settings.objection_address, "rechtbank": settings.court_name,
        "bezwaar_digitaal": objection_online(settings.objection_url),
        "motivering": (f.motivation or "").strip(), "aanbieder": f.aanbieder,
        "zwaarte": COMPLEXITY_PLAIN[f.complexity], "ingangsdatum": format_date(f.start_date),
        "einddatum": format_date(f.end_date), "uren_totaal": _amount(f, f.indicated_minutes),
        "uren_per_periode": _amount(f, f.minutes_per_period) if f.minutes_per_period else "",
        "periode_weken": str(f.period_weeks), "aantal_perioden": str(f.period_count), "omvang": extent(f),
        "eigen_bijdrage_bedrag": cak_amount_text(settings),
    }
    if f.previous is not None:
        values.update(vorige_toewijzingnummer=f.previous.toewijzing_nummer,
                      datum_wijziging=format_date(f.change_effective_date or f.start_date),
                      reden_wijziging=f.change_reason or "", wijzigingen=changes_paragraph(f))
    if f.ended_date:
        values.update(datum_beeindiging=format_date(f.ended_date), reden_beeindiging=f.end_reason or "")
    return values


def objection_online(url: str) -> str:
    """The sentence on lodging an objection online: where, or that it goes by post (never an empty gap)."""
    if url:
        return f"U kunt ook digitaal bezwaar maken via {url}."
    return "Digitaal bezwaar maken kan bij ons niet; stuur uw bezwaar per post."


FRIENDLY_MISSING = {
    "motivering": "De beschikking heeft geen motivering. Vul de motivering aan bij de beschikking.",
    "aanbieder": "De beschikking noemt geen aanbieder. Kies een aanbieder bij de beschikking.",
    "product": "De beschikking noemt geen product. Kies een product bij de beschikking.",
    "datum_aanvraag": "De casus heeft geen aanvraagdatum, maar de brieftekst noemt die ({{datum_aanvraag}}). Vul "
                      "de aanvraagdatum in bij de casus, of laat de beheerder de tekst aanpassen.",
    "besluitdatum": "De beschikking is nog niet vastgesteld, dus er is geen besluitdatum.",
    "reden_beeindiging": "De beëindiging heeft geen (geldige) reden uit de lijst van zijn wet (iWmo of iJw).",
    "reden_wijziging": "De wijziging heeft geen (geldige) reden uit de lijst van zijn wet (iWmo of iJw).",
    "uren_per_periode": "De beschikking heeft geen uren per periode, maar de brieftekst noemt die "
                        "({{uren_per_periode}}). Gebruik {{omvang}} in de tekst of vul de uren per periode in.",
}


@dataclass
class Assembly:
    content: LetterContent | None
    problems: list[str] = field(default_factory=list)


def data_problems(f: Facts, kind: LetterKind) -> list[str]:
    """Missing or doubtful data of the decision itself (the placeholders are checked in assemble)."""
    problems = []
    problems += recipient_problems(f)
    if kind in HOURS_KINDS:
        if kind is not LetterKind.BEEINDIGING and not f.results:
            problems.append("De beschikking noemt geen resultaten uit het ondersteuningsplan. Koppel ten minste één "
                            "resultaat aan de beschikking.")
        for i, text in enumerate(f.results, start=1):
            if not text.strip():
                problems.append(f"Resultaat {i} van de beschikking heeft geen tekst. Vul het resultaat aan in het "
                                "ondersteuningsplan.")
        if f.indicated_minutes <= 0 and kind is not LetterKind.BEEINDIGING:
            problems.append("De beschikking heeft 0 uur: de omvang moet vaststaan. Vul de uren in bij de beschikking.")
    if kind is LetterKind.WIJZIGING and f.previous is None:
        problems.append("Deze wijziging verwijst niet naar de beschikking die zij vervangt.")
    if kind is LetterKind.BEEINDIGING and not f.ended_date:
        problems.append("De beëindiging heeft geen einddatum.")
    return problems


def assemble(f: Facts, kind: LetterKind, texts: dict[str, str], settings: LetterSettings, logo: bytes | None,
             letter_date: date, kenmerk: str, *, draft: bool = False) -> Assembly:
    """The LetterContent of one decision, or the problems that stop it.

    With draft=True a missing value is shown as '[ontbreekt: ...]' (a preview for the screen, never issued)
    and the content is always returned.
    """
    problems = data_problems(f, kind) + settings.missing()
    contact = reach(f.consulent, settings)
    if contact.problem:
        problems.append(contact.problem)
    values = placeholder_values(f, settings, letter_date, kenmerk)
    label = {s.name: s.label for s in block_specs(kind)}
    seen_missing: set[str] = set()
    filled: dict[str, str] = {}
    headings: dict[str, str | None] = {}
    for spec in block_specs(kind):
        if spec.name == "eigen_bijdrage" and f.law is not Law.WMO:
            continue  # the CAK collects an own contribution for Wmo support only
        text = texts.get(spec.name, spec.default)
        template_problems = validate_template(kind, spec.name, text)
        if template_problems:
            problems += [f"Tekstblok '{label[spec.name]}' van de brief {KIND_LABEL[kind]}: {p} Vraag de beheerder "
                         "dit te herstellen." for p in template_problems]
            text = spec.default if not draft else text
        result, missing = fill(text, values)
        heading, missing_h = fill(spec.heading, values) if spec.heading else (None, [])
        for name in missing + missing_h:
            if name in seen_missing:
                continue
            seen_missing.add(name)
            if name in ("gemeente", "bezwaaradres", "rechtbank"):
                continue  # already named by settings.missing()
            problems.append(FRIENDLY_MISSING.get(name, f"Tekstblok '{label[spec.name]}' gebruikt {{{{{name}}}}}, "
                                                 "maar die heeft voor deze beschikking geen waarde."))
        if draft and (missing or missing_h):
            shown = {**values, **{n: f"[ontbreekt: {n}]" for n in missing + missing_h}}
            result, _ = fill(text, shown)
            heading = fill(spec.heading, shown)[0] if spec.heading else None
        filled[spec.name] = result
        headings[spec.name] = heading
    if problems and not draft:
        return Assembly(None, problems)

    sections: list[Section] = []
    for spec in block_specs(kind):
        if spec.name not in filled or spec.name == "onderwerp":
            continue
        paragraphs = tuple(p.strip() for p in filled[spec.name].split("\n\n") if p.strip())
        facts: tuple[tuple[str, str], ...] = ()
        bullets: tuple[str, ...] = ()
        if spec.name in ("wat_u_krijgt", "wat_stopt"):
            facts = fact_rows(f, kind)
        elif spec.name == "resultaten":
            bullets = tuple(" ".join(r.split()) if len(r) < 400 else r.strip() for r in f.results)
        elif spec.name == "evaluatie":
            bullets = tuple(f"rond {format_date(d)}" for d in f.evaluations) or (
                f"voor {format_date(f.end_date)}, voordat de ondersteuning stopt",)
        elif spec.name in REACH_BLOCKS:
            paragraphs += (contact.paragraph,)
            bullets = contact.bullets
        if headings[spec.name] is None and sections and spec.name != "besluit" and not (facts or bullets):
            last = sections[-1]
            sections[-1] = Section(last.heading, last.paragraphs + paragraphs, last.facts, last.bullets)
        else:
            sections.append(Section(headings[spec.name], paragraphs, facts, bullets))
    letterhead = Letterhead(municipality=settings.municipality or "[ontbreekt: gemeente]",
                            address_lines=settings.address_lines, contact_lines=settings.contact_lines, logo=logo,
                            signer_name=settings.signer_name, signer_title=settings.signer_title)
    content = LetterContent(
        kind=kind.value, letterhead=letterhead, addressee_lines=recipient_lines(f), letter_date=letter_date,
        date_text=format_date(letter_date), kenmerk=kenmerk, subject=filled["onderwerp"],
        salutation=recipient_salutation(f), sections=tuple(sections),
        metadata_subject=f"Beschikking {LAW_NAME[f.law]}, {KIND_LABEL[kind]}, toewijzing {f.toewijzing_nummer}")
    return Assembly(content, problems)


# ---------------------------------------------------------------- the source of decision letters

def _resident(s: Session, resident_id: int) -> Resident:
    resident = s.get(Resident, resident_id)
    if resident is None:
        raise NotFoundError("Deze inwoner bestaat niet (meer).")
    return resident


ISSUABLE = {LetterKind.TOEKENNING: DecisionStatus.VASTGESTELD, LetterKind.WIJZIGING: DecisionStatus.VASTGESTELD,
            LetterKind.AFWIJZING: DecisionStatus.VASTGESTELD, LetterKind.BEEINDIGING: DecisionStatus.BEEINDIGD}


def status_problems(f: Facts, kind: LetterKind, new_version: bool) -> list[str]:
    if f.status is DecisionStatus.CONCEPT:
        return ["De beschikking is nog een concept. Stel haar eerst vast; daarna kan de brief worden gemaakt."]
    if f.status in (DecisionStatus.INGETROKKEN, DecisionStatus.VERVANGEN):
        return [f"De beschikking is {f.status.value}; daar hoort geen brief meer bij."]
    if f.status is DecisionStatus.VERZONDEN and not new_version:
        return ["De beschikking is al verzonden. Wilt u de brief opnieuw maken? Kies dan 'nieuwe versie'; die krijgt "
                "een nieuw kenmerk."]
    if f.issued(kind) and not new_version:
        kenmerk = [k for kd, k in f.letters if kd is kind][-1]
        return [f"Er is al een brief gemaakt ({kenmerk}). Een brief wordt niet stilzwijgend opnieuw gemaakt; kies "
                "'nieuwe versie' als dat echt nodig is (die krijgt een nieuw kenmerk)."]
    return []


class DecisionLetters:
    """Letters about a decision: a toekenning, wijziging or afwijzing once it is vastgesteld, a beëindiging
    when a decision whose letter went out ends early."""

    name = DECISION

    def pending(self, s: Session) -> list[int]:
        b = Beschikking
        own_kind = exists().where(and_(col(Letter.beschikking_id) == b.id, col(Letter.kind) == col(b.kind)))
        ended_letter = exists().where(and_(col(Letter.beschikking_id) == b.id,
                                           col(Letter.kind) == LetterKind.BEEINDIGING))
        earlier_letter = exists().where(and_(col(Letter.beschikking_id) == b.id,
                                             col(Letter.kind) != LetterKind.BEEINDIGING))
        stmt = select(col(b.id)).where(or_(
            and_(col(b.status) == DecisionStatus.VASTGESTELD, ~own_kind),
            # An early end of a decision whose letter Koers issued (a natural end was already in that letter).
            and_(col(b.status) == DecisionStatus.BEEINDIGD, col(b.ended_date) < col(b.end_date),
                 col(b.end_reason_code).is_not(None), earlier_letter, ~ended_letter),
        )).order_by(col(b.established_date), col(b.id))
        return cast("list[int]", list(s.exec(stmt).all()))  # primary keys: never None

    def prepare(self, db: Database, actor: Actor, ids: list[int], letter_date: date, *, new_version: bool,
                draft: bool) -> dict[int, Prepared]:
        with db.read() as s:
            facts = gather(s, ids)
            own = None
            if not audit.allowed(actor, Action.RESIDENT_VIEW_OTHER):
                own = {rid for rid in {f.resident_id for f in facts.values()}
                       if is_own_caseload(s, actor, _resident(s, rid))}
        settings = letter_settings(db)
        image = logo(db) if settings.has_logo else None
        texts = {kind: effective_texts(db, kind) for kind in DECISION_LETTERS}
        out: dict[int, Prepared] = {}
        for did in ids:
            f = facts.get(did)
            if f is None:
                continue
            kind = letter_kind(f.status, f.decision_kind)
            kenmerk = make_kenmerk(f.law, f.toewijzing_nummer, kind, f.issued(kind) + 1)
            problems = [] if draft else status_problems(f, kind, new_version)
            if own is not None and f.resident_id not in own:
                problems.append("Deze inwoner hoort niet bij uw caseload.")
            built = assemble(f, kind, texts[kind], settings, image, letter_date, kenmerk, draft=draft)
            out[did] = Prepared(
                Job(DECISION, did), kind, f.resident_id, f.client_number, f.name, kenmerk,
                built.content if (draft or not problems) else None, problems + built.problems, beschikking_id=did,
                law=f.law, toewijzing_nummer=f.toewijzing_nummer, product=f.product, aanbieder=f.aanbieder,
                about=f"{f.toewijzing_nummer} · {f.product}", since=f.established_date,
                previous_letters=f.issued(kind))
        return out

    def claim(self, s: Session, p: Prepared, new_version: bool) -> None:
        decision = lock_decision(s, p.job.id)
        if letter_kind(decision.status, decision.kind) is not p.kind or \
                decision.status not in (ISSUABLE[p.kind], DecisionStatus.VERZONDEN) or \
                (decision.status is DecisionStatus.VERZONDEN and not new_version):
            raise Taken("De beschikking is intussen gewijzigd. Vernieuw de wachtrij en probeer het opnieuw.")
        existing = s.exec(select(Letter.kenmerk).where(Letter.beschikking_id == decision.id,
                                                      Letter.kind == p.kind)).all()
        if (existing and not new_version) or p.kenmerk in existing or len(existing) != p.previous_letters:
            raise Taken("Een collega heeft deze brief net gemaakt. Er is geen tweede brief gemaakt.")

    def archived(self, s: Session, p: Prepared, letter: Letter) -> None:
        """A decision letter needs no link beyond its beschikking_id."""

    def sent(self, s: Session, letter: Letter, sent_on: date) -> dict[str, list[Any]]:
        """A toekenning, wijziging or afwijzing that goes out makes the decision verzonden."""
        assert letter.beschikking_id is not None  # a decision letter always has one (check constraint)
        decision = lock_decision(s, letter.beschikking_id)
        if letter.kind is not LetterKind.BEEINDIGING and decision.status is DecisionStatus.VASTGESTELD:
            decision.status = DecisionStatus.VERZONDEN
            decision.sent_date = sent_on
            return {"status": ["vastgesteld", "verzonden"]}
        return {}


DECISIONS = DecisionLetters()
