"""The team database's password: from the URL (warned), the keyring, or asked; never logged or printed.

Every test runs on an in-memory keyring or on keyring's fail backend; no test touches a real keyring.
"""

from __future__ import annotations

import io
import logging
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from desktop.cli import main
from desktop.core.errors import DatabaseOpenError
from desktop.core.maintenance import database, db_password
from desktop.core.maintenance.db_password import Answer, PasswordRequest, Probe, account, with_password

SECRET = "Geheim-w8woord!"
URL = "postgresql://koers@db.gemeente.local:5433/koers_team"
ACCOUNT = "koers@db.gemeente.local:5433/koers_team"


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict: the only kind these tests use."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.kept:
            raise PasswordDeleteError("niet gevonden")
        del self.kept[(service, username)]


@pytest.fixture(autouse=True)
def no_real_keyring(monkeypatch):
    """Every test starts on keyring's fail backend (as on a headless Linux) and ends on what was there before."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(db_password, "_warned", set())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def ring() -> MemoryKeyring:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    return memory


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def never_asked(request: PasswordRequest) -> Answer | None:
    raise AssertionError("er werd om een wachtwoord gevraagd")


def server(*answers: Probe):
    """A fake server: the probes' answers in turn, and the URLs it was tried with."""
    tried: list[str] = []
    pending = list(answers)

    def check(url: str) -> Probe:
        tried.append(url)
        return pending.pop(0)

    return check, tried


def password_of(url) -> str | None:
    return make_url(str(url)).password


def test_the_keyring_account_names_user_server_port_and_database():
    assert account(URL) == ACCOUNT
    assert account("postgresql+psycopg://team@server/koers") == "team@server:5432/koers"


def test_a_sqlite_path_passes_unchanged(tmp_path, monkeypatch):
    monkeypatch.delenv("KOERS_DB", raising=False)
    assert with_password(None, never_asked) is None  # the user's own SQLite file, as before
    path = str(tmp_path / "k.sqlite")
    assert with_password(path, never_asked) == path
    assert with_password("", never_asked) == ""


def test_a_password_in_the_url_is_used_and_warned_about_once_without_the_password(ring, logs):
    url = f"postgresql://koers:{SECRET}@db.gemeente.local:5433/koers_team"
    check, tried = server()
    for _ in range(2):
        assert password_of(with_password(url, never_asked, check=check)) == SECRET
    assert tried == []
    warnings = [r for r in logs.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "sleutelbos" in warnings[0].getMessage()
    assert SECRET not in logs.text
    assert ring.kept == {}


def test_a_password_in_the_keyring_is_used_without_asking_or_connecting(ring, logs, monkeypatch):
    ring.kept[("Koers", ACCOUNT)] = SECRET
    check, tried = server()
    assert password_of(with_password(URL, never_asked, check=check)) == SECRET
    monkeypatch.setenv("KOERS_DB", URL)  # the same from $KOERS_DB
    assert password_of(with_password(None, never_asked, check=check)) == SECRET
    assert tried == []
    assert SECRET not in logs.text


def test_without_one_in_the_keyring_it_is_asked_checked_and_remembered_when_ticked(ring, logs):
    check, tried = server(Probe.NEEDS_PASSWORD, Probe.OK)
    asked: list[PasswordRequest] = []

    def ask(request: PasswordRequest) -> Answer:
        asked.append(request)
        return Answer(SECRET, remember=True)

    assert password_of(with_password(URL, ask, check=check)) == SECRET
    assert [r.account for r in asked] == [ACCOUNT] and asked[0].can_remember and not asked[0].error
    assert SECRET not in asked[0].where and asked[0].where == "postgresql://koers@db.gemeente.local:5433/koers_team"
    assert password_of(tried[0]) is None and password_of(tried[1]) == SECRET
    assert ring.kept == {("Koers", ACCOUNT): SECRET}
    assert SECRET not in logs.text


def test_a_password_not_ticked_to_remember_is_not_kept(ring):
    check, _ = server(Probe.NEEDS_PASSWORD, Probe.OK)
    assert password_of(with_password(URL, lambda r: Answer(SECRET), check=check)) == SECRET
    assert ring.kept == {}


def test_without_a_keyring_it_is_asked_and_nothing_is_offered_to_remember(logs):
    check, _ = server(Probe.NEEDS_PASSWORD, Probe.OK)
    asked: list[PasswordRequest] = []

    def ask(request: PasswordRequest) -> Answer:
        asked.append(request)
        return Answer(SECRET, remember=True)  # even if a caller ticked it anyway

    assert password_of(with_password(URL, ask, check=check)) == SECRET
    assert asked[0].can_remember is False
    assert not db_password.keyring_usable() and db_password.stored_password(URL) is None
    assert SECRET not in logs.text


def test_a_wrong_password_is_asked_again_with_the_reason(ring):
    check, _ = server(Probe.NEEDS_PASSWORD, Probe.WRONG_PASSWORD, Probe.OK)
    answers = iter([Answer("fout", remember=True), Answer(SECRET, remember=True)])
    asked: list[PasswordRequest] = []

    def ask(request: PasswordRequest) -> Answer:
        asked.append(request)
        return next(answers)

    assert password_of(with_password(URL, ask, check=check)) == SECRET
    assert [bool(r.error) for r in asked] == [False, True] and "klopt niet" in asked[1].error
    assert ring.kept == {("Koers", ACCOUNT): SECRET}  # the wrong one was never kept


def test_cancelling_goes_on_without_a_password_and_the_opening_says_so(ring):
    check, _ = server(Probe.NEEDS_PASSWORD)
    assert password_of(with_password(URL, lambda r: None, check=check)) is None


def test_a_server_that_wants_no_password_is_not_asked(ring):
    """trust, .pgpass or $PGPASSWORD: libpq finds its own way in."""
    check, _ = server(Probe.OK)
    assert password_of(with_password(URL, never_asked, check=check)) is None


def _refusal(words: str) -> OperationalError:
    return OperationalError("connect", {}, Exception(f'connection failed: FATAL:  {words} for user "koers"'))


@pytest.mark.parametrize(("words", "expected"), [
    ("password authentication failed", "Het wachtwoord van de teamdatabase klopt niet"),
    ("fe_sendauth: no password supplied", "Koers heeft geen wachtwoord voor de teamdatabase"),
])
def test_a_refused_or_missing_password_is_a_dutch_message_without_the_password(monkeypatch, words, expected):
    def refuse(engine):
        raise _refusal(words)

    monkeypatch.setattr(database, "inspect_engine", refuse)
    with pytest.raises(DatabaseOpenError) as info:
        database.open_database(f"postgresql://koers:{SECRET}@127.0.0.1:1/koers_team")
    assert expected in info.value.message
    assert "koers database-wachtwoord --db postgresql://koers@127.0.0.1:1/koers_team" in info.value.message
    assert SECRET not in info.value.message


# ---------------------------------------------------------------- the command line


@pytest.fixture
def no_terminal(monkeypatch):
    def feed(text: str = "") -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    feed()
    return feed


def test_the_shell_without_a_terminal_says_how_to_keep_the_password(monkeypatch, capsys, no_terminal, logs):
    monkeypatch.setattr(db_password, "probe", lambda url: Probe.NEEDS_PASSWORD)
    assert main(["check", "--db", URL]) == 1
    err = capsys.readouterr().err
    assert "geen wachtwoord voor de teamdatabase" in err and "koers database-wachtwoord --db " + URL in err


def test_the_shell_asks_on_a_terminal(monkeypatch, ring):
    import getpass

    from desktop.cli_support import ask_db_password

    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or SECRET)
    answer = ask_db_password(PasswordRequest("postgresql://koers@server/koers", "koers@server:5432/koers", True))
    assert answer == Answer(SECRET) and prompts == ["Wachtwoord van de teamdatabase postgresql://koers@server/koers: "]


def test_database_wachtwoord_checks_then_stores_and_removes(monkeypatch, capsys, ring, no_terminal, logs):
    tried: list[str] = []
    monkeypatch.setattr(db_password, "probe", lambda url: tried.append(url) or Probe.OK)
    no_terminal(SECRET + "\n")
    assert main(["database-wachtwoord", "--db", URL]) == 0
    assert password_of(tried[-1]) == SECRET
    assert ring.kept == {("Koers", ACCOUNT): SECRET}
    out = capsys.readouterr()
    assert "bewaard in de sleutelbos" in out.out and ACCOUNT in out.out

    assert main(["database-wachtwoord", "--db", URL, "--verwijder", "--json"]) == 0
    assert '"removed": true' in capsys.readouterr().out and ring.kept == {}
    assert main(["database-wachtwoord", "--db", URL, "--verwijder"]) == 0
    assert "geen wachtwoord" in capsys.readouterr().out
    everything = logs.text + out.out + out.err
    assert SECRET not in everything


def test_database_wachtwoord_keeps_nothing_the_server_refuses(monkeypatch, capsys, ring, no_terminal):
    monkeypatch.setattr(db_password, "probe", lambda url: Probe.WRONG_PASSWORD)
    no_terminal("fout\n")
    assert main(["database-wachtwoord", "--db", URL]) == 1
    assert "klopt niet" in capsys.readouterr().err and ring.kept == {}


def test_database_wachtwoord_takes_the_one_in_the_url_and_says_to_drop_it(monkeypatch, capsys, ring):
    monkeypatch.setattr(db_password, "probe", lambda url: Probe.OK)
    assert main(["database-wachtwoord", "--db", f"postgresql://koers:{SECRET}@db.gemeente.local:5433/koers_team"]) == 0
    out = capsys.readouterr().out
    assert ring.kept == {("Koers", ACCOUNT): SECRET}
    assert "Haal het nu uit het adres" in out and SECRET not in out


def test_database_wachtwoord_without_a_keyring_or_for_sqlite_is_a_dutch_refusal(capsys, tmp_path, no_terminal):
    assert main(["database-wachtwoord", "--db", URL]) == 1
    assert "geen sleutelbos" in capsys.readouterr().err
    assert main(["database-wachtwoord", "--db", str(tmp_path / "k.sqlite")]) == 1
    assert "alleen voor een PostgreSQL-teamdatabase" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_url_without_password_opens_with_the_one_in_the_keyring(pg_fresh_url, capsys, ring, no_terminal, logs):
    """End to end on the test server: store (checked by connecting), then open without a password in the URL."""
    parsed = make_url(pg_fresh_url)
    bare = db_password.libpq_url(parsed)
    assert make_url(bare).password is None
    no_terminal(f"{parsed.password or 'koers'}\n")
    assert main(["database-wachtwoord", "--db", bare]) == 0
    assert ring.kept == {("Koers", account(bare)): parsed.password or "koers"}
    assert main(["init", "--db", bare, "--json"]) == 0
    assert '"database"' in capsys.readouterr().out
    assert not [r for r in logs.records if r.levelno >= logging.WARNING]  # no password in the URL to warn about
    assert f":{parsed.password}@" not in logs.text
