"""Beheer > Catalogus from an empty database: aanbieders (every problem at once), products in their law's own
codes, contracts (an overlap refused), the product list read in the background, and the tariff form that
follows the catalogue."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication, QDialog
from sqlmodel import select

from db.models import Aanbieder, Product
from db.models.enums import Law
from desktop.core.catalog import contracts, products, providers
from desktop.ui.admin.catalogue.dialogs import (
    AanbiederDialog,
    ContractDialog,
    EndContractDialog,
    ProductDialog,
)
from desktop.ui.admin.catalogue.product_list_dialog import ProductListDialog
from desktop.ui.admin.page import AdminPage
from tests.gui.test_decision_actions import on_modal


def open_catalogue(qtbot, db, actor) -> AdminPage:
    page = AdminPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.tabs.setCurrentWidget(page.catalogue_tab)
    return page


def test_an_aanbieder_is_added_with_every_problem_named_first(qtbot, db, make_actor, screenshot):
    page = open_catalogue(qtbot, db, make_actor("beheerder"))
    tab = page.catalogue_tab
    seen = {}

    def fill(dialog: AanbiederDialog):
        dialog.agb.setText("1234")
        dialog.postcode.setText("70011")
        dialog.contract_start.setText("32-01-2026")
        dialog.submit()
        seen["errors"] = dialog.error_panel.text()
        seen["marked"] = [name for name, w in dialog.fields.items() if w.property("invalid")]
        seen["kept"] = (dialog.isVisible(), dialog.agb.text(), dialog.postcode.text(), dialog.contract_start.text())
        with db.read() as s:
            seen["stored"] = s.exec(select(Aanbieder)).all()
        screenshot(dialog, "catalogus-aanbieder-fouten")
        dialog.name.setText("Zorggroep Oost")
        dialog.agb.setText("98012345")
        dialog.street.setText("Dorpsstraat 12")
        dialog.postcode.setText("7001 ab")
        dialog.city.setText("Doetinchem")
        dialog.contract_start.setText("01-01-2026")
        dialog.submit()

    on_modal(qtbot, fill)
    tab.new_aanbieder_button.click()
    assert "32-01-2026 bestaat niet als datum" in seen["errors"] and "acht cijfers" in seen["errors"] \
        and "vier cijfers en twee letters" in seen["errors"] and "Vul de naam van de aanbieder in" in seen["errors"]
    assert set(seen["marked"]) == {"name", "agb_code", "postcode", "contract_start"}
    assert seen["kept"] == (True, "1234", "70011", "32-01-2026") and seen["stored"] == []
    assert tab.aanbieders_page.model.rowCount() == 1
    assert tab.aanbieders_page.model.index(0, 2).data() == "Dorpsstraat 12, 7001 AB Doetinchem"
    assert tab.aanbieders_page.message.text() == "Aanbieder Zorggroep Oost toegevoegd."
    screenshot(page, "catalogus-aanbieders")

    tab.aanbieders_page.table.selectRow(0)

    def edit(dialog: AanbiederDialog):
        assert dialog.name.text() == "Zorggroep Oost"
        dialog.city.setText("Zutphen")
        dialog.submit()

    on_modal(qtbot, edit)
    tab.edit_aanbieder_button.click()
    with db.read() as s:
        assert s.exec(select(Aanbieder.city)).one() == "Zutphen"


def test_a_jeugdwet_product_offers_the_ijw_codes(qtbot, db, make_actor, screenshot):
    page = open_catalogue(qtbot, db, make_actor("beheerder"))
    tab = page.catalogue_tab
    tab.tabs.setCurrentWidget(tab.products_page)
    seen = {}

    def fill(dialog: ProductDialog):
        dialog.law.setCurrentIndex(dialog.law.findData(Law.JEUGDWET))
        seen["categories"] = [dialog.category.itemData(i) for i in range(dialog.category.count())]
        dialog.category.setCurrentIndex(dialog.category.findData("45"))
        dialog.code.setText("45a01")
        dialog.name.setText("Jeugdhulp ambulant individueel")
        screenshot(dialog, "catalogus-product")
        dialog.submit()

    on_modal(qtbot, fill)
    tab.new_product_button.click()
    assert "45" in seen["categories"] and "02" not in seen["categories"] and seen["categories"][0] == "31"
    with db.read() as s:
        product = s.exec(select(Product)).one()
    assert (product.law, product.code, product.category_code, product.unit_code, product.frequency_code) == (
        Law.JEUGDWET, "45A01", "45", "04", "6")
    # the tariff form follows the catalogue at once
    assert page.tariff_product.findData(product.id) >= 0


def test_contracts_are_added_an_overlap_is_refused_and_one_is_ended(qtbot, db, make_actor, screenshot):
    beheerder = make_actor("beheerder")
    oost = providers.save(db, beheerder, providers.AanbiederInput(name="Zorggroep Oost", contract_start=date(2026, 1, 1)))
    product = products.save(db, beheerder, products.ProductInput(law="wmo", category_code="02", code="02A08",
                                                                 name="Begeleiding individueel", unit_code="04",
                                                                 frequency_code="6"))
    contracts.add_contract(db, beheerder, oost.id, product.id, date(2026, 1, 1))
    page = open_catalogue(qtbot, db, beheerder)
    tab = page.catalogue_tab
    tab.tabs.setCurrentWidget(tab.contracts_page)
    assert tab.contracts_page.model.rowCount() == 1
    seen = {}

    def overlap(dialog: ContractDialog):
        dialog.aanbieder.setCurrentIndex(dialog.aanbieder.findData(oost.id))
        dialog.product.setCurrentIndex(dialog.product.findData(product.id))
        dialog.valid_from.setText("01-06-2026")
        dialog.submit()
        seen["overlap"] = dialog.error_panel.text()
        screenshot(dialog, "catalogus-contract-overlap")

    on_modal(qtbot, overlap)
    tab.new_contract_button.click()
    assert "heeft al een contract voor 02A08 vanaf 1 januari 2026" in seen["overlap"]
    assert tab.contracts_page.model.rowCount() == 1

    tab.contracts_page.table.selectRow(0)

    def end(dialog: EndContractDialog):
        dialog.last_day.setText("31-12-2026")
        dialog.submit()

    on_modal(qtbot, end)
    tab.end_contract_button.click()
    assert tab.contracts_page.model.index(0, 3).data() == "31 december 2026"
    assert tab.contracts_page.message.text() == "Contract beëindigd."

    def follow_up(dialog: ContractDialog):  # the next period, now the old one has ended
        dialog.aanbieder.setCurrentIndex(dialog.aanbieder.findData(oost.id))
        dialog.product.setCurrentIndex(dialog.product.findData(product.id))
        dialog.valid_from.setText("01-01-2027")
        screenshot(dialog, "catalogus-contract-nieuw")
        dialog.submit()

    on_modal(qtbot, follow_up)
    tab.new_contract_button.click()
    assert [tuple(tab.contracts_page.model.index(1, c).data() for c in range(4))] == [
        ("Zorggroep Oost", "02A08 Begeleiding individueel", "1 januari 2027", "doorlopend")]
    assert tab.contracts_page.message.text() == "Contract vastgelegd."
    assert tab.tabs.tabText(2) == "Contracten (2)"
    screenshot(page, "catalogus-contracten")


def test_the_product_list_is_checked_in_the_background_then_read_whole(qtbot, db, make_actor, tmp_path,
                                                                       screenshot):
    beheerder = make_actor("beheerder")
    bad = tmp_path / "fout.csv"
    bad.write_text("wet;productcategorie;productcode;omschrijving;eenheid;frequentie;geldig_vanaf;tarief_m\n"
                   "Wmo;02;02A08;Begeleiding individueel;04;6;01-01-2027;62,50\n"
                   "Jeugdwet;02;02J01;Begeleiding jeugd;04;6;01-01-2027;70,00\n", encoding="utf-8")
    good = tmp_path / "goed.csv"
    good.write_text("wet;productcategorie;productcode;omschrijving;eenheid;frequentie;geldig_vanaf;tarief_m\n"
                    "Wmo;02;02A08;Begeleiding individueel;04;6;01-01-2027;62,50\n"
                    "Jeugdwet;45;45A01;Jeugdhulp ambulant;04;6;01-01-2027;70,00\n", encoding="utf-8")
    dialog = ProductListDialog(db, beheerder)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(bad))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    assert not dialog.import_button.isEnabled()
    assert dialog.model.index(1, 1).data() == "fout" and "in de iJw 3.2" in dialog.model.index(1, 5).data()
    screenshot(dialog, "productenlijst-fout")
    dialog.path.setText(str(good))  # a new file needs a new check
    assert dialog.check is None and not dialog.import_button.isEnabled()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    assert dialog.import_button.isEnabled() and "2 producten in orde: 2 nieuw" in dialog.summary.text()
    assert [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())] == ["nieuw", "nieuw"]
    screenshot(dialog, "productenlijst-gecontroleerd")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.stored is not None, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.summary.text() == "Ingelezen: 2 nieuw, 0 bijgewerkt."
    with db.read() as s:
        assert sorted(s.exec(select(Product.code))) == ["02A08", "45A01"]


def test_the_product_list_button_opens_the_dialog(qtbot, db, make_actor):
    page = open_catalogue(qtbot, db, make_actor("beheerder"))
    tab = page.catalogue_tab
    opened = []

    def look(dialog):
        opened.append(type(dialog).__name__)
        dialog.reject()

    on_modal(qtbot, look)
    tab.import_button.click()
    assert opened == ["ProductListDialog"] and QApplication.activeModalWidget() is None


def test_an_old_category_outside_the_law_s_list_is_shown_not_silently_changed(qtbot, db, make_actor):
    beheerder = make_actor("beheerder")
    with db.write() as s:  # stored before the code lists were per law
        s.add(Product(law=Law.JEUGDWET, category_code="02", code="02J01", name="Jeugdhulp ambulant",
                      unit_code="04", frequency_code="6"))
    [row] = products.list_all(db, beheerder)
    dialog = ProductDialog(db, beheerder, row)
    qtbot.addWidget(dialog)
    assert dialog.category.currentData() == "02" and "staat niet in de lijst" in dialog.category.currentText()
    dialog.submit()
    assert "02 is geen geldige productcategorie in de iJw 3.2" in dialog.error_panel.text()
    dialog.category.setCurrentIndex(dialog.category.findData("45"))
    dialog.submit()
    with db.read() as s:
        assert s.exec(select(Product.category_code)).one() == "45"


def test_enter_on_an_aanbieder_opens_it(qtbot, db, make_actor):
    from PySide6.QtCore import Qt

    beheerder = make_actor("beheerder")
    providers.save(db, beheerder, providers.AanbiederInput(name="Zorggroep Oost"))
    page = open_catalogue(qtbot, db, beheerder)
    table = page.catalogue_tab.aanbieders_page.table
    table.setFocus()
    table.selectRow(0)
    opened = []

    def look(dialog):
        opened.append(dialog.name.text())
        dialog.reject()

    on_modal(qtbot, look)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened != [], timeout=3000)
    assert opened == ["Zorggroep Oost"]
