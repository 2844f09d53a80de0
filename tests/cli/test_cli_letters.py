"""`koers letters`: the queue, a batch written as PDFs (one per letter, one for the printer), parked decisions on
stderr with what to fix, --mark-sent, --json, and exit 1 when nothing could be issued."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from desktop.cli import main
from tests.conftest import TEST_PASSWORD
from tests.unit.decision_setting import established, make_setting
from tests.unit.test_letters import configure, set_resident

pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture
def run(capsys, monkeypatch, db_path):
    monkeypatch.setenv("KOERS_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("KOERS_DB", str(db_path.parent / "niet-gebruiken.sqlite"))

    def call(*args: str):
        code = main([*args, "--db", str(db_path), "--as", "t.medewerker"])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def two_decisions(db, actors, today):
    setting = make_setting(db, actors)
    configure(db, actors)
    set_resident(db, salutation="heer", street="Dorpsstraat", house_number=12, postcode="7001AB", city="Doetinchem")
    first = established(db, actors, setting)
    second = established(db, actors, setting, start_date=date(2026, 8, 3))
    return first.id, second.id


def test_queue_listing_then_a_batch_with_files_and_mark_sent(run, db, two_decisions, tmp_path):
    code, out, err = run("letters", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [r["decision_id"] for r in listed] == list(two_decisions) and all(r["ready"] for r in listed)

    out_dir = tmp_path / "brieven"
    out_dir.mkdir()
    code, out, err = run("letters", "--queue", "--out", str(out_dir), "--date", "2026-11-23", "--mark-sent")
    assert code == 0, err
    assert "2 brieven gemaakt met datum 23 november 2026" in out and "2 brieven gemarkeerd als verzonden" in out
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["WMO-2026-000001-T1.pdf", "WMO-2026-000002-T1.pdf", "brieven-2026-11-23-batch-1.pdf"]
    printer = PdfReader(out_dir / "brieven-2026-11-23-batch-1.pdf")
    single = PdfReader(out_dir / "WMO-2026-000001-T1.pdf")
    assert len(printer.pages) == 2 * len(single.pages)
    with db.read() as s:
        stored = s.exec(text("SELECT pdf FROM letter WHERE kenmerk = 'WMO-2026-000001-T1'")).one()[0]
        statuses = s.exec(text("SELECT status FROM beschikking ORDER BY id")).all()
    assert (out_dir / "WMO-2026-000001-T1.pdf").read_bytes() == stored
    assert [r[0] for r in statuses] == ["verzonden", "verzonden"]
    assert not list(out_dir.glob("*.deel"))

    code, out, err = run("letters", "--queue", "--out", str(out_dir))
    assert code == 0 and "Geen brieven in de wachtrij." in out


def test_parked_decisions_go_to_stderr_and_nothing_issued_is_exit_1(run, db, two_decisions, tmp_path):
    set_resident(db, street=None, house_number=None, postcode=None, city=None)
    code, out, err = run("letters", "--queue", "--out", str(tmp_path), "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["issued"] == [] and payload["printer_pdf"] is None and len(payload["parked"]) == 2
    assert "Geparkeerd: 2026000001" in err and "adres van de inwoner ontbreekt" in err
    assert list(tmp_path.glob("*.pdf")) == []


def test_one_parked_one_issued_is_exit_0_with_the_reason_on_stderr(run, db, two_decisions, tmp_path):
    with db.write() as s:
        s.exec(text("UPDATE beschikking SET motivation = NULL WHERE id = :i"), params={"i": two_decisions[1]})
    code, out, err = run("letters", "--queue", "--out", str(tmp_path))
    assert code == 0
    assert "1 brieven gemaakt" in out and "1 geparkeerd" in out
    assert "geen motivering" in err
    body = " ".join(PdfReader(io.BytesIO((tmp_path / "WMO-2026-000001-T1.pdf").read_bytes())).pages[0]
                    .extract_text().split())
    assert "Geachte heer Jansen," in body


def test_letters_needs_an_out_folder_and_the_right_role(run, db, two_decisions, tmp_path, capsys, monkeypatch):
    code, out, err = run("letters", "--queue")
    assert code == 1 and "--out" in err
    code, out, err = run("letters", "--queue", "--out", str(tmp_path / "bestaat-niet"))
    assert code == 1 and "bestaat niet" in err
    code = main(["letters", "--db", str(db.path), "--as", "t.consulent"])
    assert code == 1 and "mag dit niet" in capsys.readouterr().err
