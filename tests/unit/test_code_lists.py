"""Each law's own code lists: the shipped reference data against the official iWmo 3.2 schema and iJw 3.2 lists.

tests/data/istandaarden is a copy of the published material (see its README), so a wrong or missing code in
resources/reference fails here instead of at a provider.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from db.models import Beschikking, Product
from db.models.enums import Law
from desktop.core import reference
from desktop.core.decisions import lifecycle
from desktop.core.errors import ValidationError
from desktop.resources import resource
from tests.unit.decision_setting import established, make_setting

OFFICIAL = Path(__file__).resolve().parents[1] / "data" / "istandaarden"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
SCHEMA_TYPES = {"productcategorie": "LDT_ProductCategorie", "eenheid": "LDT_Eenheid", "frequentie": "LDT_Frequentie",
                "reden_wijziging": "LDT_RedenWijziging", "reden_beeindiging": "LDT_RedenBeeindiging"}
IJW_FILES = {"productcategorie": "JZ020_Productcategorie.md", "eenheid": "WJ756_Eenheid.md",
             "frequentie": "WMO757_Frequentie.md", "reden_wijziging": "JZ002_Reden_wijziging_toewijzing.md",
             "reden_beeindiging": "JZ588_Reden_beeindiging.md"}


def shipped(filename: str) -> dict[str, dict[str, str]]:
    return json.loads(resource("reference", filename).read_text(encoding="utf-8"))["lists"]


def schema_codes(type_name: str) -> set[str]:
    tree = ET.parse(OFFICIAL / "iwmo-3.2" / "basisschema.xsd")
    node = tree.find(f".//xs:simpleType[@name='{type_name}']", XS)
    assert node is not None, type_name
    return {e.get("value", "") for e in node.iterfind(".//xs:enumeration", XS)}


def markdown_codes(filename: str) -> set[str]:
    """The first column of the code table(s): rows like '| 45   | Jeugdhulp ambulant |'."""
    text = (OFFICIAL / "ijw-3.2-codelijsten" / filename).read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*(\d{1,2})\s*\|", text, flags=re.MULTILINE))


@pytest.mark.parametrize("list_name", sorted(SCHEMA_TYPES))
def test_every_wmo_code_is_the_iwmo_schema_s_own(list_name):
    assert set(shipped("iwmo-3.2.json")[list_name]) == schema_codes(SCHEMA_TYPES[list_name])


@pytest.mark.parametrize("list_name", sorted(IJW_FILES))
def test_every_jeugdwet_code_is_the_ijw_list_s_own(list_name):
    assert set(shipped("ijw-3.2.json")[list_name]) == markdown_codes(IJW_FILES[list_name])


def test_the_laws_differ_where_the_standards_do():
    wmo, ijw = shipped("iwmo-3.2.json"), shipped("ijw-3.2.json")
    assert {"19", "21", "22", "23"} <= set(wmo["reden_beeindiging"]) and not {"19", "21", "22", "23"} & set(
        ijw["reden_beeindiging"])
    assert {"32", "33", "34", "35"} <= set(ijw["reden_beeindiging"])
    assert ijw["reden_beeindiging"]["31"] == "levering volgens plan beëindigd"
    assert wmo["reden_beeindiging"]["31"] == "verhuizing naar een andere gemeente"
    assert not set(wmo["productcategorie"]) & set(ijw["productcategorie"])


def test_the_demo_catalogue_uses_each_law_s_own_categories():
    catalogue = json.loads(resource("demo", "catalogue.json").read_text(encoding="utf-8"))
    lists = {"wmo": shipped("iwmo-3.2.json"), "jeugdwet": shipped("ijw-3.2.json")}
    for product in catalogue["products"]:
        own = lists[product["law"]]
        assert product["category"] in own["productcategorie"], product["code"]
        assert product["unit"] in own["eenheid"] and product["frequency"] in own["frequentie"], product["code"]


def test_the_database_offers_each_law_its_own_list(any_db):
    wmo = dict(reference.codes(any_db, "reden_beeindiging", Law.WMO))
    jeugd = dict(reference.codes(any_db, "reden_beeindiging", Law.JEUGDWET))
    assert "19" in wmo and "19" not in jeugd
    assert jeugd["31"] == "levering volgens plan beëindigd" and wmo["31"].startswith("verhuizing")
    assert [c for c, _ in reference.codes(any_db, "productcategorie", Law.JEUGDWET)][:2] == ["31", "32"]


def test_ending_a_jeugdwet_decision_takes_the_ijw_reason(any_db, any_actors, today):
    d = established(any_db, any_actors, make_setting(any_db, any_actors, law=Law.JEUGDWET))
    with pytest.raises(ValidationError) as refused:
        lifecycle.end_decision(any_db, any_actors.consulent, d.id, d.end_date, reason_code="19",
                               explanation="Volgens plan afgerond.")
    assert "19 is geen geldige reden van beëindiging in de iJw 3.2" in str(refused.value.problems)
    ended = lifecycle.end_decision(any_db, any_actors.consulent, d.id, d.end_date, reason_code="31",
                                   explanation="Volgens plan afgerond.")
    assert ended.end_reason_code == "31"
    with any_db.read() as s:
        row = s.get(Beschikking, d.id)
        assert row is not None and reference.code_label(s, "reden_beeindiging", row.end_reason_code or "",
                                                        row.law) == "levering volgens plan beëindigd"


def test_koers_check_names_a_product_whose_category_is_not_its_law_s(any_db, any_actors, today):
    from desktop.core.maintenance.check import run_check

    setting = make_setting(any_db, any_actors)
    assert run_check(any_db).ok
    with any_db.write() as s:  # as a database from before the lists were per law may hold it
        s.get(Product, setting["product"]).law = Law.JEUGDWET
    report = run_check(any_db)
    assert [p for p in report.problems if "categorie" in p] == [
        "Product 02A08 (jeugdwet) heeft categorie 02, die niet in de codelijst van zijn wet staat. Kies in Beheer > "
        "Catalogus een categorie uit de lijst."]
