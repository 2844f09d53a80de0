"""The whole way on the command line, from `koers init` without demo data to a decision letter: the beheerder
sets up letters and the catalogue, a consulent registers a resident and a melding, records the plan, finishes
the research, records the aanvraag, makes and establishes the decision, and the medewerker issues the letters.
Bad input at each step gets a Dutch message and exit status 1."""

from __future__ import annotations

import json

from desktop.cli import main
from tests.cli.accounts import AS_CONSULENT

AS_BEHEER = ("--as", "beheer")
AS_MEDEWERKER = ("--as", "mila")


def run(capsys, db, *args) -> tuple[int, str, str]:
    code = main([*args, "--db", db])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, db, *args) -> dict:
    code, out, err = run(capsys, db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_from_an_empty_database_to_a_decision_letter(empty_db, capsys, tmp_path, today):
    db = empty_db
    assert main(["user", "add", "mila", "--name", "Mila Medewerker", "--role", "medewerker", "--db", db,
                 *AS_BEHEER]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, db, "user", "contact", "carla", *AS_BEHEER, "--telefoon", "12345", "--email", "carla@")
    assert code == 1 and "geen Nederlands telefoonnummer" in err and "geen bruikbaar e-mailadres" in err
    # The letters name the consulent with how to reach her: without a phone or e-mail they are held back.
    assert ok(capsys, db, "user", "contact", "carla", *AS_BEHEER, "--telefoon", "06 12345678")["phone"] == \
        "06 12345678"
    ok(capsys, db, "instellingen", "brieven", *AS_BEHEER, "--gemeente", "Gemeente Koersveen", "--adres",
       "Postbus 100", "--adres", "7000 AA Koersveen", "--ondertekenaar", "J. Hendriksen", "--functie",
       "teammanager Wmo", "--bezwaaradres", "Postbus 100, 7000 AA Koersveen", "--rechtbank", "rechtbank Gelderland")
    ok(capsys, db, "catalogus", "aanbieder", *AS_BEHEER, "--naam", "Zorggroep Oost", "--agb", "98012345",
       "--contract-vanaf", "1-1-2026")
    ok(capsys, db, "catalogus", "product", *AS_BEHEER, "--wet", "wmo", "--code", "02A08", "--naam",
       "Begeleiding individueel", "--categorie", "02")
    ok(capsys, db, "catalogus", "contract", *AS_BEHEER, "--aanbieder", "Zorggroep Oost", "--product", "02A08",
       "--vanaf", "1-1-2026")
    ok(capsys, db, "catalogus", "tarief", *AS_BEHEER, "--product", "02A08", "--zwaarte", "M", "--bedrag", "62,50",
       "--vanaf", "1-1-2026")

    resident = ok(capsys, db, "resident", "add", *AS_CONSULENT, "--bsn", "999900006", "--initials", "A",
                  "--surname", "Wit", "--prefix", "de", "--born", "1960-05-01", "--salutation", "mevrouw", "--street",
                  "Dorpsstraat", "--house-number", "3", "--postcode", "7001AB", "--city", "Doetinchem")
    client = resident["client_number"]
    code, _, err = run(capsys, db, "casus", "melding", client, *AS_CONSULENT, "--wet", "wmo", "--datum", "32-10-2026",
                       "--via", "huisarts", "--vraag", "")
    assert code == 1
    assert "32-10-2026 bestaat niet als datum" in err and "geldt onder de Jeugdwet" in err and "Vul de vraag" in err
    made = ok(capsys, db, "casus", "melding", client, *AS_CONSULENT, "--wet", "wmo", "--datum", "2-11-2026",
              "--via", "naaste", "--vraag", "Mijn moeder redt het huishouden niet meer.", "--clientondersteuning")
    casus = made["casus"]
    assert made["research_due"] == "2026-12-14" and made["personal_plan_due"] == "2026-11-09"

    plan = tmp_path / "plan.json"
    code, out, _ = run(capsys, db, "casus", "plan-voorbeeld")
    plan.write_text(out, encoding="utf-8")
    code, _, err = run(capsys, db, "casus", "onderzoek-klaar", str(casus), *AS_CONSULENT, "--datum", "20-11-2026")
    assert code == 1 and "Laat eerst een planversie akkoord geven" in err
    assert ok(capsys, db, "casus", "plan", str(casus), *AS_CONSULENT, "--bestand", str(plan), "--akkoord",
              "18-11-2026")["agreed"] is True
    ok(capsys, db, "casus", "onderzoek-klaar", str(casus), *AS_CONSULENT, "--datum", "20-11-2026")
    assert ok(capsys, db, "casus", "aanvraag", str(casus), *AS_CONSULENT, "--datum", "20-11-2026")["status"] == \
        "aanvraag"

    code, _, err = run(capsys, db, "beschikking", "maken", str(casus), *AS_CONSULENT, "--product", "02A08",
                       "--aanbieder", "Niemand", "--zwaarte", "M", "--start", "23-11-2026", "--uren", "8")
    assert code == 1 and "Er is geen aanbieder met de naam Niemand" in err
    decision = ok(capsys, db, "beschikking", "maken", str(casus), *AS_CONSULENT, "--product", "02A08",
                  "--aanbieder", "Zorggroep Oost", "--zwaarte", "M", "--categorie", "intensief", "--start",
                  "23-11-2026", "--uren", "8", "--motivering", "Begeleiding om de week weer op orde te krijgen.")
    ok(capsys, db, "beschikking", "vaststellen", str(decision["id"]), *AS_CONSULENT)

    queue = ok(capsys, db, "letters", *AS_MEDEWERKER)
    assert sorted(q["kind"] for q in queue) == ["ontvangstbevestiging", "toekenning", "verslag"]
    assert all(q["ready"] for q in queue), queue
    out_dir = tmp_path / "brieven"
    out_dir.mkdir()
    issued = ok(capsys, db, "letters", "--queue", "--out", str(out_dir), *AS_MEDEWERKER)
    assert len(issued["issued"]) == 3 and not issued["parked"]
    shown = ok(capsys, db, "casus", "toon", str(casus), *AS_CONSULENT)
    year = today.year  # the letters are dated today
    assert shown["receipt"] == f"MO-{year}-{casus:06d}" and shown["report"] == f"VS-{year}-{casus:06d}"
    assert (shown["status"], shown["outcome"]) == ("lopend", "toekenning")
    assert shown["decisions"] == [{"toewijzing_nummer": decision["toewijzing_nummer"], "kind": "toekenning",
                                   "status": "vastgesteld"}]


def test_closing_without_an_aanvraag_and_its_bad_inputs(empty_db, capsys):
    db = empty_db
    client = ok(capsys, db, "resident", "add", *AS_CONSULENT, "--bsn", "999900018", "--initials", "B",
                "--surname", "Zand", "--born", "1950-01-01")["client_number"]
    casus = ok(capsys, db, "casus", "melding", client, *AS_CONSULENT, "--wet", "wmo", "--datum", "2026-11-10",
               "--via", "inwoner", "--vraag", "Ik voel me eenzaam.")["casus"]
    code, _, err = run(capsys, db, "casus", "afsluiten", str(casus), *AS_CONSULENT, "--uitkomst", "netwerk",
                       "--datum", "morgen", "--reden", " ")
    assert code == 1 and "Vul de datum van het afsluiten in" in err and "Vul de reden in" in err
    ok(capsys, db, "casus", "afsluiten", str(casus), *AS_CONSULENT, "--uitkomst", "algemene_voorziening", "--datum",
       "2026-11-20", "--reden", "Hij gaat naar de inloop in het buurthuis.")
    shown = ok(capsys, db, "casus", "toon", str(casus), *AS_CONSULENT)
    assert (shown["status"], shown["outcome"], shown["closed_date"]) == ("afgesloten", "algemene_voorziening",
                                                                          "2026-11-20")
