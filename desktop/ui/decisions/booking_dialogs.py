"""Correcting or deleting one booking of hours: both ask why, because the reason goes into the access log."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.decisions import ledger
from desktop.core.errors import ValidationError
from desktop.core.nl import format_hours
from desktop.core.parse import Fields, parse_hours
from desktop.ui.widgets.form_dialog import FormDialog, text_area


class CorrectBookingDialog(FormDialog):
    """New hours for one booking; a period booking keeps its period."""

    def __init__(self, db: Database, actor: Actor, entry: ledger.Entry, described: str, parent: QWidget | None = None):
        super().__init__("Boeking corrigeren", parent, ok_text="Corrigeren", min_width=480)
        self._db, self._actor, self._entry = db, actor, entry
        self.hours_field = QLineEdit(format_hours(entry.hours).removesuffix(" uur"), placeholderText="bijvoorbeeld 2,5")
        self.hours_field.setMaximumWidth(130)
        self.reason = text_area("Bijvoorbeeld: de aanbieder heeft de declaratie gecorrigeerd", max_height=80)
        self.fields = {"hours": self.hours_field, "reason": self.reason}
        self.form.addRow(QLabel(f"Geboekt: {described}, {format_hours(entry.hours)}.", wordWrap=True,
                                objectName="Muted"))
        self.form.addRow("Uren *", self.hours_field)
        self.form.addRow("Reden *", self.reason)
        self.hours_field.selectAll()
        self.hours_field.setFocus()

    def submit(self) -> None:
        read = Fields()
        hours = read(parse_hours, self.hours_field.text(), "het aantal uren", field="hours", required=True,
                     allow_zero=False)
        early = dict(read.errors)
        if early:  # the typed hours are no number: say so together with a missing reason
            if not self.reason.toPlainText().strip():
                early["reason"] = "Vul de reden in waarom u deze boeking corrigeert; die komt in het toegangslog."
            self.fail(ValidationError.of_fields("De correctie is niet opgeslagen. Herstel eerst:", early))
            return
        self.attempt(lambda: ledger.correct_realisation(self._db, self._actor, self._entry.id, hours,
                                                        reason=self.reason.toPlainText()))


class DeleteBookingDialog(FormDialog):
    """Deleting one booking: what goes, and why."""

    def __init__(self, db: Database, actor: Actor, entry: ledger.Entry, described: str, parent: QWidget | None = None):
        super().__init__("Boeking verwijderen", parent, ok_text="Verwijderen", min_width=480)
        self._db, self._actor, self._entry = db, actor, entry
        self.reason = text_area("Bijvoorbeeld: dubbel geboekt, staat ook in de import van maart", max_height=80)
        self.fields = {"reason": self.reason}
        self.form.addRow(QLabel(f"U verwijdert de boeking {described}, {format_hours(entry.hours)}. Het gerealiseerde "
                                "totaal en het gedeclareerde bedrag worden daarmee lager.", wordWrap=True))
        self.form.addRow("Reden *", self.reason)
        self.reason.setFocus()

    def submit(self) -> None:
        self.attempt(lambda: ledger.delete_realisation(self._db, self._actor, self._entry.id,
                                                       reason=self.reason.toPlainText()))
