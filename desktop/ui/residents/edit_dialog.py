"""Register a new resident or change one. Validation is the core's; this form shows what it says."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models import Resident
from db.models.enums import Role, Salutation
from desktop.core.access.actor import Actor
from desktop.core.access.users import list_users
from desktop.core.errors import ConflictError, KoersError, ValidationError
from desktop.core.nl import format_date_short, format_postcode
from desktop.core.parse import Fields, parse_date
from desktop.core.residents import corrections, register
from desktop.core.residents.bsn import normalise_bsn
from desktop.ui import conflict_dialog, dialogs
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import scrolling

# The form starts with none chosen: Koers does not guess how a letter addresses someone (issue 20 point 7).
NO_SALUTATION = "(kies een aanhef)"
PANEL_LINES = 8  # the most lines of problems shown at once; more scroll
SALUTATIONS = ((Salutation.MEVROUW, "Mevrouw"), (Salutation.HEER, "De heer"),
               (Salutation.NEUTRAAL, "Geen aanhef (Geachte heer/mevrouw)"))


class ResidentDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, resident: Resident | None = None, *,
                 reason: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._reason = reason
        self._resident = resident
        self.saved: Resident | None = None
        self.setWindowTitle("Gegevens wijzigen" if resident else "Nieuwe inwoner registreren")
        self.setMinimumWidth(760)

        self.error_panel = QLabel()
        self.error_panel.setObjectName("ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        # Below the fields, just above Opslaan where the eye is: the fields do not move when it appears. A long
        # list of problems scrolls within a few lines, so the buttons stay on a laptop screen at 125 %.
        self.error_area = scrolling(self.error_panel)
        self.error_area.setMaximumHeight(self.fontMetrics().lineSpacing() * PANEL_LINES + 24)
        self.error_area.hide()

        self.salutation = QComboBox()
        self.salutation.addItem(NO_SALUTATION, None)
        for value, label in SALUTATIONS:
            self.salutation.addItem(label, value)
        self.initials = QLineEdit(placeholderText="bijv. J.P.")
        self.first_name = QLineEdit(placeholderText="bijv. Anna")
        self.first_name.setMaxLength(40)
        self.first_name.setToolTip("De voornaam waarmee de inwoner wordt aangesproken; helpt bij het zoeken")
        self.prefix = QLineEdit(placeholderText="bijv. van der")
        self.surname = QLineEdit()
        self.date_of_birth = QLineEdit(placeholderText="dd-mm-jjjj")
        self.bsn = QLineEdit(placeholderText="9 cijfers")
        self.bsn.setMaxLength(12)
        self.street = QLineEdit()
        self.house_number = QLineEdit()
        self.house_number.setMaximumWidth(90)
        self.suffix = QLineEdit(placeholderText="bijv. A")
        self.suffix.setMaximumWidth(90)
        self.postcode = QLineEdit(placeholderText="1234 AB")
        self.postcode.setMaximumWidth(110)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.consulent = QComboBox()
        self.consulent.addItem("(nog geen vaste consulent)", None)
        for user in list_users(db, Role.CONSULENT):
            self.consulent.addItem(user.display_name, user.id)

        person = QGroupBox("Persoon")
        pf = QFormLayout(person)
        pf.addRow("Aanhef *", self.salutation)
        pf.addRow("Voorletters *", self.initials)
        pf.addRow("Voornaam (roepnaam)", self.first_name)
        pf.addRow("Tussenvoegsel", self.prefix)
        pf.addRow("Achternaam *", self.surname)
        pf.addRow("Geboortedatum *", self.date_of_birth)
        pf.addRow("BSN *", self.bsn)

        address = QGroupBox("Adres voor brieven")
        af = QFormLayout(address)
        af.addRow("Straat", self.street)
        number_row = QHBoxLayout()
        number_row.addWidget(self.house_number)
        number_row.addWidget(QLabel("Toevoeging"))
        number_row.addWidget(self.suffix)
        number_row.addStretch(1)
        af.addRow("Huisnummer", number_row)
        af.addRow("Postcode", self.postcode)
        af.addRow("Woonplaats", self.city)

        contact = QGroupBox("Contact en consulent")
        cf = QFormLayout(contact)
        cf.addRow("Telefoon", self.phone)
        cf.addRow("E-mail", self.email)
        cf.addRow("Vaste consulent", self.consulent)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Opslaan")
        self.save_button.setObjectName("Primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        # A correction (AVG art. 16) says the old details were wrong, with a reason; a move is a plain change.
        self.correction = QCheckBox("Dit is een correctie: de oude gegevens waren onjuist")
        self.correction_reason = QLineEdit(placeholderText="bijv. tikfout bij de registratie")
        self.correction_reason.setMaxLength(400)
        self.correction_reason.setEnabled(False)
        self.correction.toggled.connect(self.correction_reason.setEnabled)
        self.correction.toggled.connect(lambda on: on and self.correction_reason.setFocus())
        correction_box = QGroupBox("Correctie")
        crf = QFormLayout(correction_box)
        crf.addRow(self.correction)
        crf.addRow("Waarom onjuist *", self.correction_reason)
        correction_box.setToolTip("De inwoner ziet in het dossier en bij een inzageverzoek wat er onjuist was, wat "
                                  "het werd en waarom.")
        correction_box.setVisible(resident is not None)

        hint = QLabel("Velden met * zijn verplicht. Vul alleen in wat voor het werk nodig is.")
        hint.setObjectName("Muted")
        right = QVBoxLayout()  # two columns: the form fits a laptop screen at 125 % without scrolling
        right.addWidget(address)
        right.addWidget(contact)
        right.addWidget(correction_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(person)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(hint)
        layout.addWidget(self.error_area)
        layout.addWidget(buttons)

        self._fields = {
            "salutation": self.salutation, "initials": self.initials, "first_name": self.first_name,
            "prefix": self.prefix,
            "surname": self.surname, "date_of_birth": self.date_of_birth, "bsn": self.bsn,
            "street": self.street, "house_number": self.house_number, "house_number_suffix": self.suffix,
            "postcode": self.postcode, "city": self.city, "phone": self.phone, "email": self.email,
            "consulent_id": self.consulent,
        }
        if resident is not None:
            self._load(resident)
        elif actor.role is Role.CONSULENT:
            self.consulent.setCurrentIndex(max(0, self.consulent.findData(actor.user_id)))
        self._initial = self._snapshot()
        self.initials.setFocus()

    def _load(self, r: Resident) -> None:
        self.salutation.setCurrentIndex(max(0, self.salutation.findData(r.salutation)))
        self.initials.setText(r.initials)
        self.first_name.setText(r.first_name or "")
        self.prefix.setText(r.prefix or "")
        self.surname.setText(r.surname)
        self.date_of_birth.setText(format_date_short(r.date_of_birth))
        self.bsn.setText(r.bsn or "")
        self.street.setText(r.street or "")
        self.house_number.setText(str(r.house_number or ""))
        self.suffix.setText(r.house_number_suffix or "")
        self.postcode.setText(format_postcode(r.postcode))
        self.city.setText(r.city or "")
        self.phone.setText(r.phone or "")
        self.email.setText(r.email or "")
        index = self.consulent.findData(r.consulent_id)
        if index < 0 and r.consulent_id is not None:
            self.consulent.addItem("(consulent niet meer actief)", r.consulent_id)
            index = self.consulent.count() - 1
        self.consulent.setCurrentIndex(max(0, index))

    def _snapshot(self) -> tuple:
        return tuple(w.currentData() if isinstance(w, QComboBox) else w.text() for w in self._fields.values())

    def has_changes(self) -> bool:
        return self._snapshot() != self._initial or bool(self.correction_reason.text().strip())

    def _marked(self) -> dict[str, QWidget]:
        """The widgets a problem can be shown at: the fields and the reason of a correction."""
        return {**self._fields, corrections.FIELD: self.correction_reason}

    def _input(self) -> register.ResidentInput:
        """The typed values, or a ValidationError naming every field's problem at once: a date that is not a
        date together with whatever the core finds wrong with the rest (an invalid BSN, no salutation, ...)."""
        read = Fields()
        born = read(parse_date, self.date_of_birth.text(), "de geboortedatum", field="date_of_birth")
        data = register.ResidentInput(
            bsn=self.bsn.text(), initials=self.initials.text(), first_name=self.first_name.text(),
            surname=self.surname.text(), date_of_birth=born, prefix=self.prefix.text(),
            salutation=self.salutation.currentData(), street=self.street.text(),
            house_number=self.house_number.text(), house_number_suffix=self.suffix.text(),
            postcode=self.postcode.text(), city=self.city.text(), phone=self.phone.text(),
            email=self.email.text(), consulent_id=self.consulent.currentData())
        for field, message in register.check_input(data).items():
            read.add(field, message)  # the parse problem of a field stays first; setdefault keeps it
        if self.correction.isChecked():
            try:
                corrections.check_reason(self.correction_reason.text())
            except ValidationError as exc:
                for field, message in exc.field_errors.items():
                    read.add(field, message)
        read.raise_if_any("De gegevens zijn niet opgeslagen. Herstel eerst:")
        return data

    def _bsn_changed(self, data: register.ResidentInput) -> bool:
        """A known BSN replaced by another (filling in an unknown one is no change)."""
        old = self._resident.bsn if self._resident is not None else None
        return bool(old) and normalise_bsn(data.bsn) != old

    def _ask_bsn_reason(self) -> str | None:
        return dialogs.ask_text(
            self, "Reden voor het nieuwe BSN",
            "U wijzigt het BSN van deze inwoner. Waarom? Bijvoorbeeld: tikfout bij de registratie, of het nummer "
            "volgens de BRP.\nDe reden komt in het toegangslog; het BSN zelf niet.\n\nReden:")

    def save(self) -> None:
        self._clear_marks()
        try:
            data = self._input()  # every problem first; only then ask anything
            if self._resident is None:
                self.saved = register.create_resident(self._db, self._actor, data)
            else:
                bsn_reason = None
                correcting = self.correction.isChecked()
                if self._bsn_changed(data) and not correcting:  # a correction gives its own reason
                    bsn_reason = self._ask_bsn_reason()
                    if bsn_reason is None:  # cancelled: the form stays as typed, nothing is stored
                        return
                self.saved = register.update_resident(self._db, self._actor, self._resident.id, data,
                                                      self._resident.version, reason=self._reason,
                                                      bsn_reason=bsn_reason,
                                                      correction_reason=self.correction_reason.text()
                                                      if correcting else None)
        except ValidationError as exc:
            self._show_problems(exc)
            return
        except ConflictError:
            if self._resolve_conflict():
                self.save()  # knowingly on top of the colleague's version
            return
        except KoersError as exc:
            self._show_problems(exc)
            return
        self.accept()

    FIELD_LABELS = {"salutation": "Aanhef", "initials": "Voorletters", "first_name": "Voornaam", "prefix":
                    "Tussenvoegsel", "surname": "Achternaam", "date_of_birth": "Geboortedatum", "bsn": "BSN",
                    "street": "Straat", "house_number": "Huisnummer", "house_number_suffix": "Toevoeging",
                    "postcode": "Postcode", "city": "Woonplaats", "phone": "Telefoon", "email": "E-mail",
                    "consulent_id": "Vaste consulent"}

    def _restore(self, snapshot: tuple) -> None:
        for w, value in zip(self._fields.values(), snapshot, strict=True):
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            else:
                w.setText(value)

    def _resolve_conflict(self) -> bool:
        """A colleague saved this resident after the form was opened: theirs beside mine. True: save mine on top
        (the form now holds their version number); False: the form shows theirs, or mine as typed."""
        assert self._resident is not None
        mine, shown_mine = self._snapshot(), conflict_dialog.shown_values(self._fields)
        try:
            theirs = register.get_resident(self._db, self._actor, self._resident.id, reason=self._reason)
        except KoersError as exc:
            self._show_problems(exc)
            return False
        self._load(theirs)
        shown_theirs = conflict_dialog.shown_values(self._fields)
        self._restore(mine)
        rows = [(self.FIELD_LABELS[n], shown_theirs[n], shown_mine[n]) for n in self._fields]
        text = "\n".join(f"{self.FIELD_LABELS[n]}: {shown_mine[n]}" for n in self._fields if shown_mine[n])
        choice = conflict_dialog.choose(ConflictDialog(self, what="deze inwoner", rows=rows, my_text=text))
        if choice == ConflictDialog.THEIRS:
            self._resident = theirs
            self._load(theirs)
            self._initial = self._snapshot()
            return False
        if choice == ConflictDialog.MINE:
            self._resident = theirs  # its version: saving again goes on top, and the access log shows both
            return True
        return False

    def _show_problems(self, exc: KoersError) -> None:
        problems = exc.problems or [exc.message]
        self.error_panel.setText(error_text(exc))
        self.error_panel.show()
        most = self.error_area.maximumHeight()
        width = (self.error_area.width() if self.error_area.isVisible() else self.width() - 24) - 2
        needed = self.error_panel.heightForWidth(max(width, 200))
        if needed > most:  # it scrolls: measured again beside the scroll bar
            needed = self.error_panel.heightForWidth(max(width - self.error_area.verticalScrollBar().sizeHint().width(), 200))
        self.error_panel.setMinimumHeight(needed)  # a scroll area would squeeze the wrapped text otherwise
        self.error_area.setFixedHeight(min(needed + 2, most))
        self.error_area.show()
        field_errors = getattr(exc, "field_errors", None) or ({exc.field: problems[0]} if exc.field else {})
        mark_fields(self._marked(), field_errors)

    def _clear_marks(self) -> None:
        self.error_panel.hide()
        self.error_area.hide()
        clear_marks(self._marked().values())

    def reject(self) -> None:
        if self.has_changes() and not dialogs.ask_discard(self):
            return
        super().reject()
