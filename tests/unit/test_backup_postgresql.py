"""`koers backup` of a team database: the server's own pg_dump, the password only in its environment, a file
that pg_restore takes back, and a Dutch message (and no file) when pg_dump is missing or too old."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.engine import resolve_url
from desktop.core.errors import KoersError
from desktop.core.maintenance import backup
from desktop.core.maintenance.backup import (
    find_pg_dump,
    make_backup,
    postgres_backup_dir,
    restore_dump_advice,
)
from desktop.core.maintenance.db_password import libpq_url

SECOND_SUFFIX = "_tweede"  # beside the test database, so two runs on one server (two test databases) never meet


def fake_pg_dump(folder: Path, major: int, *, fails: bool = False) -> Path:
    """A pg_dump that reports `major` and, when asked to dump, writes a little and fails (or succeeds)."""
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / "pg_dump"
    tool.write_text("#!/bin/sh\n"
                    f'if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) {major}.1"; exit 0; fi\n'
                    'for a in "$@"; do case "$a" in --file=*) printf half > "${a#--file=}";; esac; done\n'
                    + ('echo "pg_dump: error: connection to server failed" >&2; exit 1\n' if fails else "exit 0\n"))
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return tool


@pytest.fixture
def only(monkeypatch, tmp_path):
    """Only the pg_dump programs a test puts in place: an empty PATH and no install folders."""
    empty = tmp_path / "leeg-pad"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(backup, "PG_DUMP_GLOBS", [str(tmp_path / "pg" / "*" / "bin" / "pg_dump")])
    return tmp_path / "pg"


def test_the_newest_pg_dump_at_least_as_new_as_the_server_is_taken(only):
    fake_pg_dump(only / "14" / "bin", 14)
    newest = fake_pg_dump(only / "17" / "bin", 17)
    fake_pg_dump(only / "16" / "bin", 16)
    assert find_pg_dump(15) == newest
    assert find_pg_dump(17) == newest


def test_a_pg_dump_older_than_the_server_is_a_dutch_message_naming_what_to_install(only):
    fake_pg_dump(only / "13" / "bin", 13)
    with pytest.raises(KoersError) as info:
        find_pg_dump(15)
    message = info.value.message
    assert "te oud" in message and "postgresql-client" in message and "PostgreSQL 15" in message
    assert "databaseserver zelf" in message


def test_the_default_folder_is_backups_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert postgres_backup_dir() == tmp_path / "data" / "Koers" / "backups"


def test_restoring_a_dump_is_left_to_pg_restore_with_the_command():
    advice = restore_dump_advice(Path("/b/koers-team.dump"), "postgresql+psycopg://koers:geheim@server:5433/team")
    assert "pg_restore --no-owner --dbname=postgresql://koers@server:5433/team_terug" in advice
    assert "geheim" not in advice and '"/b/koers-team.dump"' in advice


# ---------------------------------------------------------------- on the test server


def _admin(url: str):
    return create_engine(resolve_url(url), isolation_level="AUTOCOMMIT")


@pytest.fixture
def second_database(pg_url):
    """A second database on the same server, made empty for the test and dropped after it."""
    engine = _admin(pg_url)
    second = f"{make_url(resolve_url(pg_url)).database}{SECOND_SUFFIX}"
    drop = text(f"DROP DATABASE IF EXISTS {second} WITH (FORCE)")
    with engine.connect() as conn:
        conn.execute(drop)
        conn.execute(text(f"CREATE DATABASE {second}"))
    yield make_url(resolve_url(pg_url)).set(database=second).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(drop)
    engine.dispose()


@pytest.fixture
def team_db(pg_db):
    from desktop.core.demo.generator import generate_demo

    generate_demo(pg_db, 12, 5)
    return pg_db


@pytest.mark.postgres
def test_a_backup_is_a_dump_pg_restore_takes_back_with_the_same_residents(team_db, second_database, tmp_path):
    from desktop.core.maintenance.database import open_database
    from desktop.core.residents.search import resident_count

    target = make_backup(team_db, tmp_path / "kopieen")
    assert target.parent == tmp_path / "kopieen" and target.suffix == ".dump" and target.stat().st_size > 0
    assert target.name.startswith(f"koers-{make_url(team_db.url).database}-")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no .deel left
    restore = find_pg_dump(15).with_name("pg_restore")
    listed = subprocess.run([str(restore), "--list", str(target)], capture_output=True, text=True)
    assert listed.returncode == 0 and "TABLE DATA" in listed.stdout and "resident" in listed.stdout

    url = make_url(second_database)
    env = {**os.environ, **({"PGPASSWORD": str(url.password)} if url.password else {})}
    done = subprocess.run([str(restore), "--no-owner", f"--dbname={libpq_url(url)}", str(target)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    copy = open_database(second_database, create=False)
    try:
        assert resident_count(copy) == resident_count(team_db) > 0
    finally:
        copy.dispose()


@pytest.mark.postgres
def test_the_password_reaches_pg_dump_only_through_its_environment(pg_db, tmp_path, monkeypatch):
    calls: list[tuple[list[str], dict[str, str] | None]] = []
    real_run = subprocess.run

    def run(args, **kwargs):
        calls.append((list(args), kwargs.get("env")))
        return real_run(args, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", run)
    make_backup(pg_db, tmp_path)
    argv, env = calls[-1]
    password = make_url(pg_db.url).password
    dbname = next(a for a in argv if a.startswith("--dbname="))
    assert make_url(dbname.removeprefix("--dbname=")).password is None
    assert "--format=custom" in argv and "--no-password" in argv
    if password:
        assert env is not None and env["PGPASSWORD"] == password
        assert not any(f":{password}@" in a for a in argv)


@pytest.mark.postgres
def test_without_pg_dump_a_dutch_message_and_no_file(pg_db, only, tmp_path):
    folder = tmp_path / "kopieen"
    with pytest.raises(KoersError) as info:
        make_backup(pg_db, folder)
    assert "pg_dump" in info.value.message and "postgresql-client" in info.value.message
    assert "databaseserver zelf" in info.value.message
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.postgres
def test_a_failing_pg_dump_leaves_no_file(pg_db, only, tmp_path):
    fake_pg_dump(only / "99" / "bin", 99, fails=True)
    folder = tmp_path / "kopieen"
    with pytest.raises(KoersError) as info:
        make_backup(pg_db, folder)
    assert "pg_dump kon de reservekopie niet maken" in info.value.message
    assert "connection to server failed" in info.value.message
    assert list(folder.iterdir()) == []
