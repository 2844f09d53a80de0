"""The catalogue a beheerder keeps from an empty database: aanbieders, products in their law's own codes,
contracts that decide which aanbieder a decision may choose, and the regional product list read from a file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlmodel import select

from db.models import Aanbieder, AuditEntry, Contract, Product, Tariff
from db.models.enums import Complexity, FinancingForm, Law
from desktop.core import catalog
from desktop.core.access.audit import PermissionDenied
from desktop.core.catalog import contracts, product_list, products, providers
from desktop.core.decisions import lifecycle
from desktop.core.errors import KoersError, ValidationError
from tests.unit.decision_setting import regional_input


def linde(**overrides) -> providers.AanbiederInput:
    values = dict(name="Zorggroep Oost", agb_code="98012345", street="Dorpsstraat 12", postcode="7001 ab",
                  city="Doetinchem", contract_start=date(2026, 1, 1), contract_end=date(2028, 12, 31))
    values.update(overrides)
    return providers.AanbiederInput(**values)


def begeleiding(**overrides) -> products.ProductInput:
    values = dict(law=Law.WMO, category_code="02", code="02A09", name="Begeleiding groep", unit_code="04",
                  frequency_code="6")
    values.update(overrides)
    return products.ProductInput(**values)


# ------------------------------------------------------------------ aanbieders

def test_a_beheerder_adds_an_aanbieder_with_the_address_letters_go_to(any_db, any_actors):
    row = providers.save(any_db, any_actors.beheerder, linde())
    assert (row.agb_code, row.postcode, row.address) == ("98012345", "7001AB", "Dorpsstraat 12, 7001 AB Doetinchem")
    assert (row.contract_start, row.contract_end) == (date(2026, 1, 1), date(2028, 12, 31))
    changed = providers.save(any_db, any_actors.beheerder, linde(city="Zutphen"), row.id)
    assert changed.city == "Zutphen"
    with any_db.read() as s:
        actions = [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.record_type == "aanbieder"))]
    assert actions == ["aanbieder.toevoegen", "aanbieder.wijzigen"]


def test_every_problem_with_an_aanbieder_is_named_at_once_and_nothing_is_stored(any_db, any_actors):
    with pytest.raises(ValidationError) as refused:
        providers.save(any_db, any_actors.beheerder, linde(name=" ", agb_code="1234", postcode="70011",
                                                           contract_end=date(2025, 1, 1)))
    assert set(refused.value.field_errors) == {"name", "agb_code", "postcode", "contract_end"}
    assert "acht cijfers" in refused.value.field_errors["agb_code"]
    assert providers.list_all(any_db, any_actors.beheerder) == []


def test_a_second_aanbieder_with_the_same_name_or_agb_code_is_refused(any_db, any_actors):
    providers.save(any_db, any_actors.beheerder, linde())
    with pytest.raises(ValidationError) as refused:
        providers.save(any_db, any_actors.beheerder, linde(name="ZORGGROEP OOST"))
    assert set(refused.value.field_errors) == {"name", "agb_code"}


def test_only_the_beheerder_keeps_the_catalogue(any_db, any_actors):
    for who in (any_actors.consulent, any_actors.casusregisseur, any_actors.medewerker):
        with pytest.raises(PermissionDenied):
            providers.save(any_db, who, linde())
        with pytest.raises(PermissionDenied):
            products.save(any_db, who, begeleiding())


# ------------------------------------------------------------------ products

def test_a_product_takes_its_codes_from_its_own_law_s_list(any_db, any_actors):
    wmo = products.save(any_db, any_actors.beheerder, begeleiding(code="02a09"))
    assert (wmo.code, wmo.category_code, wmo.financing_form) == ("02A09", "02", FinancingForm.UREN_X_TARIEF)
    jeugd = products.save(any_db, any_actors.beheerder, begeleiding(law=Law.JEUGDWET, category_code="45"))
    assert jeugd.law is Law.JEUGDWET  # the same code may exist under the other law
    with pytest.raises(ValidationError) as refused:
        products.save(any_db, any_actors.beheerder, begeleiding(law=Law.JEUGDWET, code="02J09"))
    assert "02 is geen geldige productcategorie in de iJw 3.2" in refused.value.field_errors["category_code"]
    with pytest.raises(ValidationError) as refused:
        products.save(any_db, any_actors.beheerder, begeleiding(code="020A09", unit_code="99", frequency_code="7",
                                                                name="", valid_from=date(2026, 2, 1),
                                                                valid_to=date(2026, 1, 1)))
    assert set(refused.value.field_errors) == {"code", "unit_code", "frequency_code", "name", "valid_to"}
    with pytest.raises(ValidationError, match="bestaat al onder deze wet"):
        products.save(any_db, any_actors.beheerder, begeleiding())


def test_the_law_of_a_product_that_decisions_use_cannot_change(any_db, any_actors, setting):
    lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with pytest.raises(ValidationError, match="wet kan daarom niet meer veranderen"):
        products.save(any_db, any_actors.beheerder, begeleiding(law=Law.JEUGDWET, category_code="45", code="02A08"),
                      setting["product"])


# ------------------------------------------------------------------ contracts and decisions

def test_a_decision_chooses_only_an_aanbieder_contracted_for_the_product_on_its_start(any_db, any_actors, setting):
    other = providers.save(any_db, any_actors.beheerder, linde())
    data = regional_input(setting, aanbieder_id=other.id)
    with pytest.raises(ValidationError) as refused:
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], data)
    assert refused.value.problems == ["Zorggroep Oost heeft op 5 januari 2026 geen contract voor 02A08 Begeleiding "
                                      "individueel. Kies een aanbieder die dat product levert, of vraag de beheerder "
                                      "het contract vast te leggen."]
    assert catalog.contracted_aanbieders(any_db, any_actors.consulent, setting["product"], date(2026, 1, 5)) == [
        catalog.AanbiederChoice(setting["provider"], "Zorggroep De Linde")]

    contracts.add_contract(any_db, any_actors.beheerder, other.id, setting["product"], date(2026, 2, 1))
    with pytest.raises(ValidationError, match="geen contract"):  # not yet on 5 January
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], data)
    made = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                     regional_input(setting, aanbieder_id=other.id, start_date=date(2026, 2, 2)))
    assert made.aanbieder_id == other.id
    assert [a.name for a in catalog.contracted_aanbieders(any_db, any_actors.consulent, setting["product"],
                                                          date(2026, 2, 2))] == ["Zorggroep De Linde",
                                                                                 "Zorggroep Oost"]


def test_a_contract_stays_inside_the_aanbieder_s_contract_and_does_not_overlap(any_db, any_actors, setting):
    oost = providers.save(any_db, any_actors.beheerder, linde())
    with pytest.raises(ValidationError) as refused:
        contracts.add_contract(any_db, any_actors.beheerder, oost.id, setting["product"], date(2025, 6, 1),
                               date(2029, 6, 30))
    assert [p.split(".")[0] for p in refused.value.problems] == [
        "Het contract met Zorggroep Oost begint pas op 1 januari 2026",
        "Het contract met Zorggroep Oost loopt tot en met 31 december 2028"]
    first = contracts.add_contract(any_db, any_actors.beheerder, oost.id, setting["product"], date(2026, 1, 1),
                                   date(2028, 12, 31))
    with pytest.raises(ValidationError, match="heeft al een contract voor 02A08 vanaf 1 januari 2026 tot en met"):
        contracts.add_contract(any_db, any_actors.beheerder, oost.id, setting["product"], date(2027, 1, 1),
                               date(2027, 12, 31))
    with pytest.raises(ValidationError) as refused:
        contracts.add_contract(any_db, any_actors.beheerder, None, None, None)
    assert len(refused.value.problems) == 3
    lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                              regional_input(setting, aanbieder_id=oost.id, start_date=date(2026, 3, 2)))
    with pytest.raises(ValidationError, match="gaat na 28 februari 2026 in op dit contract"):
        contracts.end_contract(any_db, any_actors.beheerder, first.id, date(2026, 2, 28))
    ended = contracts.end_contract(any_db, any_actors.beheerder, first.id, date(2026, 12, 31))
    assert ended.valid_to == date(2026, 12, 31)
    with pytest.raises(ValidationError, match="Laat het contract eerder beginnen"):  # the provider's period
        providers.save(any_db, any_actors.beheerder, linde(contract_start=date(2026, 6, 1)), oost.id)


def test_an_inactive_aanbieder_or_an_expired_product_is_not_chosen(any_db, any_actors, setting):
    with any_db.write() as s:
        s.get(Product, setting["product"]).valid_to = date(2025, 12, 31)
    with pytest.raises(ValidationError, match="geldt niet op 5 januari 2026"):
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with any_db.write() as s:
        s.get(Product, setting["product"]).valid_to = None
        s.get(Aanbieder, setting["provider"]).contract_end = date(2025, 12, 31)
    with pytest.raises(ValidationError, match="Het contract met Zorggroep De Linde loopt niet op 5 januari 2026"):
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with any_db.write() as s:
        s.get(Aanbieder, setting["provider"]).contract_end = None
        s.get(Aanbieder, setting["provider"]).active = False
    with pytest.raises(ValidationError, match="is niet meer actief"):
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    assert catalog.contracted_aanbieders(any_db, any_actors.consulent, setting["product"], date(2026, 1, 5)) == []


# ------------------------------------------------------------------ the product list

LIST = ("wet;productcategorie;productcode;omschrijving;eenheid;frequentie;financiering;geldig_vanaf;tarief_l;"
        "tarief_m;tarief_zw\n"
        "Wmo;02;02A08;Begeleiding individueel (nieuw);04;6;uren x tarief;01-01-2027;63,00;69,00;80,50\n"
        "Wmo;1;01A01;Hulp bij het huishouden;04;6;;01-01-2027;34,00;36,50;39,75\n"
        "Jeugdwet;45;45A01;Jeugdhulp ambulant individueel;04;6;;01-01-2027;72,00;79,00;93,00\n")


def test_the_regional_product_list_is_read_whole_from_csv(any_db, any_actors, setting, tmp_path):
    path = tmp_path / "productenlijst-2027.csv"
    path.write_text(LIST, encoding="utf-8-sig")
    check = product_list.check_file(any_db, any_actors.beheerder, path)
    assert (check.ok, check.new, check.updated) == (True, 2, 1)
    with any_db.read() as s:
        assert len(s.exec(select(Product)).all()) == 1  # checking stores nothing
    product_list.import_file(any_db, any_actors.beheerder, path)
    with any_db.read() as s:
        stored = {(p.law, p.code): p for p in s.exec(select(Product))}
        assert stored[(Law.WMO, "02A08")].name == "Begeleiding individueel (nieuw)"
        assert stored[(Law.WMO, "01A01")].category_code == "01"
        assert stored[(Law.JEUGDWET, "45A01")].valid_from == date(2027, 1, 1)
        tariffs = {(t.product_id, t.complexity): t.amount_cents for t in s.exec(
            select(Tariff).where(Tariff.valid_from == date(2027, 1, 1)))}
        assert tariffs[(setting["product"], Complexity.M)] == 6900 and len(tariffs) == 9
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "productlijst.inlezen")).one().changes


def test_the_product_list_is_read_from_an_excel_workbook(any_db, any_actors, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Productcategorie", "Productcode", "Omschrijving", "Eenheid", "Frequentie", "Geldig vanaf"])
    sheet.append([2, "02A30", "Begeleiding groep", 4, 6, date(2027, 1, 1)])  # numbers and a date as Excel keeps them
    sheet.append(["07", "07A01", "Dagbesteding", "16", "6", None])
    path = tmp_path / "producten.xlsx"
    book.save(path)
    check = product_list.import_file(any_db, any_actors.beheerder, path, law=Law.WMO)
    assert check.ok and check.new == 2
    with any_db.read() as s:
        got = {p.code: (p.category_code, p.unit_code, p.valid_from) for p in s.exec(select(Product))}
    assert got == {"02A30": ("02", "04", date(2027, 1, 1)), "07A01": ("07", "16", None)}


def test_one_wrong_line_stores_nothing_and_every_wrong_line_is_named(any_db, any_actors, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(LIST + "Jeugdwet;02;02J09;Begeleiding;04;6;;;;;\nWmo;02;02A08;Dubbel;04;6;;;;;\n"
                    "Wet op iets;02;X;Y;04;6;;;;;\nWmo;02;02A99;Met tarief zonder datum;04;6;;;60;;\n",
                    encoding="utf-8")
    check = product_list.import_file(any_db, any_actors.beheerder, path)
    assert not check.ok and [line for line, _ in check.rejected] == [5, 6, 7, 8]
    reasons = dict(check.rejected)
    assert "geen geldige productcategorie in de iJw 3.2" in reasons[5]
    assert "staat ook op regel 2" in reasons[6]
    assert "geen Wmo of Jeugdwet" in reasons[7]
    assert "vul geldig_vanaf in" in reasons[8]
    with any_db.read() as s:
        assert s.exec(select(Product)).all() == [] and s.exec(select(Contract)).all() == []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("leeg.csv", "productcode;omschrijving\n02A08;Begeleiding\n", "ontbreken de kolommen wet, productcategorie"),
    ("oud.xls", "x", "Excel 97-2003"),
    ("kapot.xlsx", "geen zip", "geen leesbaar Excel-bestand"),
    ("alleen-kop.csv", "wet;productcategorie;productcode;omschrijving;eenheid;frequentie\n", "geen producten"),
])
def test_a_file_that_is_no_product_list_gets_a_dutch_message(any_db, any_actors, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KoersError, match=message):
        product_list.check_file(any_db, any_actors.beheerder, path)


def test_a_folder_is_no_product_list(any_db, any_actors, tmp_path):
    with pytest.raises(KoersError, match="is een map, geen bestand"):
        product_list.check_file(any_db, any_actors.beheerder, tmp_path)


def test_amounts_in_the_list_follow_the_one_money_parser(any_db, any_actors, tmp_path):
    path = tmp_path / "bedrag.csv"
    path.write_text("wet;productcategorie;productcode;omschrijving;eenheid;frequentie;geldig_vanaf;tarief_m\n"
                    "Wmo;02;02A50;Begeleiding;04;6;1-1-2027;€ 1.062,5\nWmo;02;02A51;Begeleiding 2;04;6;1-1-2027;"
                    "62,505\n", encoding="utf-8")
    check = product_list.check_file(any_db, any_actors.beheerder, path)
    assert check.lines[0].tariffs == {Complexity.M: 106250}
    assert [line for line, _ in check.rejected] == [3] and "twee cijfers achter de komma" in check.rejected[0][1]
    assert Decimal("1062.50") * 100 == check.lines[0].tariffs[Complexity.M]


def test_cancelling_the_product_list_stores_nothing(any_db, any_actors, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text(LIST, encoding="utf-8")
    seen = []

    def stop_halfway(done, total):
        seen.append((done, total))
        return done < total - 1  # stop before storing the last line

    with pytest.raises(KoersError, match="afgebroken; er is niets opgeslagen"):
        product_list.import_file(any_db, any_actors.beheerder, path, progress=stop_halfway)
    assert seen[0] == (0, 6) and seen[-1] == (5, 6)
    with any_db.read() as s:
        assert s.exec(select(Product)).all() == []
