"""`koers bewaartermijnen` and `koers vernietig`: the periods set and the files past them listed on the shell; a
destruction needs the count confirmed, refuses a living file, and only a beheerder may do either."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import func, select

from db.engine import Database
from db.models import AuditEntry, Resident
from db.models.enums import CaseOutcome, Law
from desktop.cli import main
from tests.conftest import Actors
from tests.unit.test_retention import _casus, _resident

pytestmark = pytest.mark.usefixtures("cheap_argon2")
AS = ("--as", "beheer")


@pytest.fixture
def setup(empty_db, test_password_hash):
    database = Database(f"sqlite:///{empty_db}")
    actors = Actors(database, test_password_hash)
    with database.write() as s:
        _casus(s, _resident(s, "K0000001", "Aalders"), Law.WMO, date(2015, 3, 2), CaseOutcome.EIGEN_KRACHT)
        _casus(s, _resident(s, "K0000002", "Bos"), Law.WMO, date(2015, 3, 2), CaseOutcome.NETWERK)
        _casus(s, _resident(s, "K0000003", "Claes"), Law.WMO, None)
    yield empty_db, database, actors
    database.dispose()


def residents(database) -> list[str]:
    with database.read() as s:
        return list(s.exec(select(Resident.client_number).order_by(Resident.client_number)).all())


def test_list_set_and_destroy_on_the_shell(setup, capsys):
    path, database, _ = setup
    assert main(["bewaartermijnen", "--db", path, *AS]) == 0
    out = capsys.readouterr().out
    assert "Wmo toegekend 15 jaar, Wmo niets toegekend 5 jaar, Jeugdwet 20 jaar." in out
    assert "K0000001  Aalders, P.  Wmo  bewaren tot 2 maart 2020" in out and "2 dossiers over de bewaartermijn." in out
    assert "K0000003" not in out
    assert main(["bewaartermijnen", "--wmo-toegekend", "16", "--json", "--db", path, *AS]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["periods"] == {"wmo_granted": 16, "wmo_not_granted": 5, "jeugdwet": 20} and payload["changed"] == 1
    assert [f["client_number"] for f in payload["expired"]] == ["K0000001", "K0000002"]
    assert main(["bewaartermijnen", "--jeugdwet", "0", "--db", path, *AS]) == 1
    assert "kies een bewaartermijn van 1 tot en met 115 jaar" in capsys.readouterr().err

    assert main(["vernietig", "K0000001", "K0000002", "--bevestig", "1", "--db", path, *AS]) == 1
    assert "U bevestigde 1 dossier, maar koos er 2" in capsys.readouterr().err
    assert main(["vernietig", "K0000001", "K0000003", "--bevestig", "2", "--db", path, *AS]) == 1
    assert "K0000003" in capsys.readouterr().err
    assert residents(database) == ["K0000001", "K0000002", "K0000003"]
    assert main(["vernietig", "K0000001", "--bevestig", "1", "--db", path, *AS]) == 0
    assert "1 dossier vernietigd: K0000001." in capsys.readouterr().out
    assert main(["vernietig", "k0000002", "--bevestig", "1", "--anonimiseer", "--json", "--db", path, *AS]) == 0
    assert json.loads(capsys.readouterr().out) == {"count": 1, "client_numbers": ["K0000002"],
                                                   "action": "geanonimiseerd"}
    assert residents(database) == ["K0000002", "K0000003"]
    assert main(["vernietig", "K0000099", "--bevestig", "1", "--db", path, *AS]) == 1
    assert "Geen inwoner met cliëntnummer K0000099" in capsys.readouterr().err
    with database.read() as s:
        assert s.exec(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action.in_(["dossier.vernietigd", "dossier.geanonimiseerd"]))).one() == 2


def test_only_a_beheerder(setup, capsys):
    path, database, _ = setup
    assert main(["bewaartermijnen", "--db", path, "--as", "carla"]) == 1
    assert "mag dit niet" in capsys.readouterr().err
    assert main(["vernietig", "K0000001", "--bevestig", "1", "--db", path, "--as", "carla"]) == 1
    assert residents(database) == ["K0000001", "K0000002", "K0000003"]
