"""Small forms for what happens to a decision after it is made: beëindigen, intrekken, and the date of an
evaluation moment. Each calls one core service; a refusal stays in the form and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models import Beschikking
from db.models.enums import DecisionStatus
from desktop.core import reference
from desktop.core.access.actor import Actor
from desktop.core.decisions import lifecycle
from desktop.core.errors import KoersError
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui.messages import error_text
from desktop.ui.widgets.form_dialog import text_area
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding


class _Form(AsksBeforeDiscarding, QDialog):
    """A form with an error panel on top and OK/Annuleren below; `submit` returns True when done."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.setVisible(bool(text))
        self.adjustSize()  # a small form grows to show the whole message

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KoersError as exc:
            self.show_error(error_text(exc))
            return False
        return True

    def _accept(self) -> None:
        if self.submit():
            self.accept()

    def submit(self) -> bool:  # pragma: no cover - every form overrides it
        raise NotImplementedError



class EndDecisionDialog(_Form):
    """Beëindigen from a date with a RedenBeëindiging from the law's own list. Hours after that date must go first (the core says so)."""

    def __init__(self, db: Database, actor: Actor, decision: Beschikking, parent: QWidget | None = None):
        super().__init__(f"Beschikking {decision.toewijzing_nummer} beëindigen", "Beëindigen", parent)
        self._db, self._actor, self._decision = db, actor, decision
        self.end_date = QLineEdit(format_date_short(min(max(clock.today(), decision.start_date), decision.end_date)),
                                  placeholderText="dd-mm-jjjj")
        self.end_date.setMaximumWidth(130)
        self.reason = QComboBox()
        self.reason.addItem("Kies een reden…", None)
        for code, label in reference.codes(db, "reden_beeindiging", decision.law):
            self.reason.addItem(f"{code} {label}", code)
        self.explanation = text_area("Waarom de ondersteuning stopt, zoals u het de inwoner uitlegt")
        self.form.addRow(QLabel(f"Looptijd nu {format_date(decision.start_date)} – {format_date(decision.end_date)}. "
                                "Na de einddatum kunnen geen uren meer worden geboekt.", wordWrap=True,
                                objectName="Muted"))
        self.form.addRow("Laatste dag *", self.end_date)
        self.form.addRow(f"Reden ({reference.standard_of(decision.law)}) *", self.reason)
        self.form.addRow("Toelichting *", self.explanation)
        self.reason.setFocus()

    def submit(self) -> bool:
        def run():
            ended_on = parse_date(self.end_date.text(), "de einddatum", required=True)
            lifecycle.end_decision(self._db, self._actor, self._decision.id, ended_on,
                                   reason_code=self.reason.currentData(), explanation=self.explanation.toPlainText())
        return self._attempt(run)


class RevokeDecisionDialog(_Form):
    """Intrekken: as if the decision was never given. Only before hours were booked."""

    def __init__(self, db: Database, actor: Actor, decision: Beschikking, parent: QWidget | None = None):
        super().__init__(f"Beschikking {decision.toewijzing_nummer} intrekken", "Intrekken", parent)
        self._db, self._actor, self._decision = db, actor, decision
        self.explanation = text_area("Waarom de beschikking wordt ingetrokken")
        if decision.status is DecisionStatus.CONCEPT and decision.replaces_id is not None:
            text = ("Deze concept-wijziging vervalt. De beschikking die zij zou vervangen, blijft ongewijzigd "
                    "gelden, met alle uren die erop zijn geboekt.")
        elif decision.status is DecisionStatus.CONCEPT:
            text = "Dit concept vervalt; er is nog niets aan de inwoner of de aanbieder bekendgemaakt."
        else:
            text = ("Intrekken betekent: de beschikking geldt niet, alsof hij nooit is gegeven. Stopt de "
                    "ondersteuning alleen eerder, kies dan Beëindigen.")
        note = QLabel(text, wordWrap=True, objectName="Muted")
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(note)
        self.form.addRow("Toelichting *", self.explanation)
        self.explanation.setFocus()

    def submit(self) -> bool:
        return self._attempt(lambda: lifecycle.revoke_decision(self._db, self._actor, self._decision.id,
                                                               explanation=self.explanation.toPlainText()))


class MomentDateDialog(_Form):
    """One date for an evaluation moment; `save(date)` is the core call (add or move)."""

    def __init__(self, title: str, initial: date, save: Callable[[date], object], parent: QWidget | None = None):
        super().__init__(title, "Opslaan", parent)
        self._save = save
        self.date_field = QLineEdit(format_date_short(initial), placeholderText="dd-mm-jjjj")
        self.date_field.setMaximumWidth(130)
        self.form.addRow("Datum *", self.date_field)
        self.date_field.selectAll()
        self.date_field.setFocus()

    def submit(self) -> bool:
        def run():
            value = parse_date(self.date_field.text(), "de datum", required=True)
            self._save(value)
        return self._attempt(run)
