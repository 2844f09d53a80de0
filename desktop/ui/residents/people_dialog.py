"""Persoon vastleggen: a parent with gezag, a guardian or another person around the resident. Every problem is
named at once; for gezag the address is required, because the minor's letters go there."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models import RelatedPerson
from db.models.enums import Salutation
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError, ValidationError
from desktop.core.parse import parse_date
from desktop.core.residents import people
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields

SALUTATIONS = {Salutation.MEVROUW: "mevrouw", Salutation.HEER: "de heer", Salutation.NEUTRAAL: "neutraal"}


class PersonDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, resident_id: int, *, reason: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self._resident_id, self._reason = db, actor, resident_id, reason
        self.saved: RelatedPerson | None = None
        self.setWindowTitle("Betrokkene vastleggen")
        self.setMinimumWidth(560)
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.role = QComboBox()
        for role, label in people.ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.salutation = QComboBox()
        for value, label in SALUTATIONS.items():
            self.salutation.addItem(label, value)
        self.salutation.setCurrentIndex(self.salutation.findData(Salutation.NEUTRAAL))  # never a guessed gender
        self.initials = QLineEdit(placeholderText="J.P.")
        self.prefix = QLineEdit(placeholderText="van der")
        self.surname = QLineEdit()
        self.street = QLineEdit()
        self.house_number = QLineEdit()
        self.house_number.setMaximumWidth(80)
        self.suffix = QLineEdit()
        self.suffix.setMaximumWidth(60)
        self.postcode = QLineEdit(placeholderText="7001 AB")
        self.postcode.setMaximumWidth(100)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.valid_from = QLineEdit(placeholderText="dd-mm-jjjj")
        self.valid_from.setMaximumWidth(120)
        number = QWidget()
        nl = QHBoxLayout(number)
        nl.setContentsMargins(0, 0, 0, 0)
        for w in (self.house_number, QLabel("toevoeging"), self.suffix):
            nl.addWidget(w)
        nl.addStretch(1)
        form = QFormLayout()
        form.addRow(QLabel("Ouders met gezag en een voogd krijgen de brieven over jeugdhulp van een minderjarige.",
                           wordWrap=True, objectName="Muted"))
        for label, widget in (("Rol *", self.role), ("Aanhef", self.salutation), ("Voorletters *", self.initials),
                              ("Tussenvoegsel", self.prefix), ("Achternaam *", self.surname),
                              ("Straat", self.street), ("Huisnummer", number), ("Postcode", self.postcode),
                              ("Woonplaats", self.city), ("Telefoon", self.phone), ("Vanaf", self.valid_from)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._fields: dict[str, QWidget] = {
            "role": self.role, "initials": self.initials, "prefix": self.prefix, "surname": self.surname,
            "street": self.street, "house_number": self.house_number, "house_number_suffix": self.suffix,
            "postcode": self.postcode, "city": self.city, "phone": self.phone, "valid_from": self.valid_from}
        self.initials.setFocus()

    def save(self) -> None:
        clear_marks(self._fields.values())
        bad_date = None
        try:
            start = parse_date(self.valid_from.text(), "de begindatum", field="valid_from")
        except ValidationError as exc:
            start, bad_date = None, exc.message
        data = people.PersonInput(
            role=self.role.currentData(), salutation=self.salutation.currentData(), initials=self.initials.text(),
            prefix=self.prefix.text(), surname=self.surname.text(), street=self.street.text(),
            house_number=self.house_number.text(), house_number_suffix=self.suffix.text(),
            postcode=self.postcode.text(), city=self.city.text(), phone=self.phone.text(), valid_from=start)
        try:
            if bad_date:  # the typed date's problem together with every other one, nothing stored
                others = people.check_person(data)[1]
                raise ValidationError.of_fields("De persoon is niet opgeslagen. Herstel eerst:",
                                                {"valid_from": bad_date, **others})
            self.saved = people.add_person(self._db, self._actor, self._resident_id, data, reason=self._reason)
        except KoersError as exc:
            marks = dict(exc.field_errors)
            if bad_date:
                marks["valid_from"] = bad_date
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            self.adjustSize()
            mark_fields(self._fields, marks)
            return
        self.accept()

