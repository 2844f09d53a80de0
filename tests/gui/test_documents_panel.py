"""Documenten in the resident's file: add through the panel (file dialog or drop), see it listed, open it with the
viewer (injected here, so no viewer starts), save a copy, remove it with a reason; roles see what they may."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from db.models import Casus, Resident
from db.models.enums import DocumentKind, Law
from desktop.core.nl import format_date
from desktop.core.residents import documents
from desktop.ui import dialogs
from desktop.ui.residents.documents_panel import AddDocumentDialog, DocumentsPanel
from tests.gui.test_decision_actions import on_modal
from tests.unit.test_documents import pdf_bytes, png_bytes


@pytest.fixture
def cases(db, actors):
    """A resident of the consulent with two cases: (resident id, [(casus id, label)] newest first)."""
    with db.write() as s:
        r = Resident(client_number="K0000001", initials="M.", surname="Zwanenburg", search_name="zwanenburg",
                     date_of_birth=date(1950, 3, 4), consulent_id=actors.consulent.user_id)
        s.add(r)
        s.flush()
        made = []
        for law, melding in ((Law.WMO, date(2026, 3, 2)), (Law.WMO, date(2026, 10, 1))):
            c = Casus(resident_id=r.id, law=law, melding_date=melding, consulent_id=actors.consulent.user_id)
            s.add(c)
            s.flush()
            made.append((c.id, f"Wmo, melding {format_date(melding)}"))
        return r.id, made[::-1]


@pytest.fixture(autouse=True)
def clean_opened():
    yield
    documents.cleanup_opened()


def make_panel(qtbot, db, actor, opened=None, width=720):
    panel = DocumentsPanel(db, actor, opener=(lambda p: opened.append(p) or True) if opened is not None else None)
    qtbot.addWidget(panel)
    panel.resize(width, 380)  # the file view's width on a 1366×768 laptop
    panel.show()
    return panel


def fill(title: str, kind: DocumentKind, when: str, casus_index: int = 0):
    def action(dialog: AddDocumentDialog):
        assert isinstance(dialog, AddDocumentDialog)
        dialog.title.setText(title)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.document_date.setText(when)
        dialog.casus.setCurrentIndex(casus_index)
        dialog.submit()
    return action


def cell(panel, row, column):
    return panel.model.index(row, column).data()


def test_add_open_save_and_remove_a_document(qtbot, db, actors, cases, tmp_path, monkeypatch, screenshot,
                                             dialog_calls, today, qtmodeltester):
    resident_id, choices = cases
    opened: list[Path] = []
    panel = make_panel(qtbot, db, actors.consulent, opened)
    panel.show_resident(resident_id, choices)
    assert panel.add_button.isVisible() and panel.casus_filter.count() == 3, "Alle casussen and the two cases"
    assert "Nog geen documenten" in panel.empty_label.text()
    screenshot(panel, "documents-empty")

    source = tmp_path / "advies-ggd.pdf"
    source.write_bytes(pdf_bytes())
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, title, filter_text: (
        filter_text.startswith("Documenten (*.pdf *.png") or pytest.fail(filter_text)) and str(source))
    dialog_seen = on_modal(qtbot, fill("Medisch advies GGD", DocumentKind.MEDISCH_ADVIES, "3-11-2026"),
                           screenshot, "documents-add-dialog")
    added = panel.add_file()
    assert dialog_seen and added is not None and added.casus_id == choices[0][0]
    assert panel.model.rowCount() == 1
    assert [cell(panel, 0, c) for c in range(7)] == [
        "Medisch advies GGD", "Medisch advies", "3 november 2026", format_date(today), "Carla Consulent",
        documents.format_size(len(pdf_bytes())), "PDF"]
    assert panel.count_label.text() == "1 document"

    png = tmp_path / "foto.png"
    png.write_bytes(png_bytes())
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a: str(png))
    on_modal(qtbot, fill("Foto van de drempel bij de voordeur", DocumentKind.OVERIG, "", 1))
    assert panel.add_file() is not None
    assert panel.model.rowCount() == 2 and not panel.table.isColumnHidden(7), "all cases: the Casus column shows"
    qtbot.wait(20)  # the layout settles (the count line grew)
    screenshot(panel, "documents-list")

    panel.table.selectRow(1)  # the PDF (newest first)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0].read_bytes() == pdf_bytes() and opened[0].name.startswith("Medisch advies ")
    panel.table.doubleClicked.emit(panel.model.index(1, 0))
    assert len(opened) == 2, "every opening goes through the core (and its log line)"

    target = tmp_path / "kopie.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, suggested, filter_text: str(target))
    assert panel.save_selected() == target and target.read_bytes() == pdf_bytes()

    answers = iter(["oeps", "bij de verkeerde inwoner toegevoegd"])
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, **_: (
        "niet ongedaan" in label or pytest.fail(label)) and next(answers))
    removed = panel.remove_selected()
    assert removed is not None and removed.removed
    assert [kind for kind, *_ in dialog_calls] == ["error"], "the too short reason was named, then asked again"
    assert cell(panel, 1, 0) == "Medisch advies GGD (verwijderd: bij de verkeerde inwoner toegevoegd)"
    assert cell(panel, 1, 5) == ""
    assert panel.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None, "greyed"
    qtmodeltester.check(panel.model)  # with a live row and a removed (greyed) one
    assert not panel.open_button.isEnabled() and not panel.remove_button.isEnabled()
    assert panel.count_label.text() == "1 document, 1 verwijderd"
    assert panel.detail.text() == (f"Verwijderd op {format_date(today)} door Carla Consulent. Reden: bij de "
                                   "verkeerde inwoner toegevoegd")
    qtbot.wait(20)
    screenshot(panel, "documents-removed")

    panel.casus_filter.setCurrentIndex(panel.casus_filter.findData(choices[1][0]))
    assert panel.model.rowCount() == 1 and panel.table.isColumnHidden(7)


def test_a_refused_file_is_named_at_once_and_nothing_is_asked(qtbot, db, actors, cases, tmp_path, monkeypatch,
                                                               dialog_calls):
    resident_id, choices = cases
    panel = make_panel(qtbot, db, actors.consulent)
    panel.show_resident(resident_id, choices)
    fake = tmp_path / "advies.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a: str(fake))
    assert panel.add_file() is None
    assert dialog_calls == [("error", "Document niet toegevoegd", "Dit bestand is geen PDF maar een programma "
                             "(uitvoerbaar bestand). Programma's kunnen niet in het dossier.")]
    assert panel.model.rowCount() == 0


def test_a_typed_date_that_is_no_date_keeps_the_form_open(qtbot, db, actors, cases, tmp_path, monkeypatch,
                                                           screenshot):
    resident_id, choices = cases
    panel = make_panel(qtbot, db, actors.consulent)
    panel.show_resident(resident_id, choices)
    source = tmp_path / "plan.pdf"
    source.write_bytes(pdf_bytes())
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a: str(source))
    shown = []

    def wrong(dialog):
        fill("Eigen plan", DocumentKind.EIGEN_PLAN, "31-2-2026")(dialog)
        shown.append((dialog.isVisible(), dialog.error_panel.text()))

    on_modal(qtbot, wrong, screenshot, "documents-add-error")
    assert panel.add_file() is None
    assert shown[0][0] and "datum" in shown[0][1]
    assert panel.model.rowCount() == 0


def test_a_dropped_file_is_added_like_a_chosen_one(qtbot, db, actors, cases, tmp_path):
    resident_id, choices = cases
    panel = make_panel(qtbot, db, actors.consulent)
    panel.show_resident(resident_id, choices)
    source = tmp_path / "formulier.pdf"
    source.write_bytes(pdf_bytes("Ondertekend"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    on_modal(qtbot, fill("Ondertekend aanvraagformulier", DocumentKind.ONDERTEKEND_FORMULIER, ""))
    panel.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))
    assert panel.model.rowCount() == 1 and cell(panel, 0, 1) == "Ondertekend formulier"


def test_a_casusregisseur_opens_but_does_not_add_and_a_medewerker_sees_no_documents(qtbot, db, actors, cases,
                                                                                   tmp_path, screenshot):
    resident_id, choices = cases
    source = tmp_path / "a.pdf"
    source.write_bytes(pdf_bytes())
    documents.add_document(db, actors.consulent, choices[0][0], source, kind=DocumentKind.MEDISCH_ADVIES,
                           title="Medisch advies")
    opened: list[Path] = []
    regisseur = make_panel(qtbot, db, actors.casusregisseur, opened)
    regisseur.show_resident(resident_id, choices)
    assert not regisseur.add_button.isVisible() and not regisseur.remove_button.isVisible()
    assert regisseur.model.rowCount() == 1 and regisseur.open_button.isVisible()
    regisseur.table.selectRow(0)
    assert regisseur.open_selected() is not None and opened[0].read_bytes() == pdf_bytes()
    assert regisseur.add_file(source) is None

    for role in ("medewerker", "controller"):
        panel = make_panel(qtbot, db, getattr(actors, role))
        panel.show_resident(resident_id, choices)
        assert not panel.add_button.isVisible() and not panel.table.isVisible()
        assert panel.model.rowCount() == 0
        assert panel.empty_label.text() == "Uw rol ziet geen documenten uit het dossier."
    screenshot(panel, "documents-controller")
