"""Begroting: the yearly budget per law and product group, as a beheerder or controller keeps it.

One row per law and product group (every group the catalogue's products use, and any with a budget that year). The
amount is typed in the table itself (F2, Enter or simply typing a number starts editing); 'Opslaan' (Alt+O or
Ctrl+S) stores the selected row, 'Verwijderen' (Alt+V) removes its budget. A row that is typed but not yet stored
says so; changing the year asks first. The core checks and logs everything; the report 'Begroting en prognose'
shows in the Rapportages view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.clock import AMSTERDAM
from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError, ValidationError
from desktop.core.labels import LAW
from desktop.core.nl import format_date_short, format_money, format_number
from desktop.core.parse import parse_cents
from desktop.core.reports import budget
from desktop.core.reports.budget import BudgetLine
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.tables import make_table_view

Index = QModelIndex | QPersistentModelIndex
Key = tuple[str, str]  # (law, category code)
HEADERS = ("Wet", "Productgroep", "Begroting", "Vastgesteld door", "Vastgesteld op")
AMOUNT = 2
NOT_SAVED = "nog niet opgeslagen"


def key_of(line: BudgetLine) -> Key:
    return line.law.value, line.category_code


def what(line: BudgetLine) -> str:
    """'Wmo 2015, 02 Begeleiding' for messages."""
    return f"{LAW[line.law]}, {line.label}"


@dataclass
class _Row:
    line: BudgetLine
    typed: str | None = None  # what was typed and not yet stored


class BudgetTableModel(QAbstractTableModel):
    """The groups of one year; only the amount is editable, and what is typed stays as text until it is stored."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_lines(self, lines: list[BudgetLine], typed: dict[Key, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = [_Row(line, (typed or {}).get(key_of(line))) for line in lines]
        self.endResetModel()

    def line(self, row: int) -> BudgetLine:
        return self._rows[row].line

    def typed(self, row: int) -> str | None:
        return self._rows[row].typed

    def pending(self) -> dict[Key, str]:
        return {key_of(r.line): r.typed for r in self._rows if r.typed is not None}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == AMOUNT else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        line = row.line
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AMOUNT:
                if row.typed is not None:
                    return row.typed
                return format_money(line.amount) if line.amount is not None else "geen"
            if column == 3 and row.typed is not None:
                return NOT_SAVED
            return self._text(line, column)
        if role == Qt.ItemDataRole.EditRole and column == AMOUNT:
            if row.typed is not None:
                return row.typed
            return format_number(line.amount, 2) if line.amount is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.typed is not None and column in (AMOUNT, 3):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.typed is not None and column in (AMOUNT, 3):
                return QBrush(QColor("#9a3412"))
            if column == AMOUNT and line.amount is None:
                return QBrush(QColor("#6b7780"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == AMOUNT:
                return "Typ het bedrag (bijvoorbeeld 125.000 of 125.000,00) en kies Opslaan."
            if column == 1 and len(line.label) > 30:
                return line.label
        return None

    @staticmethod
    def _text(line: BudgetLine, column: int) -> str:
        if column == 0:
            return LAW[line.law]
        if column == 1:
            return line.label
        if column == 3:
            return line.set_by or ""
        if column == 4 and line.set_at is not None:
            return format_date_short(line.set_at.astimezone(AMSTERDAM).date())
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != AMOUNT or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        text = str(value or "").strip()
        stored = format_number(row.line.amount, 2) if row.line.amount is not None else ""
        row.typed = None if text == stored else text
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal \
                and section == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BudgetPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._shown_year: int | None = None
        title = QLabel("Begroting", objectName="PageTitle")
        intro = QLabel("Stel per wet en productgroep het budget voor een jaar vast. De rapportage 'Begroting en "
                       "prognose' zet het af tegen de verplichtingen, wat is gerealiseerd en de prognose voor het "
                       "jaareinde.", objectName="Muted", wordWrap=True)

        self.year = QSpinBox(minimum=budget.FIRST_YEAR, maximum=budget.LAST_YEAR, value=clock.today().year)
        self.year.setAccessibleName("Jaar")
        self.year.setKeyboardTracking(False)  # typing 2027 asks once, not for 2, 20 and 202
        self.year.valueChanged.connect(self._year_changed)
        year_label = QLabel("&Jaar")
        year_label.setBuddy(self.year)

        self.model = BudgetTableModel(self)
        self.table = make_table_view(self.model)
        self.table.setAccessibleName("Begroting per wet en productgroep")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.selectionModel().currentChanged.connect(self._to_amount)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.dataChanged.connect(self._row_chosen)
        self.model.modelReset.connect(self._row_chosen)
        hint = QLabel("Kies een regel en typ het bedrag (F2 of een cijfer begint, Enter sluit af); Opslaan legt de "
                      "gekozen regel vast.", objectName="Muted", wordWrap=True)
        table_label = QLabel("&Productgroepen")
        table_label.setBuddy(self.table)

        self.save_button = QPushButton("&Opslaan", objectName="Primary")
        self.save_button.setToolTip("Legt de begroting van de gekozen regel vast (Ctrl+S).")
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton("&Verwijderen")
        self.remove_button.setToolTip("Verwijdert de begroting van de gekozen regel; het toegangslog bewaart het "
                                      "bedrag, dus opnieuw opslaan zet haar terug.")
        self.remove_button.clicked.connect(self.remove)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()
        self.status = QLabel(objectName="Muted", wordWrap=True)
        self.status.setAccessibleName("Melding")
        self.fields: dict[str, QWidget] = {"year": self.year, "amount": self.table, "category_code": self.table,
                                           "law": self.table}

        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setTabOrder(self.year, self.table)
        self.setTabOrder(self.table, self.save_button)
        self.setTabOrder(self.save_button, self.remove_button)
        self._row_chosen()

    # ------------------------------------------------------------ loading

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each time the page is opened: the groups and budgets as they are now (typed amounts stay)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self, keep: dict[Key, str] | None = None) -> None:
        """Reads the year's groups again; `keep` (default: what is typed now) stays typed."""
        typed = self.model.pending() if keep is None else keep
        row = self._current_row()
        try:
            lines = budget.budget_groups(self._db, self._actor, self.year.value())
        except KoersError as exc:
            self.model.set_lines([])
            self._show_error(exc)
            return
        self._shown_year = self.year.value()
        self.model.set_lines(lines, typed)
        if lines:
            self.select(min(row if row is not None else 0, len(lines) - 1))

    def select(self, row: int) -> None:
        """Chooses a row with its amount as the current cell, so typing a number edits it."""
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, AMOUNT))

    def _to_amount(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Whatever cell of a row is chosen (by mouse or arrow keys), the amount is the one a key edits."""
        if current.isValid() and current.column() != AMOUNT:
            self.table.setCurrentIndex(self.model.index(current.row(), AMOUNT))

    def _year_changed(self, year: int) -> None:
        if year == self._shown_year:
            return
        if self.model.pending() and not dialogs.ask_discard(self):
            self.year.blockSignals(True)
            self.year.setValue(self._shown_year or year)
            self.year.blockSignals(False)
            return
        self._clear_messages()
        self.refresh(keep={})

    def _current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() and index.row() < self.model.rowCount() else None

    def _row_chosen(self, *_: object) -> None:
        row = self._current_row()
        line = self.model.line(row) if row is not None else None
        self.save_button.setEnabled(line is not None)
        self.remove_button.setEnabled(line is not None and line.amount_cents is not None)

    # ------------------------------------------------------------ actions

    def _clear_messages(self) -> None:
        clear_marks(set(self.fields.values()))
        self.error.hide()
        self.status.clear()

    def _show_error(self, exc: KoersError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
        mark_fields(self.fields, exc.field_errors)

    def save(self) -> None:
        """Stores the selected row's amount: parsed once, checked by the core, all or nothing."""
        self._commit_editor()
        row = self._current_row()
        if row is None:
            return
        line = self.model.line(row)
        text = self.model.typed(row)
        if text is None:
            text = format_number(line.amount, 2) if line.amount is not None else ""
        self._clear_messages()
        try:
            cents = parse_cents(text, "de begroting", field="amount", required=True)
            assert cents is not None  # required: an empty amount is raised above
            saved = budget.set_budget(self._db, self._actor, line.year, line.law, line.category_code, cents)
        except ValidationError as exc:
            self._show_error(exc)
            return
        except KoersError as exc:
            dialogs.show_error(self, "Begroting niet opgeslagen", error_text(exc))
            self.refresh()
            return
        keep = self.model.pending()
        keep.pop(key_of(line), None)
        self.refresh(keep=keep)
        self.status.setText(f"Begroting {saved.year} voor {what(saved)} vastgesteld op "
                            f"{format_money(saved.amount or 0)}.")
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self) -> None:
        self._commit_editor()
        row = self._current_row()
        if row is None or self.model.line(row).amount_cents is None:
            return
        line = self.model.line(row)
        self._clear_messages()
        try:
            was = budget.remove_budget(self._db, self._actor, line.year, line.law, line.category_code)
        except KoersError as exc:
            dialogs.show_error(self, "Begroting niet verwijderd", error_text(exc))
            self.refresh()
            return
        keep = self.model.pending()
        keep.pop(key_of(line), None)
        self.refresh(keep=keep)
        self.status.setText(f"Begroting {was.year} voor {what(was)} verwijderd (was {format_money(was.amount or 0)}). "
                            "Typ het bedrag opnieuw en kies Opslaan om haar terug te zetten.")
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _commit_editor(self) -> None:
        """An amount still in its editor counts as typed (Alt+O or Ctrl+S while typing)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.table.isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
