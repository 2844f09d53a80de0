"""Beheer > Brieven > Teksten: the text blocks of each letter kind, with placeholders and a live preview.

While typing, a short debounce (400 ms) later the block is checked (validate_template); problems show in
the error panel and the preview keeps the last good letter; otherwise a sample letter is rendered in the
background with the unsaved text, so typing never waits for ReportLab.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import LetterKind
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.letters import pipeline, texts
from desktop.ui import dialogs
from desktop.ui.letters.pdf_view import PdfPreview
from desktop.ui.messages import error_text
from desktop.ui.worker import BackgroundTask

DEBOUNCE_MS = 400
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def _list_view(model: QStandardItemModel, accessible: str) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setUniformItemSizes(True)
    view.setAccessibleName(accessible)
    return view


class LetterTextEditor(QWidget):
    preview_shown = Signal()  # a fresh preview is on screen (tests wait for it)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.blocks: list[texts.TextBlock] = []
        self.current: texts.TextBlock | None = None
        self.preview_task: BackgroundTask | None = None
        self._wanted: dict[str, str] | None = None  # the override the preview should show next
        self._generation = 0
        self.previews = 0  # how many previews were shown

        self.kind_choice = QComboBox()
        for kind in LetterKind:
            self.kind_choice.addItem(texts.KIND_LABEL[kind], kind)
        self.kind_choice.setAccessibleName("Soort brief")
        self.kind_choice.currentIndexChanged.connect(self._kind_changed)
        self.block_model = QStandardItemModel(self)
        self.block_list = _list_view(self.block_model, "Tekstblokken")
        self.block_list.selectionModel().currentChanged.connect(self._block_changed)

        self.block_title = QLabel("", objectName="FileName")
        self.help_label = QLabel("", objectName="Muted")
        self.help_label.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName("Tekst van het blok")
        self.editor.textChanged.connect(self._text_changed)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.status = QLabel("", objectName="Muted")
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Opslaan", objectName="Primary")
        self.save_button.setToolTip("Opslaan (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("Standaardtekst terugzetten")
        self.reset_button.clicked.connect(self.reset)
        self.placeholder_model = QStandardItemModel(self)
        self.placeholder_list = _list_view(self.placeholder_model, "Plaatshouders")
        self.placeholder_list.setWordWrap(True)
        self.placeholder_list.setUniformItemSizes(False)
        self.placeholder_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.placeholder_list.setToolTip("Klik (of Enter) om de plaatshouder op de plek van de cursor in te voegen")
        self.placeholder_list.clicked.connect(self.insert_placeholder)
        self.placeholder_list.activated.connect(self.insert_placeholder)

        self.preview = PdfPreview(self)
        self.preview_note = QLabel("Voorbeeld met een verzonnen inwoner; zo ziet de brief eruit met de tekst hierlinks, "
                                   "ook voordat u opslaat.", objectName="Muted")
        self.preview_note.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_preview)

        # left: kind and blocks; middle: the text and its placeholders; right: the letter
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        kind_label = QLabel("&Soort brief")
        kind_label.setBuddy(self.kind_choice)
        lv.addWidget(kind_label)
        lv.addWidget(self.kind_choice)
        blocks_label = QLabel("&Tekstblokken")
        blocks_label.setBuddy(self.block_list)
        lv.addWidget(blocks_label)
        lv.addWidget(self.block_list, 1)
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(self.block_title)
        mv.addWidget(self.help_label)
        mv.addWidget(self.editor, 3)
        mv.addWidget(self.error_panel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        mv.addLayout(buttons)
        mv.addWidget(self.status)
        placeholders_label = QLabel("&Plaatshouders (klik om in te voegen)")
        placeholders_label.setBuddy(self.placeholder_list)
        mv.addWidget(placeholders_label)
        mv.addWidget(self.placeholder_list, 2)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.preview_note)
        rv.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for w in (left, middle, right):
            splitter.addWidget(w)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([210, 480, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.kind_choice, self.block_list)
        self.setTabOrder(self.block_list, self.editor)
        self.setTabOrder(self.editor, self.save_button)
        self.setTabOrder(self.save_button, self.reset_button)
        self.setTabOrder(self.reset_button, self.placeholder_list)
        self._kind_changed()

    # ---------------------------------------------------------------- choosing

    @property
    def kind(self) -> LetterKind:
        return self.kind_choice.currentData()

    def dirty(self) -> bool:
        return self.current is not None and self.editor.toPlainText() != self.current.text

    unsaved_label = "Beheer > Brieven > Teksten"

    def has_changes(self) -> bool:
        """Closing Koers with a changed block asks first (MainWindow.unsaved_windows)."""
        return self.dirty()

    def _kind_changed(self, *_) -> None:
        self.blocks = texts.list_blocks(self._db, self._actor, self.kind)
        self.placeholder_model.clear()
        for name, what in texts.placeholders_for(self.kind).items():
            item = QStandardItem(f"{{{{{name}}}}} — {what}")
            item.setData(name, NAME_ROLE)
            item.setToolTip(what)
            self.placeholder_model.appendRow(item)
        self._fill_blocks()
        self.current = None
        self.block_list.setCurrentIndex(self.block_model.index(0, 0))

    def _fill_blocks(self) -> None:
        self.block_model.blockSignals(True)
        self.block_model.clear()
        for b in self.blocks:
            item = QStandardItem(b.label + (" · aangepast" if b.customised else ""))
            item.setData(b.name, NAME_ROLE)
            item.setToolTip(b.help)
            self.block_model.appendRow(item)
        self.block_model.blockSignals(False)

    def select_block(self, name: str) -> None:
        for row, b in enumerate(self.blocks):
            if b.name == name:
                self.block_list.setCurrentIndex(self.block_model.index(row, 0))
                return

    def _block_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        block = self.blocks[current.row()]
        if self.current is not None and block.name != self.current.name and self.dirty():
            if not dialogs.ask_discard(self):
                self.block_list.selectionModel().blockSignals(True)
                self.block_list.setCurrentIndex(previous)
                self.block_list.selectionModel().blockSignals(False)
                return
        self._show_block(block)

    def _show_block(self, block: texts.TextBlock) -> None:
        self.current = block
        self.block_title.setText(block.label)
        self.help_label.setText(block.help + ("" if not block.customised else " Dit blok heeft een eigen tekst; "
                                              "'Standaardtekst terugzetten' zet de tekst van Koers terug."))
        self.editor.blockSignals(True)
        self.editor.setPlainText(block.text)
        self.editor.blockSignals(False)
        self.reset_button.setEnabled(block.customised)
        self.save_button.setEnabled(False)
        self.status.setText("")
        self._show_problems(list(block.problems))
        self._request_preview({})

    # ---------------------------------------------------------------- typing

    def _text_changed(self) -> None:
        self.save_button.setEnabled(self.dirty())
        self.status.setText("Niet opgeslagen." if self.dirty() else "")
        self.timer.start()

    def insert_placeholder(self, index: QModelIndex) -> None:
        name = index.data(NAME_ROLE)
        if not name or self.current is None:
            return
        self.editor.insertPlainText(f"{{{{{name}}}}}")
        self.editor.setFocus()

    def refresh_preview(self) -> None:
        if self.current is None:
            return
        text = self.editor.toPlainText()
        problems = texts.validate_template(self.kind, self.current.name, text)
        self._show_problems(problems)
        if not problems:
            self._request_preview({self.current.name: text})

    def _show_problems(self, problems: list[str]) -> None:
        self.error_panel.setText("Het voorbeeld is niet bijgewerkt en de tekst kan zo niet worden opgeslagen:\n"
                                 + "\n".join(f"• {p}" for p in problems))
        self.error_panel.setVisible(bool(problems))

    # ---------------------------------------------------------------- the preview, in the background

    def _request_preview(self, override: dict[str, str]) -> None:
        self._wanted = override
        if self.preview_task is None and self.isVisible():  # a hidden tab renders nothing until it is shown
            self._start_preview()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt
        super().showEvent(event)
        if self.preview_task is None and (self._wanted is not None or not self.previews):
            self.refresh_preview()

    def _start_preview(self) -> None:
        if self._wanted is None:
            return
        override, self._wanted = self._wanted, None
        db, actor, kind = self._db, self._actor, self.kind
        self._generation += 1
        generation = self._generation
        task = BackgroundTask(lambda progress: (generation, pipeline.preview(db, actor, kind, override)), self)
        self.preview_task = task
        task.finished.connect(self._preview_done)
        task.failed.connect(self._preview_failed)
        task.start()

    def _preview_done(self, result) -> None:
        self.preview_task = None
        generation, pdf = result
        if self._wanted is None and generation == self._generation:
            self.preview.set_pdf(pdf)
            self.previews += 1
            self.preview_shown.emit()
        self._start_preview()  # the text changed while this one was made: show the newest

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_task = None
        if isinstance(exc, KoersError):
            self.error_panel.setText(error_text(exc))
        else:
            self.error_panel.setText("Het voorbeeld kon niet worden gemaakt. De tekst kunt u wel opslaan.")
        self.error_panel.show()
        self._start_preview()

    def wait(self, ms: int = 30_000) -> None:
        if self.preview_task is not None:
            self.preview_task.wait(ms)

    # ---------------------------------------------------------------- saving

    def save(self) -> None:
        if self.current is None:
            return
        self.timer.stop()
        text = self.editor.toPlainText()
        problems = texts.validate_template(self.kind, self.current.name, text)
        if problems:
            self._show_problems(problems)
            self.status.setText("Niet opgeslagen.")
            return
        try:
            saved = texts.save_text(self._db, self._actor, self.kind, self.current.name, text)
        except KoersError as exc:
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            return
        self._replace_block(saved)
        self.status.setText("Opgeslagen. Nieuwe brieven krijgen deze tekst; brieven die al zijn gemaakt, blijven "
                            "zoals ze zijn.")

    def reset(self) -> None:
        if self.current is None:
            return
        if not dialogs.ask_confirm(self, "Standaardtekst terugzetten", f"De eigen tekst van '{self.current.label}' "
                                   "weggooien en de standaardtekst van Koers terugzetten?", yes="Terugzetten",
                                   no="Annuleren"):
            return
        try:
            restored = texts.reset_text(self._db, self._actor, self.kind, self.current.name)
        except KoersError as exc:
            self.error_panel.setText(exc.message)
            self.error_panel.show()
            return
        self._replace_block(restored)
        self.status.setText("De standaardtekst staat weer in de brief.")

    def _replace_block(self, block: texts.TextBlock) -> None:
        row = next(i for i, b in enumerate(self.blocks) if b.name == block.name)
        self.blocks[row] = block
        item = self.block_model.item(row)
        item.setText(block.label + (" · aangepast" if block.customised else ""))
        status = self.status.text()
        self._show_block(block)
        self.status.setText(status)

    def settings_changed(self) -> None:
        """The letterhead or logo changed: show them in the preview."""
        if self.current is not None:
            self.refresh_preview()
