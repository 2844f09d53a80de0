"""Registering and changing residents (inwoners): every problem at once, one transaction per write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import func, text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, Resident, User
from db.models.enums import Role, Salutation
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.parse import parse_postcode
from desktop.core.residents import corrections
from desktop.core.residents.bsn import normalise_bsn
from desktop.core.residents.names import set_search_keys
from desktop.core.text import clean_text, resident_search_keys

OLDEST_BIRTH_DATE = date(1900, 1, 1)
# Letters in parts joined by spaces, hyphens or apostrophes: "van 't", "'t Hart", "d'Ancona", "Bakker-de Wit".
_NAME_CHARS = re.compile(r"^['’]?[^\W\d_]+(?:[ '\-’]+[^\W\d_]+)*\.?$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{10,20}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ResidentInput:
    """What a form or the CLI hands over; plain strings as typed, a date for the birth date."""

    bsn: str = ""
    initials: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    prefix: str = ""
    salutation: Salutation | str | None = Salutation.NEUTRAAL  # a form starts with none chosen: a problem
    street: str = ""
    house_number: str | int | None = ""
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    consulent_id: int | None = None
    first_name: str = ""  # the name the resident goes by (roepnaam); optional


def _validate(data: ResidentInput, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def check(name: str, fn: Callable[[], object]) -> None:
        try:
            values[name] = fn()
        except ValidationError as exc:
            errors[name] = exc.message

    check("bsn", lambda: normalise_bsn(data.bsn))
    check("initials", lambda: initials_of(data.initials))
    check("first_name", lambda: name_part(data.first_name, "de voornaam", 40, required=False, field="first_name"))
    check("prefix", lambda: name_part(data.prefix, "het tussenvoegsel", 20, required=False, field="prefix"))
    check("surname", lambda: name_part(data.surname, "de achternaam", 100, required=True, field="surname"))
    check("date_of_birth", lambda: _birth_date(data.date_of_birth, today))
    check("salutation", lambda: salutation_of(data.salutation))
    check("street", lambda: clean_text(data.street, "de straat", max_length=100, field="street"))
    check("house_number", lambda: house_number_of(data.house_number))
    check("house_number_suffix", lambda: clean_text(data.house_number_suffix, "de toevoeging", max_length=10,
                                                    field="house_number_suffix"))
    check("postcode", lambda: _postcode(data.postcode))
    check("city", lambda: clean_text(data.city, "de woonplaats", max_length=80, field="city"))
    check("phone", lambda: optional_pattern(data.phone, PHONE_PATTERN, "het telefoonnummer", 20, "phone",
                                             "Gebruik alleen cijfers, spaties, + en -, bijvoorbeeld 06 12345678."))
    check("email", lambda: optional_pattern(data.email, EMAIL_PATTERN, "het e-mailadres", 254, "email",
                                             "Een e-mailadres ziet eruit als naam@voorbeeld.nl."))
    values["consulent_id"] = data.consulent_id

    address = ("street", "house_number", "postcode", "city")
    given = [k for k in address if values.get(k)]
    if given and len(given) < len(address) and not any(k in errors for k in address):
        labels = {"street": "straat", "house_number": "huisnummer", "postcode": "postcode", "city": "woonplaats"}
        missing = [labels[k] for k in address if not values.get(k)]
        errors[cast(str, missing and next(k for k in address if not values.get(k)))] = (
            "Het adres is onvolledig: vul ook " + " en ".join(missing) + " in, of laat het hele adres leeg.")
    return values, errors


def validate_input(data: ResidentInput, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's rules on typed values: (clean values, {field: Dutch problem}). Also what an imported case file
    is held to, so a resident from another system meets the same rules as one typed in."""
    return _validate(data, today)


def initials_of(value: str) -> str:
    """'jp', 'J P' and 'J.P.' all become 'J.P.'; a mixed-case token like 'Th' is one initial: 'Th.'."""
    text = clean_text(value, "de voorletters", max_length=20, required=True, field="initials")
    tokens = text.replace(".", " ").split()
    if not tokens or not all(t.isalpha() for t in tokens):
        raise ValidationError("Voorletters bestaan uit letters, bijvoorbeeld J.P.", field="initials")
    parts: list[str] = []
    for token in tokens:
        if len(token) > 1 and (token.islower() or token.isupper()):
            parts.extend(ch.upper() for ch in token)
        else:
            parts.append(token[0].upper() + token[1:])
    return "".join(f"{p}." for p in parts)


def name_part(value: str, label: str, max_length: int, *, required: bool, field: str) -> str | None:
    text = clean_text(value, label, max_length=max_length, required=required, field=field)
    if text is None:
        return None
    if not _NAME_CHARS.match(text):
        raise ValidationError(
            f"{label[0].upper()}{label[1:]} mag alleen letters, spaties, een koppelteken of een apostrof bevatten.",
            field=field)
    return text


def _birth_date(value: date | None, today: date) -> date:
    if value is None:
        raise ValidationError("Vul de geboortedatum in.", field="date_of_birth")
    if value > today:
        raise ValidationError("De geboortedatum ligt in de toekomst. Controleer de datum.", field="date_of_birth")
    if value < OLDEST_BIRTH_DATE:
        raise ValidationError("De geboortedatum ligt vóór 1900. Controleer het jaartal.", field="date_of_birth")
    return value


def salutation_of(value: Salutation | str | None) -> Salutation:
    if value in (None, ""):
        raise ValidationError("Kies een aanhef: mevrouw, de heer of geen aanhef (Geachte heer/mevrouw). Koers "
                              "kiest die niet zelf, want de brieven spreken de inwoner ermee aan.", field="salutation")
    try:
        return Salutation(value)
    except ValueError as exc:
        raise ValidationError("Kies een aanhef: mevrouw, de heer of neutraal.", field="salutation") from exc


def house_number_of(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) < 100000:
        raise ValidationError("Een huisnummer is een heel getal vanaf 1; zet letters in de toevoeging.",
                              field="house_number")
    return int(text)


def _postcode(value: str) -> str | None:
    return parse_postcode(value, field="postcode")


def optional_pattern(value: str, pattern: re.Pattern[str], label: str, max_length: int, fld: str,
                      hint: str) -> str | None:
    text = clean_text(value, label, max_length=max_length, field=fld)
    if text is not None and not pattern.match(text):
        raise ValidationError(f"{label[0].upper()}{label[1:]} klopt niet. {hint}", field=fld)
    return text


def check_input(data: ResidentInput) -> dict[str, str]:
    """Every problem with these details, per field, without storing anything (for a form that parsed some
    fields itself and wants to say everything at once)."""
    return _validate(data, clock.today())[1]


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError.of_fields("De gegevens zijn niet opgeslagen. Herstel eerst:", errors)


def _check_bsn_free(session: Session, bsn: str, own_id: int | None) -> None:
    other = session.exec(select(Resident.id, Resident.client_number).where(Resident.bsn == bsn)).first()
    if other and other[0] != own_id:
        raise ValidationError.of_fields("De gegevens zijn niet opgeslagen. Herstel eerst:", {"bsn": (
            f"Er is al een inwoner met dit BSN (cliëntnummer {other[1]}). Zoek die inwoner op in plaats van een "
            "nieuwe te registreren.")})


def _check_consulent(session: Session, consulent_id: int | None) -> None:
    if consulent_id is not None and session.get(User, consulent_id) is None:
        raise ValidationError("De gekozen consulent bestaat niet (meer). Kies een andere consulent.",
                              field="consulent_id")


def next_client_number(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('koers.client_number'))"))
    last = session.exec(select(func.max(Resident.client_number))
                        .where(col(Resident.client_number).like("K_______"))).first()  # K and seven digits
    number = int(last[1:]) + 1 if last else 1
    return f"K{number:07d}"


def create_resident(db: Database, actor: Actor, data: ResidentInput) -> Resident:
    """Registers a resident; a consulent who names no vaste consulent becomes it (one fixed person is wanted)."""
    audit.require(db, actor, Action.RESIDENT_CREATE)
    values, errors = _validate(data, clock.today())
    _raise_if(errors)
    if values["consulent_id"] is None and actor.role is Role.CONSULENT:
        values["consulent_id"] = actor.user_id
    with db.write() as session:
        _check_bsn_free(session, values["bsn"], None)
        _check_consulent(session, values["consulent_id"])
        keys: dict[str, Any] = resident_search_keys(values["surname"], values["first_name"], values["street"])
        resident = Resident(client_number=next_client_number(session), **values, **keys)
        session.add(resident)
        session.flush()
        audit.record(session, actor, Action.RESIDENT_CREATE.value, resident_id=resident.id,
                     client_number=resident.client_number, record_type="inwoner", record_id=resident.id,
                     changes={k: [None, audit.mask(k, audit.value(v))] for k, v in values.items() if v is not None})
        session.refresh(resident)
    return resident


def update_resident(db: Database, actor: Actor, resident_id: int, data: ResidentInput, expected_version: int,
                    *, reason: str | None = None, bsn_reason: str | None = None,
                    correction_reason: str | None = None) -> Resident:
    """Changes a resident's details. `reason` is the access reason (outside one's caseload); `bsn_reason` says
    why a known BSN changes: required then, and kept in the access log with the change (the BSN itself masked).

    A `correction_reason` (not None) marks the change as a correction: the old details were wrong (AVG art. 16).
    It needs a reason of at least 5 characters; in the same transaction a Correction row keeps what was wrong,
    what it became and why (corrections.py), and the access-log line carries the reason. It also serves as the
    reason for a corrected BSN. Without it a change is a plain change (someone moved)."""
    audit.require(db, actor, Action.RESIDENT_UPDATE, resident_id=resident_id)
    values, errors = _validate(data, clock.today())
    correcting = correction_reason is not None
    why_corrected = ""
    if correcting:
        try:
            why_corrected = corrections.check_reason(correction_reason)
        except ValidationError as exc:
            errors.update(exc.field_errors)
    _raise_if(errors)
    try:
        with refusals_logged(db, actor), db.write() as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFoundError("Deze inwoner bestaat niet meer. Vernieuw de lijst.")
            why = check_access(session, actor, resident, reason, Action.RESIDENT_UPDATE)
            if resident.version != expected_version:
                raise _conflict()
            _check_bsn_free(session, values["bsn"], resident_id)
            _check_consulent(session, values["consulent_id"])
            if resident.bsn and values["bsn"] != resident.bsn and not correcting:  # a correction says why itself
                why = _with_bsn_reason(why, bsn_reason)
            changes = audit.diff(resident, values)
            if correcting:
                corrections.store(session, actor, resident_id, changes, why_corrected)
                said = f"Correctie van onjuiste gegevens: {why_corrected}"
                why = f"{why}; {said}" if why else said
            if not changes:
                return resident
            for key, value in values.items():
                setattr(resident, key, value)
            set_search_keys(resident)
            resident.updated_at = clock.now()
            session.flush()
            audit.record(session, actor, Action.RESIDENT_UPDATE.value, resident_id=resident.id,
                         client_number=resident.client_number, record_type="inwoner", record_id=resident.id,
                         changes=changes, reason=why)
            session.refresh(resident)
    except StaleDataError as exc:
        raise _conflict() from exc
    return resident


def _with_bsn_reason(access_reason: str | None, bsn_reason: str | None) -> str:
    """The reason for the log line of a changed BSN: why it changed, after the access reason if there is one.
    Digits in it are masked like a BSN, so a number typed into the reason is not logged in clear either."""
    typed = clean_text(bsn_reason or "", "de reden voor het nieuwe BSN", max_length=400, multiline=True, field="bsn")
    typed = " ".join(typed.split()) if typed else None
    if typed is None or len(typed) < 5:
        raise ValidationError.of_fields("De gegevens zijn niet opgeslagen. Herstel eerst:", {"bsn": (
            "Het BSN is gewijzigd. Een BSN wijzigt alleen met een reden (bijvoorbeeld: tikfout bij de registratie, "
            "nummer volgens de BRP); die reden komt in het toegangslog.")})
    said = f"BSN gewijzigd: {audit.mask_query(typed)}"
    return f"{access_reason}; {said}" if access_reason else said


def _conflict() -> ConflictError:
    return ConflictError("Iemand anders heeft deze inwoner net gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
                         "open de inwoner opnieuw en voer ze nog eens in.")


def get_resident(db: Database, actor: Actor, resident_id: int, *, reason: str | None = None) -> Resident:
    """The resident's own details (for the edit form); an access like any other, so it is logged."""
    with refusals_logged(db, actor), db.write() as session:
        resident = session.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer). Vernieuw de lijst.")
        why = check_access(session, actor, resident, reason)
        audit.record(session, actor, Action.RESIDENT_VIEW.value, resident_id=resident.id,
                     client_number=resident.client_number, record_type="inwoner", record_id=resident.id,
                     reason=why)
    return resident


def input_from(resident: Resident) -> ResidentInput:
    """The form values of a stored resident, for editing."""
    return ResidentInput(
        bsn=resident.bsn or "", initials=resident.initials, surname=resident.surname,
        first_name=resident.first_name or "",
        date_of_birth=resident.date_of_birth, prefix=resident.prefix or "", salutation=resident.salutation,
        street=resident.street or "", house_number=resident.house_number or "",
        house_number_suffix=resident.house_number_suffix or "", postcode=resident.postcode or "",
        city=resident.city or "", phone=resident.phone or "", email=resident.email or "",
        consulent_id=resident.consulent_id)


def casus_and_resident(s: Session, casus_id: int) -> tuple[Casus, Resident]:
    """A casus and its resident in the caller's session, or the Dutch NotFoundError when either is gone."""
    casus = s.get(Casus, casus_id)
    if casus is None:
        raise NotFoundError("Deze casus bestaat niet (meer).")
    resident = s.get(Resident, casus.resident_id)
    if resident is None:
        raise NotFoundError("Deze inwoner bestaat niet (meer).")
    return casus, resident
