"""Shared fixtures for every test suite (unit, cli, gui).

- `db`: a fresh, fully migrated SQLite database per test, copied from a template that is
  migrated once per session (a migration per test would cost about a second each).
- the clock: fixed for every test at 10:00 (Amsterdam) on FIXED_TODAY, 23 November 2026 unless
  $KOERS_TEST_TODAY names another day (CI runs the suite a second time on 29 February 2028); reading
  the real clock fails the test. `today` gives that date.
- `pg_url` / `pg_fresh_url` / `pg_db`: a PostgreSQL server from $KOERS_TEST_PG_URL; skipped
  when it is not set. Tests that use it carry @pytest.mark.postgres.
"""

from __future__ import annotations

import os

# Before anything can import Qt: GUI tests (tests/gui) run without a display, on a screen the size of the common
# municipal laptop (1366×768) instead of Qt's offscreen 800×600, so windows open as they would there.
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={os.path.join(os.path.dirname(__file__), 'data', 'offscreen-laptop.json')}")

import shutil  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

FIXED_TODAY = date.fromisoformat(os.environ.get("KOERS_TEST_TODAY") or "2026-11-23")
# Programs a test starts (the CLI, spawned letter workers, race tests) read the same fixed clock.
os.environ["KOERS_TEST_CLOCK"] = FIXED_TODAY.isoformat()
PG_ENV = "KOERS_TEST_PG_URL"
PG_SKIP_REASON = "geen PostgreSQL-server: zet KOERS_TEST_PG_URL (CI doet dat)"


# ---------------------------------------------------------------- SQLite


@pytest.fixture(scope="session")
def template_db_path(tmp_path_factory) -> Path:
    """A Koers database at head (reference codes included), made once per session. Never write to it."""
    from desktop.core.maintenance.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    database = open_database(path)
    database.dispose()  # the last connection to close checkpoints the WAL into the main file
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists(), "template database still has a WAL companion file"
    return path


def copy_template(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db_path(template_db_path, tmp_path) -> Path:
    """Path of this test's own copy of the migrated template."""
    return copy_template(template_db_path, tmp_path / "koers.sqlite")


@pytest.fixture
def db(db_path):
    """A db.engine.Database on this test's own migrated SQLite file."""
    from db.engine import Database

    database = Database(f"sqlite:///{db_path}")
    yield database
    database.dispose()


# ---------------------------------------------------------------- clock


def monday_weeks_before(day: date, weeks: int) -> date:
    """The Monday of the week `weeks` weeks before `day`. Scenarios built on it keep their weekdays and their
    distance to the test date on any FIXED_TODAY (46 weeks before 23 November 2026 is Monday 5 January 2026)."""
    earlier = day - timedelta(weeks=weeks)
    return earlier - timedelta(days=earlier.weekday())


def pytest_configure(config):
    """The guard: from here on, anything that reads the real clock instead of db.clock fails."""
    from db import clock

    clock.forbid_real_clock("Deze test leest de echte klok. Gebruik db.clock (vast in de tests) of de fixture "
                            "`today`; een test moet op elke dag slagen.")


@pytest.fixture(autouse=True)
def fixed_clock():
    """Every test starts on FIXED_TODAY at 10:00 in Amsterdam, whatever an earlier test did to the clock."""
    from db import clock

    yield clock.fix(FIXED_TODAY)
    clock.fix(FIXED_TODAY)


@pytest.fixture
def today() -> date:
    """The fixed date of this test run (FIXED_TODAY): compute expectations from it, never from a literal."""
    return FIXED_TODAY


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    return url


def reset_pg_schema(url: str) -> None:
    """Drop and recreate the `public` schema: every table, trigger and function of a previous test goes."""
    from sqlalchemy import create_engine, text

    from db.engine import resolve_url

    engine = create_engine(resolve_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
            conn.execute(text("GRANT ALL ON SCHEMA public TO public"))
    finally:
        engine.dispose()


@pytest.fixture
def pg_fresh_url(pg_url) -> str:
    """The server URL with an empty `public` schema."""
    reset_pg_schema(pg_url)
    return pg_url


@pytest.fixture
def pg_db(pg_fresh_url):
    """A Database on an empty PostgreSQL schema brought to head by open_database."""
    from desktop.core.maintenance.database import open_database

    database = open_database(pg_fresh_url)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request):
    """The same test on SQLite (always) and on PostgreSQL (when KOERS_TEST_PG_URL is set)."""
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


# ---------------------------------------------------------------- users and roles


TEST_PASSWORD = "paarse olifant fietst 42"  # passes the password policy; never a test username in it


# argon2id with the smallest cost argon2-cffi accepts: a hash or check in about a millisecond instead of
# the 50-200 ms of the real parameters. Still argon2id, verified by the same code.
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


@pytest.fixture(scope="session")
def test_password_hash() -> str:
    """One cheap argon2id hash of TEST_PASSWORD for the whole session. Checking it is fast with any
    hasher; a successful sign-in with the real parameters rehashes it once (signin.sign_in does that)."""
    from argon2 import PasswordHasher

    return PasswordHasher(**CHEAP_ARGON2).hash(TEST_PASSWORD)


def _cheap_argon2(monkeypatch) -> None:
    from argon2 import PasswordHasher

    from desktop.core.access import signin

    hasher = PasswordHasher(**CHEAP_ARGON2)
    monkeypatch.setattr(signin, "_hasher", hasher)
    monkeypatch.setattr(signin, "_DUMMY_HASH", hasher.hash("koers-dummy-password-for-timing"))


@pytest.fixture
def cheap_argon2(monkeypatch) -> None:
    """desktop.core.auth hashes and checks with CHEAP_ARGON2 during this test (sign-in heavy tests)."""
    _cheap_argon2(monkeypatch)


@pytest.fixture(scope="module")
def cheap_argon2_module():
    """cheap_argon2 for a whole module, so module-scoped fixtures that add users are fast too."""
    with pytest.MonkeyPatch.context() as mp:
        _cheap_argon2(mp)
        yield


class Actors:
    """One Actor per role (as sign_in would return it), plus a second consulent for caseload tests.

    The users are inserted directly with a precomputed hash; each can also sign in with TEST_PASSWORD.
    """

    USERS = (("consulent", "consulent", "Carla Consulent"), ("consulent2", "consulent", "Kees Tweede"),
             ("casusregisseur", "casusregisseur", "Rita Regisseur"),
             ("medewerker", "medewerker", "Mehmet Medewerker"), ("beheerder", "beheerder", "Bea Beheerder"),
             ("controller", "controller", "Cor Controller"))

    def __init__(self, database, password_hash: str):
        from db.models import User
        from db.models.enums import Role
        from desktop.core.access.actor import Actor

        made = {}
        with database.write() as s:
            for username, role, name in self.USERS:
                user = User(username=f"t.{username}", display_name=name, role=Role(role),
                            password_hash=password_hash)
                s.add(user)
                s.flush()
                made[username] = Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")
        self.consulent = made["consulent"]
        self.consulent2 = made["consulent2"]
        self.casusregisseur = made["casusregisseur"]
        self.medewerker = made["medewerker"]
        self.beheerder = made["beheerder"]
        self.controller = made["controller"]

    def by_role(self, role):
        from db.models.enums import Role

        return getattr(self, Role(role).value)


@pytest.fixture
def actors(db, test_password_hash) -> Actors:
    """Users of all five roles in the `db` database, as Actors: actors.consulent, actors.beheerder, ..."""
    return Actors(db, test_password_hash)


@pytest.fixture
def any_actors(any_db, test_password_hash) -> Actors:
    """The same as `actors`, in `any_db` (SQLite, and PostgreSQL when available)."""
    return Actors(any_db, test_password_hash)
