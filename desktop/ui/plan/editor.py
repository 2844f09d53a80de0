"""The ondersteuningsplan editor: the question in the resident's words, the 13 life domains, goals with
results, and versions (a draft until agreed, then frozen).

All rules live in desktop.core.plans; this window collects a PlanInput from its widgets and shows what the
core says. A failed save (validation or a colleague's save first) never touches what the user typed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
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
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models.enums import LifeDomain
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, KoersError, ValidationError
from desktop.core.nl import format_date_short
from desktop.core.parse import parse_date
from desktop.core.plans import draft_codec
from desktop.core.plans import versions as plans
from desktop.ui import conflict_dialog, dialogs
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.messages import error_text
from desktop.ui.plan.people_picker import PeoplePicker
from desktop.ui.widgets.draft_keeper import DraftKeeper
from desktop.ui.widgets.screen_fit import ScrollingTabs, fit_to_screen

DOMAIN_FIELDS = (("situation", "Huidige situatie"), ("needs", "Wat heeft de inwoner nodig?"),
                 ("resources", "Eigen kracht, netwerk en voorliggend veld"), ("motivation", "Motivatie"),
                 ("readiness", "Bereidheid tot verandering"))
PRIORITIES = ((1, "1 – hoog"), (2, "2 – gemiddeld"), (3, "3 – laag"))


def _text_edit(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field of a comfortable height; Tab moves on (a plan has no use for tab characters)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    height = edit.fontMetrics().lineSpacing() * lines + 16
    edit.setMinimumHeight(height)
    if lines <= 4:
        edit.setMaximumHeight(height + edit.fontMetrics().lineSpacing() * 2)
    return edit


def _mark(widget: QWidget, message: str | None) -> None:
    widget.setProperty("invalid", bool(message))
    widget.setToolTip(message or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ResultBox(QFrame):
    """One result under a goal: what will be different, how you see it, by when, who helps, priority."""

    def __init__(self, remove, people: dict[int, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ResultBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(objectName="Muted")
        self.description = _text_edit(3, "Wat is er anders als het is bereikt? In de woorden van de inwoner.")
        self.indicator = _text_edit(2, "Waaraan ziet u dat het bereikt is?")
        self.target_date = QLineEdit(placeholderText="dd-mm-jjjj")
        self.target_date.setMaximumWidth(130)
        self.date_error = QLabel(objectName="FieldError")
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        self.contributors = {key: QCheckBox(label) for key, label in labels.CONTRIBUTOR.items()}
        self.people = PeoplePicker()
        self.people.set_people(people or {})
        self.people.setVisible(bool(people))
        self.priority = QComboBox()
        for value, label in PRIORITIES:
            self.priority.addItem(label, value)
        self.priority.setCurrentIndex(1)
        self.priority.setMaximumWidth(200)
        self.remove_button = QPushButton("Resultaat verwijderen")
        self.remove_button.clicked.connect(lambda: remove(self))

        who = QHBoxLayout()
        for box in self.contributors.values():
            who.addWidget(box)
        who.addStretch(1)
        when = QHBoxLayout()
        when.addWidget(self.target_date)
        when.addWidget(self.date_error, 1)
        when.addStretch(0)
        form = QFormLayout()
        form.addRow("Resultaat *", self.description)
        form.addRow("Indicator", self.indicator)
        form.addRow("Streefdatum", when)
        form.addRow("Wie draagt bij", who)
        form.addRow("" if not people else "Wie uit het netwerk", self.people)
        form.addRow("Prioriteit", self.priority)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.addLayout(top)
        layout.addLayout(form)

    def load(self, r: plans.ResultInput) -> None:
        self.description.setPlainText(r.description)
        self.indicator.setPlainText(r.indicator)
        self.target_date.setText(format_date_short(r.target_date))
        for key, box in self.contributors.items():  # older data may hold the label ('voorliggend veld')
            box.setChecked(key in r.contributors or labels.CONTRIBUTOR[key] in r.contributors)
        self.people.set_checked(r.people)
        self.priority.setCurrentIndex(max(0, self.priority.findData(r.priority)))

    def collect(self, strict: bool, where: str, problems: list[str]) -> plans.ResultInput:
        try:
            target = parse_date(self.target_date.text(), f"de streefdatum van {where}")
            if strict:
                self.show_date_error(None)
        except KoersError as exc:
            target = None
            if strict:
                problems.append(exc.message)
                self.show_date_error(exc.message)
        return plans.ResultInput(self.description.toPlainText(), self.indicator.toPlainText(), target,
                                 [k for k, box in self.contributors.items() if box.isChecked()],
                                 self.priority.currentData(), self.people.checked())

    def show_date_error(self, message: str | None) -> None:
        _mark(self.target_date, message)
        self.date_error.setText(message or "")
        self.date_error.setVisible(bool(message))


class GoalBox(QGroupBox):
    """One goal with its results."""

    changed = Signal()

    def __init__(self, remove, people: dict[int, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._people = people or {}
        self.description = _text_edit(3, "Wat wil de inwoner bereiken?")
        self.domain = QComboBox()
        self.domain.addItem("(geen leefgebied)", None)
        for value, label in labels.LIFE_DOMAIN.items():
            self.domain.addItem(label, value)
        self.remove_button = QPushButton("Doel verwijderen")
        self.remove_button.clicked.connect(lambda: remove(self))
        self.add_result_button = QPushButton("Resultaat toevoegen")
        self.add_result_button.clicked.connect(lambda: self.add_result(focus=True))
        self.results: list[ResultBox] = []
        self.results_layout = QVBoxLayout()
        self.results_layout.setSpacing(8)

        head = QHBoxLayout()
        head.addWidget(QLabel("Leefgebied"))
        head.addWidget(self.domain)
        head.addStretch(1)
        head.addWidget(self.remove_button)
        form = QFormLayout()
        form.addRow("Doel *", self.description)
        form.addRow(head)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_result_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.results_layout)
        layout.addLayout(add_row)

    def add_result(self, data: plans.ResultInput | None = None, *, focus: bool = False) -> ResultBox:
        box = ResultBox(self.remove_result, self._people)
        if data is not None:
            box.load(data)
        self.results.append(box)
        self.results_layout.addWidget(box)
        box.show()  # a child added to a shown window stays hidden until shown
        self.renumber()
        if focus:
            box.description.setFocus()
        self.changed.emit()
        return box

    def remove_result(self, box: ResultBox) -> None:
        self.results.remove(box)
        box.setParent(None)
        box.deleteLater()
        self.renumber()
        self.changed.emit()

    def renumber(self, number: int | None = None) -> None:
        if number is not None:
            self.setTitle(f"Doel {number}")
        prefix = self.title().removeprefix("Doel ")
        for i, box in enumerate(self.results, start=1):
            box.title.setText(f"Resultaat {prefix}.{i}")

    def load(self, g: plans.GoalInput) -> None:
        self.description.setPlainText(g.description)
        self.domain.setCurrentIndex(max(0, self.domain.findData(g.domain)))
        for r in g.results:
            self.add_result(r)

    def collect(self, strict: bool, number: int, problems: list[str]) -> plans.GoalInput:
        return plans.GoalInput(self.description.toPlainText(), self.domain.currentData(),
                               [r.collect(strict, f"resultaat {number}.{i}", problems)
                                for i, r in enumerate(self.results, start=1)])


class AgreedDateDialog(QDialog):
    """Asks the day the resident agreed (default today); the core checks it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Akkoord vastleggen")
        self.field = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.error = QLabel(objectName="FieldError")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Vastleggen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("Op welke dag heeft de inwoner ingestemd met deze versie? Daarna ligt de versie vast.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.value: date | None = None

    def _accept(self) -> None:
        try:
            self.value = parse_date(self.field.text(), "de datum van het akkoord", required=True)
        except KoersError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()


class PlanEditor(QDialog):
    """A non-modal window on one case's plan. Raises the core's errors (ReasonRequired) while opening."""

    saved = Signal(int)  # casus id, after any stored change (save, agree, new version)

    def __init__(self, db: Database, actor: Actor, casus_id: int, reason: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._casus_id = casus_id
        self._reason = reason
        self._may_edit = audit.allowed(actor, Action.PLAN_EDIT)
        doc = plans.open_plan(db, actor, casus_id, reason=reason)
        if doc is None and self._may_edit:
            doc = plans.start_draft(db, actor, casus_id, reason=reason)
        if doc is None:
            raise KoersError("Deze casus heeft nog geen ondersteuningsplan.")
        self.setWindowTitle(f"Ondersteuningsplan – {doc.resident_name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        fit_to_screen(self, 1200, 800)
        self._doc = doc
        self._version = doc.plan.version
        self._saved_snapshot: tuple | None = None
        self._loading = False
        self.goals: list[GoalBox] = []
        self._domain_data: dict[LifeDomain, plans.DomainInput | None] = {d: None for d in labels.LIFE_DOMAIN}
        self._people: dict[int, str] = {}  # id -> label of everyone recorded around the resident (Betrokkenen)
        self._current_domain: LifeDomain | None = None

        # --- header
        header = QFrame(objectName="FileHeader")
        hl = QGridLayout(header)
        hl.setContentsMargins(14, 10, 14, 10)
        self.name = QLabel(doc.resident_name, objectName="FileName")
        self.client = QLabel(objectName="Muted")
        self.version_combo = QComboBox()
        self.version_combo.setMinimumWidth(240)
        self.version_combo.activated.connect(self._version_chosen)
        self.status = QLabel(objectName="Muted")
        self.save_button = QPushButton("Opslaan", objectName="Primary")
        self.save_button.setToolTip("Opslaan (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.agree_button = QPushButton("Akkoord vastleggen…")
        self.agree_button.clicked.connect(self.record_agreement)
        self.new_version_button = QPushButton("Nieuwe versie")
        self.new_version_button.clicked.connect(self.new_version)
        self.compare_button = QPushButton("Vergelijken…")
        self.compare_button.clicked.connect(self.open_compare)
        self.pdf_button = QPushButton("PDF voor de inwoner…")
        self.pdf_button.setToolTip("Samenvatting om samen te lezen en te ondertekenen")
        self.pdf_button.clicked.connect(self.save_pdf)
        # two rows, so the header fits a laptop: who and the main actions; then the versions and their status
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_version_button)
        buttons.addWidget(self.agree_button)
        buttons.addWidget(self.save_button)
        versions = QHBoxLayout()
        versions.addWidget(QLabel("Versie:"))
        versions.addWidget(self.version_combo)
        versions.addWidget(self.compare_button)
        versions.addWidget(self.pdf_button)
        versions.addStretch(1)
        hl.addWidget(self.name, 0, 0)
        hl.addLayout(buttons, 0, 1)
        hl.addWidget(self.client, 1, 0, 1, 2)
        hl.addLayout(versions, 2, 0, 1, 2)
        hl.addWidget(self.status, 3, 0, 1, 2)
        hl.setColumnStretch(0, 1)

        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()
        self.warning_panel = QLabel(objectName="WarningPanel")
        self.warning_panel.setWordWrap(True)
        self.warning_panel.hide()

        self.tabs = ScrollingTabs()  # a low laptop screen scrolls the page, never the header off the window
        self.tabs.addTab(self._build_question_tab(), "Vraag")
        self.tabs.addTab(self._build_domains_tab(), "Leefgebieden")
        self.tabs.addTab(self._build_goals_tab(), "Doelen en resultaten")

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.warning_panel)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._load(doc)
        self.drafts = DraftKeeper(
            self, db, actor, "plan", record_id=lambda: self._plan_id, snapshot=self._snapshot,
            content=lambda: draft_codec.to_content(self.collect()), doing="U was dit plan aan het bewerken en dat is "
            "niet opgeslagen", wanted=lambda: not self._loading and self._doc.editable and self._may_edit
            and self.has_changes())
        self.draft_timer = self.drafts.timer
        QTimer.singleShot(0, self.offer_draft)

    # ------------------------------------------------------------ building

    def _build_question_tab(self) -> QWidget:
        page = QWidget()
        self.question = _text_edit(8, "De vraag van de inwoner, in eigen woorden.")
        self.what_matters = _text_edit(6, "Wat is belangrijk voor de inwoner?")
        self.circumstances = _text_edit(6, "Omstandigheden: thuis, gezondheid, netwerk…")
        layout = QVBoxLayout(page)
        for label, edit, stretch in (("Vraag van de inwoner", self.question, 3),
                                     ("Wat belangrijk is voor de inwoner", self.what_matters, 2),
                                     ("Omstandigheden", self.circumstances, 2)):
            title = QLabel(f"<b>{label}</b>")
            title.setBuddy(edit)
            layout.addWidget(title)
            layout.addWidget(edit, stretch)
        return page

    def _build_domains_tab(self) -> QWidget:
        page = QWidget()
        self.domain_list = QListWidget()
        self.domain_list.setMinimumWidth(330)
        for domain in labels.LIFE_DOMAIN:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, domain)
            self.domain_list.addItem(item)
        self.domain_list.currentRowChanged.connect(self._domain_selected)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(12, 0, 0, 0)
        self.domain_title = QLabel(objectName="FileName")
        self.relevant_button = QPushButton("Relevant")
        self.not_relevant_button = QPushButton("Niet relevant")
        self.relevance = QButtonGroup(self)
        for button in (self.relevant_button, self.not_relevant_button):
            button.setCheckable(True)
            self.relevance.addButton(button)
        self.relevant_button.clicked.connect(lambda: self._set_relevance(True))
        self.not_relevant_button.clicked.connect(lambda: self._set_relevance(False))
        self.domain_hint = QLabel(objectName="Muted")
        self.domain_hint.setWordWrap(True)
        self.score = QComboBox()
        self.score.addItem("(nog geen score)", None)
        for value, label in labels.ZRM_SCORE.items():
            self.score.addItem(f"{value} – {label}", value)
        self.score.currentIndexChanged.connect(self._domain_edited)
        self.domain_fields: dict[str, QPlainTextEdit] = {}
        choice = QHBoxLayout()
        choice.addWidget(self.relevant_button)
        choice.addWidget(self.not_relevant_button)
        choice.addSpacing(16)
        choice.addWidget(QLabel("Score"))
        choice.addWidget(self.score)
        choice.addStretch(1)
        rl.addWidget(self.domain_title)
        rl.addLayout(choice)
        rl.addWidget(self.domain_hint)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in DOMAIN_FIELDS:
            edit = _text_edit(3)
            edit.textChanged.connect(self._domain_edited)
            self.domain_fields[name] = edit
            caption = QLabel(label)
            caption.setWordWrap(True)
            caption.setMinimumWidth(150)
            form.addRow(caption, edit)
            if name == "resources":  # who of the network, by name
                self.domain_people = PeoplePicker()
                self.domain_people.changed.connect(self._domain_edited)
                caption = QLabel("Wie uit het netwerk")
                caption.setWordWrap(True)
                form.addRow(caption, self.domain_people)
        rl.addLayout(form)
        rl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(right)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.domain_list)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 820])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def _build_goals_tab(self) -> QWidget:
        page = QWidget()
        self.goals_container = QWidget()
        self.goals_layout = QVBoxLayout(self.goals_container)
        self.goals_layout.setSpacing(12)
        self.goals_layout.addStretch(1)
        self.goals_scroll = QScrollArea()
        self.goals_scroll.setWidgetResizable(True)
        self.goals_scroll.setWidget(self.goals_container)
        self.add_goal_button = QPushButton("Doel toevoegen")
        self.add_goal_button.clicked.connect(lambda: self.add_goal(focus=True))
        self.goals_empty = QLabel("Nog geen doelen. Voeg een doel toe en schrijf eronder één of meer resultaten.",
                                  objectName="Muted")
        top = QHBoxLayout()
        top.addWidget(self.goals_empty)
        top.addStretch(1)
        top.addWidget(self.add_goal_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.goals_scroll, 1)
        return page

    # ------------------------------------------------------------ goals

    def add_goal(self, data: plans.GoalInput | None = None, *, focus: bool = False) -> GoalBox:
        box = GoalBox(self.remove_goal, self._people)
        if data is not None:
            box.load(data)
        elif not self._loading:
            box.add_result()
        self.goals.append(box)
        self.goals_layout.insertWidget(self.goals_layout.count() - 1, box)
        box.show()  # a child added to a shown window stays hidden until shown
        self._renumber_goals()
        if focus:
            box.description.setFocus()
            self.goals_scroll.ensureWidgetVisible(box)
        return box

    def remove_goal(self, box: GoalBox) -> None:
        self.goals.remove(box)
        box.setParent(None)
        box.deleteLater()
        self._renumber_goals()

    def _renumber_goals(self) -> None:
        for i, box in enumerate(self.goals, start=1):
            box.renumber(i)
        self.goals_empty.setVisible(not self.goals)

    # ------------------------------------------------------------ domains

    def _domain_label(self, domain: LifeDomain) -> str:
        d = self._domain_data[domain]
        if d is None:
            state = "niet bekeken"
        elif not d.relevant:
            state = "niet relevant"
        else:
            state = f"relevant, score {d.score}" if d.score else "relevant, nog geen score"
        return f"{labels.LIFE_DOMAIN[domain]}  —  {state}"

    def _refresh_domain_item(self, domain: LifeDomain) -> None:
        item = self.domain_list.item(list(labels.LIFE_DOMAIN).index(domain))
        item.setText(self._domain_label(domain))
        d = self._domain_data[domain]
        item.setForeground(Qt.GlobalColor.darkGray if d is not None and not d.relevant else Qt.GlobalColor.black)

    def _domain_selected(self, row: int) -> None:
        if row < 0:
            return
        self._current_domain = self.domain_list.item(row).data(Qt.ItemDataRole.UserRole)
        self._show_domain()

    def _show_domain(self) -> None:
        domain = self._current_domain
        d = self._domain_data[domain]
        self._loading = True
        self.domain_title.setText(labels.LIFE_DOMAIN[domain])
        self.relevance.setExclusive(False)
        self.relevant_button.setChecked(d is not None and d.relevant)
        self.not_relevant_button.setChecked(d is not None and not d.relevant)
        self.relevance.setExclusive(True)
        relevant = d is not None and d.relevant
        self.score.setCurrentIndex(max(0, self.score.findData(d.score)) if relevant else 0)
        for name, edit in self.domain_fields.items():
            edit.setPlainText(getattr(d, name) if relevant else "")
        self.domain_people.set_checked(d.people if relevant else [])
        self._loading = False
        self._apply_domain_enabled()
        if d is None:
            self.domain_hint.setText("Nog niet bekeken. Is dit leefgebied relevant voor de vraag van de inwoner?")
        elif not d.relevant:
            self.domain_hint.setText("Niet relevant: er wordt verder niets over dit leefgebied vastgelegd.")
        else:
            self.domain_hint.setText("Beschrijf alleen wat nodig is voor de vraag.")

    def _apply_domain_enabled(self) -> None:
        d = self._domain_data.get(self._current_domain) if self._current_domain else None
        relevant = d is not None and d.relevant
        editable = self._doc.editable and self._may_edit
        self.relevant_button.setEnabled(editable)
        self.not_relevant_button.setEnabled(editable)
        self.score.setEnabled(relevant and editable)
        for edit in self.domain_fields.values():
            edit.setEnabled(relevant)
            edit.setReadOnly(not editable)
        self.domain_people.set_editable(relevant and editable)

    def _set_relevance(self, relevant: bool) -> None:
        domain = self._current_domain
        if domain is None:
            return
        d = self._domain_data[domain]
        if d is None:
            d = self._domain_data[domain] = plans.DomainInput(domain, relevant)
        d.relevant = relevant  # texts stay in memory, so a misclick loses nothing; they are not sent
        self._show_domain()
        self._refresh_domain_item(domain)
        if relevant:
            self.score.setFocus()

    def _domain_edited(self, *_) -> None:
        if self._loading or self._current_domain is None:
            return
        d = self._domain_data[self._current_domain]
        if d is None or not d.relevant:
            return
        d.score = self.score.currentData()
        for name, edit in self.domain_fields.items():
            setattr(d, name, edit.toPlainText())
        d.people = self.domain_people.checked()
        self._refresh_domain_item(self._current_domain)

    # ------------------------------------------------------------ load and collect

    def _load(self, doc: plans.PlanDocument) -> None:
        """Shows one version; replaces every widget's content."""
        self._doc = doc
        self._version = doc.plan.version
        self._loading = True
        self._people = dict(doc.view.people)
        self.domain_people.set_people(self._people)
        self._fill(doc.to_input())
        self.client.setText(f"Cliëntnummer {doc.client_number} · {labels.LAW[doc.casus.law]}, melding "
                            f"{format_date_short(doc.casus.melding_date)}")
        self.version_combo.clear()
        for v in reversed(doc.versions):
            self.version_combo.addItem(v.label, v.version_no)
        self.version_combo.setCurrentIndex(self.version_combo.findData(doc.plan.version_no))
        self._apply_editable()
        self._clear_marks()
        self.warning_panel.hide()
        self._saved_snapshot = self._snapshot()

    def _fill(self, data: plans.PlanInput) -> None:
        """Puts a plan as typed into every widget (a stored version, or a draft brought back)."""
        self._loading = True
        self.question.setPlainText(data.question)
        self.what_matters.setPlainText(data.what_matters)
        self.circumstances.setPlainText(data.circumstances)
        self._domain_data = {d: None for d in labels.LIFE_DOMAIN}
        for d in data.domains:
            self._domain_data[d.domain] = d
        for box in list(self.goals):
            self.remove_goal(box)
        for g in data.goals:
            self.add_goal(g)
        self._loading = False
        for domain in labels.LIFE_DOMAIN:
            self._refresh_domain_item(domain)
        self.domain_list.setCurrentRow(max(0, self.domain_list.currentRow()))
        self._show_domain()

    def _apply_editable(self) -> None:
        editable = self._doc.editable and self._may_edit
        for edit in (self.question, self.what_matters, self.circumstances):
            edit.setReadOnly(not editable)
        for box in self.goals:
            box.description.setReadOnly(not editable)
            box.domain.setEnabled(editable)
            box.remove_button.setVisible(editable)
            box.add_result_button.setVisible(editable)
            for r in box.results:
                for edit in (r.description, r.indicator):
                    edit.setReadOnly(not editable)
                r.target_date.setReadOnly(not editable)
                for check in r.contributors.values():
                    check.setEnabled(editable)
                r.people.set_editable(editable)
                r.priority.setEnabled(editable)
                r.remove_button.setVisible(editable)
        self.add_goal_button.setVisible(editable)
        self._apply_domain_enabled()
        self.save_button.setVisible(editable)
        self.agree_button.setVisible(editable)
        latest = self._doc.versions[-1].version_no if self._doc.versions else self._doc.plan.version_no
        self.new_version_button.setVisible(self._may_edit and not self._doc.editable
                                           and self._doc.plan.version_no == latest)
        self.compare_button.setEnabled(len(self._doc.versions) > 1)
        p = self._doc.plan
        if self._doc.editable:
            self.status.setText("Concept: nog niet akkoord met de inwoner." if editable else
                                "Concept (alleen-lezen: u mag het plan niet bewerken).")
        else:
            self.status.setText(f"Akkoord met de inwoner op {format_date_short(p.agreed_date)}. Deze versie ligt "
                                "vast; kies ‘Nieuwe versie’ om iets te veranderen." if self._may_edit else
                                f"Akkoord met de inwoner op {format_date_short(p.agreed_date)}.")

    def collect(self, *, strict: bool = False) -> plans.PlanInput:
        """The plan as the widgets show it; strict marks bad dates and raises one ValidationError for them."""
        problems: list[str] = []
        domains = []
        for domain, d in self._domain_data.items():
            if d is None:
                continue  # 'niet bekeken' is not sent
            domains.append(plans.DomainInput(domain, True, d.score, *(getattr(d, t) for t in plans.DOMAIN_TEXTS),
                                             people=list(d.people))
                           if d.relevant else plans.DomainInput(domain, False))
        goals = [g.collect(strict, i, problems) for i, g in enumerate(self.goals, start=1)]
        data = plans.PlanInput(self.question.toPlainText(), self.what_matters.toPlainText(),
                               self.circumstances.toPlainText(), domains, goals)
        if problems:
            raise ValidationError("Het plan is niet opgeslagen. Herstel eerst:", problems=problems)
        return data

    def _snapshot(self) -> tuple:
        return (self.collect(), tuple(r.target_date.text().strip() for g in self.goals for r in g.results))

    def has_changes(self) -> bool:
        return self._doc.editable and self._snapshot() != self._saved_snapshot

    @property
    def document(self) -> plans.PlanDocument:
        return self._doc

    # ------------------------------------------------------------ actions

    def save(self) -> bool:
        """Stores the draft; on any refusal every typed word stays where it is."""
        if not (self._doc.editable and self._may_edit):
            return False
        self._clear_marks()
        try:
            data = self.collect(strict=True)
            doc, found = plans.save_draft(self._db, self._actor, self._doc.plan.id, data, self._version,
                                          reason=self._reason)
        except ConflictError:
            return self._resolve_conflict(data)
        except KoersError as exc:
            self._show_problems(exc)
            return False
        self._doc = doc
        self._version = doc.plan.version
        self._saved_snapshot = self._snapshot()
        self.drop_draft()
        self._show_warnings(found)
        self.status.setText("Concept opgeslagen: nog niet akkoord met de inwoner.")
        self.saved.emit(self._casus_id)
        return True

    def _resolve_conflict(self, mine: plans.PlanInput) -> bool:
        """Someone saved this plan after it was opened here: their version beside this one, and the choice."""
        try:
            theirs = plans.open_plan(self._db, self._actor, self._casus_id, reason=self._reason)
        except KoersError as exc:
            self._show_problems(exc)
            return False
        if theirs is None:
            self._show_problems(KoersError("Het plan is intussen verwijderd. Uw tekst staat nog in het scherm: "
                                           "kopieer wat u wilt bewaren."))
            return False
        same_draft = theirs.plan.id == self._doc.plan.id and theirs.editable
        dialog = ConflictDialog(
            self, what="dit plan", my_text=plans.as_text(theirs, mine), may_keep_mine=same_draft,
            rows=[(f"{r.section} – {r.label}", r.left, r.right) for r in plans.compare_with_input(theirs, mine)],
            why_not_mine="De ander heeft het plan intussen akkoord gegeven of een nieuwe versie gemaakt, dus uw "
                         "versie kan er niet overheen. Kopieer uw tekst en voeg hem toe in een nieuwe versie.")
        choice = conflict_dialog.choose(dialog)
        if choice == ConflictDialog.THEIRS:
            self._load(theirs)
            self.drop_draft()
            self.status.setText("De versie van de ander staat nu in het scherm.")
            self.saved.emit(self._casus_id)
            return False
        if choice == ConflictDialog.MINE and same_draft:
            self._version = theirs.plan.version  # knowingly on top of theirs: both saves are in the access log
            return self.save()
        return False  # back to the form: every typed word is still there

    def ask_agreed_date(self) -> date | None:
        dialog = AgreedDateDialog(self)
        return dialog.value if dialog.exec() else None

    def record_agreement(self) -> None:
        if self.has_changes() and not self.save():
            return
        agreed = self.ask_agreed_date()
        if agreed is None:
            return
        self._clear_marks()
        try:
            doc = plans.agree(self._db, self._actor, self._doc.plan.id, agreed, self._version, reason=self._reason)
        except ConflictError as exc:
            dialogs.show_error(self, "Akkoord niet vastgelegd", exc.message)
            return
        except KoersError as exc:
            self._show_problems(exc)
            return
        self.drop_draft()
        self._load(doc)
        self.saved.emit(self._casus_id)

    def new_version(self) -> None:
        try:
            doc = plans.start_draft(self._db, self._actor, self._casus_id, reason=self._reason)
        except KoersError as exc:
            dialogs.show_error(self, "Geen nieuwe versie", exc.message)
            return
        self._load(doc)
        self.saved.emit(self._casus_id)

    def show_version(self, version_no: int) -> bool:
        if version_no == self._doc.plan.version_no:
            return True
        if self.has_changes() and not dialogs.ask_discard(self):
            self.version_combo.setCurrentIndex(self.version_combo.findData(self._doc.plan.version_no))
            return False
        try:
            doc = plans.open_plan(self._db, self._actor, self._casus_id, version_no=version_no, reason=self._reason)
        except KoersError as exc:
            dialogs.show_error(self, "Versie niet geopend", exc.message)
            return False
        self._load(doc)
        return True

    def _version_chosen(self, index: int) -> None:
        self.show_version(self.version_combo.itemData(index))

    def save_pdf(self) -> None:
        """The printable summary of the version on screen (saved first if it has changes)."""
        from desktop.core.plans.summary import plan_summary_pdf

        if self.has_changes() and self._doc.editable and self._may_edit and not self.save():
            return
        name = f"ondersteuningsplan-{self._doc.client_number}-versie-{self._doc.plan.version_no}.pdf"
        path = dialogs.ask_save_path(self, "Plan als PDF bewaren", name, "PDF-bestand (*.pdf)")
        if not path:
            return
        try:
            data = plan_summary_pdf(self._db, self._actor, self._casus_id, version_no=self._doc.plan.version_no,
                                    reason=self._reason)
            target = Path(path)
            partial = target.with_name(target.name + ".deel")
            partial.write_bytes(data)
            partial.replace(target)  # never a half-written PDF under the real name
        except KoersError as exc:
            dialogs.show_error(self, "PDF niet gemaakt", exc.message)
            return
        except OSError as exc:
            dialogs.show_error(self, "PDF niet gemaakt", f"{path} kan niet worden geschreven: {exc.strerror or exc}.")
            return
        dialogs.show_info(self, "PDF bewaard", f"De samenvatting staat in {path}.")

    def open_compare(self) -> None:
        from desktop.ui.plan.compare_dialog import CompareDialog

        versions = [v.version_no for v in self._doc.versions]
        right = self._doc.plan.version_no
        left = max((v for v in versions if v < right), default=versions[0])
        dialog = CompareDialog(self._db, self._actor, self._casus_id, self._doc.versions, left, right,
                               reason=self._reason, parent=self)
        self.compare_dialog = dialog
        dialog.show()

    # ------------------------------------------------------------ feedback

    def _show_problems(self, exc: KoersError) -> None:
        self.error_panel.setText(error_text(exc))
        self.error_panel.show()

    def _show_warnings(self, found: list[str]) -> None:
        self.warning_panel.setText("Opgeslagen. Let op (dit houdt niets tegen):\n" + "\n".join(f"• {w}" for w in found)
                                   if found else "")
        self.warning_panel.setVisible(bool(found))

    def _clear_marks(self) -> None:
        self.error_panel.hide()
        for g in self.goals:
            for r in g.results:
                if r.target_date.property("invalid"):
                    r.show_date_error(None)

    def reject(self) -> None:
        if self.has_changes() and not dialogs.ask_discard(self):
            return
        self.drafts.stop()
        self.drop_draft()  # thrown away on purpose: not offered again
        super().reject()

    # ------------------------------------------------------------ drafts

    def keep_draft(self) -> None:
        """Every few seconds while there are unsaved changes: what is typed goes to the database as a draft,
        so a crash, a power cut or a session that ends while the screen is locked costs nothing."""
        self.drafts.keep()

    def drop_draft(self) -> None:
        self.drafts.drop()

    @property
    def _plan_id(self) -> int:
        plan_id = self._doc.plan.id
        assert plan_id is not None
        return plan_id

    def offer_draft(self) -> bool:
        """A draft left from before (Koers stopped or the screen was locked and the session ended) is offered back."""
        if not (self._doc.editable and self._may_edit):
            return False
        data = self.drafts.offer(draft_codec.from_content)
        if data is None:
            return False
        self._fill(data)
        self.status.setText("Niet-opgeslagen tekst teruggezet: controleer hem en sla op.")
        return True
