"""Every message box and file dialog goes through here, so tests can answer them with one monkeypatch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

_last_folder: str | None = None  # the folder of the last file chosen in this session; file dialogs start there


def confirm_box(parent: QWidget | None, title: str, text: str, *, yes: str, no: str,
                safe_default: bool = False) -> tuple[QMessageBox, QPushButton]:
    """The question box itself; with `safe_default` Enter (and Escape) choose `no`: nothing is lost by a reflex."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button if safe_default else yes_button)
    box.setEscapeButton(no_button)
    return box, yes_button


def ask_confirm(parent: QWidget | None, title: str, text: str, *, yes: str = "Ja", no: str = "Nee",
                safe_default: bool = False) -> bool:
    box, yes_button = confirm_box(parent, title, text, yes=yes, no=no, safe_default=safe_default)
    box.exec()
    return box.clickedButton() is yes_button


def discard_box(parent: QWidget | None) -> tuple[QMessageBox, QPushButton]:
    """Enter keeps the changes: throwing work away takes a deliberate click on 'Weggooien'."""
    return confirm_box(parent, "Wijzigingen niet opgeslagen",
                       "U heeft wijzigingen die nog niet zijn opgeslagen. Wilt u ze weggooien?",
                       yes="Weggooien", no="Terug naar het formulier", safe_default=True)


def ask_discard(parent: QWidget | None) -> bool:
    box, discard = discard_box(parent)
    box.exec()
    return box.clickedButton() is discard


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def documents_folder() -> str:
    """The user's Documents folder (XDG on Linux), or the home folder when there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def start_path(suggested: str = "") -> str:
    """Where a file dialog opens: the folder used last in this session, else Documents, never the program's
    folder; a suggested file name is put in that folder."""
    folder = _last_folder or documents_folder()
    return str(Path(folder) / Path(suggested).name) if suggested else folder


def remember_folder(path: str) -> None:
    """The next file dialog opens in the folder of the file just chosen."""
    global _last_folder
    if path:
        _last_folder = str(Path(path).parent)


def _chosen(path: str) -> str | None:
    remember_folder(path)
    return path or None


def ask_open_database(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Database kiezen", start_path(),
                                          "Koers-database (*.sqlite);;Alle bestanden (*)")
    return _chosen(path)


def ask_text(parent: QWidget | None, title: str, label: str, *, minimum: int = 5) -> str | None:
    """A short free text such as a reason; None when cancelled. The core decides what is valid."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getMultiLineText(parent, title, label)
    return text if ok else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filter_text: str) -> str | None:
    """A file to write; it starts in Documents (or the folder used last) with the suggested name filled in."""
    path, _ = QFileDialog.getSaveFileName(parent, title, start_path(suggested), filter_text)
    return _chosen(path)


def ask_folder(parent: QWidget | None, title: str) -> str | None:
    """A folder to write several files into (Documents or the folder used last); None when cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, title, start_path())
    if not folder:
        return None
    remember_folder(str(Path(folder) / "map"))  # the next dialog opens in this folder
    return folder


def ask_printer(parent: QWidget | None, title: str = "Afdrukken"):
    """The system print dialog; the chosen QPrinter, or None when cancelled (tests answer with a PDF printer)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def ask_open_path(parent: QWidget | None, title: str, filter_text: str) -> str | None:
    """A file to read, such as a logo or an hours file; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start_path(), filter_text)
    return _chosen(path)
