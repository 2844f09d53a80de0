"""Adding a user and setting a password: small forms over desktop.core.access.users."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from db.engine import Database
from db.models.enums import Role
from desktop.core.access import actor, signin, users
from desktop.core.errors import KoersError
from desktop.core.labels import ROLE


class _PasswordForm(QDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.error = QLabel(objectName="ErrorPanel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form = QFormLayout()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("Primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(lambda: self.save())  # each form defines save()
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(f"Minstens {signin.MIN_PASSWORD_LENGTH} tekens; een zin van een paar woorden werkt "
                                "goed.", objectName="Muted"))
        layout.addWidget(buttons)

    def _passwords_match(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.fail("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw.")
            return False
        return True

    def fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class NewUserDialog(_PasswordForm):
    def __init__(self, db: Database, actor: actor.Actor, parent=None):
        super().__init__("Nieuwe gebruiker", parent)
        self._db, self._actor = db, actor
        self.username = QLineEdit(placeholderText="bijv. jbakker")
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE[role], role)
        self.form.addRow("Gebruikersnaam", self.username)
        self.form.addRow("Naam", self.display_name)
        self.form.addRow("Rol", self.role)
        self.form.addRow("Wachtwoord", self.password)
        self.form.addRow("Herhaal wachtwoord", self.repeat)

    def save(self) -> None:
        if not self._passwords_match():
            return
        try:
            users.add_user(self._db, self._actor, self.username.text(), self.display_name.text(),
                          self.role.currentData(), self.password.text())
        except KoersError as exc:
            self.fail(exc.message)
            return
        self.accept()


class PasswordDialog(_PasswordForm):
    def __init__(self, db: Database, actor: actor.Actor, username: str, parent=None):
        super().__init__(f"Wachtwoord van {username}", parent)
        self._db, self._actor, self._username = db, actor, username
        self.form.addRow("Nieuw wachtwoord", self.password)
        self.form.addRow("Herhaal wachtwoord", self.repeat)

    def save(self) -> None:
        if not self._passwords_match():
            return
        try:
            users.set_password(self._db, self._actor, self._username, self.password.text())
        except KoersError as exc:
            self.fail(exc.message)
            return
        self.accept()
