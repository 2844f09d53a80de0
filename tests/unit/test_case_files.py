"""A case file that moves (issue 18, point 4): the koers-dossier format out and in.

The fixed data set is tests/data/dossier-klein.json: two residents, one with every kind of record the format
holds (a related person, a correction, two plan versions, a decision and the change that replaced it, hours
within their totals, evaluations, a corrected journal entry, a document and a removed one, an archived letter),
and a minor with only a melding. Every bad file is refused with a Dutch message and leaves every table as it was.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from db.models import Aanbieder, Product
from db.models.enums import Law
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.maintenance import check as db_check
from desktop.core.nl import format_date
from desktop.core.privacy import access_export, case_import
from tests.conftest import FIXED_TODAY, Actors, copy_template

FIXED = Path(__file__).parents[1] / "data" / "dossier-klein.json"
MOVE = "verhuizing naar gemeente Oost, verzoek 2026-114"


def fixed() -> dict:
    return json.loads(FIXED.read_text(encoding="utf-8"))


def add_catalogue(database) -> None:
    """The catalogue the fixed file names: product 02A08 (Wmo) and Zorggroep De Linde (AGB 98765432)."""
    with database.write() as s:
        s.add(Product(law=Law.WMO, category_code="02", code="02A08", name="Begeleiding individueel", unit_code="04",
                      frequency_code="6"))
        s.add(Aanbieder(name="Zorggroep De Linde", agb_code="98765432"))


@pytest.fixture
def target(any_db, any_actors):
    add_catalogue(any_db)
    return any_db, any_actors


def counts(database) -> dict[str, int]:
    from db.models import SQLModel

    with database.engine.connect() as conn:
        return {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                for name in SQLModel.metadata.tables}


def test_the_fixed_file_comes_in_whole_and_goes_out_the_same(target):
    database, actors = target
    summary = case_import.import_case_files(database, actors.beheerder, fixed())
    assert (summary.residents, summary.decisions, summary.hour_lines, summary.letters) == (2, 2, 3, 1)
    assert summary.client_numbers == ["K0000101", "K0000102"] and summary.renumbered == {}
    doc = access_export.move_export(database, actors.beheerder, ["K0000101", "K0000102"], MOVE)
    original = fixed()
    assert doc["geexporteerd_op"] != original.pop("geexporteerd_op")
    doc.pop("geexporteerd_op")
    assert doc == original
    n = counts(database)
    assert (n["resident"], n["related_person"], n["correction"], n["casus"], n["plan"], n["goal"], n["result"]) == \
        (2, 1, 1, 2, 2, 2, 2)
    assert (n["beschikking"], n["period"], n["realisation"], n["evaluation"], n["journal_entry"]) == (2, 4, 3, 2, 2)
    assert (n["case_document"], n["document_content"], n["letter"], n["beschikking_result"]) == (2, 1, 1, 2)
    assert (n["domain_person"], n["result_person"], n["evaluation_result"], n["evaluation_domain_score"]) == \
        (1, 1, 1, 1)
    # the derived month figures the reports read were made in the same transaction, and agree with a recount
    assert n["decision_month"] > 0
    assert db_check.run_check(database, full=True).ok


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_file(target, tmp_path,
                                                                                     template_db_path,
                                                                                     test_password_hash, today):
    from db.engine import Database

    database, actors = target
    case_import.import_case_files(database, actors.beheerder, fixed())
    first = access_export.dumps(access_export.move_export(database, actors.beheerder, ["K0000101", "K0000102"], MOVE))
    empty = Database(f"sqlite:///{copy_template(template_db_path, tmp_path / 'leeg.sqlite')}")
    try:
        add_catalogue(empty)
        other = Actors(empty, test_password_hash)
        case_import.import_case_files(empty, other.beheerder, json.loads(first))
        second = access_export.dumps(access_export.move_export(empty, other.beheerder, ["K0000101", "K0000102"], MOVE))
    finally:
        empty.dispose()

    def without_moment(data: bytes) -> list[str]:
        return [line for line in data.decode().splitlines() if '"geexporteerd_op"' not in line]

    assert without_moment(first) == without_moment(second)  # byte for byte, apart from the export moment
    assert len(without_moment(first)) == len(first.decode().splitlines()) - 1


def test_a_demo_municipality_moves_whole(tmp_path, template_db_path, test_password_hash):
    """Data made by the application's own services (the demo), not by this file: out, in, out again."""
    from db.engine import Database
    from desktop.core.demo.generator import generate_demo

    source = Database(f"sqlite:///{copy_template(template_db_path, tmp_path / 'bron.sqlite')}")
    target_db = Database(f"sqlite:///{copy_template(template_db_path, tmp_path / 'doel.sqlite')}")
    try:
        generate_demo(source, 25, today=date(2026, 11, 23))
        admin = Actors(source, test_password_hash).beheerder
        with source.engine.connect() as conn:
            numbers = list(conn.execute(text("SELECT client_number FROM resident ORDER BY id")).scalars())
            catalogue = {t: conn.execute(text(f"SELECT * FROM {t}")).mappings().all()
                         for t in ("aanbieder", "product")}
        with target_db.engine.begin() as conn:
            for table, rows in catalogue.items():
                columns = list(rows[0].keys())
                conn.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                  f"({', '.join(':' + c for c in columns)})"), [dict(r) for r in rows])
        first = access_export.move_export(source, admin, numbers, MOVE)
        summary = case_import.import_case_files(target_db, Actors(target_db, test_password_hash).beheerder,
                                                json.loads(access_export.dumps(first)))
        assert summary.residents == 25 and summary.hour_lines > 100
        second = access_export.move_export(target_db, admin_of(target_db), numbers, MOVE)
        first.pop("geexporteerd_op"), second.pop("geexporteerd_op")
        assert first == second
        assert db_check.run_check(target_db, full=True).ok
    finally:
        source.dispose()
        target_db.dispose()


def admin_of(database):
    from sqlmodel import select

    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor

    with database.read() as s:
        user = s.exec(select(User).where(User.role == Role.BEHEERDER)).first()
        return Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")


def test_moving_files_out_needs_a_reason_and_logs_it(target):
    database, actors = target
    case_import.import_case_files(database, actors.beheerder, fixed())
    with pytest.raises(ValidationError):
        access_export.move_export(database, actors.beheerder, ["K0000101"], "   ")
    access_export.move_export(database, actors.beheerder, ["K0000101"], MOVE)
    with database.engine.connect() as conn:
        lines = conn.execute(text("SELECT client_number, reason FROM audit_entry WHERE action = 'dossier.exporteren'"
                                  )).all()
    assert [tuple(line) for line in lines] == [("K0000101", "verhuizing naar gemeente Oost, verzoek ******114")]


def test_the_import_is_logged_per_resident_by_internal_number(target):
    database, actors = target
    case_import.import_case_files(database, actors.beheerder, fixed())
    with database.engine.connect() as conn:
        lines = conn.execute(text("SELECT client_number, changes, reason FROM audit_entry WHERE action = "
                                  "'dossier.importeren' ORDER BY id")).all()
    assert [tuple(line) for line in lines] == [("K0000101", None, None), ("K0000102", None, None)]


@pytest.mark.parametrize("role", ["consulent", "casusregisseur", "medewerker", "controller"])
def test_only_a_beheerder_imports(target, role):
    database, actors = target
    before = counts(database)
    with pytest.raises(KoersError):
        case_import.import_case_files(database, actors.by_role(role), fixed())
    after = counts(database)
    after.pop("audit_entry"), before.pop("audit_entry")  # the refusal itself is logged
    assert after == before


def test_check_lists_nothing_for_a_good_file_and_stores_nothing(target):
    database, actors = target
    before = counts(database)
    assert case_import.check(database, actors.beheerder, fixed()) == []
    assert counts(database) == before


# ---------------------------------------------------------------- bad files: refused whole, in Dutch


def _wrong_version(doc):
    doc["versie"] = 2


def _not_ours(doc):
    doc["formaat"] = "ander-systeem"


def _missing_surname(doc):
    del doc["inwoners"][0]["achternaam"]


def _missing_decision_total(doc):
    del doc["inwoners"][0]["casussen"][0]["beschikkingen"][1]["geindiceerde_minuten"]


def _duplicate_bsn_in_file(doc):
    doc["inwoners"][1]["bsn"] = doc["inwoners"][0]["bsn"]


def _hours_over_total(doc):
    hours = doc["inwoners"][0]["casussen"][0]["beschikkingen"][1]["uren"]
    hours.append(dict(hours[0], datum="2025-12-15", minuten=400))  # 180 + 400 > 480 + 60


def _no_shows_count_against_the_total(doc):
    decision = doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]
    decision["uren"].append(dict(decision["uren"][1], datum="2025-11-03", minuten=800))  # 120 + 90 + 800 > 960


def _unknown_product(doc):
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]["product"] = "99Z99"


def _unknown_aanbieder(doc):
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]["aanbieder"] = {"agb": "11111111", "naam": "Onbekend BV"}


def _bad_date(doc):
    doc["inwoners"][0]["geboortedatum"] = "17-05-1948"


def _bad_bsn(doc):
    doc["inwoners"][0]["bsn"] = "123456789"


def _bad_enum(doc):
    doc["inwoners"][0]["casussen"][0]["wet"] = "participatiewet"


def _unknown_result(doc):
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]["resultaten"] = ["R9"]


def _unknown_person(doc):
    doc["inwoners"][0]["casussen"][0]["plannen"][0]["domeinen"][0]["personen"] = ["P7"]


def _tampered_letter(doc):
    doc["inwoners"][0]["brieven"][0]["sha256"] = "f" * 64


def _end_before_start(doc):
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]["einddatum"] = "2025-01-01"


def _replaces_unknown(doc):
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][1]["vervangt"] = "2025999999"


def _no_residents(doc):
    doc["inwoners"] = []


def _r(doc):
    return doc["inwoners"][0]


def _c(doc):
    return _r(doc)["casussen"][0]


def _d(doc, n=0):
    return _c(doc)["beschikkingen"][n]


def _set(path, value):
    """A spoiler that sets one value found by a function of the file."""
    def spoil(doc):
        target, key = path(doc)
        target[key] = value
    return spoil


# The rules the database also holds (CHECK, UNIQUE, column lengths) and the ledger's own: the check must say them
# in Dutch before anything is stored, never leave them to a database error.
RULES = {
    "evaluation next not after planned": (_set(lambda d: (_c(d)["evaluaties"][0], "volgende"), "2025-11-01"),
                                          "'volgende' ligt na de geplande datum"),
    "journal entry corrected twice": (lambda d: _c(d)["journaal"].append(dict(_c(d)["journaal"][1], sleutel="J3")),
                                      "J1 is al gecorrigeerd"),
    "journal follow-up before the contact": (_set(lambda d: (_c(d)["journaal"][0], "vervolgdatum"), "2025-09-01"),
                                             "de 'vervolgdatum' ligt vóór het contact"),
    "journal follow-up done without a date": (_set(lambda d: (_c(d)["journaal"][1], "vervolg_gedaan_op"),
                                                   "2025-09-20"), "'vervolg_gedaan_op' zonder 'vervolgdatum'"),
    "person postcode": (_set(lambda d: (_r(d)["personen"][0], "postcode"), "7001ABC"),
                        "Een postcode heeft vier cijfers en twee letters"),
    "person valid to before from": (_set(lambda d: (_r(d)["personen"][0], "geldig_tot"), "2025-01-01"),
                                    "'geldig_tot' ligt vóór 'geldig_van'"),
    "aanvraag before melding": (_set(lambda d: (_c(d), "aanvraag_datum"), "2025-08-01"),
                                "'aanvraag_datum' ligt vóór de melding"),
    "huisarts on a Wmo casus": (_set(lambda d: (_c(d), "binnengekomen_via"), "huisarts"),
                                "binnengekomen via 'huisarts' kan alleen onder de Jeugdwet"),
    "outcome without a date": (_set(lambda d: (_c(d), "uitkomst_datum"), None), "een 'uitkomst' heeft een "
                                                                                "'uitkomst_datum'"),
    "duplicate period": (_set(lambda d: (_d(d)["perioden"][1], "nummer"), 1), "periode 1 komt twee keer voor"),
    "period ends before it starts": (_set(lambda d: (_d(d)["perioden"][1], "tot_en_met"), "2025-11-01"),
                                     "de periode eindigt vóór ze begint"),
    "period outside the term": (_set(lambda d: (_d(d)["perioden"][1], "tot_en_met"), "2026-06-01"),
                                "de periode valt buiten de looptijd van de beschikking"),
    "negative tariff": (_set(lambda d: (_d(d), "tarief_centen_per_uur"), -1), "'tarief_centen_per_uur' kan niet "
                                                                              "negatief zijn"),
    "no periods": (_set(lambda d: (_d(d), "aantal_perioden"), 0), "'aantal_perioden' is 1 of meer"),
    "ended before start": (_set(lambda d: (_d(d), "beeindigd_op"), "2025-01-01"), "'beeindigd_op' ligt vóór de "
                                                                                 "ingangsdatum"),
    "bandwidth upside down": (lambda d: _d(d).update(bandbreedte_min_minuten_per_week=120,
                                                     bandbreedte_max_minuten_per_week=60),
                              "het minimum is groter dan het maximum"),
    "empty goal": (_set(lambda d: (_c(d)["plannen"][0]["doelen"][0], "omschrijving"), " "), "'omschrijving' is leeg"),
    "irrelevant domain with text": (_set(lambda d: (_c(d)["plannen"][0]["domeinen"][1], "situatie"), "Iets."),
                                    "een domein dat niet relevant is, heeft geen score of tekst"),
    "decision letter without decision": (_set(lambda d: (_r(d)["brieven"][0], "beschikking"), None),
                                         "een brief van soort 'toekenning' noemt zijn 'beschikking'"),
    "text too long": (_set(lambda d: (_d(d), "toewijzingnummer"), "1" * 30), "'toewijzingnummer' is 30 tekens "
                                                                            "lang; er passen er 20 in"),
    "hours outside the decision": (_set(lambda d: (_d(d, 1)["uren"][0], "datum"), "2026-03-01"),
                                   "de datum 1 maart 2026 valt buiten de beschikking"),
    "hours in the future": (lambda d: (_d(d, 1).update(einddatum=(FIXED_TODAY + timedelta(days=60)).isoformat()),
                                       _d(d, 1)["uren"][0].update(datum=(FIXED_TODAY + timedelta(days=8)).isoformat())),
                            f"de datum {format_date(FIXED_TODAY + timedelta(days=8))} ligt in de toekomst"),
    "hours on a concept": (_set(lambda d: (_d(d, 1), "status"), "concept"),
                           "op een beschikking met status 'concept' (soort 'wijziging') staan geen uren"),
    "established without a date": (_set(lambda d: (_d(d, 1), "vastgesteld_op"), None),
                                   "een beschikking met status 'vastgesteld' heeft een datum 'vastgesteld_op'"),
    "ended date on a running decision": (_set(lambda d: (_d(d, 1), "beeindigd_op"), "2025-12-01"),
                                         "'beeindigd_op' hoort alleen bij een beëindigde of vervangen beschikking"),
    "bad sha256": (_set(lambda d: (_c(d)["documenten"][1], "sha256"), "xyz"), "'sha256' bestaat uit 64 tekens"),
}


BAD = {
    "wrong version": (_wrong_version, "versie 2 van het dossierformaat kent deze Koers niet"),
    "not a koers-dossier": (_not_ours, "het bestand is geen koers-dossier"),
    "missing surname": (_missing_surname, "inwoner 1 (K0000101): het veld 'achternaam' ontbreekt"),
    "missing decision total": (_missing_decision_total, "beschikking 2 (2025000102): het veld "
                                                        "'geindiceerde_minuten' ontbreekt"),
    "duplicate BSN in the file": (_duplicate_bsn_in_file, "het BSN staat ook bij inwoner 1 (K0000101)"),
    "hours over the decision's total": (_hours_over_total, "de gerealiseerde uren (9,67 uur) gaan boven het "
                                                           "totaal van de beschikking (9 uur)"),
    "no-shows that count": (_no_shows_count_against_the_total, "gaan boven het totaal van de beschikking (16 uur)"),
    "unknown product": (_unknown_product, "het product 99Z99 (wmo) staat niet in de catalogus van Koers"),
    "unknown aanbieder": (_unknown_aanbieder, "de aanbieder Onbekend BV (AGB 11111111) staat niet in de catalogus"),
    "bad date": (_bad_date, "'geboortedatum' moet een datum (JJJJ-MM-DD) zijn, niet '17-05-1948'"),
    "bad BSN": (_bad_bsn, "BSN"),
    "unknown law": (_bad_enum, "'wet' moet een van de waarden 'wmo', 'jeugdwet' zijn"),
    "unknown result": (_unknown_result, "het resultaat 'R9' staat niet in een plan van deze inwoner"),
    "unknown person": (_unknown_person, "de persoon 'P7' staat niet bij 'personen' van deze inwoner"),
    "tampered letter": (_tampered_letter, "de inhoud klopt niet met de 'sha256'"),
    "end before start": (_end_before_start, "de einddatum ligt vóór de ingangsdatum"),
    "replaces an unknown decision": (_replaces_unknown, "'vervangt' 2025999999 is geen beschikking van deze casus"),
    "no residents": (_no_residents, "het bestand bevat geen inwoners"),
}


@pytest.mark.parametrize("name", [*BAD, *RULES])
def test_a_bad_file_is_refused_whole_with_a_dutch_message(target, name):
    database, actors = target
    spoil, expected = {**BAD, **RULES}[name]
    doc = fixed()
    spoil(doc)
    before = counts(database)
    with pytest.raises(ValidationError) as refused:
        case_import.import_case_files(database, actors.beheerder, doc)
    message = str(refused.value)
    assert message.startswith("Het bestand is niet ingelezen; er is niets opgeslagen.")
    assert expected in message, message
    assert "de database weigert" not in message  # said by the check, in words, not left to a database error
    assert counts(database) == before
    assert expected in "\n".join(case_import.check(database, actors.beheerder, doc))


def test_a_bsn_already_in_koers_is_refused_and_nothing_of_the_file_is_stored(target):
    database, actors = target
    first = fixed()
    first["inwoners"] = first["inwoners"][:1]
    case_import.import_case_files(database, actors.beheerder, first)
    before = counts(database)
    again = fixed()
    again["inwoners"][0]["clientnummer"] = "K0000201"
    with pytest.raises(ValidationError) as refused:
        case_import.import_case_files(database, actors.beheerder, again)
    message = str(refused.value)
    assert "er staat al een inwoner met dit BSN in Koers (dubbel BSN)" in message
    assert "toewijzingnummer 2025000101 is in Koers al in gebruik" in message  # every problem at once
    assert "een brief met dit kenmerk staat al in het archief van Koers" in message
    assert counts(database) == before  # the second resident, without problems of its own, is not stored either


def test_an_imported_correction_keeps_a_bsn_masked_as_the_log_does(target):
    database, actors = target
    doc = fixed()
    doc["inwoners"][0]["correcties"][0]["velden"] = {"bsn": ["999900006", "999900018"]}
    case_import.import_case_files(database, actors.beheerder, doc)
    with database.engine.connect() as conn:
        stored = json.loads(conn.execute(text("SELECT fields FROM correction")).scalar_one())
    assert stored == {"bsn": ["******006", "******018"]}


def test_a_client_number_in_use_gets_a_new_one_and_says_so(target):
    database, actors = target
    first = fixed()
    first["inwoners"] = first["inwoners"][1:]
    case_import.import_case_files(database, actors.beheerder, first)
    second = fixed()
    second["inwoners"] = second["inwoners"][1:]
    second["inwoners"][0]["achternaam"] = "Yildiz"
    summary = case_import.import_case_files(database, actors.beheerder, second)
    assert summary.renumbered == {"K0000102": "K0000103"}


@pytest.mark.parametrize("number", ["abc", "Z0000001", "k0000101", "K12345678901"])
def test_a_cliëntnummer_not_in_koers_form_gets_a_new_one_and_registering_still_works(target, number):
    from desktop.core.residents.register import ResidentInput, create_resident

    database, actors = target
    doc = fixed()
    doc["inwoners"] = doc["inwoners"][1:]
    doc["inwoners"][0]["clientnummer"] = number
    summary = case_import.import_case_files(database, actors.beheerder, doc)
    assert summary.renumbered == {number: "K0000001"}
    made = create_resident(database, actors.consulent, ResidentInput(
        bsn="999900031", initials="P.", surname="Smit", date_of_birth=date(1960, 1, 1), salutation="heer"))
    assert made.client_number == "K0000002"


def test_every_problem_is_listed_at_once(target):
    database, actors = target
    doc = fixed()
    for spoil in (_missing_surname, _unknown_product, _hours_over_total, _tampered_letter):
        spoil(doc)
    problems = case_import.check(database, actors.beheerder, doc)
    assert len(problems) == 4, problems


def test_read_file_refuses_what_is_not_json(tmp_path):
    bad = tmp_path / "kapot.json"
    bad.write_text('{"formaat": "koers-dossier",', encoding="utf-8")
    with pytest.raises(ValidationError, match="geen geldige JSON"):
        case_import.read_file(bad)
    with pytest.raises(ValidationError, match="bestaat niet"):
        case_import.read_file(tmp_path / "weg.json")


def test_the_documented_fields_are_the_ones_the_code_reads():
    """docs/dossier-format.md names every key of every record; a key added to the code but not to the
    documentation (or the other way round) fails here."""
    from desktop.core.privacy import fields as F

    doc = (Path(__file__).parents[2] / "docs" / "dossier-format.md").read_text(encoding="utf-8")
    for name in ("RESIDENT", "PERSON", "CORRECTION", "CASUS", "PLAN", "DOMAIN", "GOAL", "RESULT", "DECISION",
                 "PERIOD", "HOURS", "EVALUATION", "EVALUATION_RESULT", "DOMAIN_SCORE", "JOURNAL", "DOCUMENT",
                 "LETTER"):
        for spec in getattr(F, name):
            assert f"`{spec.key}`" in doc, f"{name}.{spec.key} is not documented"
    assert Action.CASEFILE_IMPORT.value == "dossiers.importeren"
    assert copy.deepcopy(fixed())["versie"] == F.VERSION


def test_imported_decisions_are_not_sent_to_the_aanbieder_again_only_a_change_made_here(target):
    """The system a file comes from sent its toewijzingen; Koers must not send them a second time. A change made in
    Koers after the import does need a WMO301."""
    from datetime import date

    from desktop.core.decisions import lifecycle
    from desktop.core.iwmo.assignments import find_pending

    database, actors = target
    case_import.import_case_files(database, actors.beheerder, fixed())
    with database.read() as s:
        assert find_pending(s) == []
    with database.write() as s:  # the file comes to a consulent's caseload
        s.connection().execute(text("UPDATE resident SET consulent_id = :c WHERE client_number = 'K0000101'"),
                               {"c": actors.consulent.user_id})
        decision_id = s.connection().execute(text(
            "SELECT id FROM beschikking WHERE toewijzing_nummer = '2025000102'")).scalar_one()
    lifecycle.end_decision(database, actors.consulent, decision_id, date(2025, 12, 31), reason_code="21",
                           explanation="De inwoner is verhuisd naar een andere gemeente.")
    with database.read() as s:
        pending = find_pending(s)
    assert [(p.toewijzing_nummer, p.change) for p in pending] == [("2025000102", "beeindiging")]
