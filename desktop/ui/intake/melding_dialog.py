"""Nieuwe melding: how a resident's need came in, in the resident's own words. The research term and the
seven days for a personal plan show while the date is typed; every problem is named at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models import Casus
from db.models.enums import REFERRALS, Law
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.deadlines.rules import research_due
from desktop.core.deadlines.settings import deadline_settings
from desktop.core.errors import KoersError, ValidationError
from desktop.core.intake import melding
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding


class MeldingDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Database, actor: Actor, resident_id: int, resident_name: str, *,
                 reason: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self._resident_id, self._reason = db, actor, resident_id, reason
        self._cfg = deadline_settings(db)
        self.created: Casus | None = None
        self.setWindowTitle(f"Nieuwe melding · {resident_name}")
        self.setMinimumWidth(620)
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.law = QComboBox()
        for law in Law:
            self.law.addItem(labels.LAW[law], law)
        self.date = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.date.setMaximumWidth(140)
        self.terms = QLabel(objectName="Muted", wordWrap=True)
        self.source = QComboBox()
        self.referrer = QLineEdit(placeholderText="Naam en functie of organisatie, bijvoorbeeld huisarts Jansen")
        self.question = QPlainTextEdit(placeholderText="De vraag zoals de inwoner hem zelf vertelt")
        self.question.setTabChangesFocus(True)
        self.question.setMinimumHeight(90)
        self.support = QCheckBox("Gewezen op gratis, onafhankelijke cliëntondersteuning")
        form = QFormLayout()
        form.addRow("Wet *", self.law)
        form.addRow("Datum melding *", self.date)
        form.addRow("", self.terms)
        form.addRow("Binnengekomen via *", self.source)
        form.addRow("Verwijzer", self.referrer)
        form.addRow("Vraag van de inwoner *", self.question)
        form.addRow("", self.support)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Melding vastleggen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._fields = {"law": self.law, "melding_date": self.date, "came_in_via": self.source,
                        "referrer": self.referrer, "question": self.question}
        self.law.currentIndexChanged.connect(self._law_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.date.textChanged.connect(self._show_terms)
        self._law_changed()
        self.question.setFocus()

    def _law_changed(self) -> None:
        current = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        for source in melding.sources_for(self.law.currentData()):
            self.source.addItem(melding.SOURCE_LABELS[source], source)
        self.source.setCurrentIndex(max(self.source.findData(current), 0))
        self.source.blockSignals(False)
        self._source_changed()
        self._show_terms()

    def _source_changed(self) -> None:
        self.referrer.setEnabled(self.source.currentData() in REFERRALS)

    def _show_terms(self) -> None:
        try:
            day = parse_date(self.date.text(), "de datum")
        except ValidationError:
            day = None
        self.terms.setVisible(day is not None)
        if day is None:
            return
        law = self.law.currentData()
        self.terms.setText(f"Onderzoek klaar uiterlijk {format_date(research_due(day, law, self._cfg))}. Een eigen "
                           f"plan kan de inwoner inleveren tot en met "
                           f"{format_date(melding.personal_plan_due(day, self._cfg.equated_holidays))}.")

    def save(self) -> None:
        clear_marks(self._fields.values())
        self.error_panel.hide()
        bad_date = ""
        try:
            day = parse_date(self.date.text(), "de datum van de melding", field="melding_date", required=True)
        except ValidationError as exc:
            day, bad_date = None, exc.message
        data = melding.MeldingInput(law=self.law.currentData(), melding_date=day,
                                    came_in_via=self.source.currentData(), referrer=self.referrer.text(),
                                    question=self.question.toPlainText(),
                                    clientondersteuning_informed=self.support.isChecked())
        try:
            self.created = melding.register_melding(self._db, self._actor, self._resident_id, data,
                                                    reason=self._reason)
        except KoersError as exc:
            if bad_date:  # the typed date's own message, not 'vul de datum in'
                exc.problems = [bad_date if p.startswith("Vul de datum van de melding") else p for p in exc.problems]
                exc.field_errors["melding_date"] = bad_date
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            mark_fields(self._fields, exc.field_errors)
            return
        self.accept()
