"""The resident's rights on screen (issue 18): an access request exported from the file (casusregisseur) and from
Beheer (beheerder, who opens no files), and a correction of personal data with its reason, shown in the file."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QFileDialog
from sqlmodel import select

from db.models import AuditEntry
from desktop.core.nl import format_date
from desktop.ui.admin.page import AdminPage
from desktop.ui.residents.page import ResidentsPage
from tests.conftest import FIXED_TODAY
from tests.gui.test_decision_actions import on_modal
from tests.gui.test_intake_gui import a_resident


def _choose_folder(monkeypatch, folder) -> list:
    asked = []

    def choose(parent, title, start=""):
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    return asked


def test_a_casusregisseur_exports_an_access_request_from_the_file(qtbot, db, make_actor, monkeypatch, tmp_path,
                                                                  screenshot):
    consulent = make_actor("consulent")
    regisseur = make_actor("casusregisseur")
    resident_id = a_resident(db, consulent)
    own = ResidentsPage(db, consulent)
    qtbot.addWidget(own)
    own.open_resident(resident_id)
    assert own.file_view.access_button.isHidden()  # a consulent may not: PRIVACY_EXPORT
    page = ResidentsPage(db, regisseur)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.open_resident(resident_id)
    assert page.file_view.access_button.isVisible()
    screenshot(page, "inzage-knop-in-dossier")
    asked = _choose_folder(monkeypatch, tmp_path)
    page.file_view.access_button.click()
    dialog = page.access_dialog
    assert dialog is not None and dialog.isVisible() and "A. de Wit" in dialog.windowTitle()
    panel = dialog.panel
    assert panel.client_number.text() == "K0000001" and panel.client_number.isReadOnly()
    panel.export_button.click()  # no reason yet: said at the field, no folder asked, nothing logged
    assert asked == [] and panel.reason.property("invalid") is True
    assert "reden of het kenmerk van het verzoek" in panel.error.text() and panel.error.isVisible()
    assert "kenmerk" in panel.reason.toolTip()
    screenshot(dialog, "inzage-zonder-reden")
    panel.reason.setText("Brief van de inwoner, 12 november 2026")
    panel.export_button.click()
    qtbot.waitUntil(lambda: not panel.busy and panel.result.isVisible(), timeout=20_000)
    assert asked == ["Map voor het inzageverzoek kiezen"] and panel.error.isHidden()
    assert not panel.reason.property("invalid") and panel.reason.text() == ""  # the next export is another request
    text = panel.result.text()
    assert str(tmp_path) in text and f"inzage-K0000001-{FIXED_TODAY}.pdf" in text and "toegangslog" in text
    assert (tmp_path / f"inzage-K0000001-{FIXED_TODAY}.pdf").read_bytes().startswith(b"%PDF")
    doc = json.loads((tmp_path / f"inzage-K0000001-{FIXED_TODAY}.json").read_text(encoding="utf-8"))
    assert doc["inwoners"][0]["achternaam"] == "Wit" and doc["toegangslog"][-1]["gebruiker"] == regisseur.username
    with db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "inwoner.inzage_exporteren")).one()
    assert line.reason == "Brief van de inwoner, 12 november 2026"
    screenshot(dialog, "inzage-klaar")
    dialog.reject()
    assert not dialog.isVisible()


def test_a_beheerder_exports_an_access_request_from_beheer_by_client_number(qtbot, db, make_actor, monkeypatch,
                                                                            tmp_path, screenshot):
    consulent = make_actor("consulent")
    beheerder = make_actor("beheerder")
    a_resident(db, consulent)
    page = AdminPage(db, beheerder)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    panel = page.access_tab
    assert panel is not None and page.tabs.tabText(page.tabs.indexOf(panel)) == "Inzageverzoek"
    page.tabs.setCurrentWidget(panel)
    _choose_folder(monkeypatch, tmp_path)
    panel.export_button.click()  # no number and no reason typed: both said and marked, and nothing asked
    assert panel.error.isVisible() and "Vul het cliëntnummer" in panel.error.text()
    assert "reden of het kenmerk" in panel.error.text()
    assert panel.client_number.property("invalid") is True and panel.reason.property("invalid") is True
    panel.reason.setText("Kenmerk INZ/88")
    panel.client_number.setText("K0000099")
    panel.export_button.click()
    qtbot.waitUntil(lambda: not panel.busy and panel.error.isVisible() and "K0000099" in panel.error.text(),
                    timeout=20_000)
    screenshot(page, "inzage-beheer-fout")
    panel.client_number.setText("k0000001")
    panel.reason.setText("Kenmerk INZ/88")
    panel.export_button.click()
    qtbot.waitUntil(lambda: not panel.busy and panel.result.isVisible(), timeout=20_000)
    assert panel.error.isHidden() and (tmp_path / f"inzage-K0000001-{FIXED_TODAY}.pdf").exists()
    screenshot(page, "inzage-beheer-klaar")


def test_a_correction_needs_a_reason_and_shows_in_the_file(qtbot, db, make_actor, screenshot):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.open_resident(resident_id)
    view = page.file_view
    assert view.corrections_model.rowCount() == 0
    seen = {}

    def correct(dialog):
        assert dialog.correction.isVisible() and not dialog.correction_reason.isEnabled()
        dialog.date_of_birth.setText("02-05-1960")
        dialog.correction.setChecked(True)
        assert dialog.correction_reason.isEnabled()
        dialog.save()  # no reason yet
        seen["errors"] = dialog.error_panel.text()
        seen["marked"] = dialog.correction_reason.property("invalid")
        screenshot(dialog, "correctie-zonder-reden")
        dialog.correction_reason.setText("Geboortedatum volgens de BRP")
        dialog.save()
        seen["saved"] = dialog.saved

    on_modal(qtbot, correct)
    view.edit_button.click()
    assert "minstens 5 tekens" in seen["errors"] and seen["saved"] is not None
    assert seen["marked"] is True
    assert view.corrections_model.rowCount() == 1
    row = [view.corrections_model.index(0, c).data() for c in range(4)]
    assert row[0].startswith(format_date(FIXED_TODAY)) and row[1] == consulent.display_name
    assert row[2] == "geboortedatum: 1 mei 1960 → 2 mei 1960" and row[3] == "Geboortedatum volgens de BRP"
    view.tabs.setCurrentIndex(view.corrections_tab)
    screenshot(page, "correcties-in-dossier")


def test_a_plain_change_is_not_a_correction(qtbot, db, make_actor):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.open_resident(resident_id)

    def move(dialog):
        dialog.street.setText("Kerkstraat")
        dialog.save()

    on_modal(qtbot, move)
    page.file_view.edit_button.click()
    assert "Kerkstraat" in page.file_view.address.text()
    assert page.file_view.corrections_model.rowCount() == 0
