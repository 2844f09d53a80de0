"""Two plan versions side by side, what changed marked: so a consulent sees what the resident agreed to
before and what is different now."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.plans import versions as plans
from desktop.ui import dialogs
from desktop.ui.widgets.screen_fit import fit_to_screen
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view

MAX_CELL = 160  # a long answer is cut here; the editor shows the whole text


def _cell(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_CELL else flat[:MAX_CELL - 1] + "…"


class CompareDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, casus_id: int, versions: list[plans.VersionInfo],
                 left: int, right: int, *, reason: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._casus_id = casus_id
        self._reason = reason
        self.rows: list[plans.CompareRow] = []
        self.setWindowTitle("Versies vergelijken")
        fit_to_screen(self, 1100, 680)
        self.left = QComboBox()
        self.right = QComboBox()
        for combo, chosen in ((self.left, left), (self.right, right)):
            for v in versions:
                combo.addItem(v.label, v.version_no)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel(objectName="Muted")
        self.only_changes = QCheckBox("Alleen wat veranderd is")
        self.only_changes.setChecked(True)  # the changes are what a comparison is for
        self.only_changes.toggled.connect(self._show)
        self.model = RowsTableModel(["Onderdeel", "Veld", "Versie A", "Versie B"])
        self.table = make_table_view(self.model)
        header = self.table.horizontalHeader()
        for column in (2, 3):  # the two versions share what is left, side by side
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel("Versie A:"))
        top.addWidget(self.left, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Versie B:"))
        top.addWidget(self.right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.only_changes)
        layout.addLayout(summary_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        a, b = self.left.currentData(), self.right.currentData()
        try:
            left = plans.open_plan(self._db, self._actor, self._casus_id, version_no=a, reason=self._reason)
            right = plans.open_plan(self._db, self._actor, self._casus_id, version_no=b, reason=self._reason)
        except KoersError as exc:
            dialogs.show_error(self, "Vergelijken niet gelukt", exc.message)
            return
        self.rows = plans.compare(left, right)
        self._show()

    def _show(self, *_) -> None:
        shown = [r for r in self.rows if r.changed or not self.only_changes.isChecked()]
        changed = [i for i, r in enumerate(shown) if r.changed]
        self.model.set_rows([(r.section, r.label, _cell(r.left), _cell(r.right)) for r in shown],
                            warn_rows=changed)
        changed = self.changed_rows()
        self.summary.setText("Geen verschillen." if not changed else
                             f"{len(changed)} {'onderdeel' if len(changed) == 1 else 'onderdelen'} veranderd "
                             "(in rood).")

    def changed_rows(self) -> list[plans.CompareRow]:
        return [r for r in self.rows if r.changed]
