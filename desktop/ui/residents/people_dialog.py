"""Persoon vastleggen of wijzigen: a parent with gezag, a guardian, a curator or mentor, or another person around
the resident. Every problem is named at once; for whoever receives the letters the address is required."""

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
from desktop.core.errors import ConflictError, KoersError, ValidationError
from desktop.core.nl import format_postcode
from desktop.core.parse import parse_date
from desktop.core.residents import people
from desktop.ui import conflict_dialog
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding

SALUTATIONS = {Salutation.MEVROUW: "mevrouw", Salutation.HEER: "de heer", Salutation.NEUTRAAL: "neutraal"}


class PersonDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Database, actor: Actor, resident_id: int, *, reason: str | None = None,
                 person: RelatedPerson | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self._resident_id, self._reason = db, actor, resident_id, reason
        self._person_id = person.id if person is not None else None
        self._version = person.version if person is not None else None  # what this form opened
        self.saved: RelatedPerson | None = None
        self.setWindowTitle("Betrokkene wijzigen" if person is not None else "Betrokkene vastleggen")
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
        self.phone = QLineEdit(placeholderText="06 12345678")
        self.email = QLineEdit(placeholderText="naam@voorbeeld.nl")
        self.valid_from = QLineEdit(placeholderText="dd-mm-jjjj")
        self.valid_from.setMaximumWidth(120)
        self.valid_to = QLineEdit(placeholderText="dd-mm-jjjj")
        self.valid_to.setMaximumWidth(120)
        self.valid_to.setToolTip("De laatste dag, bijvoorbeeld als het gezag of de curatele eindigt. Leeg: loopt door.")
        dates = QWidget()
        dl = QHBoxLayout(dates)
        dl.setContentsMargins(0, 0, 0, 0)
        for w in (self.valid_from, QLabel("tot en met"), self.valid_to):
            dl.addWidget(w)
        dl.addStretch(1)
        number = QWidget()
        nl = QHBoxLayout(number)
        nl.setContentsMargins(0, 0, 0, 0)
        for w in (self.house_number, QLabel("toevoeging"), self.suffix):
            nl.addWidget(w)
        nl.addStretch(1)
        form = QFormLayout()
        form.addRow(QLabel("Ouders met gezag en een voogd krijgen de brieven over jeugdhulp van een minderjarige; een "
                           "curator of mentor krijgt de brieven van een volwassene.", wordWrap=True,
                           objectName="Muted"))
        for label, widget in (("Rol *", self.role), ("Aanhef", self.salutation), ("Voorletters *", self.initials),
                              ("Tussenvoegsel", self.prefix), ("Achternaam *", self.surname),
                              ("Straat", self.street), ("Huisnummer", number), ("Postcode", self.postcode),
                              ("Woonplaats", self.city), ("Telefoon", self.phone), ("E-mail", self.email),
                              ("Vanaf", dates)):
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
            "postcode": self.postcode, "city": self.city, "phone": self.phone, "email": self.email,
            "valid_from": self.valid_from, "valid_to": self.valid_to}
        if person is not None:
            self._fill(people.person_input(person))
        self.initials.setFocus()

    def _fill(self, data: people.PersonInput) -> None:
        self.role.setCurrentIndex(self.role.findData(data.role))
        self.salutation.setCurrentIndex(self.salutation.findData(data.salutation))
        for widget, text in ((self.initials, data.initials), (self.prefix, data.prefix), (self.surname, data.surname),
                             (self.street, data.street), (self.house_number, str(data.house_number or "")),
                             (self.suffix, data.house_number_suffix),
                             (self.postcode, format_postcode(data.postcode) if data.postcode else ""),
                             (self.city, data.city), (self.phone, data.phone), (self.email, data.email),
                             (self.valid_from, data.valid_from.strftime("%d-%m-%Y") if data.valid_from else ""),
                             (self.valid_to, data.valid_to.strftime("%d-%m-%Y") if data.valid_to else "")):
            widget.setText(text)

    def _resolve_conflict(self, mine: people.PersonInput) -> bool:
        """A colleague changed this person after the form opened: theirs beside mine. True: save mine on top."""
        assert self._person_id is not None
        shown_mine = conflict_dialog.shown_values(self._fields)
        try:
            theirs = people.get_person(self._db, self._actor, self._person_id, reason=self._reason)
        except KoersError as exc:
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            return False
        self._fill(people.person_input(theirs))
        shown_theirs = conflict_dialog.shown_values(self._fields)
        self._fill(mine)
        for name, text in shown_mine.items():  # exactly as typed (a date typed as 1-2-2026 stays so)
            widget = self._fields[name]
            if not isinstance(widget, QComboBox):
                widget.setText(text)
        labels = {"role": "Rol", "salutation": "Aanhef", "initials": "Voorletters", "prefix": "Tussenvoegsel",
                  "surname": "Achternaam", "street": "Straat", "house_number": "Huisnummer",
                  "house_number_suffix": "Toevoeging", "postcode": "Postcode", "city": "Woonplaats",
                  "phone": "Telefoon", "email": "E-mail", "valid_from": "Vanaf", "valid_to": "Tot en met"}
        rows = [(labels.get(n, n), shown_theirs[n], shown_mine[n]) for n in self._fields]
        text = "\n".join(f"{labels.get(n, n)}: {shown_mine[n]}" for n in self._fields if shown_mine[n])
        choice = conflict_dialog.choose(ConflictDialog(self, what="deze persoon", rows=rows, my_text=text))
        if choice == ConflictDialog.THEIRS:
            self._version = theirs.version
            self._fill(people.person_input(theirs))
            self.forget_changes()  # theirs is what is stored now: nothing to lose on Annuleren
            return False
        if choice == ConflictDialog.MINE:
            self._version = theirs.version  # on top of theirs; the access log keeps both changes
            return True
        return False  # back to the form: saving again shows the choice again

    def _fit_height(self) -> None:
        """Grow to show the error panel whole: wrapped labels need their height for this width."""
        layout = self.layout()
        layout.activate()
        height = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(self.width(), max(self.height(), height))

    def save(self) -> None:
        clear_marks(self._fields.values())
        bad_dates: dict[str, str] = {}
        typed: dict[str, object] = {}
        for name, widget, label in (("valid_from", self.valid_from, "de begindatum"),
                                    ("valid_to", self.valid_to, "de einddatum")):
            try:
                typed[name] = parse_date(widget.text(), label, field=name)
            except ValidationError as exc:
                typed[name], bad_dates[name] = None, exc.message
        data = people.PersonInput(
            role=self.role.currentData(), salutation=self.salutation.currentData(), initials=self.initials.text(),
            prefix=self.prefix.text(), surname=self.surname.text(), street=self.street.text(),
            house_number=self.house_number.text(), house_number_suffix=self.suffix.text(),
            postcode=self.postcode.text(), city=self.city.text(), phone=self.phone.text(), email=self.email.text(),
            valid_from=typed["valid_from"], valid_to=typed["valid_to"])  # type: ignore[arg-type]  # parsed dates
        try:
            if bad_dates:  # the typed dates' problems together with every other one, nothing stored
                others = people.check_person(data)[1]
                raise ValidationError.of_fields("De persoon is niet opgeslagen. Herstel eerst:",
                                                {**others, **bad_dates})
            if self._person_id is None:
                self.saved = people.add_person(self._db, self._actor, self._resident_id, data, reason=self._reason)
            else:
                self.saved = people.update_person(self._db, self._actor, self._person_id, data, reason=self._reason,
                                                  expected_version=self._version)
        except ConflictError:
            if self._resolve_conflict(data):
                self.save()  # knowingly on top of the colleague's version
            return
        except KoersError as exc:
            marks = dict(exc.field_errors)
            marks.update(bad_dates)
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            self._fit_height()
            mark_fields(self._fields, marks)
            return
        self.accept()

