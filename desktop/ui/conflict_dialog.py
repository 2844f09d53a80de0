"""Someone else saved first: their version beside yours, and three ways on that lose nothing.

Take theirs (your typing is dropped, after you could copy it), keep yours on top of theirs (their change is
replaced, knowingly, and the access log shows both saves), or copy your text out and go back to the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.screen_fit import fit_to_screen
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view

MAX_CELL = 300


def _cell(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_CELL else flat[:MAX_CELL - 1] + "…"


class ConflictDialog(QDialog):
    """rows: (part, their value, your value); only parts that differ are shown. exec() returns THEIRS, MINE or
    0 (back to the form, nothing changed)."""

    THEIRS = 1
    MINE = 2

    def __init__(self, parent: QWidget | None, *, what: str, rows: list[tuple[str, str, str]], my_text: str,
                 may_keep_mine: bool = True, why_not_mine: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Iemand anders heeft eerder opgeslagen")
        self._my_text = my_text
        differing = [r for r in rows if r[1] != r[2]]
        fit_to_screen(self, 1100, min(640, 260 + 60 * len(differing)))  # a few differences: a small dialog
        intro = QLabel(f"Terwijl u {what} bewerkte, heeft iemand anders een nieuwere versie opgeslagen. Uw tekst is "
                       "nog niet opgeslagen en staat nog in het formulier. Hieronder ziet u wat verschilt.")
        intro.setWordWrap(True)
        self.model = RowsTableModel(["Onderdeel", "Hun versie (opgeslagen)", "Uw versie (niet opgeslagen)"],
                                    [(part, _cell(theirs), _cell(mine)) for part, theirs, mine in differing],
                                    warn_rows=range(len(differing)))
        self.table = make_table_view(self.model)
        header = self.table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Both texts whole, wrapped: choosing between two versions means reading them (a few rows, so this is cheap).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(objectName="Muted")
        self.status.setWordWrap(True)
        if not may_keep_mine and why_not_mine:
            self.status.setText(why_not_mine)
        self.theirs_button = QPushButton("&Hun versie overnemen")
        self.theirs_button.setToolTip("Uw wijzigingen vervallen; kopieer ze eerst als u ze wilt bewaren.")
        self.mine_button = QPushButton("&Mijn versie eroverheen opslaan")
        self.mine_button.setToolTip("Uw versie wordt opgeslagen over die van de ander heen.")
        self.mine_button.setEnabled(may_keep_mine)
        self.copy_button = QPushButton("Mijn tekst &kopiëren")
        self.copy_button.setToolTip("Zet uw hele tekst op het klembord, om ergens anders te plakken.")
        self.back_button = QPushButton("&Terug naar het formulier")
        self.back_button.setDefault(True)  # the safe choice: nothing happens
        self.theirs_button.clicked.connect(lambda: self.done(self.THEIRS))
        self.mine_button.clicked.connect(lambda: self.done(self.MINE))
        self.copy_button.clicked.connect(self.copy_mine)
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.theirs_button, self.mine_button, self.copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def copy_mine(self) -> None:
        QApplication.clipboard().setText(self._my_text)
        self.status.setText("Uw tekst staat op het klembord. Plak hem waar u wilt (Ctrl+V) en kies daarna hoe "
                            "u verder gaat.")


def shown_values(fields: dict[str, QWidget]) -> dict[str, str]:
    """What a form's fields show, as text: the two sides of a conflict as the user sees them."""
    return {name: w.currentText() if isinstance(w, QComboBox) else w.text()  # type: ignore[attr-defined]
            for name, w in fields.items()}


def choose(dialog: ConflictDialog) -> int:
    """Shows the dialog and returns the choice (tests answer here instead of clicking)."""
    return dialog.exec()
