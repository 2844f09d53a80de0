"""Documenten: the files attached to a resident's cases, opened in the workstation's own viewer.

The rules (what may be added, who may see what, the SHA-256, the log line of every opening) live in
desktop/core/residents/documents.py; this panel shows the list and asks the questions. A file is read and
checked on the GUI thread under a wait cursor: 20 MB at most, which a local disk reads in well under a second,
and a worker thread would need its own database connection for no gain a user would notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.clock import AMSTERDAM
from db.engine import Database
from db.models.enums import DocumentKind
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.audit import ReasonRequired
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents import documents
from desktop.core.residents.documents import CheckedFile, DocumentRow
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view

FILE_FILTER = ("Documenten (" + " ".join(f"*{e}" for e in documents.ALLOWED_EXTENSIONS) + ")"
               ";;Alle bestanden (*)")
COLUMNS = ["Titel", "Soort", "Datum document", "Toegevoegd", "Door", "Grootte", "Type", "Casus"]
CASUS_COLUMN = COLUMNS.index("Casus")
TITLE_WIDTH = 280  # wider titles elide; the tooltip and the line under the list have them whole
CASUS_WIDTH = 170
Opener = Callable[[Path], bool]


def system_opener(path: Path) -> bool:
    """The workstation's own viewer for the file type; False when none is set up."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@contextmanager
def wait_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class _DocumentsModel(RowsTableModel):
    """Removed documents greyed out, so the tombstone reads as 'was here' rather than as a document."""

    def __init__(self) -> None:
        super().__init__(COLUMNS, right_aligned=(COLUMNS.index("Grootte"),))
        self._grey: set[int] = set()

    def set_grey(self, rows: set[int]) -> None:
        self._grey = rows

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() in self._grey:
            return QBrush(QColor("#8a8f98"))
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.row() in self._grey \
                and index.column() == 0:
            font = QGuiApplication.font()
            font.setItalic(True)
            return font
        return super().data(index, role)


class AddDocumentDialog(FormDialog):
    """Title, kind, the date on the document and the casus, for a file already read and checked."""

    def __init__(self, db: Database, actor: Actor, checked: CheckedFile, casus_choices: list[tuple[int, str]],
                 casus_id: int | None, *, reason: str | None, parent: QWidget | None = None):
        super().__init__("Document toevoegen", parent, ok_text="Toevoegen", min_width=520)
        self._db, self._actor, self._checked, self._reason = db, actor, checked, reason
        self.added: DocumentRow | None = None
        about = QLabel(f"{checked.filename}\n{checked.file_type.name[:1].upper()}{checked.file_type.name[1:]}, "
                       f"{documents.format_size(checked.size)}", objectName="Muted", wordWrap=True)
        self.title = QLineEdit(Path(checked.filename).stem[:200])
        self.title.setMaxLength(200)
        self.title.setPlaceholderText("Bijvoorbeeld: Medisch advies GGD")
        self.kind = QComboBox()
        for kind, label in documents.KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(self.kind.findData(DocumentKind.OVERIG))
        self.document_date = QLineEdit(placeholderText="dd-mm-jjjj")
        self.document_date.setMaximumWidth(130)
        self.casus = QComboBox()
        for cid, label in casus_choices:
            self.casus.addItem(label, cid)
        if casus_id is not None:
            self.casus.setCurrentIndex(max(0, self.casus.findData(casus_id)))
        self.form.addRow("Bestand", about)
        self.form.addRow("Titel *", self.title)
        self.form.addRow("Soort *", self.kind)
        self.form.addRow("Datum document", self.document_date)
        self.form.addRow("Casus *", self.casus)
        self.form.addRow("", QLabel("De titel staat in het dossier; kies een titel die zegt wat het is, zoals "
                                    "‘Medisch advies GGD’.", objectName="Muted", wordWrap=True))
        self.fields = {"title": self.title, "kind": self.kind, "document_date": self.document_date,
                       "casus": self.casus}
        self.title.selectAll()
        self.title.setFocus()

    def submit(self) -> None:
        values, early = self.dates(document_date=(self.document_date, "de datum van het document"))

        def add() -> None:
            if early:  # a typed date that is no date: nothing stored
                raise ValidationError.of_fields("Het document is niet toegevoegd. Herstel eerst:", early)
            self.added = documents.add_document(
                self._db, self._actor, int(self.casus.currentData()), self._checked, kind=self.kind.currentData(),
                title=self.title.text(), document_date=values["document_date"], reason=self._reason)

        self.attempt(add, early)


class DocumentsPanel(QWidget):
    """The list of a resident's documents with Toevoegen, Openen, Opslaan als and Verwijderen."""

    changed = Signal()  # a document was added or removed

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 opener: Opener | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._opener: Opener = opener or system_opener
        self._resident_id: int | None = None
        self._reason: str | None = None
        self._cases: list[tuple[int, str]] = []
        self._rows: list[DocumentRow] = []
        self._shown: list[DocumentRow] = []
        self._may_view = audit.allowed(actor, Action.DOCUMENT_VIEW)
        self._may_add = audit.allowed(actor, Action.DOCUMENT_ADD)
        self.setAcceptDrops(self._may_add)

        self.casus_filter = QComboBox()
        self.casus_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.casus_filter.setMinimumContentsLength(28)
        self.casus_filter.currentIndexChanged.connect(lambda _: self._fill())
        self.count_label = QLabel(objectName="Muted")
        top = QHBoxLayout()
        self.casus_label = QLabel("Casus:")
        top.addWidget(self.casus_label)
        top.addWidget(self.casus_filter)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.model = _DocumentsModel()
        self.table = make_table_view(self.model)
        header = self.table.horizontalHeader()
        # The title stays readable (up to TITLE_WIDTH, then it elides with a tooltip); a narrow file view
        # scrolls sideways rather than squeezing it, with title, kind and date on the left.
        for column in (0, CASUS_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.installEventFilter(self)  # Enter opens, as in the other lists
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.detail = QLabel(objectName="Muted", wordWrap=True)  # the selected document: file, or why removed
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label = QLabel(objectName="Muted", wordWrap=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.add_button = QPushButton("Toevoegen…")
        self.add_button.setToolTip("Een PDF, foto, scan of Office-document bij een casus; u kunt een bestand ook "
                                   "hierheen slepen")
        self.add_button.clicked.connect(lambda: self.add_file())
        self.open_button = QPushButton("Openen")
        self.open_button.setToolTip("Openen in het programma dat deze computer voor dit soort bestand gebruikt "
                                    "(Enter of dubbelklik). Elke keer openen wordt vastgelegd in het toegangslog.")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton("Opslaan als…")
        self.save_button.setToolTip("Een kopie opslaan op een plek die u kiest; dat wordt vastgelegd")
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton("Verwijderen…")
        self.remove_button.setToolTip("Voor een document dat per ongeluk is toegevoegd; met een reden")
        self.remove_button.clicked.connect(self.remove_selected)
        if not self._may_add:  # not setVisible(True): without a parent yet it opens as a window and takes the keyboard from Koers
            self.add_button.hide()
            self.remove_button.hide()
        self._hint = ("Enter of dubbelklik opent het document. U kunt een bestand ook hierheen slepen."
                      if self._may_add else "Enter of dubbelklik opent het document.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        for button in (self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)  # in the middle of the room the list would take
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        if not self._may_view:
            self.empty_label.setText("Uw rol ziet geen documenten uit het dossier.")
            for w in (self.table, self.add_button, self.open_button, self.save_button, self.remove_button,
                      self.casus_filter, self.casus_label, self.detail):
                w.setVisible(False)
        self.clear()

    # ------------------------------------------------------------ showing

    def show_resident(self, resident_id: int, casus_choices: list[tuple[int, str]], *,
                      reason: str | None = None) -> None:
        """The documents of this resident; `casus_choices` are (casus id, label), newest first. `reason`: the one
        given to open a file outside the own caseload (asked here when needed and not given)."""
        if resident_id != self._resident_id:
            self._reason = None
        self._resident_id, self._cases = resident_id, list(casus_choices)
        self._reason = reason or self._reason
        previous = self.casus_filter.currentData()
        self.casus_filter.blockSignals(True)
        self.casus_filter.clear()
        if len(self._cases) > 1:
            self.casus_filter.addItem("Alle casussen", None)
        for cid, label in self._cases:
            self.casus_filter.addItem(label, cid)
        self.casus_filter.setCurrentIndex(max(0, self.casus_filter.findData(previous)) if previous else 0)
        self.casus_filter.blockSignals(False)
        self.casus_filter.setEnabled(len(self._cases) > 1)
        self.add_button.setEnabled(bool(self._cases))
        self.reload()

    def clear(self) -> None:
        self._resident_id, self._cases, self._rows, self._reason = None, [], [], None
        self.casus_filter.clear()
        self._fill()

    def reload(self) -> None:
        if self._resident_id is None or not self._may_view:
            self._rows = []
        else:
            resident_id = self._resident_id
            rows = self._with_reason(lambda reason: documents.list_documents(
                self._db, self._actor, resident_id=resident_id, reason=reason), "Documenten niet getoond")
            self._rows = rows if rows is not None else []
        self._fill()

    def _fill(self) -> None:
        chosen = self.casus_filter.currentData()
        self._shown = [r for r in self._rows if chosen is None or r.casus_id == chosen]
        labels = dict(self._cases)
        self.model.set_grey({i for i, r in enumerate(self._shown) if r.removed})
        self.model.set_rows([self._cells(r, labels) for r in self._shown])
        self.table.setColumnHidden(CASUS_COLUMN, chosen is not None or len(self._cases) < 2)
        for column, widest in ((0, TITLE_WIDTH), (CASUS_COLUMN, CASUS_WIDTH)):
            self.table.setColumnWidth(column, min(widest, max(80, self.table.sizeHintForColumn(column))))
        removed = sum(1 for r in self._shown if r.removed)
        present = len(self._shown) - removed
        count = f"{present} document{'en' if present != 1 else ''}"
        self.count_label.setText(count + (f", {removed} verwijderd" if removed else "") if self._shown else "")
        if self._may_view:
            empty = not self._shown
            self.table.setVisible(not empty or self._resident_id is None)
            self.empty_label.setVisible(empty)
            if not self._cases and self._resident_id is not None:
                self.empty_label.setText("Deze inwoner heeft nog geen casus. Documenten horen bij een casus: "
                                         "registreer eerst een melding.")
            elif empty:
                self.empty_label.setText("Nog geen documenten" + (" bij deze casus" if chosen else "") + "."
                                         + (" Sleep een bestand hierheen of kies ‘Toevoegen…’."
                                            if self._may_add and self._resident_id is not None else ""))
        self._update_buttons()

    @staticmethod
    def _cells(r: DocumentRow, cases: dict[int, str]) -> tuple[str, ...]:
        title = f"{r.title} (verwijderd: {r.removal_reason})" if r.removed else r.title
        added = format_date(r.created_at.astimezone(AMSTERDAM).date())
        return (title, documents.KIND_LABELS.get(r.kind, str(r.kind)), format_date(r.document_date), added,
                r.added_by, "" if r.removed else documents.format_size(r.size), r.type_label,
                cases.get(r.casus_id, ""))

    def selected(self) -> DocumentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._shown[rows[0].row()] if rows and rows[0].row() < len(self._shown) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        usable = row is not None and not row.removed
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(usable)
        self.detail.setText(self.detail_text(row) if row else self._hint)
        self.detail.setVisible(self._may_view and (row is not None or bool(self._shown)))

    @staticmethod
    def detail_text(row: DocumentRow) -> str:
        """One line about the selected document: its file, or who removed it, when and why."""
        if row.removed and row.removed_at is not None:
            return (f"Verwijderd op {format_date(row.removed_at.astimezone(AMSTERDAM).date())} door {row.removed_by}. "
                    f"Reden: {row.removal_reason}")
        return (f"{row.title}: bestand {row.filename} ({row.type_label}, {documents.format_size(row.size)}). "
                "Enter of dubbelklik opent het.")

    # ------------------------------------------------------------ actions

    def _with_reason(self, call: Callable[[str | None], Any], title: str) -> Any:
        """Runs a core call; outside the own caseload asks once for the reason, which is logged."""
        while True:
            try:
                return call(self._reason)
            except ReasonRequired as exc:
                reason = dialogs.ask_text(self, "Reden nodig", exc.message + "\n\nReden:")
                if reason is None:
                    return None
                self._reason = reason
            except KoersError as exc:
                dialogs.show_error(self, title, error_text(exc))
                return None

    def add_file(self, path: Path | None = None) -> DocumentRow | None:
        """Asks for a file (or takes a dropped one), checks it at once, then asks for title, kind and date."""
        if not self._may_add or self._resident_id is None or not self._cases:
            return None
        if path is None:
            chosen = dialogs.ask_open_path(self, "Document toevoegen", FILE_FILTER)
            if chosen is None:
                return None
            path = Path(chosen)
        try:
            with wait_cursor():
                checked = documents.check_file(path)
        except KoersError as exc:
            dialogs.show_error(self, "Document niet toegevoegd", error_text(exc))
            return None
        casus_id = self.casus_filter.currentData() or self._cases[0][0]
        dialog = AddDocumentDialog(self._db, self._actor, checked, self._cases, casus_id, reason=self._reason,
                                   parent=self)
        if not dialog.exec() or dialog.added is None:
            return None
        self.reload()
        self._select(dialog.added.id)
        self.changed.emit()
        return dialog.added

    def _select(self, document_id: int) -> None:
        for i, r in enumerate(self._shown):
            if r.id == document_id:
                self.table.selectRow(i)
                return

    def open_selected(self) -> Path | None:
        row = self.selected()
        if row is None or row.removed:
            return None
        with wait_cursor():
            path = self._with_reason(lambda reason: documents.open_document(
                self._db, self._actor, row.id, reason=reason), "Document niet geopend")
        if path is None:
            return None
        if not self._opener(path):
            dialogs.show_error(self, "Document niet geopend",
                               f"Deze computer heeft geen programma om {row.type_label}-bestanden te openen. Kies "
                               "‘Opslaan als…’ en open de kopie, of vraag de beheerder om een programma.")
        return path

    def save_selected(self) -> Path | None:
        row = self.selected()
        if row is None or row.removed:
            return None
        suggested = documents.safe_name(row.title, row.media_type)
        extension = Path(suggested).suffix
        chosen = dialogs.ask_save_path(self, "Document opslaan als", suggested,
                                       f"{row.type_label} (*{extension});;Alle bestanden (*)")
        if chosen is None:
            return None
        with wait_cursor():
            path = self._with_reason(lambda reason: documents.save_document_as(
                self._db, self._actor, row.id, Path(chosen), reason=reason), "Document niet opgeslagen")
        if path is not None:
            self.count_label.setText(f"Opgeslagen als {Path(path).name}")
        return path

    def remove_selected(self) -> DocumentRow | None:
        row = self.selected()
        if row is None or row.removed or not self._may_add:
            return None
        while True:
            reason = dialogs.ask_text(
                self, "Document verwijderen",
                f"‘{row.title}’ verwijderen uit het dossier? Dit kan niet ongedaan worden gemaakt: de inhoud wordt "
                "gewist. In de lijst blijft staan dat er een document was, wie het verwijderde en waarom.\n\n"
                "Reden (bijvoorbeeld ‘bij de verkeerde inwoner toegevoegd’):")
            if reason is None:
                return None
            try:
                removed = documents.remove_document(self._db, self._actor, row.id, reason, reason=self._reason)
            except KoersError as exc:
                dialogs.show_error(self, "Document niet verwijderd", error_text(exc))
                if exc.field == "removal_reason":
                    continue  # ask again: the reason was too short
                return None
            self.reload()
            self._select(removed.id)
            self.changed.emit()
            return removed

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ drag and drop

    @staticmethod
    def _dropped_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile():
            return Path(urls[0].toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._may_add and self._cases and self._dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_path(event)
        if path is None or not self._may_add:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_file(path)
