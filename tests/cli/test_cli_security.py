"""`koers user`, `--as`, `koers backup`/`restore` and `koers audit`: Dutch errors, exit 1, nothing stored."""

from __future__ import annotations

import csv
import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ADMIN_PASSWORD = "paarse olifant fietst 42"
CARLA_PASSWORD = "groene kikker zwemt 77"
OTHER_PASSWORD = "blauwe reiger vist 1903"


pytestmark = pytest.mark.usefixtures("cheap_argon2_module")  # sign-in heavy; tests/unit/test_auth.py checks
#                                                              the real argon2 parameters


@pytest.fixture(autouse=True)
def no_default_database(tmp_path, monkeypatch):
    """A command that forgets --db must not reach the user's own database: $KOERS_DB points at a decoy."""
    decoy = tmp_path / "lokaas" / "niet-gebruiken.sqlite"
    monkeypatch.setenv("KOERS_DB", str(decoy))
    monkeypatch.delenv("KOERS_PASSWORD", raising=False)
    monkeypatch.delenv("KOERS_NEW_PASSWORD", raising=False)
    return decoy


@pytest.fixture
def run(capsys, monkeypatch):
    """run(*args, password=..., new_password=...) -> (exit code, stdout, stderr), in-process."""

    def call(*args: str, password: str | None = None, new_password: str | None = None):
        for name, value in (("KOERS_PASSWORD", password), ("KOERS_NEW_PASSWORD", new_password)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture(scope="module")
def team_template(cheap_argon2_module, template_db_path, tmp_path_factory) -> Path:
    """A database with the first beheerder ('beheer') and a consulent ('carla'), made once through the core.

    The same two accounts made through `koers user add`: test_first_user_add_then_a_consulent.
    """
    from db.engine import Database
    from desktop.core.access import users as auth

    path = tmp_path_factory.mktemp("team") / "k.sqlite"
    shutil.copyfile(template_db_path, path)
    database = Database(f"sqlite:///{path}")
    beheer = auth.create_first_beheerder(database, "beheer", "Bea Beheer", ADMIN_PASSWORD)
    auth.add_user(database, beheer, "carla", "Carla Consulent", "consulent", CARLA_PASSWORD)
    database.dispose()
    return path


@pytest.fixture
def team(team_template, tmp_path) -> str:
    path = tmp_path / "k.sqlite"
    shutil.copyfile(team_template, path)
    return str(path)


def users(run, path: str) -> dict[str, dict]:
    code, out, err = run("user", "list", "--db", path, "--as", "beheer", "--json", password=ADMIN_PASSWORD)
    assert code == 0, err
    return {u["username"]: u for u in json.loads(out)}


def search_as_carla(run, path: str, password: str):
    return run("resident", "search", "--db", path, "--as", "carla", "--json", password=password)


# ---------------------------------------------------------------- koers user


def test_first_user_add_then_a_consulent(tmp_path, run):
    path = str(tmp_path / "nieuw.sqlite")
    code, _, err = run("user", "list", "--db", path, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 1 and "klopt niet" in err  # no users yet
    code, out, err = run("user", "add", "beheer", "--name", "Bea Beheer", "--db", path,
                         new_password=ADMIN_PASSWORD)
    assert code == 0, err
    assert "Eerste gebruiker beheer aangemaakt als beheerder" in out
    code, out, err = run("user", "add", "carla", "--name", "Carla Consulent", "--role", "consulent", "--db", path,
                         "--as", "beheer", "--json", password=ADMIN_PASSWORD, new_password=CARLA_PASSWORD)
    assert code == 0, err
    assert json.loads(out) == {"username": "carla", "role": "consulent", "phone": None, "email": None}
    assert {u: r["role"] for u, r in users(run, path).items()} == {"beheer": "beheerder", "carla": "consulent"}
    assert search_as_carla(run, path, CARLA_PASSWORD)[0] == 0
    # A second `user add` without --as is no longer a first user:
    code, _, err = run("user", "add", "eve", "--name", "Eve", "--role", "beheerder", "--db", path,
                       password=ADMIN_PASSWORD, new_password=OTHER_PASSWORD)
    assert code == 1 and "--as" in err
    assert "eve" not in users(run, path)


def test_user_list_shows_roles_and_state(team, run):
    assert users(run, team) == {
        "beheer": {"username": "beheer", "name": "Bea Beheer", "role": "beheerder", "active": True, "locked": False,
                   "phone": None, "email": None, "team": None},
        "carla": {"username": "carla", "name": "Carla Consulent", "role": "consulent", "active": True,
                  "locked": False, "phone": None, "email": None, "team": None}}
    code, out, _ = run("user", "list", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 0 and "carla" in out and "consulent" in out and "actief" in out


def test_passwd_disable_enable_and_unlock(team, run):
    assert search_as_carla(run, team, CARLA_PASSWORD)[0] == 0

    code, out, err = run("user", "passwd", "carla", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD,
                         new_password=OTHER_PASSWORD)
    assert code == 0, err
    code, _, err = search_as_carla(run, team, CARLA_PASSWORD)
    assert code == 1 and "klopt niet" in err
    assert search_as_carla(run, team, OTHER_PASSWORD)[0] == 0

    assert run("user", "disable", "carla", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)[0] == 0
    code, _, err = search_as_carla(run, team, OTHER_PASSWORD)
    assert code == 1 and "uitgeschakeld" in err
    assert users(run, team)["carla"]["active"] is False
    assert run("user", "enable", "carla", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)[0] == 0
    assert search_as_carla(run, team, OTHER_PASSWORD)[0] == 0

    for _ in range(3):
        search_as_carla(run, team, "fout fout fout")
    code, _, err = search_as_carla(run, team, OTHER_PASSWORD)
    assert code == 1 and "Probeer het over" in err
    code, out, err = run("user", "unlock", "carla", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 0 and "Blokkade van carla opgeheven" in out, err
    assert search_as_carla(run, team, OTHER_PASSWORD)[0] == 0


def test_disabling_the_last_beheerder_is_refused(team, run):
    code, out, err = run("user", "disable", "beheer", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 1 and out == ""
    assert err.startswith("koers: ") and "laatste actieve beheerder" in err
    assert users(run, team)["beheer"]["active"] is True


@pytest.mark.parametrize(("args", "new_password", "fragment"), [
    (("carla", "--name", "Nog een Carla"), OTHER_PASSWORD, "bestaat al"),
    (("CARLA", "--name", "Nog een Carla"), OTHER_PASSWORD, "bestaat al"),
    (("jan", "--name", "Jan"), "kort", "minstens 12"),
    (("jan", "--name", "Jan"), "jan is de baas hier", "gebruikersnaam"),
    (("jan", "--name", "Jan"), "wachtwoord123", "voor de hand liggend"),
    (("jan bakker", "--name", "Jan"), OTHER_PASSWORD, "2 tot 64 tekens"),
])
def test_user_add_refuses_bad_input_and_stores_nothing(team, run, args, new_password, fragment):
    before = users(run, team)
    code, out, err = run("user", "add", *args, "--db", team, "--as", "beheer", password=ADMIN_PASSWORD,
                         new_password=new_password)
    assert code == 1 and out == "" and fragment in err
    assert users(run, team) == before


def test_an_unknown_role_is_a_usage_error(team, run):
    with pytest.raises(SystemExit) as info:
        run("user", "add", "jan", "--name", "Jan", "--role", "directeur", "--db", team, "--as", "beheer",
            password=ADMIN_PASSWORD, new_password=OTHER_PASSWORD)
    assert info.value.code == 2


def test_a_consulent_may_not_manage_users(team, run):
    code, _, err = run("user", "add", "jan", "--name", "Jan", "--db", team, "--as", "carla",
                       password=CARLA_PASSWORD, new_password=OTHER_PASSWORD)
    assert code == 1 and "Uw rol (consulent) mag dit niet" in err
    assert "jan" not in users(run, team)


def test_a_wrong_password_is_refused(team, run):
    code, out, err = run("user", "list", "--db", team, "--as", "beheer", password="niet het goede wachtwoord")
    assert (code, out) == (1, "")
    assert "Gebruikersnaam of wachtwoord klopt niet" in err


def test_without_a_password_the_command_says_where_to_put_it(team, run):
    code, _, err = run("user", "list", "--db", team, "--as", "beheer")
    assert code == 1 and "KOERS_PASSWORD" in err


def test_resident_commands_need_as(team, run):
    for args in (("resident", "search", "jan"), ("resident", "show", "K0000001"), ("audit",)):
        code, out, err = run(*args, "--db", team, password=ADMIN_PASSWORD)
        assert code == 1 and out == ""
        assert "--as GEBRUIKERSNAAM" in err


def test_a_beheerder_may_not_search_residents(team, run):
    code, _, err = run("resident", "search", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 1 and "Uw rol (beheerder) mag dit niet: inwoners zoeken" in err


def test_a_new_users_password_is_never_the_sign_in_password(team, run):
    """Without $KOERS_NEW_PASSWORD (and no terminal to ask), `user add`/`passwd` must refuse, not silently
    give the new account the password of the beheerder who signs in with $KOERS_PASSWORD."""
    code, _, err = run("user", "add", "jan", "--name", "Jan", "--db", team, "--as", "beheer",
                       password=ADMIN_PASSWORD)
    assert code == 1 and "KOERS_NEW_PASSWORD" in err
    assert "jan" not in users(run, team)
    code, _, err = run("user", "passwd", "carla", "--db", team, "--as", "beheer", password=ADMIN_PASSWORD)
    assert code == 1 and "KOERS_NEW_PASSWORD" in err
    assert search_as_carla(run, team, CARLA_PASSWORD)[0] == 0


def test_the_first_user_takes_the_new_password_from_koers_new_password(tmp_path, run):
    path = str(tmp_path / "k.sqlite")
    code, out, err = run("user", "add", "beheer", "--name", "Bea Beheer", "--db", path, new_password=ADMIN_PASSWORD)
    assert code == 0, err
    assert users(run, path)["beheer"]["role"] == "beheerder"


def test_global_options_before_the_command_are_not_lost(team, run, no_default_database):
    """`koers --db K --as beheer user list`: options given before the sub-command count like any other."""
    code, out, err = run("--db", team, "--as", "beheer", "user", "list", "--json", password=ADMIN_PASSWORD)
    assert code == 0, err
    assert {u["username"] for u in json.loads(out)} == {"beheer", "carla"}
    assert not no_default_database.parent.exists(), "the default database ($KOERS_DB) was opened instead"


# ---------------------------------------------------------------- koers audit


def test_audit_lists_filters_and_exports_csv(team, run, tmp_path):
    search_as_carla(run, team, CARLA_PASSWORD)
    search_as_carla(run, team, "fout fout fout")
    code, out, err = run("audit", "--db", team, "--as", "beheer", "--user", "carla", "--json",
                         password=ADMIN_PASSWORD)
    assert code == 0, err
    lines = json.loads(out)
    assert [(r["action"], r["outcome"]) for r in lines][:3] == \
        [("aanmelden", "mislukt"), ("inwoner.zoeken", "ok"), ("aanmelden", "ok")]
    assert {r["user"] for r in lines} == {"carla"}
    assert lines[1]["action_text"] == "Inwoners gezocht" and "Zoekterm: (afgeschermd)" in lines[1]["changes_text"]
    code, out, err = run("audit", "--db", team, "--as", "beheer", "--user", "carla", password=ADMIN_PASSWORD)
    assert code == 0 and "Inwoners gezocht" in out and "Aangemeld" in out and "inwoner.zoeken" not in out, err

    target = tmp_path / "log.csv"
    code, out, err = run("audit", "--db", team, "--as", "beheer", "--csv", str(target), "--json",
                         password=ADMIN_PASSWORD)
    assert code == 0, err
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["id", "tijdstip", "gebruiker"]
    assert json.loads(out) == {"rows": len(rows) - 1, "file": str(target)}

    code, _, err = run("audit", "--db", team, "--as", "beheer", "--csv", str(tmp_path / "weg" / "log.csv"),
                       password=ADMIN_PASSWORD)
    assert code == 1 and "bestaat niet" in err
    code, _, err = run("audit", "--db", team, "--as", "carla", password=CARLA_PASSWORD)
    assert code == 1 and "Uw rol (consulent) mag dit niet" in err


# ---------------------------------------------------------------- koers backup / restore


def koers(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_")}
    env["KOERS_DB"] = "/nonexistent/should-not-be-used.sqlite"
    if password:
        env["KOERS_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_backup_then_restore_round_trip(team, tmp_path, run, today):
    folder = tmp_path / "kopieen"
    code, out, err = run("backup", "--db", team, "--to", str(folder), "--json")
    assert code == 0, err
    backup_file = Path(json.loads(out)["backup"])
    assert backup_file.parent == folder and backup_file.exists()

    code, _, err = run("resident", "add", "--db", team, "--as", "carla", "--bsn", "999900006", "--initials", "J",
                       "--surname", "Na", "--born", "1950-01-01", password=CARLA_PASSWORD)
    assert code == 0, err

    gc.collect()  # the in-process commands above leave engines behind; a restore wants Koers closed
    restored = koers("restore", str(backup_file), "--db", team, "--json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout) == {"restored": team}
    aside = list(Path(team).parent.glob("k.voor-terugzetten-*.sqlite"))
    assert len(aside) == 1

    def surnames(path) -> list[str]:
        conn = sqlite3.connect(path)
        try:
            return [r[0] for r in conn.execute("SELECT surname FROM resident")]
        finally:
            conn.close()

    assert surnames(team) == []
    assert surnames(aside[0]) == ["Na"]
    code, out, err = search_as_carla(run, team, CARLA_PASSWORD)
    assert code == 0 and json.loads(out) == [], err


def test_restore_of_a_damaged_backup_is_refused(team, tmp_path, run):
    broken = tmp_path / "kapot.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = Path(team).read_bytes()
    code, out, err = run("restore", str(broken), "--db", team)
    assert code == 1 and out == ""
    assert "niets teruggezet" in err
    assert Path(team).read_bytes() == before


def test_backup_into_a_folder_that_cannot_be_made(team, tmp_path, run):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    code, _, err = run("backup", "--db", team, "--to", str(blocker / "kopieen"))
    assert code == 1 and "kan niet worden gemaakt" in err
