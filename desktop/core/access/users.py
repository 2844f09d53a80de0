"""Managing users (beheerder), the first beheerder of a new database, and the users other services
list (who can be a vaste consulent)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _username(value: str) -> str:
    name = (value or "").strip().casefold()
    if not name:
        raise ValidationError("Vul een gebruikersnaam in.", field="username")
    if not _USERNAME.match(name):
        raise ValidationError("Een gebruikersnaam heeft 2 tot 64 tekens: kleine letters, cijfers, punt, streepje "
                              "of liggend streepje, bijvoorbeeld 'jbakker'.", field="username")
    return name


def create_first_beheerder(db: Database, username: str, display_name: str, password: str,
                           *, workstation: str | None = None) -> Actor:
    """Only on a database without users: the first account, always a beheerder."""
    name = _username(username)
    shown = clean_text(display_name, "de naam", max_length=120, required=True, field="display_name")
    check_password_policy(password, name)
    workstation = workstation or workstation_name()
    with db.write() as s:
        if s.exec(select(func.count()).select_from(User)).one():
            raise KoersError("Er zijn al gebruikers. Meld u aan, of vraag een beheerder om een account.")
        user = User(username=name, display_name=shown, role=Role.BEHEERDER, password_hash=hash_password(password))
        s.add(user)
        s.flush()
        actor = actor_for(user, workstation)
        audit.record(s, actor, "gebruiker.toevoegen", record_type="gebruiker", record_id=user.id,
                     changes={"username": [None, name], "role": [None, Role.BEHEERDER.value]})
    return actor


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool


def list_all_users(db: Database, actor: Actor) -> list[UserRow]:
    audit.require(db, actor, Action.USERS_MANAGE)
    now = clock.now()
    with db.read() as s:
        users = s.exec(select(User).order_by(User.username)).all()
    return [UserRow(stored_id(u.id), u.username, u.display_name, u.role, u.active,
                    bool(u.locked_until and u.locked_until > now and u.failed_attempts >= LOCK_AFTER))
            for u in users]


def add_user(db: Database, actor: Actor, username: str, display_name: str, role: Role | str,
             password: str) -> UserRow:
    audit.require(db, actor, Action.USERS_MANAGE)
    name = _username(username)
    shown = clean_text(display_name, "de naam", max_length=120, required=True, field="display_name")
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("Kies een rol: consulent, casusregisseur, medewerker of beheerder.",
                              field="role") from None
    check_password_policy(password, name)
    with db.write() as s:
        if s.exec(select(User.id).where(func.lower(User.username) == name)).first():
            raise ValidationError(f"De gebruikersnaam '{name}' bestaat al. Kies een andere.", field="username")
        user = User(username=name, display_name=shown, role=role, password_hash=hash_password(password))
        s.add(user)
        s.flush()
        audit.record(s, actor, "gebruiker.toevoegen", record_type="gebruiker", record_id=user.id,
                     changes={"username": [None, name], "display_name": [None, shown], "role": [None, role.value]})
        return UserRow(stored_id(user.id), user.username, user.display_name, user.role, True, False)


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


def list_users(db: Database, role: Role | None = None, *, active_only: bool = True) -> list[UserChoice]:
    stmt = select(User.id, User.display_name, User.role).order_by(User.display_name)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if active_only:
        stmt = stmt.where(User.active == True)  # noqa: E712
    with db.read() as s:
        return [UserChoice(*row) for row in s.exec(stmt).all()]
