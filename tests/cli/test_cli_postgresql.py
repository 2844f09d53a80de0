"""`koers check`, `backup` and `restore` against a team database on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from desktop.cli import main


@pytest.fixture
def team(pg_db, pg_fresh_url):
    """A small demo on the test server; the URL to give --db."""
    from desktop.core.demo.generator import generate_demo

    generate_demo(pg_db, 12, 3)
    return pg_fresh_url


@pytest.mark.postgres
def test_check_on_postgresql_says_it_checked_the_rules_not_the_files(team, capsys):
    assert main(["check", "--db", team]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Snelle controle (PostgreSQL: de domeinregels; geen bestandscontrole, de server "
                              "bewaakt zijn eigen bestanden): in orde")
    assert "koers check --volledig" in out.err

    assert main(["check", "--db", team, "--json"]) == 0
    quick = json.loads(capsys.readouterr().out)
    assert quick["ok"] is True and quick["mode"] == "quick"
    assert quick["database"] == "postgresql" and quick["file_check"] is False
    assert not any("SQLite" in c for c in quick["checked"]) and "BSN-elfproef" in quick["checked"]

    assert main(["check", "--db", team, "--json", "--volledig"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["ok"] is True and full["mode"] == "full" and full["file_check"] is False
    assert any("SHA-256" in c for c in full["checked"])
    assert main(["check", "--db", team, "--volledig"]) == 0
    assert "Volledige controle (PostgreSQL: de domeinregels en de SHA-256" in capsys.readouterr().out


@pytest.mark.postgres
def test_check_on_postgresql_finds_a_broken_rule(team, pg_db, capsys):
    with pg_db.write() as s:  # behind the rules' back, as a hand edit or an old restore could
        client = s.execute(text("SELECT client_number FROM resident WHERE bsn IS NOT NULL ORDER BY id LIMIT 1")
                           ).scalar_one()
        s.execute(text("UPDATE resident SET bsn = '123456789' WHERE client_number = :c"), {"c": client})
    for extra in ([], ["--volledig"]):
        assert main(["check", "--db", team, *extra]) == 1
        err = capsys.readouterr().err
        assert "1 probleem gevonden" in err and f"Inwoner {client} heeft een BSN dat niet aan de elfproef" in err
    assert main(["check", "--db", team, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


@pytest.mark.postgres
def test_backup_on_postgresql_writes_a_dump(team, tmp_path, capsys):
    assert main(["backup", "--db", team, "--to", str(tmp_path), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)["backup"]
    assert made.endswith(".dump") and (tmp_path / made.split("/")[-1]).stat().st_size > 0


@pytest.mark.postgres
def test_restore_over_a_team_database_is_left_to_pg_restore(pg_url, tmp_path, capsys):
    assert main(["restore", "--db", pg_url, str(tmp_path / "koers-team.dump")]) == 1
    err = capsys.readouterr().err
    assert "pg_restore --no-owner --dbname=postgresql://" in err and "nieuwe, lege database" in err
    assert "koers:koers@" not in err


def test_a_dump_is_never_restored_over_a_sqlite_file(tmp_path, capsys):
    target = tmp_path / "k.sqlite"
    assert main(["restore", "--db", str(target), str(tmp_path / "koers-team.dump")]) == 1
    assert "pg_restore" in capsys.readouterr().err and not target.exists()
