"""De casus: the intake of one melding on one screen, with the next step beside each fact — the personal plan,
cliëntondersteuning, finishing the research (its report goes to the letter queue), the aanvraag, and the
outcome (an afwijzing, or closing without a decision). Every action goes through the core and is logged there.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models.enums import CaseOutcome
from desktop.core import catalog, labels
from desktop.core.access.actor import Actor
from desktop.core.decisions import lifecycle
from desktop.core.errors import KoersError, ValidationError
from desktop.core.intake import melding, outcome
from desktop.core.intake.melding import IntakeFacts
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding

CLOSING = (CaseOutcome.INGETROKKEN, CaseOutcome.EIGEN_KRACHT, CaseOutcome.NETWERK,
           CaseOutcome.ALGEMENE_VOORZIENING)


def _date_field(placeholder: str = "dd-mm-jjjj") -> QLineEdit:
    field = QLineEdit(format_date_short(clock.today()), placeholderText=placeholder)
    field.setMaximumWidth(120)
    return field


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    return box


class CasusDialog(AsksBeforeDiscarding, QDialog):
    """`changed` is set when anything was stored, so the file behind can refresh."""

    def __init__(self, db: Database, actor: Actor, casus_id: int, *, reason: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self._casus_id, self._reason = db, actor, casus_id, reason
        self.changed = False
        self.setMinimumWidth(720)
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.message = QLabel(objectName="Muted", wordWrap=True)

        self.summary = QLabel(wordWrap=True)
        self.question = QLabel(wordWrap=True)
        self.terms = QLabel(wordWrap=True)

        self.plan_date = _date_field()
        self.plan_button = QPushButton("Vastleggen")
        self.plan_button.clicked.connect(self.record_personal_plan)
        self.plan_state = QLabel()
        self.support = QCheckBox("Gewezen op gratis, onafhankelijke cliëntondersteuning")
        self.support.clicked.connect(self.record_support)
        self.letters = QLabel(wordWrap=True)
        self.research_date = _date_field()
        self.research_button = QPushButton("Onderzoek afronden")
        self.research_button.setToolTip("Het verslag (het akkoord plan als brief) komt in de brievenwachtrij")
        self.research_button.clicked.connect(self.finish_research)
        self.aanvraag_date = _date_field()
        self.aanvraag_button = QPushButton("Aanvraag vastleggen")
        self.aanvraag_button.clicked.connect(self.record_aanvraag)
        self.aanvraag_state = QLabel()
        self.outcome_state = QLabel(wordWrap=True)
        self.refuse_button = QPushButton("Afwijzen…")
        self.refuse_button.setToolTip("Een afwijzing van de aanvraag, met motivering en bezwaarclausule")
        self.refuse_button.clicked.connect(self.refuse)
        self.close_button = QPushButton("Afsluiten zonder besluit…")
        self.close_button.setToolTip("Ingetrokken, of zonder aanvraag: eigen kracht, netwerk of een algemene voorziening")
        self.close_button.clicked.connect(self.close_casus)

        facts = QGroupBox("Melding")
        ff = QFormLayout(facts)
        ff.addRow(self.summary)
        ff.addRow("Vraag", self.question)
        ff.addRow("Termijnen", self.terms)
        steps = QGroupBox("Onderzoek en aanvraag")
        sf = QFormLayout(steps)
        sf.addRow("Eigen plan binnen op", _row(self.plan_date, self.plan_button, self.plan_state))
        sf.addRow("", self.support)
        sf.addRow("Brieven", self.letters)
        sf.addRow("Onderzoek afgerond op", _row(self.research_date, self.research_button))
        sf.addRow("Aanvraag op", _row(self.aanvraag_date, self.aanvraag_button, self.aanvraag_state))
        ends = QGroupBox("Uitkomst")
        ef = QVBoxLayout(ends)
        ef.addWidget(self.outcome_state)
        ef.addWidget(_row(self.refuse_button, self.close_button))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addWidget(facts)
        layout.addWidget(steps)
        layout.addWidget(ends)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.facts: IntakeFacts | None = None
        self.reload()

    # --- showing

    def reload(self) -> None:
        self.facts = f = melding.intake_facts(self._db, self._actor, self._casus_id, reason=self._reason)
        c = f.casus
        self.setWindowTitle(f"Casus {labels.LAW[c.law]} · {f.client_number} · melding {format_date(c.melding_date)}")
        via = melding.SOURCE_LABELS[c.came_in_via] if c.came_in_via else "niet vastgelegd"
        self.summary.setText(f"<b>{labels.CASE_STATUS[c.status]}</b> · melding {format_date(c.melding_date)} · "
                             f"{escape(via)}" + (f" ({escape(c.referrer)})" if c.referrer else ""))
        self.question.setText(f"<i>“{escape(c.question)}”</i>" if c.question else "<i>niet vastgelegd</i>")
        left = (f.research_due - clock.today()).days
        if c.research_done_date:
            research = f"onderzoek afgerond op {format_date(c.research_done_date)}"
        elif c.aanvraag_date or c.closed_date:  # the research term no longer runs
            research = f"onderzoekstermijn liep tot {format_date(f.research_due)}"
        else:
            research = (f"onderzoek klaar uiterlijk {format_date(f.research_due)} "
                        + (f"(nog {left} dagen)" if left >= 0 else f"<b>({-left} dagen te laat)</b>"))
        self.terms.setText(f"{research}; eigen plan tot en met {format_date(f.personal_plan_due)}")
        self.plan_state.setText(f"binnen op {format_date(c.personal_plan_date)}" if c.personal_plan_date
                                else "nog niet binnen")
        self.support.setChecked(c.clientondersteuning_informed)
        receipt = f.receipt_kenmerk or ("staat in de brievenwachtrij" if c.receipt_due else "niet verstuurd")
        report = f.report_kenmerk or ("staat in de brievenwachtrij" if c.research_done_date and not
                                     c.report_sent_date else "—")
        sent = f", verzonden op {format_date(c.report_sent_date)}" if c.report_sent_date else ""
        self.letters.setText(f"Ontvangstbevestiging: {receipt} · Verslag: {report}{sent}")
        if c.research_done_date:
            self.research_date.setText(format_date_short(c.research_done_date))
        self.aanvraag_state.setText(f"aanvraag op {format_date(c.aanvraag_date)}" if c.aanvraag_date else "")
        if c.aanvraag_date:
            self.aanvraag_date.setText(format_date_short(c.aanvraag_date))
        decisions = "; ".join(f"{n} ({labels.DECISION_KIND.get(k, k)}, {s})" for n, k, s in f.decisions)
        if c.outcome:
            text = (f"<b>{melding.OUTCOME_LABELS[c.outcome]}</b> op {format_date(c.outcome_date)}"
                    + (f": {escape(c.outcome_reason)}" if c.outcome_reason else ""))
        else:
            text = "Nog geen uitkomst."
        self.outcome_state.setText(text + (f"<br>Beschikkingen: {escape(decisions)}" if decisions else ""))
        closed = f.closed
        for w in (self.plan_date, self.plan_button, self.support, self.research_date, self.research_button,
                  self.aanvraag_date, self.aanvraag_button, self.close_button):
            w.setEnabled(not closed)
        self.refuse_button.setEnabled(not closed and c.aanvraag_date is not None and c.outcome is None)
        self.close_button.setEnabled(not closed and c.outcome is None)
        for label, inset in ((self.outcome_state, 60), (self.letters, 240), (self.terms, 170),
                             (self.question, 170)):  # wrapped texts ask their height for the width they get
            label.setMinimumHeight(label.heightForWidth(self.minimumWidth() - inset))
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the group boxes take their new sizes now
        self.adjustSize()

    # --- actions

    def _run(self, action: Callable[[], object], done: str) -> bool:
        self.error_panel.hide()
        try:
            action()
        except KoersError as exc:
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            return False
        self.changed = True
        self.message.setText(done)
        self.reload()
        return True

    def _day(self, field: QLineEdit, label: str) -> object:
        try:
            return parse_date(field.text(), label, required=True)
        except ValidationError as exc:
            self.error_panel.setText(exc.message)
            self.error_panel.show()
            field.setFocus()
            return None

    def record_personal_plan(self) -> None:
        day = self._day(self.plan_date, "de datum waarop het eigen plan binnenkwam")
        if day is not None:
            self._run(lambda: melding.record_personal_plan(self._db, self._actor, self._casus_id, day,
                                                           reason=self._reason), "Eigen plan vastgelegd.")

    def record_support(self) -> None:
        informed = self.support.isChecked()
        self._run(lambda: melding.record_clientondersteuning(self._db, self._actor, self._casus_id, informed,
                                                             reason=self._reason),
                  "Vastgelegd." if informed else "Weggehaald.")

    def finish_research(self) -> None:
        day = self._day(self.research_date, "de datum waarop het onderzoek klaar was")
        if day is not None:
            self._run(lambda: outcome.finish_research(self._db, self._actor, self._casus_id, day,
                                                      reason=self._reason),
                      "Onderzoek afgerond. Het verslag staat in de brievenwachtrij van de medewerker.")

    def record_aanvraag(self) -> None:
        day = self._day(self.aanvraag_date, "de datum van de aanvraag")
        if day is not None:
            self._run(lambda: outcome.record_aanvraag(self._db, self._actor, self._casus_id, day,
                                                      reason=self._reason),
                      "Aanvraag vastgelegd; de beslistermijn loopt.")

    def refuse(self) -> None:
        assert self.facts is not None  # loaded in __init__
        dialog = RefuseDialog(self._db, self._actor, self._casus_id, self.facts, reason=self._reason, parent=self)
        if dialog.exec():
            self.changed = True
            self.message.setText(dialog.done_text)
            self.reload()

    def close_casus(self) -> None:
        dialog = CloseCasusDialog(self._db, self._actor, self._casus_id, reason=self._reason, parent=self)
        if dialog.exec():
            self.changed = True
            self.message.setText("De casus is afgesloten.")
            self.reload()


class CloseCasusDialog(FormDialog):
    def __init__(self, db: Database, actor: Actor, casus_id: int, *, reason: str | None, parent: QWidget | None):
        super().__init__("Casus afsluiten zonder besluit", parent, ok_text="Afsluiten", min_width=520)
        self._db, self._actor, self._casus_id, self._reason = db, actor, casus_id, reason
        self.outcome = QComboBox()
        for value in CLOSING:
            self.outcome.addItem(melding.OUTCOME_LABELS[value], value)
        self.date = _date_field()
        self.explanation = QPlainTextEdit(placeholderText="Wat de inwoner nu doet of heeft, in een paar zinnen")
        self.explanation.setTabChangesFocus(True)
        self.explanation.setMaximumHeight(90)
        self.form.addRow(QLabel("Na een aanvraag volgt een besluit, tenzij de inwoner de aanvraag intrekt. Eigen "
                                "kracht, het netwerk of een algemene voorziening sluit een casus zonder aanvraag.",
                                wordWrap=True, objectName="Muted"))
        self.form.addRow("Uitkomst *", self.outcome)
        self.form.addRow("Datum *", self.date)
        self.form.addRow("Reden *", self.explanation)
        self.explanation.setFocus()

    def submit(self) -> None:
        try:
            day = parse_date(self.date.text(), "de datum van het afsluiten")
        except ValidationError:
            day = None  # the core names the date problem together with the others
        try:
            outcome.close_casus(self._db, self._actor, self._casus_id, self.outcome.currentData(), day,
                                self.explanation.toPlainText(), reason=self._reason)
        except KoersError as exc:
            self.fail(exc)
            return
        self.accept()


class RefuseDialog(FormDialog):
    """An afwijzing: drafted first (every problem named), then 'Nu vaststellen?' — validate first, confirm after."""

    def __init__(self, db: Database, actor: Actor, casus_id: int, facts: IntakeFacts, *, reason: str | None,
                 parent: QWidget | None):
        super().__init__("Aanvraag afwijzen", parent, ok_text="Afwijzing opstellen", min_width=520)
        self._db, self._actor, self._casus_id, self._reason = db, actor, casus_id, reason
        self.done_text = ""
        self.product = QComboBox()
        self.product.addItem("Kies wat de inwoner aanvroeg…", None)
        for p in catalog.list_products(db, actor, facts.casus.law):
            self.product.addItem(p.label, p.id)
        self.date = _date_field()
        self.motivation = QPlainTextEdit(placeholderText="Waarom de gemeente afwijst, zoals u het de inwoner uitlegt: "
                                                         "wat het onderzoek liet zien en welke andere hulp er is")
        self.motivation.setTabChangesFocus(True)
        self.motivation.setMinimumHeight(120)
        self.form.addRow("Aangevraagd *", self.product)
        self.form.addRow("Datum besluit *", self.date)
        self.form.addRow("Motivering *", self.motivation)

    def submit(self) -> None:
        try:
            day = parse_date(self.date.text(), "de datum van het besluit", required=True)
            assert day is not None  # required
            refusal = lifecycle.refuse_aanvraag(self._db, self._actor, self._casus_id, self.product.currentData(),
                                                self.motivation.toPlainText(), day, reason=self._reason)
        except KoersError as exc:
            self.fail(exc)
            return
        if dialogs.ask_confirm(self, "Afwijzing vaststellen",
                               f"De afwijzing {refusal.toewijzing_nummer} is als concept opgeslagen. Nu vaststellen? "
                               "Daarna komt de brief in de brievenwachtrij en is de casus afgesloten.",
                               yes="Vaststellen", no="Concept laten staan"):
            try:
                lifecycle.establish(self._db, self._actor, refusal.id, day, reason=self._reason)
            except KoersError as exc:
                self.fail(exc)
                return
            self.done_text = f"Afwijzing {refusal.toewijzing_nummer} vastgesteld; de brief staat in de wachtrij."
        else:
            self.done_text = (f"Afwijzing {refusal.toewijzing_nummer} staat als concept klaar; stel haar vast in de "
                              "beschikking.")
        self.accept()
