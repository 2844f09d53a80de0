"""Managing users (beheerder), the first beheerder of a new database, and the users other services
list (who can be a vaste consulent)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import User
from db.models.base import stored_id
from db.models.enums import Role
from desktop.core.access import audit
from desktop.core.access.actor import Actor, workstation_name
from desktop.core.access.permissions import Action
from desktop.core.access.signin import LOCK_AFTER, actor_for, check_password_policy, hash_password
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.text import clean_text

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-]+$")
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")
_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TOP_LEVEL = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
PHONE_EXAMPLE = "06 12345678, 0314 123456 of 14 0314"


def _username(value: str) -> str:
    name = (value or "").strip().casefold()
    if not name:
        raise ValidationError("Vul een gebruikersnaam in.", field="username")
    if not _USERNAME.match(name):
        raise ValidationError("Een gebruikersnaam heeft 2 tot 64 tekens: kleine letters, cijfers, punt, streepje "
                              "of liggend streepje, bijvoorbeeld 'jbakker'.", field="username")
    return name


def national_phone_digits(text: str) -> str | None:
    """The digits of a Dutch phone number as dialled inside the Netherlands ('0612345678', '140314'), or None
    when `text` is not one: ten digits from 0 (also written +31 6…, +31 (0)6… or 0031 6…), a municipal
    14-number (14 and the area code: 14 020, 14 0314), or a service number (0800/0900: 8 or 11 digits)."""
    if not _PHONE_CHARS.match(text) or text.count("+") > 1:
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("0031"):
        rest = digits[2:] if text.startswith("+") else digits[4:]
        if not (text.startswith("+31") or digits.startswith("0031")):
            return None
        digits = rest if rest.startswith("0") else "0" + rest
    if digits.startswith("14"):
        return digits if 5 <= len(digits) <= 6 and digits[2] == "0" else None
    if digits.startswith(_SERVICE_PREFIXES):
        return digits if len(digits) in (8, 11) else None
    return digits if len(digits) == 10 and digits[0] == "0" and digits[1] != "0" else None


def check_phone(value: str | None) -> str | None:
    """A Dutch phone number as typed (spaces tidied), or None when empty; a Dutch ValidationError otherwise."""
    text = clean_text(value, "het telefoonnummer", max_length=20, field="phone")
    if text is None:
        return None
    if not _PHONE_CHARS.match(text):
        raise ValidationError("Een telefoonnummer bestaat uit cijfers met eventueel spaties, streepjes of een + "
                              f"vooraan, bijvoorbeeld {PHONE_EXAMPLE}.", field="phone")
    if national_phone_digits(text) is None:
        raise ValidationError(f"'{text}' is geen Nederlands telefoonnummer: tien cijfers vanaf 0 of +31, of een "
                              f"14-nummer, bijvoorbeeld {PHONE_EXAMPLE}.", field="phone")
    return text


def check_email(value: str | None) -> str | None:
    """A plausible e-mail address (the domain in lower case), or None when empty; a Dutch ValidationError
    otherwise. Plausible: one @, no spaces, a name before it and a domain with a dot after it."""
    text = clean_text(value, "het e-mailadres", max_length=254, field="email")
    if text is None:
        return None
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    if not (at and _EMAIL_LOCAL.match(local) and len(local) <= 64 and len(labels) >= 2
            and all(_DOMAIN_LABEL.match(label) for label in labels) and _TOP_LEVEL.match(labels[-1])):
        raise ValidationError(f"'{text}' is geen bruikbaar e-mailadres. Een e-mailadres ziet eruit als "
                              "naam@gemeente.nl, zonder spaties.", field="email")
    return f"{local}@{domain.lower()}"


def _refuse(heading: str, errors: dict[str, str]) -> ValidationError:
    """One problem on its own; several listed at once under `heading` (each marked at its field)."""
    if len(errors) == 1:
        ((field, message),) = errors.items()
        return ValidationError(message, field=field)
    return ValidationError.of_fields(heading, errors)


def create_first_beheerder(db: Database, username: str, display_name: str, password: str,
                           *, workstation: str | None = None, phone: str | None = None,
                           email: str | None = None) -> Actor:
    """Only on a database without users: the first account, always a beheerder."""
    values, errors = _checked(username, display_name, Role.BEHEERDER, password, phone, email)
    if errors:
        raise _refuse("De beheerder is niet aangemaakt. Herstel eerst:", errors)
    workstation = workstation or workstation_name()
    with db.write() as s:
        if s.exec(select(func.count()).select_from(User)).one():
            raise KoersError("Er zijn al gebruikers. Meld u aan, of vraag een beheerder om een account.")
        user = User(username=values["username"], display_name=values["display_name"], role=Role.BEHEERDER,
                    password_hash=hash_password(password), phone=values["phone"], email=values["email"])
        s.add(user)
        s.flush()
        actor = actor_for(user, workstation)
        audit.record(s, actor, "gebruiker.toevoegen", record_type="gebruiker", record_id=user.id,
                     changes={"username": [None, user.username], "role": [None, Role.BEHEERDER.value],
                              **{k: [None, values[k]] for k in ("phone", "email") if values[k]}})
    return actor


def new_user_problems(username: str, display_name: str, role: Role | str, password: str, phone: str | None = None,
                      email: str | None = None) -> dict[str, str]:
    """What add_user would refuse in this input (without asking the database whether the name is taken):
    field -> Dutch message. For a form that finds a problem of its own (two different passwords) and
    names the rest with it."""
    return _checked(username, display_name, role, password, phone, email)[1]


def _checked(username: str, display_name: str, role: Role | str, password: str, phone: str | None,
             email: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned values of a new account, and every problem with them at once (field -> Dutch message)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def check(field: str, fn: Callable[[], object]) -> None:
        try:
            values[field] = fn()
        except ValidationError as exc:
            errors[field] = exc.message

    check("username", lambda: _username(username))
    check("display_name", lambda: clean_text(display_name, "de naam", max_length=120, required=True,
                                             field="display_name"))
    check("role", lambda: _role(role))
    check("password", lambda: check_password_policy(password, values.get("username") or ""))
    check("phone", lambda: check_phone(phone))
    check("email", lambda: check_email(email))
    return values, errors


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool
    phone: str | None = None  # how residents reach this consulent: named in every letter
    email: str | None = None
    team: str | None = None


def _row(u: User, now: datetime) -> UserRow:
    return UserRow(stored_id(u.id), u.username, u.display_name, u.role, u.active,
                   bool(u.locked_until and u.locked_until > now and u.failed_attempts >= LOCK_AFTER),
                   u.phone, u.email, u.team)


TEAM_MAX = 60


def check_team(value: str | None) -> str | None:
    """A team name as typed ('Wijkteam Noord'); blank: no team."""
    team = " ".join((value or "").split())
    if not team:
        return None
    if len(team) > TEAM_MAX:
        raise ValidationError(f"Een teamnaam is hoogstens {TEAM_MAX} tekens; deze heeft er {len(team)}. Kort hem in.",
                              field="team")
    return team


def list_all_users(db: Database, actor: Actor) -> list[UserRow]:
    audit.require(db, actor, Action.USERS_MANAGE)
    now = clock.now()
    with db.read() as s:
        users = s.exec(select(User).order_by(User.username)).all()
    return [_row(u, now) for u in users]


def add_user(db: Database, actor: Actor, username: str, display_name: str, role: Role | str,
             password: str, *, phone: str | None = None, email: str | None = None,
             team: str | None = None) -> UserRow:
    """A new account; every problem with the input is named at once, and nothing is stored on any."""
    audit.require(db, actor, Action.USERS_MANAGE)
    values, errors = _checked(username, display_name, role, password, phone, email)
    try:
        values["team"] = check_team(team)
    except ValidationError as exc:
        errors["team"] = exc.message
    with db.write() as s:
        name = values.get("username")
        if name and s.exec(select(User.id).where(func.lower(User.username) == name)).first():
            errors["username"] = f"De gebruikersnaam '{name}' bestaat al. Kies een andere."
        if errors:
            raise _refuse("De gebruiker is niet toegevoegd. Herstel eerst:", errors)
        user = User(username=values["username"], display_name=values["display_name"], role=values["role"],
                    password_hash=hash_password(password), phone=values["phone"], email=values["email"],
                    team=values["team"])
        s.add(user)
        s.flush()
        changes: dict[str, list[Any]] = {"username": [None, user.username],
                                         "display_name": [None, user.display_name],
                                         "role": [None, user.role.value]}
        changes.update({k: [None, values[k]] for k in ("phone", "email", "team") if values[k]})
        audit.record(s, actor, "gebruiker.toevoegen", record_type="gebruiker", record_id=user.id, changes=changes)
        return _row(user, clock.now())


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("Kies een rol: consulent, casusregisseur, medewerker of beheerder.",
                              field="role") from None


def set_contact(db: Database, actor: Actor, username: str, *, phone: str | None = None,
                email: str | None = None) -> UserRow:
    """The phone number and e-mail address residents reach this user by (named under 'Heeft u vragen?' in
    every letter). None leaves one as it is; '' clears it. A beheerder sets anyone's; anyone may set their own.
    Both are checked first and stored together in one transaction, or neither is."""
    own = (username or "").strip().casefold() == actor.username
    if not own:
        audit.require(db, actor, Action.USERS_MANAGE)
    errors: dict[str, str] = {}
    values: dict[str, str | None] = {}
    for field, fn, value in (("phone", check_phone, phone), ("email", check_email, email)):
        if value is None:
            continue
        try:
            values[field] = fn(value)
        except ValidationError as exc:
            errors[field] = exc.message
    if errors:
        raise _refuse("De contactgegevens zijn niet opgeslagen. Herstel eerst:", errors)
    with db.write() as s:
        user = _get_user(s, username)
        changes: dict[str, list[Any]] = {field: [getattr(user, field), new] for field, new in values.items()
                                         if getattr(user, field) != new}
        if changes:
            for field, (_, new) in changes.items():
                setattr(user, field, new)
            audit.record(s, actor, "gebruiker.contact", record_type="gebruiker", record_id=user.id,
                         changes=changes)
        return _row(user, clock.now())


def set_team(db: Database, actor: Actor, username: str, team: str | None) -> UserRow:
    """Puts a user in a team (None or blank: in none). Logged with the old and the new team."""
    audit.require(db, actor, Action.USERS_MANAGE)
    new = check_team(team)
    with db.write() as s:
        user = _get_user(s, username)
        if user.team != new:
            audit.record(s, actor, "gebruiker.team", record_type="gebruiker", record_id=user.id,
                         changes={"team": [user.team, new]})
            user.team = new
        return _row(user, clock.now())


def team_names(db: Database) -> list[str]:
    """The teams in use, for the choice in the user form."""
    with db.read() as s:
        return sorted(t for t in s.exec(select(User.team).where(col(User.team).is_not(None)).distinct()) if t)


def _get_user(s: Session, username: str) -> User:
    user = s.exec(select(User).where(func.lower(User.username) == (username or "").strip().casefold())).first()
    if user is None:
        raise NotFoundError(f"Er is geen gebruiker '{username}'.")
    return user


def set_password(db: Database, actor: Actor, username: str, password: str) -> None:
    """A beheerder sets anyone's password; anyone may set their own. Setting it also lifts a lock."""
    own = (username or "").strip().casefold() == actor.username
    if not own:
        audit.require(db, actor, Action.USERS_MANAGE)
    with db.write() as s:
        user = _get_user(s, username)
        check_password_policy(password, user.username)
        user.password_hash = hash_password(password)
        user.failed_attempts = 0
        user.locked_until = None
        audit.record(s, actor, "gebruiker.wachtwoord", record_type="gebruiker", record_id=user.id)


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    audit.require(db, actor, Action.USERS_MANAGE)
    with db.write() as s:
        user = _get_user(s, username)
        if not active and user.role is Role.BEHEERDER and user.active:
            others = s.exec(select(func.count()).select_from(User).where(
                User.role == Role.BEHEERDER, User.active == True, User.id != user.id)).one()  # noqa: E712
            if not others:
                raise KoersError("Dit is de laatste actieve beheerder. Maak eerst een andere beheerder aan; anders "
                                 "kan niemand Koers nog beheren.")
        if user.active != active:
            audit.record(s, actor, "gebruiker.activeren" if active else "gebruiker.uitschakelen",
                         record_type="gebruiker", record_id=user.id, changes={"active": [user.active, active]})
            user.active = active
            if active:
                user.failed_attempts = 0
                user.locked_until = None


def unlock(db: Database, actor: Actor, username: str) -> None:
    audit.require(db, actor, Action.USERS_MANAGE)
    with db.write() as s:
        user = _get_user(s, username)
        user.failed_attempts = 0
        user.locked_until = None
        audit.record(s, actor, "gebruiker.vrijgeven", record_type="gebruiker", record_id=user.id)


def first_username(db: Database, role: Role | str) -> str | None:
    """The oldest account of a role: the one the sign-in screen of a demo database names as an example."""
    with db.read() as s:
        return s.exec(select(User.username).where(User.role == Role(role)).order_by(col(User.id))).first()


@dataclass(frozen=True)
class UserChoice:
    id: int
    display_name: str
    role: Role


def team_of(db: Database, user_id: int) -> str | None:
    with db.read() as s:
        return s.exec(select(User.team).where(User.id == user_id)).first()


def list_users(db: Database, role: Role | None = None, *, active_only: bool = True,
               team: str | None = None) -> list[UserChoice]:
    """Users to choose from, by name; `team`: only that team's."""
    stmt = select(User.id, User.display_name, User.role).order_by(User.display_name)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if team is not None:
        stmt = stmt.where(User.team == team)
    if active_only:
        stmt = stmt.where(User.active == True)  # noqa: E712
    with db.read() as s:
        return [UserChoice(*row) for row in s.exec(stmt).all()]
