"""Qt's own texts are Dutch, and every file dialog starts in the user's Documents (then the folder used last).

No real file dialog is opened: QFileDialog's static functions are replaced, so only what Koers asks of them is seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog, QLabel, QLineEdit, QPushButton

from desktop.ui import dialogs

# The real functions, taken before the autouse fixture replaces them with ones that fail the test.
REAL_ASK_SAVE_PATH = dialogs.ask_save_path
REAL_ASK_OPEN_PATH = dialogs.ask_open_path
REAL_ASK_OPEN_DATABASE = dialogs.ask_open_database


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh home with a Documents folder, and no folder remembered yet."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    monkeypatch.setattr(dialogs, "_last_folder", None)
    return tmp_path


@pytest.fixture
def file_dialog(monkeypatch):
    """Replaces QFileDialog's static functions: records the start path asked for and answers with `answer`."""
    class Fake:
        answer = ""
        asked: list[tuple[str, str]] = []

        @classmethod
        def save(cls, parent, title, start, filter_text):
            cls.asked.append((title, start))
            return cls.answer, filter_text

        @classmethod
        def open(cls, parent, title, start, filter_text):
            cls.asked.append((title, start))
            return cls.answer, filter_text

    Fake.asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", Fake.save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", Fake.open)
    return Fake


def test_standard_buttons_are_dutch_from_qts_own_translation(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Ok,
                                                              QDialogButtonBox.StandardButton.Cancel,
                                                              QDialogButtonBox.StandardButton.Save)}
    assert texts == {"OK", "Annuleren", "Opslaan"}


def test_qts_own_file_dialog_says_zoeken_in_and_bestandstypen(qtbot, tmp_path):
    """Qt's widget file dialog (the one Linux shows without a desktop theme), shown but never run: its labels
    '&Look in:' and 'Files of &type:' are missing from qtbase_nl.qm, Koers fills them in."""
    dialog = QFileDialog(None, "Plan als PDF bewaren", str(tmp_path), "PDF-bestand (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()]
    buttons = {button.text().replace("&", "") for button in dialog.findChildren(QPushButton)}
    dialog.hide()
    assert labels == ["Zoeken in:", "Bestandsnaam:", "Bestandstypen:"]
    assert {"Opslaan", "Annuleren"} <= buttons
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "Detailweergave"
    # a text Koers does not fill in still comes from qtbase_nl, and an unknown one stays as it is
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Zoeken in:"
    assert QCoreApplication.translate("Koers", "Hello") == "Hello"


def test_input_dialog_and_text_field_context_menu_are_dutch(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    actions = [action.text().split("\t")[0].replace("&", "") for action in menu.actions() if action.text()]
    assert actions[:5] == ["Ongedaan maken", "Opnieuw", "Knippen", "Kopiëren", "Plakken"]
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert sorted(b.text() for b in dialog.findChildren(QPushButton)) == ["Annuleren", "OK"]
    dialog.hide()


def test_dutch_locale_and_one_translator_however_often_the_app_is_created(qapp):
    from desktop.app import create_application

    create_application()
    create_application()
    assert QLocale().language() == QLocale.Language.Dutch
    assert QLocale().territory() == QLocale.Country.Netherlands
    names = [t.objectName() for t in qapp.findChildren(QTranslator)]
    assert names.count("koers-qtbase") == 1 and names.count("koers-qtbase-gaps") == 1


def test_start_path_is_documents_with_the_suggested_name(home):
    documents = home / "Documents"
    assert dialogs.start_path() == str(documents)
    assert dialogs.start_path("plan-k17.pdf") == str(documents / "plan-k17.pdf")
    # a suggested name is only a name: it never points the dialog at another folder
    assert dialogs.start_path("/opt/koers/toegangslog.csv") == str(documents / "toegangslog.csv")


def test_without_a_documents_folder_the_dialog_starts_at_home(home):
    (home / "Documents").rmdir()
    assert dialogs.start_path("a.pdf") == str(home / "a.pdf")


def test_every_file_dialog_starts_in_documents_then_in_the_folder_used_last(home, file_dialog):
    documents, elsewhere = home / "Documents", home / "Cliënten"
    elsewhere.mkdir()

    file_dialog.answer = str(elsewhere / "toegangslog.csv")
    assert REAL_ASK_SAVE_PATH(None, "Toegangslog exporteren", "toegangslog.csv", "CSV-bestand (*.csv)") \
        == str(elsewhere / "toegangslog.csv")
    assert file_dialog.asked[-1] == ("Toegangslog exporteren", str(documents / "toegangslog.csv"))

    file_dialog.answer = ""  # cancelled: nothing chosen, the folder stays remembered
    assert REAL_ASK_SAVE_PATH(None, "Plan als PDF bewaren", "plan.pdf", "PDF-bestand (*.pdf)") is None
    assert file_dialog.asked[-1] == ("Plan als PDF bewaren", str(elsewhere / "plan.pdf"))

    assert REAL_ASK_OPEN_PATH(None, "Logo kiezen", "Afbeeldingen (*.png)") is None
    assert file_dialog.asked[-1] == ("Logo kiezen", str(elsewhere))

    file_dialog.answer = str(documents / "koers.sqlite")
    assert REAL_ASK_OPEN_DATABASE(None) == str(documents / "koers.sqlite")
    assert file_dialog.asked[-1] == ("Database kiezen", str(elsewhere))
    assert dialogs.start_path("brief.pdf") == str(documents / "brief.pdf")


def test_the_hours_import_asks_its_file_through_the_dialogs_module(monkeypatch):
    from desktop.ui.hours.import_wizard import HoursImportPage

    asked = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, title, filter_text: asked.append(title) or None)
    assert HoursImportPage.ask_file(object()) == ""  # type: ignore[arg-type]
    assert asked == ["Urenbestand kiezen"]


def test_no_file_dialog_outside_the_dialogs_module():
    root = Path(__file__).resolve().parents[2] / "desktop" / "ui"
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "QFileDialog" in p.read_text(encoding="utf-8") and p.name != "dialogs.py")
    assert users == []
