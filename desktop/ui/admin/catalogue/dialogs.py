"""The forms of Beheer > Catalogus: an aanbieder, a product, a contract and the end of one. Each names every
problem at once beside its fields and keeps what was typed; the core stores all or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from db.engine import Database
from db.models.enums import FinancingForm, Law
from desktop.core import labels, reference
from desktop.core.access.actor import Actor
from desktop.core.catalog import contracts, products, providers
from desktop.core.errors import ValidationError
from desktop.core.nl import format_date_short
from desktop.ui.widgets.form_dialog import FormDialog


def _date_field(value: date | None = None) -> QLineEdit:
    field = QLineEdit(format_date_short(value) if value else "", placeholderText="dd-mm-jjjj")
    field.setMaximumWidth(130)
    return field


class AanbiederDialog(FormDialog):
    def __init__(self, db: Database, actor: Actor, row: providers.AanbiederRow | None = None,
                 parent: QWidget | None = None):
        super().__init__("Aanbieder wijzigen" if row else "Nieuwe aanbieder", parent)
        self._db, self._actor, self._row = db, actor, row
        self.saved: providers.AanbiederRow | None = None
        self.name = QLineEdit(row.name if row else "")
        self.agb = QLineEdit(row.agb_code or "" if row else "", placeholderText="8 cijfers")
        self.agb.setMaximumWidth(130)
        self.street = QLineEdit(row.street or "" if row else "", placeholderText="Straat en huisnummer, of postbus")
        self.postcode = QLineEdit(row.postcode or "" if row else "", placeholderText="7001 AB")
        self.postcode.setMaximumWidth(130)
        self.city = QLineEdit(row.city or "" if row else "")
        self.contract_start = _date_field(row.contract_start if row else None)
        self.contract_end = _date_field(row.contract_end if row else None)
        self.active = QCheckBox("Actief: kan gekozen worden in nieuwe beschikkingen")
        self.active.setChecked(row.active if row else True)
        for label, widget in (("Naam *", self.name), ("AGB-code", self.agb), ("Adres voor brieven", self.street),
                              ("Postcode", self.postcode), ("Plaats", self.city),
                              ("Contract vanaf", self.contract_start), ("Contract tot en met", self.contract_end),
                              ("", self.active)):
            self.form.addRow(label, widget)
        self.fields = {"name": self.name, "agb_code": self.agb, "street": self.street, "postcode": self.postcode,
                       "city": self.city, "contract_start": self.contract_start, "contract_end": self.contract_end}
        self.name.setFocus()

    def submit(self) -> None:
        dates, early = self.dates(contract_start=(self.contract_start, "het begin van het contract"),
                                  contract_end=(self.contract_end, "het einde van het contract"))
        data = providers.AanbiederInput(name=self.name.text(), agb_code=self.agb.text(), street=self.street.text(),
                                        postcode=self.postcode.text(), city=self.city.text(),
                                        contract_start=dates["contract_start"], contract_end=dates["contract_end"],
                                        active=self.active.isChecked())
        if early:  # show the date problems with every other problem the core finds, and store nothing
            _, errors = providers.check_input(data)
            self.attempt(lambda: _refuse(errors), early)
            return

        def save() -> None:
            self.saved = providers.save(self._db, self._actor, data, self._row.id if self._row else None)
        self.attempt(save)


def _refuse(errors: dict[str, str]) -> None:
    raise ValidationError.of_fields("Niet opgeslagen. Herstel eerst:", errors)


class ProductDialog(FormDialog):
    """Category, unit and frequency come from the chosen law's own iWmo/iJw list."""

    def __init__(self, db: Database, actor: Actor, row: products.ProductRow | None = None,
                 parent: QWidget | None = None):
        super().__init__("Product wijzigen" if row else "Nieuw product", parent)
        self._db, self._actor, self._row = db, actor, row
        self.saved: products.ProductRow | None = None
        self.law = QComboBox()
        for law in Law:
            self.law.addItem(labels.LAW[law], law)
        self.code = QLineEdit(row.code if row else "", placeholderText="bijvoorbeeld 02A08")
        self.code.setMaxLength(5)
        self.code.setMaximumWidth(130)
        self.name = QLineEdit(row.name if row else "")
        self.category, self.unit, self.frequency = QComboBox(), QComboBox(), QComboBox()
        self.financing = QComboBox()
        for value, text in labels.FINANCING.items():
            self.financing.addItem(text, value)
        self.valid_from = _date_field(row.valid_from if row else None)
        self.valid_to = _date_field(row.valid_to if row else None)
        self.active = QCheckBox("Actief: kan gekozen worden in nieuwe beschikkingen")
        self.active.setChecked(row.active if row else True)
        for label, widget in (("Wet *", self.law), ("Productcode *", self.code), ("Omschrijving *", self.name),
                              ("Categorie *", self.category), ("Eenheid *", self.unit),
                              ("Frequentie *", self.frequency), ("Financiering *", self.financing),
                              ("Geldig vanaf", self.valid_from), ("Geldig tot en met", self.valid_to),
                              ("", self.active)):
            self.form.addRow(label, widget)
        self.fields = {"law": self.law, "code": self.code, "name": self.name, "category_code": self.category,
                       "unit_code": self.unit, "frequency_code": self.frequency, "financing_form": self.financing,
                       "valid_from": self.valid_from, "valid_to": self.valid_to}
        self.law.currentIndexChanged.connect(self._law_changed)
        if row is not None:
            self.law.setCurrentIndex(self.law.findData(row.law))
            self.financing.setCurrentIndex(self.financing.findData(row.financing_form))
        self._law_changed()
        if row is not None:
            for combo, value in ((self.category, row.category_code), (self.unit, row.unit_code),
                                 (self.frequency, row.frequency_code)):
                if combo.findData(value) < 0:  # stored before the lists were per law: shown, never silently changed
                    combo.insertItem(0, f"{value} (staat niet in de lijst van deze wet: kies een andere)", value)
                combo.setCurrentIndex(combo.findData(value))
        else:
            self.unit.setCurrentIndex(max(self.unit.findData("04"), 0))  # uur
            self.frequency.setCurrentIndex(max(self.frequency.findData("6"), 0))  # totaal binnen de toewijzing
            self.financing.setCurrentIndex(self.financing.findData(FinancingForm.UREN_X_TARIEF))
        self.code.setFocus()

    def _law_changed(self) -> None:
        law = self.law.currentData()
        for combo, list_name in ((self.category, "productcategorie"), (self.unit, "eenheid"),
                                 (self.frequency, "frequentie")):
            current = combo.currentData()
            combo.clear()
            for code, text in reference.codes(self._db, list_name, law):
                combo.addItem(f"{code} {text}", code)
            combo.setCurrentIndex(max(combo.findData(current), 0))

    def submit(self) -> None:
        dates, early = self.dates(valid_from=(self.valid_from, "geldig vanaf"),
                                  valid_to=(self.valid_to, "geldig tot en met"))
        data = products.ProductInput(
            law=self.law.currentData(), category_code=self.category.currentData() or "", code=self.code.text(),
            name=self.name.text(), unit_code=self.unit.currentData() or "",
            frequency_code=self.frequency.currentData() or "", financing_form=self.financing.currentData(),
            valid_from=dates["valid_from"], valid_to=dates["valid_to"], active=self.active.isChecked())
        if early:
            with self._db.read() as s:
                _, errors = products.check_input(s, data)
            self.attempt(lambda: _refuse(errors), early)
            return

        def save() -> None:
            self.saved = products.save(self._db, self._actor, data, self._row.id if self._row else None)
        self.attempt(save)


class ContractDialog(FormDialog):
    def __init__(self, db: Database, actor: Actor, aanbieder_id: int | None = None, parent: QWidget | None = None):
        super().__init__("Nieuw contract", parent)
        self._db, self._actor = db, actor
        self.aanbieder, self.product = QComboBox(), QComboBox()
        self.aanbieder.addItem("Kies een aanbieder…", None)
        for a in providers.list_all(db, actor):
            self.aanbieder.addItem(a.name, a.id)
        self.product.addItem("Kies een product…", None)
        for p in products.list_all(db, actor):
            self.product.addItem(f"{labels.LAW[p.law]} · {p.label}", p.id)
        if aanbieder_id is not None:
            self.aanbieder.setCurrentIndex(max(self.aanbieder.findData(aanbieder_id), 0))
        self.valid_from = _date_field()
        self.valid_to = _date_field()
        self.form.addRow(QLabel("Een beschikking kan alleen een aanbieder kiezen die op de ingangsdatum een contract "
                                "heeft voor het product.", wordWrap=True, objectName="Muted"))
        for label, widget in (("Aanbieder *", self.aanbieder), ("Product *", self.product),
                              ("Vanaf *", self.valid_from), ("Tot en met", self.valid_to)):
            self.form.addRow(label, widget)
        self.fields = {"valid_from": self.valid_from, "valid_to": self.valid_to}

    def submit(self) -> None:
        dates, early = self.dates(valid_from=(self.valid_from, "de eerste dag van het contract"),
                                  valid_to=(self.valid_to, "de laatste dag van het contract"))
        if early:
            self.attempt(lambda: _refuse({}), early)
            return
        self.attempt(lambda: contracts.add_contract(self._db, self._actor, self.aanbieder.currentData(),
                                                    self.product.currentData(), dates["valid_from"],
                                                    dates["valid_to"]))


class EndContractDialog(FormDialog):
    def __init__(self, db: Database, actor: Actor, row: contracts.ContractRow, parent: QWidget | None = None):
        super().__init__("Contract beëindigen", parent)
        self._db, self._actor, self._row = db, actor, row
        self.ok_button.setText("Beëindigen")
        self.last_day = _date_field(row.valid_to)
        self.form.addRow(QLabel(f"{row.aanbieder} · {row.product}", wordWrap=True))
        self.form.addRow("Laatste dag *", self.last_day)
        self.fields = {"last_day": self.last_day}
        self.last_day.setFocus()

    def submit(self) -> None:
        dates, early = self.dates(last_day=(self.last_day, "de laatste dag"))
        if early:
            self.attempt(lambda: _refuse({}), early)
            return
        self.attempt(lambda: contracts.end_contract(self._db, self._actor, self._row.id, dates["last_day"]))

