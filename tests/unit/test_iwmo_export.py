"""WMO301 toewijzingen out (issue 15, point 1): what needs a message, the message itself (validated against the
iWmo 3.2 schema), kept with who made it and when, written to a folder, never made twice for the same change."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from lxml import etree
from sqlalchemy import text
from sqlmodel import select

from db.models import AuditEntry, IwmoAssignment, IwmoMessage
from db.models.enums import FinancingForm, Law
from desktop.core import settings
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import lifecycle
from desktop.core.errors import ValidationError
from desktop.core.iwmo import assignments, export, schema, wmo301
from desktop.core.iwmo.codes import iwmo_number
from tests.unit.decision_setting import START, established, make_setting, regional_input

NS = {"w": schema.namespace("301"), "i": schema.NAMESPACE_BASE}
BSN = "999900006"


def xml(content: bytes):
    return etree.fromstring(content)


def one(root, path: str) -> str:
    found = root.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)}"
    return found[0].text


def products(root) -> list[dict[str, str]]:
    out = []
    for tp in root.findall("w:Client/w:ToegewezenProducten/w:ToegewezenProduct", NS):
        out.append({etree.QName(e).localname: e.text for e in tp.iter() if e.text and e.text.strip()})
    return out


@pytest.fixture
def municipality(any_db, any_actors):
    settings.set_gemeentecode(any_db, any_actors.beheerder, "0384")


def run(db, actors, tmp_path, **kw) -> export.ExportResult:
    return export.export_messages(db, actors.medewerker, tmp_path / "uit", **kw)


def stored(db) -> list[IwmoMessage]:
    with db.read() as s:
        return list(s.exec(select(IwmoMessage).order_by(IwmoMessage.id)))


def assigned(db) -> list[tuple[int, str, str | None, date | None]]:
    with db.read() as s:
        return [(a.beschikking_id, a.change, a.reason_code, a.end_date)
                for a in s.exec(select(IwmoAssignment).order_by(IwmoAssignment.id))]


def test_the_regional_example_is_assigned_as_56_hours_in_total(any_db, any_actors, setting, municipality, tmp_path,
                                                                today):
    d = established(any_db, any_actors, setting)
    result = run(any_db, any_actors, tmp_path)
    assert result.skipped == [] and len(result.made) == 1
    made = result.made[0]
    assert (made.aanbieder, made.assignments, made.client_number) == ("Zorggroep De Linde", 1, "K0000001")
    assert made.path.name == f"WMO301_0384_98765432_{made.identification}.xml"
    assert len(made.identification) <= 12
    content = made.path.read_bytes()
    assert schema.validate("301", content) == []
    root = xml(content)
    assert one(root, "w:Header/w:BerichtCode") == "414"
    assert (one(root, "w:Header/w:BerichtVersie"), one(root, "w:Header/w:BerichtSubversie")) == ("3", "2")
    assert one(root, "w:Header/w:Afzender") == "0384"
    assert one(root, "w:Header/w:Ontvanger") == "98765432"
    assert one(root, "w:Header/w:BerichtIdentificatie/i:Identificatie") == made.identification
    assert one(root, "w:Header/w:BerichtIdentificatie/i:Dagtekening") == today.isoformat()
    assert one(root, "w:Client/w:Bsn") == BSN
    assert one(root, "w:Client/w:Geboortedatum/i:Datum") == "1950-03-04"
    assert one(root, "w:Client/w:Naam/i:Geslachtsnaam/i:Achternaam") == "Jansen"
    assert one(root, "w:Client/w:Naam/i:Voorletters") == "M"
    [product] = products(root)
    assert product["ToewijzingNummer"] == str(iwmo_number(d.toewijzing_nummer))
    assert (product["Categorie"], product["Code"]) == ("02", "02A08")
    assert (product["Ingangsdatum"], product["Einddatum"]) == (START.isoformat(), "2026-07-19")
    assert (product["Volume"], product["Eenheid"], product["Frequentie"]) == ("56", "04", "6")
    assert "RedenWijziging" not in product and "Budget" not in product
    assert product["Toewijzingsdatum"] == today.isoformat()  # recorded in Koers today (the access log's moment)

    [message] = stored(any_db)
    assert (message.kind, message.direction, message.law, message.sender, message.receiver) == (
        "301", "uit", Law.WMO, "0384", "98765432")
    assert message.content == content and message.sha256 == hashlib.sha256(content).hexdigest()
    assert message.identification == made.identification and message.message_date == today
    assert message.created_by_id == any_actors.medewerker.user_id
    assert assigned(any_db) == [(d.id, "toewijzing", None, date(2026, 7, 19))]
    assert [p.name for p in (tmp_path / "uit").iterdir()] == [made.path.name], "no temporary file left"


def test_a_second_export_makes_nothing(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting)
    assert len(run(any_db, any_actors, tmp_path).made) == 1
    again = run(any_db, any_actors, tmp_path)
    assert (again.made, again.skipped) == ([], [])
    assert export.pending(any_db, any_actors.medewerker) == []
    assert len(stored(any_db)) == 1


def test_hours_that_are_not_whole_go_in_minutes(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting, hours_per_period=Decimal("7.5"))
    [made] = run(any_db, any_actors, tmp_path).made
    [product] = products(xml(made.path.read_bytes()))
    assert (product["Volume"], product["Eenheid"], product["Frequentie"]) == ("3150", "01", "6")


def test_result_financing_is_a_budget_in_eurocents(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting, financing_form=FinancingForm.BEDRAG_PER_TRAJECT,
                hours_per_period=None, fixed_amount=Decimal("1250.50"))
    [made] = run(any_db, any_actors, tmp_path).made
    content = made.path.read_bytes()
    [product] = products(xml(content))
    assert product["Budget"] == "125050" and "Volume" not in product
    assert schema.validate("301", content) == []


def test_a_monthly_amount_is_budgeted_over_the_term_pro_rata():
    # 5 January to 19 July 2026: 27/31 of January, February to June whole, 19/31 of July
    assert export._monthly_total(date(2026, 1, 5), date(2026, 7, 19), 31_000) == 27_000 + 5 * 31_000 + 19_000


def test_a_wijziging_ends_the_old_toewijzing_and_assigns_the_new_one(any_db, any_actors, setting, municipality,
                                                                     tmp_path):
    old = established(any_db, any_actors, setting)
    run(any_db, any_actors, tmp_path)
    new = lifecycle.change_decision(
        any_db, any_actors.consulent, old.id,
        regional_input(setting, start_date=date(2026, 3, 2), period_count=5, hours_per_period=Decimal("12")),
        reason_code="04", explanation="Opschalen na evaluatie.", establish_on=date(2026, 3, 1))
    result = run(any_db, any_actors, tmp_path)
    assert result.skipped == [] and [m.assignments for m in result.made] == [2]
    content = result.made[0].path.read_bytes()
    assert schema.validate("301", content) == []
    by_number = {p["ToewijzingNummer"]: p for p in products(xml(content))}
    was = by_number[str(iwmo_number(old.toewijzing_nummer))]
    assert (was["Einddatum"], was["RedenWijziging"]) == ("2026-03-01", "04")
    assert was["Volume"] == "56", "the old toewijzing keeps its Omvang; its Einddatum ends it"
    fresh = by_number[str(iwmo_number(new.toewijzing_nummer))]
    assert (fresh["Ingangsdatum"], fresh["Volume"], fresh["Eenheid"]) == ("2026-03-02", "60", "04")
    assert "RedenWijziging" not in fresh
    assert assigned(any_db)[1:] == [(old.id, "wijziging", "04", date(2026, 3, 1)),
                                    (new.id, "toewijzing", None, new.end_date)]


def test_a_decision_replaced_before_it_was_ever_sent_goes_once_with_its_real_term(any_db, any_actors, setting,
                                                                                  municipality, tmp_path):
    old = established(any_db, any_actors, setting)
    lifecycle.change_decision(any_db, any_actors.consulent, old.id, regional_input(setting, start_date=date(2026, 3, 2)),
                              reason_code="01", explanation="Correctie.", establish_on=date(2026, 3, 1))
    [made] = run(any_db, any_actors, tmp_path).made
    numbers = [p["ToewijzingNummer"] for p in products(xml(made.path.read_bytes()))]
    assert len(numbers) == len(set(numbers)) == 2, "one ToegewezenProduct per toewijzing"
    was = next(p for p in products(xml(made.path.read_bytes()))
               if p["ToewijzingNummer"] == str(iwmo_number(old.toewijzing_nummer)))
    assert was["Einddatum"] == "2026-03-01" and "RedenWijziging" not in was  # new to the aanbieder: no change
    assert {(b, c) for b, c, _, _ in assigned(any_db)} >= {(old.id, "toewijzing"), (old.id, "wijziging")}
    assert made.assignments == 3


def test_reasons_map_to_the_standards_reden_wijziging():
    assert assignments.change_reason("01") == "14", "the expired code goes as its successor"
    assert assignments.change_reason("04") == "04"
    assert assignments.end_reason(Law.WMO, "02") == "02"
    assert assignments.end_reason(Law.WMO, "38") == "09"
    assert assignments.end_reason(Law.WMO, "21") == "05"
    assert assignments.end_reason(Law.WMO, "31") == "07"  # iWmo 31: verhuizing
    assert assignments.end_reason(Law.JEUGDWET, "31") == "05"  # iJw 31: volgens plan
    assert assignments.end_reason(Law.JEUGDWET, "35") == "07"


def test_an_ending_is_sent_as_a_beeindiging(any_db, any_actors, setting, municipality, tmp_path):
    d = established(any_db, any_actors, setting)
    run(any_db, any_actors, tmp_path)
    lifecycle.end_decision(any_db, any_actors.consulent, d.id, date(2026, 4, 30), reason_code="38",
                           explanation="De inwoner gaat naar een andere aanbieder.")
    [made] = run(any_db, any_actors, tmp_path).made
    [product] = products(xml(made.path.read_bytes()))
    assert (product["Einddatum"], product["RedenWijziging"]) == ("2026-04-30", "09")
    assert assigned(any_db)[-1] == (d.id, "beeindiging", "09", date(2026, 4, 30))


def test_a_withdrawn_toewijzing_is_removed_and_one_never_sent_needs_nothing(any_db, any_actors, setting,
                                                                           municipality, tmp_path):
    d = established(any_db, any_actors, setting)
    run(any_db, any_actors, tmp_path)
    lifecycle.revoke_decision(any_db, any_actors.consulent, d.id, explanation="Ten onrechte vastgesteld.")
    [made] = run(any_db, any_actors, tmp_path).made
    [product] = products(xml(made.path.read_bytes()))
    assert (product["Ingangsdatum"], product["Einddatum"], product["RedenWijziging"]) == (
        START.isoformat(), START.isoformat(), "13")
    assert assigned(any_db)[-1] == (d.id, "intrekking", "13", START)

    never = established(any_db, any_actors, setting, start_date=date(2026, 8, 3))
    lifecycle.revoke_decision(any_db, any_actors.consulent, never.id, explanation="Toch niet nodig.")
    assert export.pending(any_db, any_actors.medewerker) == []


def test_an_afwijzing_gets_no_message(any_db, any_actors, setting, municipality, tmp_path):
    with any_db.write() as s:
        s.exec(text("UPDATE casus SET aanvraag_date = '2025-12-01'"))
    refusal = lifecycle.refuse_aanvraag(any_db, any_actors.consulent, setting["casus"], setting["product"],
                                        "Uw netwerk helpt u; daarmee bereikt u uw resultaat zonder voorziening.",
                                        date(2026, 1, 2))
    lifecycle.establish(any_db, any_actors.consulent, refusal.id, date(2026, 1, 2))
    assert export.pending(any_db, any_actors.medewerker) == []
    assert run(any_db, any_actors, tmp_path).made == []


def test_what_cannot_be_sent_is_skipped_with_its_reason(any_db, any_actors, setting, tmp_path):
    d = established(any_db, any_actors, setting)
    result = run(any_db, any_actors, tmp_path)
    assert result.made == [] and [s.toewijzing_nummer for s in result.skipped] == [d.toewijzing_nummer]
    assert "gemeentecode" in result.skipped[0].reason
    settings.set_gemeentecode(any_db, any_actors.beheerder, "384")
    with any_db.write() as s:
        s.exec(text("UPDATE aanbieder SET agb_code = NULL"))
    [skip] = run(any_db, any_actors, tmp_path).skipped
    assert "Zorggroep De Linde heeft geen AGB-code" in skip.reason
    with any_db.write() as s:
        s.exec(text("UPDATE aanbieder SET agb_code = '98765432'"))
        s.exec(text("UPDATE resident SET bsn = NULL"))
    [skip] = run(any_db, any_actors, tmp_path).skipped
    assert "BSN nog niet bekend" in skip.reason and "K0000001" in skip.reason
    with any_db.write() as s:
        s.exec(text(f"UPDATE resident SET bsn = '{BSN}'"))
        s.exec(text("UPDATE product SET code = ' '"))
    [skip] = run(any_db, any_actors, tmp_path).skipped
    assert "geen productcode" in skip.reason
    assert stored(any_db) == [] and list((tmp_path / "uit").iterdir()) == []
    with any_db.write() as s:
        s.exec(text("UPDATE product SET code = '02A08'"))
    [made] = run(any_db, any_actors, tmp_path).made
    assert made.path.name.startswith("WMO301_0384_98765432_")


def test_a_message_that_does_not_validate_is_neither_stored_nor_written(any_db, any_actors, setting, municipality,
                                                                       tmp_path, monkeypatch):
    established(any_db, any_actors, setting)
    monkeypatch.setattr(schema, "validate", lambda kind, content: [schema.SchemaProblem(20, "Bsn", "not valid")])
    result = run(any_db, any_actors, tmp_path)
    assert result.made == [] and len(result.skipped) == 1
    assert "voldoet niet aan het WMO301-schema" in result.skipped[0].reason
    assert "regel 20, element Bsn" in result.skipped[0].reason
    assert stored(any_db) == [] and assigned(any_db) == []
    assert list((tmp_path / "uit").iterdir()) == []
    monkeypatch.undo()
    assert len(run(any_db, any_actors, tmp_path).made) == 1


def test_every_message_has_an_access_log_line_without_the_bsn(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting)
    [made] = run(any_db, any_actors, tmp_path).made
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "iwmo.301")).all()
        message_id = s.exec(select(IwmoMessage.id)).one()
    assert len(lines) == 1
    line = lines[0]
    assert (line.record_type, line.record_id, line.client_number, line.username) == (
        "iwmo_bericht", message_id, "K0000001", any_actors.medewerker.username)
    assert made.identification in line.changes
    assert BSN not in " ".join(str(v) for v in vars(line).values()) and "Jansen" not in (line.changes or "")


def test_only_the_medewerker_makes_messages(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting)
    for actor in (any_actors.consulent, any_actors.controller, any_actors.beheerder):
        with pytest.raises(PermissionDenied):
            export.export_messages(any_db, actor, tmp_path / "uit")
        with pytest.raises(PermissionDenied):
            export.pending(any_db, actor)
        with pytest.raises(PermissionDenied):
            export.list_messages(any_db, actor)
    assert stored(any_db) == []
    [made] = run(any_db, any_actors, tmp_path).made
    [row] = export.list_messages(any_db, any_actors.medewerker)
    assert (row.kind, row.direction, row.identification, row.aanbieder, row.assignments, row.created_by) == (
        "301", "uit", made.identification, "Zorggroep De Linde", 1, "Mehmet Medewerker")


def test_since_takes_only_changes_made_on_or_after_that_day(any_db, any_actors, setting, municipality, tmp_path,
                                                            today):
    established(any_db, any_actors, setting)
    assert run(any_db, any_actors, tmp_path, since=today + timedelta(days=1)).made == []
    assert len(export.pending(any_db, any_actors.medewerker, since=today)) == 1
    assert len(run(any_db, any_actors, tmp_path, since=today).made) == 1


def test_one_message_per_client_per_aanbieder(any_db, any_actors, setting, municipality, tmp_path):
    established(any_db, any_actors, setting)
    established(any_db, any_actors, setting, start_date=date(2026, 8, 3))
    [made] = run(any_db, any_actors, tmp_path).made
    assert made.assignments == 2 and len(products(xml(made.path.read_bytes()))) == 2
    ids = [m.identification for m in stored(any_db)]
    assert len(ids) == len(set(ids)) == 1


def test_jeugdwet_decisions_are_skipped_because_koers_cannot_check_a_jw301(db, actors, municipality_db, tmp_path):
    jw = make_setting(db, actors, Law.JEUGDWET)
    d = established(db, actors, jw)
    result = export.export_messages(db, actors.medewerker, tmp_path / "uit")
    assert result.made == [] and [s.toewijzing_nummer for s in result.skipped] == [d.toewijzing_nummer]
    assert "Jeugdwet" in result.skipped[0].reason and "schema" in result.skipped[0].reason
    assert stored(db) == []


@pytest.fixture
def municipality_db(db, actors):
    settings.set_gemeentecode(db, actors.beheerder, "0384")


def test_the_gemeentecode_is_four_digits_set_by_a_beheerder(db, actors):
    assert settings.gemeentecode(db) is None
    for wrong in ("12345", "abc", "", "0000", "３８４"):
        with pytest.raises(ValidationError, match="gemeentecode|Gemeentecode"):
            settings.set_gemeentecode(db, actors.beheerder, wrong)
    with pytest.raises(PermissionDenied):
        settings.set_gemeentecode(db, actors.medewerker, "0384")
    assert settings.set_gemeentecode(db, actors.beheerder, " 384 ") == "0384"
    assert settings.gemeentecode(db) == "0384"
    with db.read() as s:
        [line] = s.exec(select(AuditEntry).where(AuditEntry.action == "instelling.wijzigen")).all()
    assert settings.GEMEENTECODE in line.changes and "0384" in line.changes


def test_the_builder_splits_a_house_number_suffix_as_the_standard_does():
    assert wmo301.split_suffix("A") == ("A", None)
    assert wmo301.split_suffix("bis") == (None, "bis")
    assert wmo301.split_suffix("a 2") == ("A", "2")
    assert wmo301.split_suffix("2-hoog") == (None, None), "too long for the standard: left out, not cut"
    assert wmo301.split_suffix(None) == (None, None)


def test_a_full_address_validates(any_db, any_actors, setting, municipality, tmp_path):
    with any_db.write() as s:
        s.exec(text("UPDATE resident SET street = 'Burgemeester van Nispen van Sevenaerstraat', house_number = 12, "
                    "house_number_suffix = 'A bis', postcode = '7001AB', city = 'Doetinchem', prefix = 'van der', "
                    "initials = 'M.J.'"))
    established(any_db, any_actors, setting)
    [made] = run(any_db, any_actors, tmp_path).made
    content = made.path.read_bytes()
    assert schema.validate("301", content) == []
    root = xml(content)
    adres = "w:Client/w:Contactgegevens/w:Contact/w:Adres/"
    assert one(root, "w:Client/w:Contactgegevens/w:Contact/w:Soort") == "01"
    assert one(root, adres + "i:Huis/i:Huisnummer") == "12"
    assert one(root, adres + "i:Huis/i:Huisletter") == "A"
    assert one(root, adres + "i:Huis/i:HuisnummerToevoeging") == "bis"
    assert one(root, adres + "i:Postcode") == "7001AB"
    assert len(one(root, adres + "i:Straatnaam")) <= 24
    assert one(root, "w:Client/w:Naam/i:Geslachtsnaam/i:Voorvoegsel") == "van der"
    assert one(root, "w:Client/w:Naam/i:Voorletters") == "MJ"


def test_koers_instellingen_iwmo_sets_and_shows_the_gemeentecode(db, actors, db_path, capsys, monkeypatch):
    from desktop.cli import main
    from tests.conftest import TEST_PASSWORD

    monkeypatch.setenv("KOERS_PASSWORD", TEST_PASSWORD)
    as_beheerder = ["--db", str(db_path), "--as", actors.beheerder.username]
    assert main(["instellingen", "iwmo", *as_beheerder]) == 0
    assert "nog geen gemeentecode" in capsys.readouterr().out
    assert main(["instellingen", "iwmo", "--gemeentecode", "12a", *as_beheerder]) == 1
    assert "vier cijfers" in capsys.readouterr().err
    assert main(["instellingen", "iwmo", "--gemeentecode", "384", *as_beheerder]) == 0
    assert "Gemeentecode 0384 bewaard" in capsys.readouterr().out
    assert settings.gemeentecode(db) == "0384"
    assert main(["instellingen", "iwmo", "--db", str(db_path), "--as", actors.medewerker.username,
                 "--gemeentecode", "0385"]) == 1
    assert settings.gemeentecode(db) == "0384"


def test_every_message_of_the_demo_validates_and_what_cannot_go_says_why(db, tmp_path, today):
    """A small demo, exported as its medewerker: every Wmo decision of a client with a BSN goes, every message
    validates, and each skipped one names its reason (a Jeugdwet decision, a resident without a BSN)."""
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.demo.generator import generate_demo

    generate_demo(db, 40, today=today)
    assert settings.gemeentecode(db) == "0384"
    with db.read() as s:
        user = s.exec(select(User).where(User.role == Role.MEDEWERKER)).first()
    medewerker = Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")
    result = export.export_messages(db, medewerker, tmp_path / "uit")
    assert result.made
    for made in result.made:
        assert schema.validate("301", made.path.read_bytes()) == [], made.path.name
    assert all(skip.reason.startswith("Niet verstuurd: ") for skip in result.skipped)
    assert {p.toewijzing_nummer for p in export.pending(db, medewerker)} == \
        {k.toewijzing_nummer for k in result.skipped}, "what is still pending is what was skipped, with its reason"
    assert len({m.identification for m in result.made}) == len(result.made)


def test_the_beheerder_sets_the_gemeentecode_under_beheer(db, actors, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from desktop.ui import dialogs
    from desktop.ui.admin.page import AdminPage

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: said.append(("error", message)))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, message: said.append(("info", message)))
    page = AdminPage(db, actors.beheerder)
    qtbot.addWidget(page)
    assert page.gemeentecode.text() == ""
    qtbot.keyClicks(page.gemeentecode, "12a")
    qtbot.mouseClick(page.gemeentecode_save, Qt.MouseButton.LeftButton)
    assert said[-1][0] == "error" and "vier cijfers" in said[-1][1]
    assert settings.gemeentecode(db) is None
    page.gemeentecode.clear()
    qtbot.keyClicks(page.gemeentecode, "384")
    qtbot.keyClick(page.gemeentecode, Qt.Key.Key_Return)  # Enter in the field saves, as the button does
    assert said[-1] == ("info", "Gemeentecode 0384 is opgeslagen: de afzender van elk iWmo-bericht.")
    assert page.gemeentecode.text() == "0384" and settings.gemeentecode(db) == "0384"
    again = AdminPage(db, actors.beheerder)
    qtbot.addWidget(again)
    assert again.gemeentecode.text() == "0384"
