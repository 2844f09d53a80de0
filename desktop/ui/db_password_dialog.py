"""Asks for the team database's password before sign-in, when the keyring has none. It only asks: checking the
password and keeping it are desktop.core.maintenance.db_password's job."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.maintenance.db_password import Answer, PasswordRequest, keyring_name


class DbPasswordDialog(QDialog):
    def __init__(self, request: PasswordRequest, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Wachtwoord van de teamdatabase")
        self.setMinimumWidth(460)
        intro = QLabel(f"Koers maakt verbinding met de teamdatabase <b>{_escape(request.account)}</b>. Typ het "
                       "wachtwoord van deze databasegebruiker; dit is niet uw eigen wachtwoord voor Koers.")
        intro.setWordWrap(True)
        self.error = QLabel(request.error, objectName="ErrorPanel")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(request.error))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Wachtwoord van de teamdatabase")
        form = QFormLayout()
        form.addRow("Wachtwoord", self.password)
        self.remember = QCheckBox(f"Onthouden in {keyring_name()}")
        self.remember.setToolTip("Koers vraagt het dan niet meer op deze computer. Weghalen kan met "
                                 "'koers database-wachtwoord --verwijder'.")
        self.remember.setVisible(request.can_remember)
        self._can_remember = request.can_remember
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Verbinden")
        self.ok_button.setObjectName("Primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self.password.setFocus()

    def answer(self) -> Answer:
        """Read after exec() (when the dialog and its box are no longer visible)."""
        return Answer(self.password.text(), self._can_remember and self.remember.isChecked())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
