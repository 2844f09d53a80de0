"""`koers catalogus`: a beheerder fills the catalogue of an empty database from the shell; every bad argument
is named at once, in Dutch, with exit status 1 and nothing stored."""

from __future__ import annotations

import json

from desktop.cli import main
from tests.cli.accounts import AS_CONSULENT

AS_BEHEER = ("--as", "beheer")


def run(capsys, db, *args) -> tuple[int, str, str]:
    code = main(["catalogus", *args, "--db", db])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_beheerder_fills_the_catalogue_from_the_shell(empty_db, capsys):
    code, out, _ = run(capsys, empty_db, "aanbieder", *AS_BEHEER, "--naam", "Zorggroep Oost", "--agb", "98012345",
                       "--straat", "Dorpsstraat 12", "--postcode", "7001ab", "--plaats", "Doetinchem",
                       "--contract-vanaf", "1-1-2026")
    assert (code, out) == (0, "Aanbieder Zorggroep Oost toegevoegd.\n")
    code, out, _ = run(capsys, empty_db, "product", *AS_BEHEER, "--wet", "jeugdwet", "--code", "45a01", "--naam",
                       "Jeugdhulp ambulant", "--categorie", "45")
    assert code == 0 and "Product 45A01 Jeugdhulp ambulant toegevoegd" in out
    code, out, _ = run(capsys, empty_db, "contract", *AS_BEHEER, "--aanbieder", "zorggroep oost", "--product",
                       "45A01", "--vanaf", "2026-01-01")
    assert (code, out) == (0, "Zorggroep Oost levert 45A01 Jeugdhulp ambulant vanaf 1 januari 2026.\n")
    code, out, _ = run(capsys, empty_db, "tarief", *AS_BEHEER, "--product", "45A01", "--zwaarte", "M", "--bedrag",
                       "79,00", "--vanaf", "1-1-2026")
    assert code == 0 and "€ 79,00 per uur vanaf 1 januari 2026" in out
    code, out, _ = run(capsys, empty_db, "contracten", *AS_BEHEER, "--json")
    assert [(c["aanbieder"], c["product"], c["valid_from"]) for c in json.loads(out)] == [
        ("Zorggroep Oost", "45A01 Jeugdhulp ambulant", "2026-01-01")]
    code, out, _ = run(capsys, empty_db, "aanbieders", *AS_BEHEER, "--json")
    assert json.loads(out)[0]["address"] == "Dorpsstraat 12, 7001 AB Doetinchem"


def test_every_bad_argument_is_named_at_once_and_nothing_is_stored(empty_db, capsys):
    code, _, err = run(capsys, empty_db, "aanbieder", *AS_BEHEER, "--naam", "X", "--agb", "123", "--postcode", "1",
                       "--contract-vanaf", "32-1-2026")
    assert code == 1
    assert "32-1-2026 bestaat niet als datum" in err and "acht cijfers" in err and "vier cijfers en twee" in err
    code, _, err = run(capsys, empty_db, "product", *AS_BEHEER, "--wet", "wmo", "--code", "02A09", "--naam", "",
                       "--categorie", "45", "--vanaf", "morgen")
    assert code == 1
    assert "'morgen' is geen datum" in err and "Vul de omschrijving" in err and "45 is geen geldige " \
        "productcategorie in de iWmo 3.2" in err
    code, out, _ = run(capsys, empty_db, "producten", *AS_BEHEER, "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, empty_db, "contract", *AS_BEHEER, "--aanbieder", "Niemand", "--product", "02A08",
                       "--vanaf", "1-1-2026")
    assert code == 1 and "Er is geen aanbieder met de naam Niemand" in err


def test_only_a_beheerder_keeps_the_catalogue(empty_db, capsys):
    code, _, err = run(capsys, empty_db, "aanbieder", *AS_CONSULENT, "--naam", "Zorggroep Oost")
    assert code == 1 and "beheerder" in err.lower()


def test_the_product_list_is_checked_then_read_whole(empty_db, capsys, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("productcategorie;productcode;omschrijving;eenheid;frequentie\n02;02A08;Begeleiding;04;6\n"
                    "99;X;Y;04;6\n", encoding="utf-8")
    code, out, _ = run(capsys, empty_db, "inlezen", *AS_BEHEER, str(path), "--wet", "wmo")
    assert code == 1 and "regel 3: 99 is geen geldige productcategorie in de iWmo 3.2" in out
    path.write_text("productcategorie;productcode;omschrijving;eenheid;frequentie\n02;02A08;Begeleiding;04;6\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, empty_db, "inlezen", *AS_BEHEER, str(path), "--wet", "wmo", "--controleer")
    assert (code, out) == (0, "1 producten zouden worden ingelezen: 1 nieuw, 0 bijgewerkt.\n")
    code, out, _ = run(capsys, empty_db, "producten", *AS_BEHEER, "--json")
    assert json.loads(out) == []  # checking stored nothing
    code, out, _ = run(capsys, empty_db, "inlezen", *AS_BEHEER, str(path), "--wet", "wmo", "--json")
    assert json.loads(out) == {"ok": True, "new": 1, "updated": 0, "stored": True, "rejected": []}
