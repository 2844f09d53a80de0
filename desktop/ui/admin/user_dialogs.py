"""Adding a user, setting a password, the contact details residents reach a consulent by and the team: small forms
over desktop.core.access.users. The core checks everything and names every problem at once."""

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
from desktop.core.errors import KoersError, ValidationError
from desktop.core.labels import ROLE
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding

CONTACT_NOTE = ("Telefoon en e-mail staan in elke brief bij 'Heeft u vragen?'. Laat ze leeg als de consulent geen "
                "eigen nummer of adres heeft: de brief noemt dan die van de gemeente.")


def _make_room(dialog: QDialog) -> None:
    """The dialog grows to show a (longer) error panel in full: the fields are never squeezed."""
    layout = dialog.layout()
    layout.activate()
    need = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else \
        layout.totalSizeHint().height()
    if need > dialog.height():
        dialog.resize(dialog.width(), need)


def _contact_fields() -> tuple[QLineEdit, QLineEdit]:
    phone = QLineEdit(placeholderText="bijv. 06 12345678 of 0314 123456")
    phone.setMaxLength(20)
    email = QLineEdit(placeholderText="bijv. c.dejong@koersveen.nl")
    email.setMaxLength(254)
    return phone, email


class _UserForm(AsksBeforeDiscarding, QDialog):
    """The frame every user form shares: an error panel, the fields, a note under them, Opslaan and Annuleren."""

    def __init__(self, title: str, note: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.error = QLabel(objectName="ErrorPanel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form = QFormLayout()
        hint = QLabel(note, objectName="Muted")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("Primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(lambda: self.save())  # each form defines save()
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Each form stores its own fields (new user, contact, password, team); the frame only calls this."""
        raise NotImplementedError(f"{type(self).__name__} moet save() zelf invullen")

    def fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        _make_room(self)

    def refuse(self, exc: KoersError, fields: dict[str, QLineEdit]) -> None:
        """Every problem at once in the panel, and each field it is about marked."""
        self.fail(error_text(exc))
        mark_fields(fields, exc.field_errors)


class _PasswordForm(_UserForm):
    def __init__(self, title: str, parent=None):
        super().__init__(title, f"Minstens {signin.MIN_PASSWORD_LENGTH} tekens; een zin van een paar woorden werkt "
                                "goed.", parent)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)

    def _passwords_match(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.fail("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw.")
            return False
        return True


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
        self.phone, self.email = _contact_fields()
        self.form.addRow("Telefoon", self.phone)
        self.form.addRow("E-mail", self.email)
        self.form.addRow("Wachtwoord", self.password)
        self.form.addRow("Herhaal wachtwoord", self.repeat)
        note = QLabel(CONTACT_NOTE, objectName="Muted")
        note.setWordWrap(True)
        self.layout().insertWidget(2, note)  # under the form, above the password hint
        self._fields = {"username": self.username, "display_name": self.display_name, "phone": self.phone,
                        "email": self.email, "password": self.password}

    def save(self) -> None:
        clear_marks(self._fields.values())
        if self.password.text() != self.repeat.text():  # named together with whatever else is wrong
            problems = users.new_user_problems(self.username.text(), self.display_name.text(),
                                               self.role.currentData(), self.password.text(), self.phone.text(),
                                               self.email.text())
            problems["password"] = "De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw."
            self.refuse(ValidationError.of_fields("De gebruiker is niet toegevoegd. Herstel eerst:", problems)
                        if len(problems) > 1 else ValidationError(problems["password"], field="password"),
                        self._fields)
            return
        try:
            users.add_user(self._db, self._actor, self.username.text(), self.display_name.text(),
                           self.role.currentData(), self.password.text(), phone=self.phone.text(),
                           email=self.email.text())
        except KoersError as exc:
            self.refuse(exc, self._fields)
            return
        self.accept()


class ContactDialog(_UserForm):
    """The phone number and e-mail address of one user: named in every letter under 'Heeft u vragen?'."""

    def __init__(self, db: Database, actor: actor.Actor, user: users.UserRow, parent=None):
        super().__init__(f"Contactgegevens van {user.display_name}", CONTACT_NOTE, parent)
        self._db, self._actor, self._user = db, actor, user
        self.phone, self.email = _contact_fields()
        self.phone.setText(user.phone or "")
        self.email.setText(user.email or "")
        self.form.addRow("Telefoon", self.phone)
        self.form.addRow("E-mail", self.email)
        self._fields = {"phone": self.phone, "email": self.email}

    def save(self) -> None:
        clear_marks(self._fields.values())
        try:
            users.set_contact(self._db, self._actor, self._user.username, phone=self.phone.text(),
                              email=self.email.text())
        except KoersError as exc:
            self.refuse(exc, self._fields)
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
            self.fail(error_text(exc))
            return
        self.accept()


class TeamDialog(_UserForm):
    """The team (wijkteam) of one user: a casusregisseur's Termijnen show the consulenten of her team."""

    def __init__(self, db: Database, actor: actor.Actor, user: users.UserRow, parent=None):
        super().__init__(f"Team van {user.display_name}", "Een casusregisseur ziet bij Termijnen de consulenten van "
                         "haar eigen team (en kan de hele gemeente kiezen). Zonder teams ziet zij iedereen.", parent)
        self._db, self._actor, self._user = db, actor, user
        self.team = QComboBox()
        self.team.setEditable(True)  # a new team is typed; an existing one chosen, so it is spelled the same
        self.team.addItem("")
        self.team.addItems(users.team_names(db))
        self.team.setCurrentText(user.team or "")
        self.team.lineEdit().setPlaceholderText("bijv. Wijkteam Noord; leeg: geen team")
        self.team.lineEdit().setMaxLength(users.TEAM_MAX)
        self.form.addRow("Team", self.team)
        self.team.setFocus()

    def save(self) -> None:
        try:
            users.set_team(self._db, self._actor, self._user.username, self.team.currentText())
        except KoersError as exc:
            self.fail(error_text(exc))
            return
        self.accept()
