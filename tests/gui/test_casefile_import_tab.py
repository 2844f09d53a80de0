"""Beheer > Dossiers inlezen, driven offscreen: a bad file shows every problem and stores nothing; the good file
is checked, then read in with its progress shown; a cancelled import stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.ui.admin.casefile_import_tab import CaseFileImportTab
from tests.unit.test_case_files import FIXED, add_catalogue


def _residents(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM resident")).scalar()


def _wait(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: tab.task is None, timeout=30_000)


def test_check_then_import_a_good_file(qtbot, db, make_actor, screenshot, monkeypatch):
    add_catalogue(db)
    tab = CaseFileImportTab(db, make_actor("beheerder"))
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    tab.show()
    assert not tab.check_button.isEnabled() and not tab.import_button.isEnabled()
    monkeypatch.setattr("desktop.ui.dialogs.ask_open_path", lambda *a, **k: str(FIXED))
    qtbot.mouseClick(tab.choose_button, Qt.MouseButton.LeftButton)
    assert tab.path == FIXED and tab.check_button.isEnabled() and not tab.import_button.isEnabled()
    tab.check_button.click()
    _wait(qtbot, tab)
    assert tab.status.text() == "Het bestand is in orde: 2 inwoners. Klik op Inlezen om alles op te slaan."
    assert tab.import_button.isEnabled() and _residents(db) == 0
    tab.import_button.click()
    _wait(qtbot, tab)
    assert tab.status.text() == "2 inwoners ingelezen, met 2 beschikkingen en 3 urenregels."
    assert _residents(db) == 2 and not tab.import_button.isEnabled()
    screenshot(tab, "dossiers-inlezen-klaar")


def test_a_bad_file_lists_every_problem_and_cannot_be_imported(qtbot, db, make_actor, screenshot, tmp_path):
    add_catalogue(db)
    doc = json.loads(FIXED.read_text(encoding="utf-8"))
    doc["inwoners"][0]["casussen"][0]["beschikkingen"][0]["product"] = "99Z99"
    doc["inwoners"][1]["bsn"] = doc["inwoners"][0]["bsn"]
    bad = tmp_path / "fout.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    tab = CaseFileImportTab(db, make_actor("beheerder"))
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    tab.show()
    tab.set_file(bad)
    tab.check_button.click()
    _wait(qtbot, tab)
    problems = tab.problems_model.stringList()
    assert len(problems) == 2 and tab.problems_view.isVisible()
    assert any("het product 99Z99 (wmo) staat niet in de catalogus" in p for p in problems)
    assert any("het BSN staat ook bij inwoner 1 (K0000101)" in p for p in problems)
    assert tab.status.text().startswith("Het bestand kan zo niet worden ingelezen: 2 punten om te herstellen.")
    assert not tab.import_button.isEnabled()
    screenshot(tab, "dossiers-inlezen-fouten")
    tab.set_file(Path(tmp_path / "bestaat-niet.json"))
    tab.check_button.click()
    _wait(qtbot, tab)
    assert "bestaat niet of kan niet worden gelezen" in tab.status.text()
    assert _residents(db) == 0


def test_cancelling_the_import_stores_nothing(qtbot, db, make_actor, monkeypatch):
    add_catalogue(db)
    tab = CaseFileImportTab(db, make_actor("beheerder"))
    qtbot.addWidget(tab)
    tab.set_file(FIXED)
    tab.check_button.click()
    _wait(qtbot, tab)
    real = tab._run

    def cancel_at_once(work, done, message):
        real(work, done, message)
        tab.cancel()  # before the worker reports its first resident: the import stops there and rolls back

    monkeypatch.setattr(tab, "_run", cancel_at_once)
    tab.import_button.click()
    _wait(qtbot, tab)
    assert tab.status.text() == "Het inlezen is afgebroken; er is niets opgeslagen."
    assert _residents(db) == 0


def test_beheer_groups_the_residents_rights_tabs(qtbot, db, make_actor, screenshot):
    from desktop.ui.admin.page import AdminPage

    page = AdminPage(db, make_actor("beheerder"))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    at = names.index("Inzageverzoek")
    assert names[at:at + 3] == ["Inzageverzoek", "Dossiers inlezen", "Bewaartermijnen"]
    page.tabs.setCurrentWidget(page.import_tab)
    assert page.import_tab.isVisible() and page.import_tab.choose_button.isEnabled()
    screenshot(page, "beheer-dossiers-inlezen")
