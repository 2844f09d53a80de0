"""Productenlijst inlezen: the regional product list from CSV or XLSX, checked whole in the background (with a
progress bar and Afbreken), shown line by line, and only then stored whole — or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Law
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.catalog import product_list
from desktop.core.errors import KoersError
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.screen_fit import fit_to_screen
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask


class ProductListDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.check: product_list.ProductListCheck | None = None
        self.stored: product_list.ProductListCheck | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle("Productenlijst inlezen")
        fit_to_screen(self, 900, 560)
        self.path = QLineEdit(placeholderText="Kies een CSV- of Excel-bestand (.xlsx)")
        choose = QPushButton("Bestand kiezen…")
        choose.clicked.connect(self.choose_file)
        self.law = QComboBox()
        self.law.addItem("Uit de kolom 'wet'", None)
        for law in Law:
            self.law.addItem(labels.LAW[law], law)
        self.check_button = QPushButton("Controleren")
        self.check_button.setDefault(True)  # Enter in the path field checks; it does not open the file chooser
        self.check_button.clicked.connect(self.run_check)
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(choose)
        top.addWidget(QLabel("Wet:"))
        top.addWidget(self.law)
        top.addWidget(self.check_button)
        note = QLabel("Eén regel per product: wet; productcategorie; productcode; omschrijving; eenheid; frequentie; en "
                      "eventueel financiering, geldig_vanaf, geldig_tot en de regionale tarieven tarief_l, tarief_m, "
                      "tarief_zw. Koers controleert het hele bestand eerst en slaat alles op, of niets.",
                      wordWrap=True, objectName="Muted")
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.model = RowsTableModel(["Regel", "Uitkomst", "Wet", "Code", "Omschrijving", "Toelichting"])
        self.table = make_table_view(self.model)
        self.summary = QLabel(wordWrap=True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.cancel_button = QPushButton("Afbreken")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.import_button = QPushButton("Inlezen", objectName="Primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton("Sluiten")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.path.textChanged.connect(self._forget)
        self.law.currentIndexChanged.connect(self._forget)

    def reject(self) -> None:
        """Escape or Sluiten while the work runs would leave it unseen: cancel it first and wait for it."""
        if self.task is not None and self.progress.isVisible():
            self.cancel()
            return
        super().reject()

    def choose_file(self) -> None:
        chosen = dialogs.ask_open_path(self, "Productenlijst kiezen", "Productenlijst (*.csv *.xlsx *.txt)")
        if chosen:
            self.path.setText(chosen)

    def _forget(self) -> None:
        """A changed file or law needs a new check before anything is stored."""
        self.check = None
        self.import_button.setEnabled(False)
        self.model.set_rows([])
        self.summary.setText("")
        self.error_panel.hide()

    def _busy(self, busy: bool) -> None:
        for w in (self.check_button, self.path, self.law, self.close_button):
            w.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.import_button.setEnabled(False)
            self.progress.setRange(0, 0)

    def _start(self, work: Callable[[Callable[[int, int], bool]], object], done: Callable[..., None]) -> None:
        self.error_panel.hide()
        self._busy(True)
        self.task = BackgroundTask(work, self)
        self.task.progressed.connect(self._progressed)
        self.task.finished.connect(done)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.error_panel.setText(error_text(exc))
        self.error_panel.show()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)

    def run_check(self) -> None:
        path, law = Path(self.path.text().strip()), self.law.currentData()
        if not self.path.text().strip():
            self._failed(KoersError("Kies eerst het bestand met de productenlijst."))
            return
        self._start(lambda progress: product_list.check_file(self._db, self._actor, path, law, progress=progress),
                    self._checked)

    def _checked(self, check: product_list.ProductListCheck) -> None:
        self._busy(False)
        self.check = check
        rows, warn = [], []
        by_line = {line.line: line for line in check.lines}
        reasons = dict(check.rejected)
        for number in sorted({*by_line, *reasons}):
            if number in reasons:
                warn.append(len(rows))
                rows.append((str(number), "fout", "", "", "", reasons[number]))
            else:
                v = by_line[number].values
                rows.append((str(number), "bijgewerkt" if by_line[number].existing_id else "nieuw",
                             labels.LAW[Law(str(v["law"]))], str(v["code"]), str(v["name"]), ""))
        self.model.set_rows(rows, warn_rows=warn)
        if check.ok:
            self.summary.setText(f"{len(check.lines)} producten in orde: {check.new} nieuw, {check.updated} "
                                 "bijgewerkt. Kies ‘Inlezen’ om ze op te slaan.")
        else:
            self.summary.setText(f"{len(check.rejected)} {'regel' if len(check.rejected) == 1 else 'regels'} met een "
                                 "fout. Herstel het bestand en controleer opnieuw; er is niets opgeslagen.")
        self.import_button.setEnabled(check.ok)

    def run_import(self) -> None:
        if self.check is None or not self.check.ok:
            return
        path, law = Path(self.path.text().strip()), self.law.currentData()
        self._start(lambda progress: product_list.import_file(self._db, self._actor, path, law, progress=progress),
                    self._imported)

    def _imported(self, result: product_list.ProductListCheck) -> None:
        self._busy(False)
        if not result.ok:  # the file changed between the check and now
            self._checked(result)
            return
        self.stored = result
        self.summary.setText(f"Ingelezen: {result.new} nieuw, {result.updated} bijgewerkt.")
        self.accept()
