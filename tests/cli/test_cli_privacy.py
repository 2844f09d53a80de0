"""`koers import` and `koers export-client` on the command line: a municipality starting from an empty database
brings residents in from another system, checks a bad file first, and answers an access request."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop.cli import main
from tests.cli.test_cli_walk import AS_BEHEER, ok, run
from tests.conftest import FIXED_TODAY

FIXED = Path(__file__).parents[1] / "data" / "dossier-klein.json"
REASON = ("--reden", "Inzageverzoek per e-mail, kenmerk INZ/88")


def _catalogue(capsys, db) -> None:
    ok(capsys, db, "catalogus", "aanbieder", *AS_BEHEER, "--naam", "Zorggroep De Linde", "--agb", "98765432")
    ok(capsys, db, "catalogus", "product", *AS_BEHEER, "--wet", "wmo", "--code", "02A08", "--naam",
       "Begeleiding individueel", "--categorie", "02")


def _usage_error(capsys, db, *args) -> None:
    """A missing --reden is a usage error (exit 2), as every required option of the command line."""
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--db", db])
    assert stopped.value.code == 2 and "--reden" in capsys.readouterr().err


def test_import_then_export_the_data_part_gives_the_file_back(empty_db, capsys, tmp_path):
    db = empty_db
    code, _, err = run(capsys, db, "import", str(FIXED), *AS_BEHEER)
    assert code == 1
    assert "Het bestand is niet ingelezen; er is niets opgeslagen. Herstel eerst:" in err
    assert "het product 02A08 (wmo) staat niet in de catalogus van Koers" in err
    assert "de aanbieder Zorggroep De Linde (AGB 98765432) staat niet in de catalogus" in err
    _catalogue(capsys, db)
    checked = ok(capsys, db, "import", str(FIXED), "--controleer", *AS_BEHEER)
    assert checked == {"stored": False, "residents": 2}
    code, out, _ = run(capsys, db, "import", str(FIXED), *AS_BEHEER)
    assert code == 0
    assert out.strip() == "2 inwoners ingelezen, met 2 beschikkingen, 3 urenregels en 1 brief."
    target = tmp_path / "uit.json"
    _usage_error(capsys, db, "export-client", "K0000101", "--gegevens", str(target), *AS_BEHEER)
    assert not target.exists()  # the reason is required here too
    made = ok(capsys, db, "export-client", "K0000101", "K0000102", "--gegevens", str(target), *REASON, *AS_BEHEER)
    assert made == {"file": str(target), "residents": 2}
    written, original = json.loads(target.read_text(encoding="utf-8")), json.loads(FIXED.read_text(encoding="utf-8"))
    written.pop("geexporteerd_op"), original.pop("geexporteerd_op")
    assert written == original
    code, _, err = run(capsys, db, "import", str(FIXED), *AS_BEHEER)  # the same file twice: refused whole
    assert code == 1 and "er staat al een inwoner met dit BSN in Koers (dubbel BSN)" in err


def test_a_bad_file_lists_its_problems_and_exits_1(empty_db, capsys, tmp_path):
    db = empty_db
    _catalogue(capsys, db)
    doc = json.loads(FIXED.read_text(encoding="utf-8"))
    doc["versie"] = 7
    bad = tmp_path / "versie7.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, db, "import", str(bad), "--controleer", *AS_BEHEER)
    assert code == 1 and "versie 7 van het dossierformaat kent deze Koers niet; deze Koers leest versie 1" in err
    broken = tmp_path / "kapot.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, db, "import", str(broken), *AS_BEHEER)
    assert code == 1 and "Het bestand is geen geldige JSON (regel 1" in err
    code, _, err = run(capsys, db, "import", str(FIXED), "--as", "carla")
    assert code == 1 and "dossiers" in err.lower()


def test_an_access_request_on_the_command_line(empty_db, capsys, tmp_path):
    db = empty_db
    _catalogue(capsys, db)
    assert main(["import", str(FIXED), "--db", db, *AS_BEHEER]) == 0
    capsys.readouterr()
    folder = tmp_path / "inzage"
    folder.mkdir()
    _usage_error(capsys, db, "export-client", "K0000101", "--map", str(folder), *AS_BEHEER)
    code, _, err = run(capsys, db, "export-client", "K0000101", "--map", str(folder), "--reden", " kort ", *AS_BEHEER)
    assert code == 1 and "reden of het kenmerk van het verzoek" in err and list(folder.iterdir()) == []
    made = ok(capsys, db, "export-client", "K0000101", "--map", str(folder), *REASON, *AS_BEHEER)
    json_path, pdf_path = Path(made["json"]), Path(made["pdf"])
    assert json_path.parent == folder and pdf_path.read_bytes().startswith(b"%PDF")
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert [line["code"] for line in doc["toegangslog"]] == ["dossier.importeren", "inwoner.inzage_exporteren"]
    assert set(doc["verwerking"]) == {"betrokkenen", "overdrachten", "toewijzingen", "declaraties", "controles"}
    letter = json.loads(FIXED.read_text(encoding="utf-8"))["inwoners"][0]["brieven"][0]
    [letter_path] = [Path(p) for p in made["letters"]]
    assert hashlib.sha256(letter_path.read_bytes()).hexdigest() == letter["sha256"]
    [document_path] = [Path(p) for p in made["documents"]]  # the removed scan is not there
    assert document_path == folder / f"inzage-K0000101-{FIXED_TODAY}-documenten" / "advies.txt"
    assert hashlib.sha256(document_path.read_bytes()).hexdigest() == (
        "486849f2fb9791e83ffd5a3f6a5a35661b00fa97dfe6c4f63f0bb8b32b5cdbdf")
    code, _, err = run(capsys, db, "export-client", "K0000101", "K0000102", "--map", str(folder), *REASON,
                       *AS_BEHEER)
    assert code == 1 and "Een inzageverzoek gaat over één inwoner" in err
    code, _, err = run(capsys, db, "export-client", "K9999999", "--map", str(folder), *REASON, *AS_BEHEER)
    assert code == 1 and "Er is geen inwoner met cliëntnummer 'K9999999'" in err
