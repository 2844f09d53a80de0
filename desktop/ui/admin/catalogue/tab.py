"""Beheer > Catalogus: the aanbieders, the products in their law's codes, which aanbieder is contracted for which
product from when, and the tariffs (the page AdminPage builds). `changed` fires after every save, so the
tariff form's choices follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from db.engine import Database
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.catalog import contracts, products, providers
from desktop.core.nl import format_date
from desktop.ui.admin.catalogue.dialogs import (
    AanbiederDialog,
    ContractDialog,
    EndContractDialog,
    ProductDialog,
)
from desktop.ui.admin.catalogue.product_list_dialog import ProductListDialog
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "doorlopend"
    return f"{format_date(start) if start else '…'} – {format_date(end) if end else 'doorlopend'}"


class _ListPage(QWidget):
    """A table with buttons above it and a short explanation."""

    def __init__(self, note: str, headers: list[str], stretch: int, name: str):
        super().__init__()
        self.model = RowsTableModel(headers)
        self.table = make_table_view(self.model, name=name)
        self.table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.buttons = QHBoxLayout()
        self.message = QLabel(objectName="Muted", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(note, wordWrap=True, objectName="Muted"))
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def button(self, text: str, action: Callable[[], object], *, primary: bool = False) -> QPushButton:
        b = QPushButton(text, objectName="Primary" if primary else "")
        b.clicked.connect(action)
        self.buttons.addWidget(b)
        return b

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None


class CatalogueTab(QWidget):
    changed = Signal()

    def __init__(self, db: Database, actor: Actor, tariffs_page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._aanbieders: list[providers.AanbiederRow] = []
        self._products: list[products.ProductRow] = []
        self._contracts: list[contracts.ContractRow] = []

        self.aanbieders_page = _ListPage(
            "De aanbieders waarmee de gemeente een contract heeft: het adres is waar brieven aan de aanbieder heen "
            "gaan; een beschikking kiest alleen een aanbieder waarvan het contract op de ingangsdatum loopt.",
            ["Naam", "AGB-code", "Adres", "Contract", "Status"], 2, "Aanbieders")
        self.new_aanbieder_button = self.aanbieders_page.button("Nieuwe aanbieder…", self.new_aanbieder, primary=True)
        self.edit_aanbieder_button = self.aanbieders_page.button("Wijzigen…", self.edit_aanbieder)
        self.aanbieders_page.buttons.addStretch(1)
        self.aanbieders_page.table.activated.connect(lambda _: self.edit_aanbieder())  # Enter or double-click

        self.products_page = _ListPage(
            "De regionale producten, elk met de codes uit de lijst van zijn eigen wet (iWmo 3.2 of iJw 3.2).",
            ["Wet", "Categorie", "Code", "Omschrijving", "Eenheid", "Financiering", "Geldig", "Status"], 3, "Producten")
        self.new_product_button = self.products_page.button("Nieuw product…", self.new_product, primary=True)
        self.edit_product_button = self.products_page.button("Wijzigen…", self.edit_product)
        self.import_button = self.products_page.button("Productenlijst inlezen…", self.import_list)
        self.products_page.buttons.addStretch(1)
        self.products_page.table.activated.connect(lambda _: self.edit_product())

        self.contracts_page = _ListPage(
            "Welke aanbieder welk product levert, vanaf wanneer. Een beëindigd contract blijft staan voor de "
            "beschikkingen die erop lopen.", ["Aanbieder", "Product", "Vanaf", "Tot en met"], 1, "Contracten")
        self.new_contract_button = self.contracts_page.button("Nieuw contract…", self.new_contract, primary=True)
        self.end_contract_button = self.contracts_page.button("Beëindigen…", self.end_contract)
        self.contracts_page.buttons.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.aanbieders_page, "Aanbieders")
        self.tabs.addTab(self.products_page, "Producten")
        self.tabs.addTab(self.contracts_page, "Contracten")
        self.tabs.addTab(tariffs_page, "Tarieven")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.tabs)
        for page in (self.aanbieders_page, self.products_page, self.contracts_page):
            page.table.selectionModel().selectionChanged.connect(self._selection)
        self.reload()

    # --- showing

    def reload(self) -> None:
        self._aanbieders = providers.list_all(self._db, self._actor)
        self.aanbieders_page.model.set_rows(
            [(a.name, a.agb_code or "", a.address, _period(a.contract_start, a.contract_end),
              "actief" if a.active else "inactief") for a in self._aanbieders],
            warn_rows=[i for i, a in enumerate(self._aanbieders) if not a.active])
        self._products = products.list_all(self._db, self._actor)
        self.products_page.model.set_rows(
            [(labels.LAW[p.law], p.category_code, p.code, p.name, p.unit_code, labels.FINANCING[p.financing_form],
              _period(p.valid_from, p.valid_to), "actief" if p.active else "inactief") for p in self._products],
            warn_rows=[i for i, p in enumerate(self._products) if not p.active])
        self._contracts = contracts.list_contracts(self._db, self._actor)
        self.contracts_page.model.set_rows(
            [(c.aanbieder, c.product, format_date(c.valid_from), format_date(c.valid_to) if c.valid_to else
              "doorlopend") for c in self._contracts])
        self.tabs.setTabText(0, f"Aanbieders ({len(self._aanbieders)})")
        self.tabs.setTabText(1, f"Producten ({len(self._products)})")
        self.tabs.setTabText(2, f"Contracten ({len(self._contracts)})")
        self._selection()

    def _selection(self, *_: object) -> None:
        self.edit_aanbieder_button.setEnabled(self.aanbieders_page.selected_row() is not None)
        self.edit_product_button.setEnabled(self.products_page.selected_row() is not None)
        self.end_contract_button.setEnabled(self.contracts_page.selected_row() is not None)

    def _saved(self, page: _ListPage, text: str) -> None:
        self.reload()
        page.message.setText(text)
        self.changed.emit()

    # --- actions

    def new_aanbieder(self) -> None:
        dialog = AanbiederDialog(self._db, self._actor, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(self.aanbieders_page, f"Aanbieder {dialog.saved.name} toegevoegd.")

    def edit_aanbieder(self) -> None:
        row = self.aanbieders_page.selected_row()
        if row is None:
            return
        dialog = AanbiederDialog(self._db, self._actor, self._aanbieders[row], parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(self.aanbieders_page, f"Aanbieder {dialog.saved.name} gewijzigd.")

    def new_product(self) -> None:
        dialog = ProductDialog(self._db, self._actor, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(self.products_page, f"Product {dialog.saved.label} toegevoegd.")

    def edit_product(self) -> None:
        row = self.products_page.selected_row()
        if row is None:
            return
        dialog = ProductDialog(self._db, self._actor, self._products[row], parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._saved(self.products_page, f"Product {dialog.saved.label} gewijzigd.")

    def import_list(self) -> None:
        dialog = ProductListDialog(self._db, self._actor, parent=self)
        dialog.exec()
        if dialog.stored is not None:  # also when the dialog was closed while the import finished
            self._saved(self.products_page, f"Productenlijst ingelezen: {dialog.stored.new} nieuw, "
                                            f"{dialog.stored.updated} bijgewerkt.")

    def new_contract(self) -> None:
        row = self.aanbieders_page.selected_row()
        dialog = ContractDialog(self._db, self._actor, self._aanbieders[row].id if row is not None else None,
                                parent=self)
        if dialog.exec():
            self._saved(self.contracts_page, "Contract vastgelegd.")

    def end_contract(self) -> None:
        row = self.contracts_page.selected_row()
        if row is None:
            return
        if EndContractDialog(self._db, self._actor, self._contracts[row], parent=self).exec():
            self._saved(self.contracts_page, "Contract beëindigd.")
