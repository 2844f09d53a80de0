"""`koers iwmo`: a declaration (WMO323) read on the shell, checked only with --check, its answer as text, JSON, CSV
and PDF, and exit status 1 for refusals; `koers iwmo export` writes the WMO301 of a decision not yet sent."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import func, select

from db.engine import Database
from db.models import IwmoMessage, Realisation
from desktop.cli import main
from desktop.core.iwmo.codes import iwmo_number
from desktop.core.settings import GEMEENTECODE, put_setting
from tests.conftest import Actors
from tests.unit.decision_setting import established, make_setting
from tests.unit.test_iwmo_declarations import Declaration, P

pytestmark = pytest.mark.usefixtures("cheap_argon2")
AS_MEDEWERKER = ("--as", "t.medewerker")


@pytest.fixture
def setup(empty_db, test_password_hash):
    database = Database(f"sqlite:///{empty_db}")
    actors = Actors(database, test_password_hash)
    decision = established(database, actors, make_setting(database, actors))
    with database.write() as s:
        put_setting(s, GEMEENTECODE, "0384")
    yield empty_db, database, decision
    database.dispose()


def stored(database) -> tuple[int, int]:
    with database.read() as s:
        return (s.exec(select(func.count()).select_from(IwmoMessage).where(IwmoMessage.kind == "323")).one(),
                s.exec(select(func.count()).select_from(Realisation)).one())


def write(tmp_path, declaration: Declaration):
    path = tmp_path / "declaratie.xml"
    path.write_bytes(declaration.xml())
    return str(path)


def test_import_reads_a_declaration_and_prints_the_answer(setup, tmp_path, capsys):
    path, database, decision = setup
    n = iwmo_number(decision.toewijzing_nummer)
    file = write(tmp_path, Declaration([P("R1", n), P("R2", n, hours=2)]))
    assert main(["iwmo", "import", file, "--db", path, *AS_MEDEWERKER]) == 0
    out = capsys.readouterr().out
    assert "Declaratie D2026001 van Zorggroep De Linde" in out
    assert "R1" in out and "K0000001" in out and "geaccepteerd (0200)" in out
    assert "2 prestaties ingelezen: 2 geaccepteerd, 0 gecrediteerd, 0 afgewezen; geaccepteerd bedrag € 750,00." in out
    assert "999900006" not in out
    assert stored(database) == (1, 2)


def test_check_stores_nothing_and_a_refusal_exits_1_with_csv_and_pdf(setup, tmp_path, capsys):
    path, database, decision = setup
    n = iwmo_number(decision.toewijzing_nummer)
    file = write(tmp_path, Declaration([P("R1", n), P("R2", n, tariff=9000)]))
    csv_file, pdf_file = tmp_path / "antwoord.csv", tmp_path / "antwoord.pdf"
    assert main(["iwmo", "import", file, "--check", "--csv", str(csv_file), "--pdf", str(pdf_file), "--db", path,
                 *AS_MEDEWERKER]) == 1
    out = capsys.readouterr().out
    assert "gecontroleerd, niets opgeslagen (--check)" in out and "afgewezen (0611)" in out
    assert stored(database) == (0, 0)
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbfRegel;Referentie") and pdf_file.read_bytes()[:4] == b"%PDF"


def test_json_answer_per_prestatie(setup, tmp_path, capsys):
    path, database, decision = setup
    file = write(tmp_path, Declaration([P("R1", 26999999)]))
    assert main(["iwmo", "import", file, "--json", "--db", path, *AS_MEDEWERKER]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["stored"], data["accepted"], data["refused"]) == (True, 0, 1)
    assert data["prestaties"][0]["return_code"] == "9338" and data["prestaties"][0]["client_number"] is None


def test_a_file_refused_whole_names_line_and_element_and_the_second_reading(setup, tmp_path, capsys):
    path, database, decision = setup
    bad = tmp_path / "fout.xml"
    bad.write_bytes(Declaration([P("R1", iwmo_number(decision.toewijzing_nummer))]).xml()
                    .replace(b"<wmo323:Eenheid>04", b"<wmo323:Eenheid>99"))
    assert main(["iwmo", "import", str(bad), "--db", path, *AS_MEDEWERKER]) == 1
    err = capsys.readouterr().err
    assert "in zijn geheel geweigerd" in err and "element Eenheid" in err
    good = write(tmp_path, Declaration([P("R1", iwmo_number(decision.toewijzing_nummer))]))
    assert main(["iwmo", "import", good, "--db", path, *AS_MEDEWERKER]) == 0
    assert main(["iwmo", "import", good, "--db", path, *AS_MEDEWERKER]) == 1
    assert "al ingelezen op" in capsys.readouterr().err


def test_wrong_use_and_wrong_role(setup, tmp_path, capsys):
    path, database, decision = setup
    file = write(tmp_path, Declaration([P("R1", iwmo_number(decision.toewijzing_nummer))]))
    assert main(["iwmo", "import", file, "--csv", str(tmp_path / "a.txt"), "--db", path, *AS_MEDEWERKER]) == 1
    assert "eindigt niet op .csv" in capsys.readouterr().err
    assert main(["iwmo", "import", file, "--db", path, "--as", "t.consulent"]) == 1
    assert "mag dit niet" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["iwmo", "--db", path])
    assert caught.value.code == 2
    assert stored(database) == (0, 0)


def test_export_writes_the_assignment_that_the_declaration_then_refers_to(setup, tmp_path, capsys, today):
    path, database, decision = setup
    folder = tmp_path / "uit"
    assert main(["iwmo", "export", "--map", str(folder), "--db", path, *AS_MEDEWERKER]) == 0
    out = capsys.readouterr().out
    assert "1 bericht gemaakt" in out and "Zorggroep De Linde" in out
    assert len(list(folder.glob("*.xml"))) == 1
    assert main(["iwmo", "export", "--map", str(folder), "--json", "--db", path, *AS_MEDEWERKER]) == 0
    assert json.loads(capsys.readouterr().out) == {"made": [], "skipped": []}
    assert main(["iwmo", "export", "--since", "31-02-2026", "--db", path, *AS_MEDEWERKER]) == 1
    assert "--since" in capsys.readouterr().err
    file = write(tmp_path, Declaration([P("R1", iwmo_number(decision.toewijzing_nummer))],
                                       signed=min(today, date(2026, 3, 5))))
    assert main(["iwmo", "import", file, "--db", path, *AS_MEDEWERKER]) == 0
