"""No input ends in a Python traceback: each is a Dutch message on stderr with exit status 1.

Run as a user runs Koers (a separate process), so what is checked is exactly what the shell shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def run(*code_or_args: str, python: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", python] if python else [sys.executable, "-m", "desktop", *code_or_args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "KOERS_DB": "/nonexistent/should-not-be-used.sqlite", **(env or {})})


def assert_dutch_refusal(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    assert any(line.startswith("koers: ") for line in result.stderr.splitlines()), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_an_empty_database_path_is_a_dutch_message():
    assert_dutch_refusal(run("--db", "", "check"), "geen database opgegeven")


def test_a_folder_as_database_is_a_dutch_message(tmp_path):
    assert_dutch_refusal(run("--db", str(tmp_path), "check"), "is een map")


def test_a_folder_given_to_import_hours_is_a_dutch_message(tmp_path):
    database = tmp_path / "koers.sqlite"
    passwords = {"KOERS_NEW_PASSWORD": TEST_PASSWORD, "KOERS_PASSWORD": TEST_PASSWORD}
    for user, role in (("bea", "beheerder"), ("mehmet", "medewerker")):  # the first user is the beheerder
        made = run("user", "add", user, "--name", user.title(), "--role", role, "--db", str(database), "--as", "bea",
                   env=passwords)
        assert made.returncode == 0, made.stderr
    result = run("import-hours", str(tmp_path), "--db", str(database), "--as", "mehmet", env=passwords)
    assert_dutch_refusal(result, "is een map, geen bestand")


def test_a_postgresql_address_without_psycopg_is_a_dutch_message():
    code = ("import sys; sys.modules['psycopg'] = None\n"  # as if the package were not installed
            "from desktop.cli import main\n"
            "sys.exit(main(['--db', 'postgresql://koers:geheim@127.0.0.1:1/koers', 'check']))")
    assert_dutch_refusal(run(python=code), "psycopg", "pip install")


def test_an_unexpected_failure_is_a_dutch_message_with_a_code_and_no_personal_data():
    code = ("import sys\n"
            "from desktop import cli\n"
            "def broken(args):\n"
            "    raise RuntimeError('kapot bij inwoner 999900006, Dorpsstraat 3')\n"
            "cli.HANDLERS['check'] = broken\n"
            "sys.exit(cli.main(['check']))")
    result = run(python=code)
    assert_dutch_refusal(result, "onverwachts mis (foutcode ", "niets half opgeslagen")
    assert "999900006" not in result.stderr and "Dorpsstraat" not in result.stderr
    assert "builtins.RuntimeError" in result.stderr  # the technical line: what and where, not the values
