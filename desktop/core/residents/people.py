"""The people around a resident: parents with authority (gezag), a guardian, a curator, mentor or bewindvoerder,
household members and mantelzorgers, each from–to. Who has gezag over a minor receives the minor's letters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from db.engine import Database
from db.models import RelatedPerson, Resident
from db.models.enums import GEZAG, LETTER_ROLES, REPRESENTS_ADULT, PersonRole, Salutation
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.parse import parse_postcode
from desktop.core.residents.register import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    house_number_of,
    initials_of,
    name_part,
    optional_pattern,
    salutation_of,
)
from desktop.core.text import clean_text

ROLE_LABELS = labels.PERSON_ROLE
ADULT_AGE = 18


@dataclass
class PersonInput:
    role: PersonRole | str
    initials: str
    surname: str
    prefix: str = ""
    salutation: Salutation | str = Salutation.NEUTRAAL
    street: str = ""
    house_number: str | int | None = None
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


def check_person(data: PersonInput) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {"valid_from": data.valid_from, "valid_to": data.valid_to}
    errors: dict[str, str] = {}

    def check(name: str, fn: Callable[[], object]) -> None:
        try:
            values[name] = fn()
        except ValidationError as exc:
            errors[name] = exc.message

    def role() -> PersonRole:
        try:
            return PersonRole(data.role)
        except ValueError:
            raise ValidationError("Kies de rol: ouder met gezag, voogd, curator, mentor, bewindvoerder, huisgenoot "
                                  "of mantelzorger.", field="role") from None

    check("role", role)
    check("initials", lambda: initials_of(data.initials))
    check("prefix", lambda: name_part(data.prefix, "het tussenvoegsel", 20, required=False, field="prefix"))
    check("surname", lambda: name_part(data.surname, "de achternaam", 80, required=True, field="surname"))
    check("salutation", lambda: salutation_of(data.salutation))
    check("street", lambda: clean_text(data.street, "de straat", max_length=100, field="street"))
    check("house_number", lambda: house_number_of(data.house_number))
    check("house_number_suffix", lambda: clean_text(data.house_number_suffix, "de toevoeging", max_length=10,
                                                    field="house_number_suffix"))
    check("postcode", lambda: parse_postcode(data.postcode, field="postcode"))
    check("city", lambda: clean_text(data.city, "de woonplaats", max_length=80, field="city"))
    check("phone", lambda: optional_pattern(data.phone, PHONE_PATTERN, "het telefoonnummer", 20, "phone",
                                             "Gebruik alleen cijfers, spaties, + en -, bijvoorbeeld 06 12345678."))
    check("email", lambda: optional_pattern(data.email, EMAIL_PATTERN, "het e-mailadres", 254, "email",
                                             "Een e-mailadres ziet eruit als naam@voorbeeld.nl."))
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors["valid_to"] = (f"De einddatum ({format_date(data.valid_to)}) ligt vóór de begindatum "
                              f"({format_date(data.valid_from)}). Controleer de datums.")
    if values.get("role") in LETTER_ROLES and not errors.keys() & {"street", "house_number", "postcode", "city"} and not (
            values.get("street") and values.get("house_number") and values.get("postcode") and values.get("city")):
        errors["street"] = (f"Een {labels.PERSON_ROLE[PersonRole(str(values['role']))]} krijgt de brieven: vul straat, "
                            "huisnummer, postcode en woonplaats in.")
    return values, errors


def add_person(db: Database, actor: Actor, resident_id: int, data: PersonInput, *,
               reason: str | None = None) -> RelatedPerson:
    """Every problem at once; nothing stored on any. Logged without the person's details."""
    audit.require(db, actor, Action.RESIDENT_UPDATE)
    values, errors = check_person(data)
    with refusals_logged(db, actor), db.write() as s:
        resident = s.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer).")
        why = check_access(s, actor, resident, reason, Action.RESIDENT_UPDATE)
        if errors:
            raise ValidationError.of_fields("De persoon is niet opgeslagen. Herstel eerst:", errors)
        person = RelatedPerson(resident_id=resident_id, **values)  # type: ignore[arg-type]  # checked values
        s.add(person)
        s.flush()
        audit.record(s, actor, "persoon.toevoegen", resident_id=resident.id, client_number=resident.client_number,
                     record_type="persoon", record_id=person.id, reason=why,
                     changes={"rol": [None, person.role.value]})
        s.refresh(person)
        return person


def _person_and_resident(s: Session, person_id: int) -> tuple[RelatedPerson, Resident]:
    person = s.get(RelatedPerson, person_id)
    if person is None:
        raise NotFoundError("Deze persoon staat niet (meer) in het dossier.")
    resident = s.get(Resident, person.resident_id)
    assert resident is not None  # foreign key
    return person, resident


def end_person(db: Database, actor: Actor, person_id: int, last_day: date, *,
               reason: str | None = None) -> RelatedPerson:
    audit.require(db, actor, Action.RESIDENT_UPDATE)
    with refusals_logged(db, actor), db.write() as s:
        person, resident = _person_and_resident(s, person_id)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_UPDATE)
        if person.valid_from and last_day < person.valid_from:
            raise ValidationError("De laatste dag ligt vóór de begindatum. Controleer de datum.")
        old, person.valid_to = person.valid_to, last_day
        audit.record(s, actor, "persoon.beeindigen", resident_id=resident.id, client_number=resident.client_number,
                     record_type="persoon", record_id=person.id, reason=why,
                     changes={"valid_to": [old.isoformat() if old else None, last_day.isoformat()]})
        s.flush()
        s.refresh(person)
        return person


def person_input(p: RelatedPerson) -> PersonInput:
    """A recorded person as the form shows it, to change."""
    return PersonInput(role=p.role, initials=p.initials, surname=p.surname, prefix=p.prefix or "",
                       salutation=p.salutation, street=p.street or "", house_number=p.house_number,
                       house_number_suffix=p.house_number_suffix or "", postcode=p.postcode or "",
                       city=p.city or "", phone=p.phone or "", email=p.email or "", valid_from=p.valid_from,
                       valid_to=p.valid_to)


def get_person(db: Database, actor: Actor, person_id: int, *, reason: str | None = None) -> RelatedPerson:
    audit.require(db, actor, Action.RESIDENT_VIEW)
    with refusals_logged(db, actor), db.read() as s:
        person, resident = _person_and_resident(s, person_id)
        check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        s.expunge(person)
        return person


def update_person(db: Database, actor: Actor, person_id: int, data: PersonInput, *,
                  reason: str | None = None, expected_version: int | None = None) -> RelatedPerson:
    """A move, a new phone number, a correction of a name, the from–to dates: every problem at once, nothing
    stored on any. The access log keeps what changed (as for the resident's own data), so it can be undone.
    With `expected_version` (what the form opened), a colleague's newer save is refused, not overwritten."""
    audit.require(db, actor, Action.RESIDENT_UPDATE)
    values, errors = check_person(data)
    try:
        with refusals_logged(db, actor), db.write() as s:
            person, resident = _person_and_resident(s, person_id)
            why = check_access(s, actor, resident, reason, Action.RESIDENT_UPDATE)
            if errors:
                raise ValidationError.of_fields("De wijziging is niet opgeslagen. Herstel eerst:", errors)
            if expected_version is not None and person.version != expected_version:
                raise _person_conflict()
            changes = audit.diff(person, values)
            if not changes:
                s.expunge(person)
                return person
            for key, value in values.items():
                setattr(person, key, value)
            s.flush()
            audit.record(s, actor, "persoon.wijzigen", resident_id=resident.id, client_number=resident.client_number,
                         record_type="persoon", record_id=person.id, reason=why, changes=changes)
            s.refresh(person)
            return person
    except StaleDataError as exc:  # changed between our read and our write (PostgreSQL, without a row lock)
        raise _person_conflict() from exc


def _person_conflict() -> ConflictError:
    return ConflictError("Iemand anders heeft deze persoon net gewijzigd. Uw wijziging is niet opgeslagen maar staat "
                         "nog in het scherm.")


def current(s: Session, resident_ids: set[int], on: date, roles: frozenset[PersonRole] = GEZAG
            ) -> dict[int, list[RelatedPerson]]:
    """Per resident, the people in these roles on this day, in the order they were recorded."""
    if not resident_ids:
        return {}
    rows = s.exec(select(RelatedPerson).where(
        col(RelatedPerson.resident_id).in_(resident_ids), col(RelatedPerson.role).in_(roles),
        (col(RelatedPerson.valid_from).is_(None)) | (col(RelatedPerson.valid_from) <= on),
        (col(RelatedPerson.valid_to).is_(None)) | (col(RelatedPerson.valid_to) >= on))
        .order_by(col(RelatedPerson.id))).all()
    out: dict[int, list[RelatedPerson]] = {}
    for row in rows:
        out.setdefault(row.resident_id, []).append(row)
    return out


def representatives(s: Session, resident_ids: set[int], on: date) -> dict[int, list[RelatedPerson]]:
    """Per adult resident, who receives their letters this day: the curator(s), else the mentor(s)."""
    found = current(s, resident_ids, on, frozenset(REPRESENTS_ADULT))
    out = {}
    for rid, rows in found.items():
        first = min(REPRESENTS_ADULT.index(p.role) for p in rows)
        out[rid] = [p for p in rows if REPRESENTS_ADULT.index(p.role) == first]
    return out


def is_minor(born: date, on: date) -> bool:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day)) < ADULT_AGE


@dataclass(frozen=True)
class PersonRow:
    id: int
    role: PersonRole
    name: str
    address: str
    valid_from: date | None
    valid_to: date | None
    contact: str = ""  # phone and e-mail, as one line


def list_people(db: Database, actor: Actor, resident_id: int, *, reason: str | None = None) -> list[PersonRow]:
    """Everyone recorded around the resident, current and past, for the file (the caseload rule applies)."""
    from desktop.core.nl import format_postcode
    from desktop.core.residents.names import address_line, joined_surname

    audit.require(db, actor, Action.RESIDENT_VIEW)
    with refusals_logged(db, actor), db.read() as s:
        resident = s.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer).")
        check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        rows = s.exec(select(RelatedPerson).where(RelatedPerson.resident_id == resident_id)
                      .order_by(col(RelatedPerson.id))).all()
    out = []
    for p in rows:
        street = address_line(p.street, p.house_number, p.house_number_suffix)
        place = " ".join(x for x in (format_postcode(p.postcode) if p.postcode else "", p.city or "") if x)
        out.append(PersonRow(p.id or 0, p.role, " ".join(x for x in (p.initials, joined_surname(p.prefix, p.surname))
                                                          if x), ", ".join(x for x in (street, place) if x),
                             p.valid_from, p.valid_to, " · ".join(x for x in (p.phone, p.email) if x)))
    return out
