"""Signing in, and the password rules. Passwords are hashed with argon2id (argon2-cffi), never by our own code.

Repeated failures slow down and then lock the account; both are stored on the user row,
so they hold across restarts and workstations.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func
from sqlmodel import select

from db import clock
from db.engine import Database
from db.models import User
from desktop.core.access import audit
from desktop.core.access.actor import Actor, workstation_name
from desktop.core.errors import KoersError, ValidationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
SLOW_DOWN_AFTER = 3  # failures before each further attempt must wait
LOCK_AFTER = 5  # failures before the account is locked
LOCK_MINUTES = 15
_COMMON = {"wachtwoord", "welkom", "password", "qwerty", "123456", "gemeente", "koers", "zomer", "winter",
           "voorjaar", "najaar", "letmein", "admin", "beheerder"}
_hasher = PasswordHasher()  # argon2id with the library's current defaults (RFC 9106 low-memory profile)
_DUMMY_HASH: str | None = None  # made by the first sign-in with an unknown name, not at import: it costs 80 ms


class SignInError(KoersError):
    """Signing in failed; the message never tells whether the user name exists."""


def check_password_policy(password: str, username: str = "") -> None:
    """Length over complexity (as the NCSC advises): at least 12 characters, not an obvious word."""
    if not password:
        raise ValidationError("Vul een wachtwoord in.", field="password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens; dit heeft er "
                              f"{len(password)}. Een zin van een paar woorden is sterk en goed te onthouden.",
                              field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"Een wachtwoord heeft hoogstens {MAX_PASSWORD_LENGTH} tekens.", field="password")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise ValidationError("Een wachtwoord mag geen stuurtekens bevatten.", field="password")
    lowered = password.casefold()
    if username and username.casefold() in lowered:
        raise ValidationError("Een wachtwoord mag de gebruikersnaam niet bevatten.", field="password")
    core = re.sub(r"[^a-z]", "", lowered)
    if core in _COMMON or len(set(password)) < 4:
        raise ValidationError("Dit wachtwoord is te voor de hand liggend. Kies iets dat niet te raden is.",
                              field="password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    if not stored:
        _as_long_as_a_check(password)
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _as_long_as_a_check(password: str) -> None:
    """One argon2 run with the current parameters, as checking a real password takes, so the time never tells
    whether a name exists. The first time that run makes the dummy hash; later times check against it."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("koers-dummy-password-for-timing")
        return
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        pass


def has_users(db: Database) -> bool:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(User)).one() > 0


def actor_for(user: User, workstation: str) -> Actor:
    assert user.id is not None  # read from the database or flushed
    return Actor(user.id, user.username, user.display_name, user.role, workstation)


def sign_in(db: Database, username: str, password: str, *, workstation: str | None = None,
            now: datetime | None = None) -> Actor:
    """Returns the Actor, or raises SignInError in Dutch. Every attempt is in the access log."""
    now = now or clock.now()
    workstation = workstation or workstation_name()
    name = (username or "").strip().casefold()
    refusal: str | None = None
    with db.write() as s:
        user = s.exec(select(User).where(func.lower(User.username) == name)).first()
        if user is not None and user.locked_until and user.locked_until <= now and user.failed_attempts >= LOCK_AFTER:
            user.failed_attempts = 0  # a lock that has run out starts the count afresh
        if user is None:
            _verify(None, password)  # same time as a real check: no hint whether the name exists
            # What was typed is not logged: it may be a password typed into the wrong field.
            audit.record_raw(s, user_id=None, username="(onbekende naam)", role="", workstation=workstation,
                             action="aanmelden", outcome="mislukt")
            refusal = "Gebruikersnaam of wachtwoord klopt niet."
        elif not user.active:
            correct = _verify(user.password_hash, password)
            audit.record_raw(s, user_id=user.id, username=user.username, role=user.role.value,
                             workstation=workstation, action="aanmelden", outcome="mislukt")
            # Only someone who knows the password learns that the account exists but is switched off.
            refusal = ("Dit account is uitgeschakeld. Vraag de beheerder om het weer aan te zetten." if correct
                       else "Gebruikersnaam of wachtwoord klopt niet.")
        elif user.locked_until and user.locked_until > now:
            audit.record_raw(s, user_id=user.id, username=user.username, role=user.role.value,
                             workstation=workstation, action="aanmelden", outcome="geblokkeerd")
            refusal = _locked_message(user.locked_until, now)
        elif not _verify(user.password_hash, password):
            user.failed_attempts += 1
            if user.failed_attempts >= LOCK_AFTER:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                refusal = (f"Het wachtwoord klopt niet. Na {LOCK_AFTER} mislukte pogingen is het account "
                           f"{LOCK_MINUTES} minuten geblokkeerd. De beheerder kan het eerder vrijgeven.")
            elif user.failed_attempts >= SLOW_DOWN_AFTER:
                wait = 5 * 2 ** (user.failed_attempts - SLOW_DOWN_AFTER)
                user.locked_until = now + timedelta(seconds=wait)
                left = LOCK_AFTER - user.failed_attempts
                refusal = (f"Gebruikersnaam of wachtwoord klopt niet. Wacht {wait} seconden voor een nieuwe "
                           f"poging; na nog {left} mislukte {'poging' if left == 1 else 'pogingen'} wordt het "
                           "account geblokkeerd.")
            else:
                refusal = "Gebruikersnaam of wachtwoord klopt niet."
            audit.record_raw(s, user_id=user.id, username=user.username, role=user.role.value,
                             workstation=workstation, action="aanmelden", outcome="mislukt")
        else:
            user.failed_attempts = 0
            user.locked_until = None
            assert user.password_hash is not None  # _verify refuses a missing hash
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.record_raw(s, user_id=user.id, username=user.username, role=user.role.value,
                             workstation=workstation, action="aanmelden", outcome="ok")
            return actor_for(user, workstation)
    raise SignInError(refusal)


def _locked_message(until: datetime, now: datetime) -> str:
    seconds = int((until - now).total_seconds()) + 1
    wait = f"{seconds} seconden" if seconds < 120 else f"{(seconds + 59) // 60} minuten"
    return f"Te veel mislukte pogingen. Probeer het over {wait} opnieuw, of vraag de beheerder het account vrij " \
           "te geven."


def verify_again(db: Database, actor: Actor, password: str) -> None:
    """Unlocking the idle-locked screen: the same user, the same lockout rules."""
    sign_in(db, actor.username, password, workstation=actor.workstation)
