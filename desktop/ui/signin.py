"""Signing in, and creating the first beheerder on a new database. The core checks; these only ask."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access import actor, signin, users
from desktop.core.errors import KoersError


class _Form(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.actor: actor.Actor | None = None
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.error = QLabel(objectName="ErrorPanel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("Primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(lambda: self.submit())  # each form defines submit()
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.error)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class SignInDialog(_Form):
    def __init__(self, db: Database, *, username: str = "", demo_hint: str = "", locked_screen: bool = False,
                 parent: QWidget | None = None):
        intro = ("Het scherm is vergrendeld omdat u een tijd niets heeft gedaan. Uw werk staat nog open; "
                 "vul uw wachtwoord in om verder te gaan." if locked_screen else "Meld u aan bij Koers.")
        super().__init__("Scherm vergrendeld" if locked_screen else "Aanmelden", intro, parent)
        self._db = db
        self.username = QLineEdit(username)
        self.username.setReadOnly(locked_screen)
        self.password = _password_field()
        self.form.addRow("Gebruikersnaam", self.username)
        self.form.addRow("Wachtwoord", self.password)
        self.ok_button.setText("Ontgrendelen" if locked_screen else "Aanmelden")
        if demo_hint:
            hint = QLabel(demo_hint, objectName="Muted")
            hint.setWordWrap(True)
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.layout().insertWidget(3, hint)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        try:
            self.actor = signin.sign_in(self._db, self.username.text(), self.password.text())
        except KoersError as exc:
            self.password.clear()
            self.password.setFocus()
            self.show_error(exc.message)
            return
        self.accept()


class FirstBeheerderDialog(_Form):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(
            "Eerste beheerder", "Deze database heeft nog geen gebruikers. Maak eerst het account van de beheerder "
            "aan; die voegt daarna de consulenten, casusregisseurs en medewerkers toe.", parent)
        self._db = db
        self.username = QLineEdit(placeholderText="bijv. beheer of jbakker")
        self.display_name = QLineEdit()
        self.password = _password_field()
        self.repeat = _password_field()
        self.form.addRow("Gebruikersnaam", self.username)
        self.form.addRow("Naam", self.display_name)
        self.form.addRow("Wachtwoord", self.password)
        self.form.addRow("Herhaal wachtwoord", self.repeat)
        hint = QLabel(f"Minstens {signin.MIN_PASSWORD_LENGTH} tekens; een zin van een paar woorden werkt goed.",
                      objectName="Muted")
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.ok_button.setText("Account maken")
        self.username.setFocus()

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.show_error("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw.")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        try:
            self.actor = users.create_first_beheerder(self._db, self.username.text(), self.display_name.text(),
                                                     self.password.text())
        except KoersError as exc:
            self.show_error(exc.message)
            return
        self.accept()
