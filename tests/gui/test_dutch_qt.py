"""Qt's own texts are Dutch, and every file dialog starts in the user's Documents (then the folder used last).

No real file dialog is opened: QFileDialog's static functions are replaced, so only what Koers asks of them is seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

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


def test_file_dialog_and_context_menu_texts_are_dutch():
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Zoeken in:"
    assert QCoreApplication.translate("QFileDialog", "Files of type:") != "Files of type:"
    assert QCoreApplication.translate("QWidgetTextControl", "&Copy").replace("&", "") == "Kopiëren"
    assert QCoreApplication.translate("QLineEdit", "&Paste").replace("&", "") == "Plakken"


def test_dutch_locale_and_one_translator_however_often_the_app_is_created(qapp):
    from desktop.app import create_application

    create_application()
    create_application()
    assert QLocale().language() == QLocale.Language.Dutch
    assert QLocale().territory() == QLocale.Country.Netherlands
    assert len([t for t in qapp.findChildren(QTranslator) if t.objectName() == "koers-qtbase"]) == 1


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
