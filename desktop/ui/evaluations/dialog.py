"""The evaluation form: per result of the plan a status and the resident's account, optionally the life-domain
scores again (previous score beside each), and the decision with the next moment. Saving calls
`evaluations.record_evaluation`; the core's problems stay in the form and nothing is stored.

After saving, opschalen and afschalen open the prefilled wijziging (CreateDecisionDialog with `replaces`),
beëindigen opens EndDecisionDialog. Keys: Tab through the fields, Ctrl+Enter saves, Escape closes.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.models import Beschikking, Evaluation
from db.models.enums import EvaluationOutcome, LifeDomain, ResultStatus
from desktop.core import labels
from desktop.core.access.audit import ReasonRequired
from desktop.core.decisions import screen
from desktop.core.errors import KoersError
from desktop.core.evaluations.recording import (
    EvaluationForm,
    EvaluationInput,
    ResultAssessment,
    ResultLine,
    open_evaluation,
    record_evaluation,
)
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import Fields, parse_date
from desktop.ui import dialogs
from desktop.ui.evaluations.progress import DomainProgressView
from desktop.ui.widgets.draft_keeper import DraftKeeper
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import fit_to_screen

STATUS_CHOICES = (ResultStatus.BEHAALD, ResultStatus.DEELS, ResultStatus.NIET, ResultStatus.VERVALLEN)


def _text_field(placeholder: str, height: int = 64) -> QPlainTextEdit:
    field = QPlainTextEdit(placeholderText=placeholder)
    field.setTabChangesFocus(True)
    field.setFixedHeight(height)
    return field


class _ResultBox(QFrame):
    """One result: the text in the resident's words, a status and a short account."""

    def __init__(self, number: int, line: ResultLine, parent: QWidget | None = None):
        super().__init__(parent, objectName="ResultBox")
        self.line = line
        goal = f"Doel: {escape(line.goal)}" + (f" · {labels.LIFE_DOMAIN[line.domain]}" if line.domain else "")
        caption = QLabel(goal, objectName="Muted", wordWrap=True)
        text = QLabel(f"<b>{number}. {escape(line.description)}</b>", wordWrap=True)
        details = []
        if line.indicator:
            details.append(f"Zo zien we het: {escape(line.indicator)}")
        if line.target_date:
            details.append(f"uiterlijk {format_date(line.target_date)}")
        if line.previous_status:
            details.append(f"vorige evaluatie: {labels.RESULT_STATUS[line.previous_status].lower()}")
        self.status = QComboBox()
        self.status.addItem("Kies de uitkomst…", None)
        for status in STATUS_CHOICES:
            self.status.addItem(labels.RESULT_STATUS[status], status)
        self.status.setMinimumWidth(220)
        self.account = _text_field("Wat zegt de inwoner erover? Kort, in de woorden van de inwoner")
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.addWidget(caption, 0, 0, 1, 2)
        grid.addWidget(text, 1, 0, 1, 2)
        if details:
            grid.addWidget(QLabel(" · ".join(details), objectName="Muted", wordWrap=True), 2, 0, 1, 2)
        grid.addWidget(QLabel("Uitkomst *"), 3, 0)
        grid.addWidget(self.status, 3, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(QLabel("Verslag"), 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.account, 4, 1)
        grid.setColumnStretch(1, 1)

    def assessment(self) -> ResultAssessment | None:
        status = self.status.currentData()
        return None if status is None else ResultAssessment(self.line.result_id, status,
                                                            self.account.toPlainText())


class EvaluationDialog(QDialog):
    """Raises KoersError (ReasonRequired included) on opening when the evaluation cannot be shown."""

    def __init__(self, db, actor, evaluation_id: int, *, reason: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self._reason = db, actor, reason
        self.form: EvaluationForm = open_evaluation(db, actor, evaluation_id, reason=reason)
        self.saved: Evaluation | None = None
        self.follow_up: Beschikking | None = None  # a wijziging made right after saving, if any
        f = self.form
        self.setWindowTitle(f"Evaluatie · {f.resident_name} ({f.client_number})")
        self.setMinimumSize(720, 420)
        fit_to_screen(self, 1080, 860)

        header = QFrame(objectName="FileHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(14, 10, 14, 10)
        hl.addWidget(QLabel(f"Evaluatie van {escape(f.resident_name)}", objectName="FileName"))
        facts = [f"Cliëntnummer {f.client_number}", f"gepland op {format_date(f.planned_date)}"]
        if f.product:
            facts.append(f"{f.product} bij {f.aanbieder}" if f.aanbieder else f.product)
        if f.decision_start and f.decision_end:
            facts.append(f"looptijd {format_date(f.decision_start)} – {format_date(f.decision_end)}")
        hl.addWidget(QLabel(" · ".join(facts), objectName="Muted", wordWrap=True))

        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()

        # --- results
        results_box = QGroupBox("Resultaten uit het plan")
        rl = QVBoxLayout(results_box)
        self.result_boxes = [_ResultBox(i, line) for i, line in enumerate(f.results, 1)]
        for box in self.result_boxes:
            rl.addWidget(box)
        if not self.result_boxes:
            rl.addWidget(QLabel("Deze beschikking dient geen resultaten uit het plan.", objectName="Muted"))

        # --- life-domain scores (optional), the previous score beside each, progress beside the grid
        domains = list(f.relevant_domains) or list(f.previous_scores) or list(LifeDomain)
        self.scores: dict[LifeDomain, QComboBox] = {}
        score_grid = QGridLayout()
        score_grid.addWidget(QLabel("<b>Leefgebied</b>"), 0, 0)
        score_grid.addWidget(QLabel("<b>Vorige score</b>"), 0, 1)
        score_grid.addWidget(QLabel("<b>Nu</b>"), 0, 2)
        for row, domain in enumerate(domains, 1):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.addItem("niet opnieuw scoren", None)
            for score, label in labels.ZRM_SCORE.items():
                combo.addItem(f"{score} – {label}", score)
            previous = f.previous_scores.get(domain) or []
            last = previous[-1] if previous else None
            before = QLabel(f"{last.score} ({format_date_short(last.on)})" if last else "–", objectName="Muted")
            if last:
                before.setToolTip(f"{labels.ZRM_SCORE[last.score]}, {'plan' if last.source == 'plan' else 'evaluatie'} "
                                  f"van {format_date(last.on)}")
            score_grid.addWidget(QLabel(labels.LIFE_DOMAIN[domain]), row, 0)
            score_grid.addWidget(before, row, 1)
            score_grid.addWidget(combo, row, 2)
            self.scores[domain] = combo
        score_grid.setColumnStretch(2, 1)
        scores_box = QGroupBox("Zelfredzaamheid per leefgebied (optioneel)")
        sl = QHBoxLayout(scores_box)
        left = QWidget()
        left.setLayout(score_grid)
        left.setMinimumWidth(470)
        sl.addWidget(left, 0, Qt.AlignmentFlag.AlignTop)
        self.progress = DomainProgressView(f.previous_scores)
        sl.addWidget(self.progress, 1)

        # --- the decision
        self.outcomes = QButtonGroup(self)
        outcome_row = QHBoxLayout()
        self.outcome_buttons: dict[EvaluationOutcome, QRadioButton] = {}
        for outcome, label in labels.OUTCOME.items():
            button = QRadioButton(label)
            self.outcomes.addButton(button)
            self.outcome_buttons[outcome] = button
            outcome_row.addWidget(button)
            button.toggled.connect(self._outcome_changed)
        outcome_row.addStretch(1)
        self.outcome_widget = QWidget()
        self.outcome_widget.setLayout(outcome_row)
        outcome_row.setContentsMargins(0, 0, 0, 0)
        self.done_date = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.done_date.setMaximumWidth(130)
        self.next_date = QLineEdit(format_date_short(f.proposed_next_date), placeholderText="dd-mm-jjjj")
        self.next_date.setMaximumWidth(130)
        self.next_hint = QLabel(objectName="Muted")
        self._proposed = format_date_short(f.proposed_next_date)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_date)
        next_row.addWidget(self.next_hint, 1)
        self.summary = _text_field("Samenvatting van het gesprek en waarom dit besluit", 70)
        decision_box = QGroupBox("Besluit")
        df = QFormLayout(decision_box)
        df.addRow("Besluit *", self.outcome_widget)
        df.addRow("Gehouden op *", self.done_date)
        df.addRow("Volgende evaluatie", next_row)
        df.addRow("Samenvatting", self.summary)

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.addWidget(results_box)
        bl.addWidget(scores_box)
        bl.addWidget(decision_box)
        bl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll = scroll

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Evaluatie vastleggen")
        self.save_button.setObjectName("Primary")
        self.save_button.setToolTip("Vastleggen (Ctrl+Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter in a field does not save half a form
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.error_panel)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self._fields = {"done": self.done_date, "next": self.next_date}
        self._outcome_changed()
        self._initial = self._snapshot()
        (self.result_boxes[0].status if self.result_boxes else self.outcome_buttons[
            EvaluationOutcome.VOORTZETTEN]).setFocus()
        self.drafts = DraftKeeper(
            self, db, actor, "evaluatie", record_id=lambda: self.form.evaluation_id, snapshot=self._snapshot,
            content=self._draft_content, doing="U was deze evaluatie aan het invullen en dat is niet vastgelegd",
            wanted=lambda: self.saved is None and self.has_changes())
        self.draft_timer = self.drafts.timer
        QTimer.singleShot(0, self.offer_draft)

    # --- drafts: what is typed survives a crash, a power cut or a session ended while the screen was locked

    def _draft_content(self) -> dict:
        def value(v):
            return getattr(v, "value", v)

        return {"results": {str(b.line.result_id): [value(b.status.currentData()), b.account.toPlainText()]
                            for b in self.result_boxes},
                "scores": {value(d): c.currentData() for d, c in self.scores.items() if c.currentData() is not None},
                "outcome": value(self.outcome()), "done": self.done_date.text(), "next": self.next_date.text(),
                "summary": self.summary.toPlainText()}

    def _fill_draft(self, content: dict) -> None:
        def choose(combo: QComboBox, wanted) -> None:
            for i in range(combo.count()):
                if getattr(combo.itemData(i), "value", combo.itemData(i)) == wanted:
                    combo.setCurrentIndex(i)
                    return

        results = content.get("results", {})
        for box in self.result_boxes:
            status, account = (results.get(str(box.line.result_id)) or [None, ""])[:2]
            choose(box.status, status)
            box.account.setPlainText(str(account or ""))
        for domain, combo in self.scores.items():
            choose(combo, content.get("scores", {}).get(getattr(domain, "value", domain)))
        for outcome, button in self.outcome_buttons.items():
            if outcome.value == content.get("outcome"):
                button.setChecked(True)
        self.done_date.setText(str(content.get("done") or ""))
        if self.next_date.isEnabled():
            self.next_date.setText(str(content.get("next") or ""))
        self.summary.setPlainText(str(content.get("summary") or ""))

    def keep_draft(self) -> None:
        self.drafts.keep()

    def drop_draft(self) -> None:
        self.drafts.drop()

    def offer_draft(self) -> bool:
        if self.saved is not None:
            return False
        content = self.drafts.offer(lambda found: found)
        if content is None:
            return False
        self._fill_draft(content)
        return True

    # --- state

    def outcome(self) -> EvaluationOutcome | None:
        return next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)

    def set_outcome(self, outcome: EvaluationOutcome) -> None:
        self.outcome_buttons[EvaluationOutcome(outcome)].setChecked(True)

    def _outcome_changed(self, *_) -> None:
        ending = self.outcome() is EvaluationOutcome.BEEINDIGEN
        if ending and self.next_date.isEnabled():
            self.next_date.clear()
        elif not ending and not self.next_date.isEnabled() and not self.next_date.text():
            self.next_date.setText(self._proposed)
        self.next_date.setEnabled(not ending)
        self.next_hint.setText("Bij beëindigen volgt geen evaluatie meer." if ending else
                               "Voorstel uit de kalender van de beschikking; leeg laten mag.")

    def _snapshot(self) -> tuple:
        return (tuple((b.status.currentData(), b.account.toPlainText()) for b in self.result_boxes),
                tuple(c.currentData() for c in self.scores.values()), self.outcome(), self.done_date.text(),
                self.next_date.text(), self.summary.toPlainText())

    def has_changes(self) -> bool:
        return self._snapshot() != self._initial

    # --- saving

    def show_problems(self, message: str, problems: list[str] = ()) -> None:
        self.error_panel.setText(message + "".join(f"\n• {p}" for p in problems))
        self.error_panel.show()

    def _clear(self) -> None:
        self.error_panel.hide()
        clear_marks([*self._fields.values(), self.outcome_widget, *(b.status for b in self.result_boxes),
                     *(b.account for b in self.result_boxes), *self.scores.values()])

    def _mark(self, problems: list[str]) -> None:
        fields: dict[str, QWidget] = dict(self._fields)
        messages: dict[str, str] = {}
        for problem in problems:
            lower = problem.lower()
            if "resultaat" in lower and ("beoordeel" in lower or "kies per" in lower):
                for i, box in enumerate(self.result_boxes):
                    if box.status.currentData() is None:
                        fields[f"status{i}"] = box.status
                        messages[f"status{i}"] = problem
            elif "verslag" in lower:
                for i, box in enumerate(self.result_boxes):
                    fields[f"account{i}"] = box.account
                    messages.setdefault(f"account{i}", problem)
            elif "besluit" in lower:
                fields["outcome"] = self.outcome_widget
                messages["outcome"] = problem
            elif "volgende evaluatie" in lower:
                messages.setdefault("next", problem)
            elif "evaluatiedatum" in lower or "gehouden" in lower:
                messages.setdefault("done", problem)
        self._reveal(mark_fields(fields, messages))

    def _reveal(self, widget: QWidget | None) -> None:
        """The first marked field scrolls into view, so the red border is seen beside the message."""
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget, 50, 80)

    def _dates(self) -> tuple[date | None, date | None] | None:
        read = Fields()
        done = read(parse_date, self.done_date.text(), "de datum van de evaluatie", field="done")
        following = (read(parse_date, self.next_date.text(), "de volgende evaluatie", field="next")
                     if self.next_date.isEnabled() else None)
        if read.errors:
            self.show_problems("De evaluatie is niet opgeslagen. Herstel eerst:", list(read.errors.values()))
            self._reveal(mark_fields(self._fields, read.errors))
            return None
        return done, following

    def build_input(self, done: date | None, next_date: date | None) -> EvaluationInput:
        return EvaluationInput(
            done_date=done, outcome=self.outcome(),
            results=[a for a in (b.assessment() for b in self.result_boxes) if a is not None],
            scores={d: c.currentData() for d, c in self.scores.items() if c.currentData() is not None},
            summary=self.summary.toPlainText(), next_date=next_date)

    def save(self) -> None:
        if self.saved is not None:
            return
        self._clear()
        dates = self._dates()
        if dates is None:
            return
        try:
            self.saved = record_evaluation(self._db, self._actor, self.form.evaluation_id,
                                           self.build_input(*dates), reason=self._reason)
        except ReasonRequired:
            raise
        except KoersError as exc:
            self.show_problems(exc.message, exc.problems)
            self._mark(exc.problems or [exc.message])
            return
        self.drafts.stop()
        self.drop_draft()
        self._follow_up(self.saved.outcome)
        self.accept()

    def _follow_up(self, outcome: EvaluationOutcome) -> None:
        """Opschalen/afschalen: the prefilled wijziging; beëindigen: ending the decision. Both may be cancelled:
        the evaluation itself is stored."""
        if outcome not in (EvaluationOutcome.OPSCHALEN, EvaluationOutcome.AFSCHALEN, EvaluationOutcome.BEEINDIGEN):
            return
        from desktop.ui.decisions.actions import EndDecisionDialog
        from desktop.ui.decisions.create_dialog import CreateDecisionDialog

        parent = self.parentWidget() or self
        try:
            decision = (screen.get_decision(self._db, self._actor, self.form.beschikking_id,
                                               reason=self._reason).decision
                        if self.form.beschikking_id else None)
            if outcome is EvaluationOutcome.BEEINDIGEN:
                if decision is not None:
                    EndDecisionDialog(self._db, self._actor, decision, parent).exec()
                return
            dialog = CreateDecisionDialog(self._db, self._actor, self.form.casus_id, self._reason, parent,
                                          replaces=decision)
        except KoersError as exc:
            dialogs.show_error(self, "Evaluatie vastgelegd", "De evaluatie is vastgelegd, maar de beschikking kan "
                               f"nu niet worden aangepast: {exc.message}")
            return
        if dialog.exec() and dialog.created is not None:
            self.follow_up = dialog.created

    def reject(self) -> None:
        if self.saved is None and self.has_changes() and not dialogs.ask_discard(self):
            return
        self.drafts.stop()
        if self.saved is None:
            self.drop_draft()  # thrown away on purpose: not offered again
        super().reject()
