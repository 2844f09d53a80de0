"""Signing in and managing users: password policy, argon2id, slow-down and lockout, the last beheerder."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from db import clock
from db.models import User
from db.models.enums import Role
from desktop.core.access import signin, users
from desktop.core.access.audit import PermissionDenied
from desktop.core.access.signin import SignInError, check_password_policy, sign_in
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "groene kikker zwemt 77"
CONSULENT = "t.consulent"
REAL_HASHER = signin._hasher  # taken at import, before `cheap_argon2` swaps in a fast one for each test

pytestmark = pytest.mark.usefixtures("cheap_argon2")


def test_passwords_are_hashed_with_argon2id_and_strong_parameters():
    """The real hasher (the tests below use a cheap one): argon2id, at least OWASP's 19 MiB / 2 passes."""
    from argon2 import Type, extract_parameters

    params = extract_parameters(REAL_HASHER.hash(NEW_PASSWORD))
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert REAL_HASHER.verify(REAL_HASHER.hash(NEW_PASSWORD), NEW_PASSWORD)


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(db, actors):
    from argon2 import PasswordHasher, extract_parameters

    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(TEST_PASSWORD)
    with db.write() as s:
        s.exec(select(User).where(User.username == CONSULENT)).one().password_hash = old
    sign_in(db, CONSULENT, TEST_PASSWORD)
    renewed = user_row(db, CONSULENT).password_hash
    assert renewed != old and renewed.startswith("$argon2id$")
    assert extract_parameters(renewed) == extract_parameters(signin._hasher.hash("x"))


def user_row(db, username: str) -> User:
    with db.read() as s:
        return s.exec(select(User).where(User.username == username)).one()


def user_rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM app_user ORDER BY id"))]


def audit_rows(db, action: str | None = None) -> list[dict]:
    with db.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM audit_entry ORDER BY id"))]
    return [r for r in rows if action is None or r["action"] == action]


def refused_sign_in(db, username: str, password: str, now=None) -> str:
    with pytest.raises(SignInError) as info:
        sign_in(db, username, password, workstation="pc-12", now=now)
    return info.value.message


# ---------------------------------------------------------------- password policy


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("", "Vul een wachtwoord in"),
        ("a1b2c3d4e5f", "minstens 12 tekens; dit heeft er 11"),
        ("x" * 129, "hoogstens 128"),
        ("ik ben jbakker van koers", "gebruikersnaam"),
        ("Ik Ben JBakker Van Koers", "gebruikersnaam"),
        ("wachtwoord123", "voor de hand liggend"),
        ("Wachtwoord2026!", "voor de hand liggend"),
        ("Welkom!!2026", "voor de hand liggend"),
        ("abababababababab", "voor de hand liggend"),
        ("lange zin\x00met een nul", "stuurtekens"),
        ("lange zin\tmet een tab", "stuurtekens"),
        ("lange zin met escape\x1b", "stuurtekens"),
        ("lange zin met delete\x7f", "stuurtekens"),
    ],
)
def test_the_password_policy_refuses_in_dutch(password, fragment):
    with pytest.raises(ValidationError) as info:
        check_password_policy(password, "jbakker")
    assert fragment in info.value.message
    assert info.value.field == "password"


@pytest.mark.parametrize("password", [TEST_PASSWORD, "twaalf tekens", "Zomer in de Achterhoek!",
                                      "café crème brûlée"])
def test_the_password_policy_accepts_long_passphrases(password):
    check_password_policy(password, "jbakker")


@pytest.mark.parametrize(("password", "fragment"), [("", "Vul een wachtwoord in"), ("kort", "minstens 12"),
                                                     ("jbakker-is-de-baas", "gebruikersnaam"),
                                                     ("wachtwoord123", "voor de hand")])
def test_add_user_with_a_bad_password_stores_nothing(db, actors, password, fragment):
    before = user_rows(db)
    with pytest.raises(ValidationError) as info:
        users.add_user(db, actors.beheerder, "jbakker", "Jan Bakker", "consulent", password)
    assert fragment in info.value.message
    assert user_rows(db) == before
    assert not audit_rows(db, "gebruiker.toevoegen")


# ---------------------------------------------------------------- users


def test_the_first_beheerder_gets_an_argon2id_hash(db):
    actor = users.create_first_beheerder(db, " JBakker ", "Jan Bakker", NEW_PASSWORD, workstation="pc-1")
    assert (actor.username, actor.role, actor.workstation) == ("jbakker", Role.BEHEERDER, "pc-1")
    row = user_row(db, "jbakker")
    assert row.password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in row.password_hash
    assert sign_in(db, "jbakker", NEW_PASSWORD).role is Role.BEHEERDER
    line = audit_rows(db, "gebruiker.toevoegen")[0]
    assert (line["username"], line["role"], line["outcome"]) == ("jbakker", "beheerder", "ok")
    # Only on a database without users:
    with pytest.raises(KoersError) as info:
        users.create_first_beheerder(db, "tweede", "Tweede Beheerder", NEW_PASSWORD)
    assert "al gebruikers" in info.value.message
    assert len(user_rows(db)) == 1


def test_add_user_hashes_with_argon2id_and_logs_without_the_password(db, actors):
    row = users.add_user(db, actors.beheerder, "JBakker", "Jan Bakker", "medewerker", NEW_PASSWORD)
    assert (row.username, row.role, row.active, row.locked) == ("jbakker", Role.MEDEWERKER, True, False)
    assert user_row(db, "jbakker").password_hash.startswith("$argon2id$")
    line = audit_rows(db, "gebruiker.toevoegen")[-1]
    assert line["username"] == actors.beheerder.username and line["record_id"] == row.id
    assert NEW_PASSWORD not in str(audit_rows(db))
    assert sign_in(db, "jbakker", NEW_PASSWORD).role is Role.MEDEWERKER


@pytest.mark.parametrize("name", ["t.consulent", "T.Consulent", "  T.CONSULENT "])
def test_a_user_name_that_already_exists_is_refused_whatever_its_case(db, actors, name):
    before = user_rows(db)
    with pytest.raises(ValidationError) as info:
        users.add_user(db, actors.beheerder, name, "Dubbel", "consulent", NEW_PASSWORD)
    assert "bestaat al" in info.value.message and info.value.field == "username"
    assert user_rows(db) == before


@pytest.mark.parametrize(("name", "fragment"), [("", "Vul een gebruikersnaam in"), ("j", "2 tot 64"),
                                                ("jan bakker", "2 tot 64"), ("jan;drop", "2 tot 64"),
                                                ("j" * 65, "2 tot 64")])
def test_a_bad_user_name_is_refused(db, actors, name, fragment):
    before = user_rows(db)
    with pytest.raises(ValidationError) as info:
        users.add_user(db, actors.beheerder, name, "Jan", "consulent", NEW_PASSWORD)
    assert fragment in info.value.message
    assert user_rows(db) == before


def test_an_unknown_role_is_refused(db, actors):
    with pytest.raises(ValidationError) as info:
        users.add_user(db, actors.beheerder, "jbakker", "Jan", "directeur", NEW_PASSWORD)
    assert "Kies een rol" in info.value.message


def test_list_all_users(db, actors):
    rows = users.list_all_users(db, actors.beheerder)
    assert [(u.username, u.role) for u in rows] == sorted(
        [(a.username, a.role) for a in (actors.consulent, actors.consulent2, actors.casusregisseur,
                                        actors.medewerker, actors.beheerder, actors.controller)])
    assert all(u.active and not u.locked for u in rows)


def test_disabling_the_last_active_beheerder_is_refused_and_changes_nothing(db, actors):
    before = user_rows(db)
    with pytest.raises(KoersError) as info:
        users.set_active(db, actors.beheerder, actors.beheerder.username, False)
    assert "laatste actieve beheerder" in info.value.message
    assert user_rows(db) == before
    assert not audit_rows(db, "gebruiker.uitschakelen")

    # A second beheerder who is disabled does not count either.
    users.add_user(db, actors.beheerder, "tweede", "Tweede Beheerder", "beheerder", NEW_PASSWORD)
    users.set_active(db, actors.beheerder, "tweede", False)
    with pytest.raises(KoersError):
        users.set_active(db, actors.beheerder, actors.beheerder.username, False)
    assert user_row(db, actors.beheerder.username).active

    # With another active beheerder it is allowed.
    users.set_active(db, actors.beheerder, "tweede", True)
    users.set_active(db, actors.beheerder, actors.beheerder.username, False)
    assert not user_row(db, actors.beheerder.username).active
    assert audit_rows(db, "gebruiker.uitschakelen")[-1]["record_id"] == actors.beheerder.user_id


def test_a_disabled_user_cannot_sign_in_until_enabled(db, actors):
    users.set_active(db, actors.beheerder, CONSULENT, False)
    assert "uitgeschakeld" in refused_sign_in(db, CONSULENT, TEST_PASSWORD)
    assert [u.active for u in users.list_all_users(db, actors.beheerder) if u.username == CONSULENT] == [False]
    users.set_active(db, actors.beheerder, CONSULENT, True)
    assert sign_in(db, CONSULENT, TEST_PASSWORD).username == CONSULENT


def test_managing_an_unknown_user(db, actors):
    for call in (lambda: users.set_active(db, actors.beheerder, "niemand", False),
                 lambda: users.unlock(db, actors.beheerder, "niemand"),
                 lambda: users.set_password(db, actors.beheerder, "niemand", NEW_PASSWORD)):
        with pytest.raises(NotFoundError) as info:
            call()
        assert "niemand" in info.value.message


# ---------------------------------------------------------------- signing in


def test_sign_in_returns_the_actor_and_ignores_the_case_of_the_name(db, actors):
    actor = sign_in(db, "  T.Consulent ", TEST_PASSWORD, workstation="pc-12")
    assert actor == actors.consulent.__class__(actors.consulent.user_id, CONSULENT, "Carla Consulent",
                                               Role.CONSULENT, "pc-12")
    line = audit_rows(db, "aanmelden")[-1]
    assert (line["username"], line["role"], line["workstation"], line["outcome"], line["user_id"]) == \
        (CONSULENT, "consulent", "pc-12", "ok", actors.consulent.user_id)


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(db, actors):
    wrong = refused_sign_in(db, CONSULENT, "niet het goede wachtwoord")
    unknown = refused_sign_in(db, "niemand", TEST_PASSWORD)
    assert wrong == unknown == "Gebruikersnaam of wachtwoord klopt niet."
    assert user_row(db, CONSULENT).failed_attempts == 1
    lines = audit_rows(db, "aanmelden")
    # An unknown name is not logged as typed: it may be a password typed into the wrong field.
    assert [(r["username"], r["user_id"], r["outcome"]) for r in lines] == \
        [(CONSULENT, actors.consulent.user_id, "mislukt"), ("(onbekende naam)", None, "mislukt")]


def test_an_unknown_name_costs_one_argon2_run_like_a_known_one_and_import_makes_no_hash(db, actors, monkeypatch):
    """The dummy hash that hides whether a name exists is made by the first unknown name, not at import (80 ms of
    every start); that run is then the whole cost of the attempt, so it takes no longer than the next one."""
    from argon2 import PasswordHasher

    from tests.conftest import CHEAP_ARGON2

    runs: list[str] = []

    class Counting(PasswordHasher):
        def hash(self, password, *, salt=None):
            runs.append("hash")
            return super().hash(password, salt=salt)

        def verify(self, hash, password):
            runs.append("verify")
            return super().verify(hash, password)

    monkeypatch.setattr(signin, "_hasher", Counting(**CHEAP_ARGON2))
    monkeypatch.setattr(signin, "_DUMMY_HASH", None)
    refused_sign_in(db, "niemand", TEST_PASSWORD)
    assert runs == ["hash"] and signin._DUMMY_HASH is not None
    refused_sign_in(db, "ook niemand", TEST_PASSWORD)
    refused_sign_in(db, CONSULENT, "niet het goede wachtwoord")
    assert runs == ["hash", "verify", "verify"]
    code = "import desktop.core.access.signin as s; print(s._DUMMY_HASH)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "None\n"


def test_three_failures_slow_down_even_the_right_password(db, actors):
    t0 = clock.now()
    for _ in range(2):
        assert refused_sign_in(db, CONSULENT, "fout fout fout", now=t0) == "Gebruikersnaam of wachtwoord klopt niet."
    third = refused_sign_in(db, CONSULENT, "fout fout fout", now=t0)
    assert "Wacht 5 seconden" in third and "nog 2 mislukte pogingen" in third
    row = user_row(db, CONSULENT)
    assert row.failed_attempts == 3 and row.locked_until == t0 + timedelta(seconds=5)

    during = refused_sign_in(db, CONSULENT, TEST_PASSWORD, now=t0 + timedelta(seconds=1))
    assert "seconden" in during and "Probeer het over" in during
    assert user_row(db, CONSULENT).failed_attempts == 3, "a refused attempt during the wait counts no failure"
    assert audit_rows(db, "aanmelden")[-1]["outcome"] == "geblokkeerd"

    actor = sign_in(db, CONSULENT, TEST_PASSWORD, now=t0 + timedelta(seconds=6))
    assert actor.user_id == actors.consulent.user_id
    row = user_row(db, CONSULENT)
    assert (row.failed_attempts, row.locked_until) == (0, None)


def test_five_failures_lock_the_account_for_fifteen_minutes(db, actors):
    t0 = clock.now()
    refused_sign_in(db, CONSULENT, "fout fout fout", now=t0)
    refused_sign_in(db, CONSULENT, "fout fout fout", now=t0)
    refused_sign_in(db, CONSULENT, "fout fout fout", now=t0)  # wait 5 s
    fourth = refused_sign_in(db, CONSULENT, "fout fout fout", now=t0 + timedelta(seconds=6))
    assert "Wacht 10 seconden" in fourth and "nog 1 mislukte poging " in fourth
    t5 = t0 + timedelta(seconds=17)
    fifth = refused_sign_in(db, CONSULENT, "fout fout fout", now=t5)
    assert "geblokkeerd" in fifth and "15 minuten" in fifth
    assert user_row(db, CONSULENT).locked_until == t5 + timedelta(minutes=15)
    assert [u.locked for u in users.list_all_users(db, actors.beheerder) if u.username == CONSULENT] == [True]

    later = refused_sign_in(db, CONSULENT, TEST_PASSWORD, now=t5 + timedelta(minutes=1, seconds=30))
    assert "14 minuten" in later
    almost = refused_sign_in(db, CONSULENT, TEST_PASSWORD, now=t5 + timedelta(minutes=14, seconds=30))
    assert "31 seconden" in almost

    actor = sign_in(db, CONSULENT, TEST_PASSWORD, now=t5 + timedelta(minutes=15, seconds=1))
    assert actor.username == CONSULENT
    assert user_row(db, CONSULENT).failed_attempts == 0
    outcomes = [r["outcome"] for r in audit_rows(db, "aanmelden")]
    assert outcomes == ["mislukt"] * 5 + ["geblokkeerd"] * 2 + ["ok"]


def test_every_sign_in_attempt_is_logged_without_the_password(db, actors):
    t0 = clock.now()
    sign_in(db, CONSULENT, TEST_PASSWORD, now=t0)
    for _ in range(3):
        refused_sign_in(db, CONSULENT, "geheim-maar-fout-1", now=t0)
    refused_sign_in(db, CONSULENT, TEST_PASSWORD, now=t0)
    refused_sign_in(db, "onbekend", "geheim-maar-fout-2", now=t0)
    users.set_active(db, actors.beheerder, "t.medewerker", False)
    refused_sign_in(db, "t.medewerker", TEST_PASSWORD, now=t0)
    lines = audit_rows(db, "aanmelden")
    assert [(r["username"], r["outcome"]) for r in lines] == [
        (CONSULENT, "ok"), (CONSULENT, "mislukt"), (CONSULENT, "mislukt"), (CONSULENT, "mislukt"),
        (CONSULENT, "geblokkeerd"), ("(onbekende naam)", "mislukt"), ("t.medewerker", "mislukt")]
    assert all(r["workstation"] == "pc-12" for r in lines[1:])
    dump = str(audit_rows(db))
    for secret in (TEST_PASSWORD, "geheim-maar-fout-1", "geheim-maar-fout-2"):
        assert secret not in dump


# ---------------------------------------------------------------- passwords and locks


def lock(db, username: str) -> None:
    now = clock.now()
    for i in range(5):
        refused_sign_in(db, username, "fout fout fout", now=now + timedelta(seconds=20 * i))
    assert user_row(db, username).failed_attempts == 5


def test_a_beheerder_setting_a_password_lifts_the_lock(db, actors):
    lock(db, CONSULENT)
    refused_sign_in(db, CONSULENT, TEST_PASSWORD)
    users.set_password(db, actors.beheerder, "T.Consulent", NEW_PASSWORD)
    row = user_row(db, CONSULENT)
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert row.password_hash.startswith("$argon2id$")
    refused_sign_in(db, CONSULENT, TEST_PASSWORD)
    assert sign_in(db, CONSULENT, NEW_PASSWORD).username == CONSULENT
    line = audit_rows(db, "gebruiker.wachtwoord")[-1]
    assert (line["username"], line["record_id"]) == (actors.beheerder.username, actors.consulent.user_id)


def test_a_beheerder_can_unlock_without_changing_the_password(db, actors):
    lock(db, CONSULENT)
    users.unlock(db, actors.beheerder, CONSULENT)
    assert sign_in(db, CONSULENT, TEST_PASSWORD).username == CONSULENT
    assert audit_rows(db, "gebruiker.vrijgeven")[-1]["record_id"] == actors.consulent.user_id


def test_a_consulent_may_set_their_own_password_but_not_anothers(db, actors):
    users.set_password(db, actors.consulent, CONSULENT, NEW_PASSWORD)
    assert sign_in(db, CONSULENT, NEW_PASSWORD).username == CONSULENT

    before = user_row(db, "t.medewerker").password_hash
    with pytest.raises(PermissionDenied) as info:
        users.set_password(db, actors.consulent, "t.medewerker", NEW_PASSWORD)
    assert "Uw rol (consulent) mag dit niet" in info.value.message
    assert user_row(db, "t.medewerker").password_hash == before
    assert sign_in(db, "t.medewerker", TEST_PASSWORD).username == "t.medewerker"


@pytest.mark.parametrize(("password", "fragment"), [("", "Vul een wachtwoord in"), ("te kort", "minstens 12"),
                                                     ("ik ben t.consulent", "gebruikersnaam")])
def test_a_bad_new_password_changes_nothing(db, actors, password, fragment):
    before = user_row(db, CONSULENT).password_hash
    with pytest.raises(ValidationError) as info:
        users.set_password(db, actors.consulent, CONSULENT, password)
    assert fragment in info.value.message
    assert user_row(db, CONSULENT).password_hash == before
    assert not audit_rows(db, "gebruiker.wachtwoord")


def test_verify_again_uses_the_same_rules(db, actors):
    signin.verify_again(db, actors.consulent, TEST_PASSWORD)
    with pytest.raises(SignInError):
        signin.verify_again(db, actors.consulent, "fout fout fout")
    assert user_row(db, CONSULENT).failed_attempts == 1
