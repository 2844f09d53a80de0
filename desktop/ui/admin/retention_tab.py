"""Beheer > Bewaartermijnen: the retention periods per law and outcome, the files that have passed them, and
destroying or anonymising the ones ticked, after a confirmation that names the count and must be typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.privacy import retention
from desktop.ui.messages import error_text
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask

Index = QModelIndex | QPersistentModelIndex


class ExpiredFilesModel(QAbstractTableModel):
    """The files past their period, each with a tick box in the first column."""

    HEADERS = ("", "Cliëntnummer", "Naam", "Wet", "Bewaren tot", "Waarom")
    checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._files: list[retention.ExpiredFile] = []
        self._checked: set[int] = set()

    def set_files(self, files: Sequence[retention.ExpiredFile]) -> None:
        self.beginResetModel()
        self._files = list(files)
        self._checked &= {f.resident_id for f in self._files}
        self.endResetModel()
        self.checked_changed.emit()

    def checked(self) -> list[retention.ExpiredFile]:
        return [f for f in self._files if f.resident_id in self._checked]

    def set_all(self, on: bool) -> None:
        self._checked = {f.resident_id for f in self._files} if on else set()
        if self._files:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._files) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._files[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if f.resident_id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return ("", f.client_number, f.name, f.laws, format_date(f.expires_on), f.reason)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return f.reason
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            return f"{f.client_number} kiezen"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        rid = self._files[index.row()].resident_id
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if on:
            self._checked.add(rid)
        else:
            self._checked.discard(rid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class ConfirmDialog(QDialog):
    """'U vernietigt 3 dossiers. Dit kan niet ongedaan worden gemaakt.' The OK button is enabled only once the
    count (or the word VERNIETIG / ANONIMISEER) is typed; Annuleren is the default, so Enter does nothing harm."""

    def __init__(self, count: int, *, anonymise: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.count = count
        noun = "dossier" if count == 1 else "dossiers"
        self.word = "ANONIMISEER" if anonymise else "VERNIETIG"
        self.setWindowTitle("Dossiers anonimiseren" if anonymise else "Dossiers vernietigen")
        detail = ("Naam, adres, BSN, plannen, evaluaties, brieven, journaal en documenten verdwijnen; de "
                  "beschikkingen en uren blijven zonder naam voor de rapportages." if anonymise else
                  "Alles van de inwoner verdwijnt, ook de brieven en de uren; het toegangslog houdt alleen het "
                  "cliëntnummer.")
        verb = "anonimiseert" if anonymise else "vernietigt"
        self.text = QLabel(f"U {verb} {count} {noun}. Dit kan niet ongedaan worden gemaakt.\n\n{detail}",
                           wordWrap=True)
        self.typed = QLineEdit(placeholderText=f"{count} of {self.word}")
        self.typed.setAccessibleName("Bevestiging")
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Anonimiseren" if anonymise else "Vernietigen",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("Danger")
        self.cancel_button = self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setEnabled(False)
        self.ok_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.typed.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(QLabel(f"Typ ter bevestiging het aantal ({count}) of het woord {self.word}:"))
        layout.addWidget(self.typed)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def confirmed(self) -> bool:
        typed = self.typed.text().strip()
        return typed == str(self.count) or typed.upper() == self.word

    def _typed(self, _text: str) -> None:
        self.ok_button.setEnabled(self.confirmed())

    def accept(self) -> None:
        if self.confirmed():
            super().accept()


class RetentionTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.task: BackgroundTask | None = None

        periods = QGroupBox("Bewaartermijnen")
        grid = QGridLayout(periods)
        self.spins: dict[str, QSpinBox] = {}
        for row, (name, label, note) in enumerate((
                ("wmo_granted", "Wmo, toegekend", "na het einde van de laatste beschikking"),
                ("wmo_not_granted", "Wmo, niets toegekend", "na het afsluiten van de casus (ook zonder casus: "
                                                            "na de inschrijving)"),
                ("jeugdwet", "Jeugdwet", "na het einde van de laatste beschikking of het afsluiten, wat later is"))):
            spin = QSpinBox(minimum=retention.MIN_YEARS, maximum=retention.MAX_YEARS, suffix=" jaar")
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setAccessibleName(label)
            self.spins[name] = spin
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(QLabel(note, objectName="Muted"), row, 2)
        grid.setColumnStretch(2, 1)
        self.save_button = QPushButton("Opslaan", objectName="Primary")
        self.save_button.clicked.connect(self.save)
        grid.addWidget(self.save_button, 3, 1)

        self.model = ExpiredFilesModel(self)
        self.model.checked_changed.connect(self._checked_changed)
        self.table = make_table_view(self.model, name="Dossiers met verstreken bewaartermijn")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(objectName="Muted")
        self.all_button = QPushButton("Alles kiezen")
        self.all_button.clicked.connect(self._toggle_all)
        self.anonymise_button = QPushButton("Anonimiseren…")
        self.anonymise_button.setToolTip("De cijfers blijven voor de rapportages; naam, adres, BSN en alle teksten "
                                         "verdwijnen")
        self.anonymise_button.clicked.connect(lambda: self.run(anonymise=True))
        self.destroy_button = QPushButton("Vernietigen…")
        self.destroy_button.setToolTip("Alles van de inwoner verdwijnt; het toegangslog houdt alleen het "
                                       "cliëntnummer")
        self.destroy_button.clicked.connect(lambda: self.run(anonymise=False))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.message = QLabel(wordWrap=True)
        self.message.hide()

        expired = QGroupBox("Dossiers waarvan de bewaartermijn verstreken is")
        elayout = QVBoxLayout(expired)
        elayout.addWidget(self.count_label)
        elayout.addWidget(self.table, 1)
        self.table.setMinimumHeight(120)  # fits a 1366x768 laptop at 125 % without scrolling the page
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.message, 1)
        buttons.addStretch(1)  # the buttons keep their own width while the message is hidden
        buttons.addWidget(self.anonymise_button)
        buttons.addWidget(self.destroy_button)
        elayout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Een dossier wordt bewaard zolang de wet en de selectielijst het vragen, en niet "
                                "langer (AVG). Is elke casus van een inwoner afgesloten en de termijn voorbij, dan "
                                "staat het dossier hieronder. Vernietigen haalt alles weg; anonimiseren houdt de "
                                "beschikkingen en uren zonder naam, voor de rapportages.", wordWrap=True,
                                objectName="Muted"))
        layout.addWidget(periods)
        layout.addWidget(expired, 1)
        self._loaded = False  # read when first shown: the list is a query over every file, and it is logged

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if not self._loaded:
            self._loaded = True
            self.load()
        super().showEvent(event)

    # --- the periods and the list

    def load(self) -> None:
        periods = retention.retention_periods(self._db)
        for name, spin in self.spins.items():
            spin.setValue(getattr(periods, name))
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.set_files(retention.expired_files(self._db, self._actor))
        except KoersError as exc:
            self._say(error_text(exc), error=True)

    def save(self) -> None:
        try:
            changed = retention.set_retention_periods(self._db, self._actor,
                                                      **{name: spin.value() for name, spin in self.spins.items()})
        except KoersError as exc:
            self._say(error_text(exc), error=True)
            return
        self.refresh()
        self._say("Bewaartermijnen opgeslagen; de lijst is bijgewerkt." if changed else "Er was niets gewijzigd.",
                  error=False)

    def _checked_changed(self) -> None:
        chosen, total = len(self.model.checked()), self.model.rowCount()
        busy = self.task is not None
        self.count_label.setText(f"{total} {'dossier' if total == 1 else 'dossiers'} over de termijn, "
                                 f"{chosen} gekozen." if total else "Geen dossiers over de bewaartermijn.")
        for b in (self.anonymise_button, self.destroy_button):
            b.setEnabled(bool(chosen) and not busy)
        self.all_button.setEnabled(bool(total) and not busy)
        self.all_button.setText("Niets kiezen" if total and chosen == total else "Alles kiezen")

    def _toggle_all(self) -> None:
        self.model.set_all(len(self.model.checked()) != self.model.rowCount())

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setObjectName("ErrorPanel" if error else "Muted")
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    # --- destroying and anonymising

    def confirm(self, count: int, *, anonymise: bool) -> bool:
        """The typed confirmation; a test answers it through ConfirmDialog."""
        return bool(ConfirmDialog(count, anonymise=anonymise, parent=self).exec())

    def run(self, *, anonymise: bool) -> None:
        chosen = self.model.checked()
        if not chosen or self.task is not None or not self.confirm(len(chosen), anonymise=anonymise):
            return
        ids = [f.resident_id for f in chosen]
        db, actor, count = self._db, self._actor, len(ids)
        work = retention.anonymise if anonymise else retention.destroy

        def job(_progress: Any) -> retention.RetentionResult:  # one transaction: nothing to report halfway
            return work(db, actor, ids, confirm_count=count)

        self.task = BackgroundTask(job, self)
        self.task.finished.connect(lambda result: self._done(result, anonymise=anonymise))
        self.task.failed.connect(self._failed)
        self.progress.show()
        self.message.hide()
        self._checked_changed()
        self.task.start()

    def _finish(self) -> None:
        self.task = None
        self.progress.hide()

    def _done(self, result: retention.RetentionResult, *, anonymise: bool) -> None:
        self._finish()
        self.refresh()
        noun = "dossier" if result.count == 1 else "dossiers"
        self._say(f"{result.count} {noun} {'geanonimiseerd' if anonymise else 'vernietigd'}; het toegangslog "
                  "noemt alleen de cliëntnummers.", error=False)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.refresh()
        self._say(error_text(exc), error=True)
