"""Beheer > Bewaartermijnen: a beheerder sets a period and sees the list change, ticks files, confirms by typing
the count (Annuleren is the default and leaves everything) and sees the list shrink."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlmodel import func, select

from db.models import Resident
from db.models.enums import CaseOutcome, Law
from desktop.ui.admin import retention_tab
from desktop.ui.admin.page import AdminPage
from tests.unit.test_retention import _casus, _resident


@pytest.fixture
def residents(db, actors):
    """Three Wmo files closed in 2015 (past five years on any test day), one closed 10 January 2024 (past only
    with a period of one year), and one with an open casus."""
    with db.write() as s:
        for number, surname in (("K0000001", "Aalders"), ("K0000002", "Bos"), ("K0000003", "Claes")):
            _casus(s, _resident(s, number, surname), Law.WMO, date(2015, 3, 2), CaseOutcome.EIGEN_KRACHT)
        _casus(s, _resident(s, "K0000004", "Dijk", created_at=datetime(2023, 5, 1, tzinfo=UTC)), Law.WMO,
               date(2024, 1, 10), CaseOutcome.NETWERK, melding=date(2023, 12, 1))
        _casus(s, _resident(s, "K0000005", "Eijk"), Law.WMO, None)


def _tab(qtbot, db, actors) -> tuple[AdminPage, retention_tab.RetentionTab]:
    page = AdminPage(db, actors.beheerder)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.retention_tab is not None
    page.tabs.setCurrentWidget(page.retention_tab)
    qtbot.waitUntil(lambda: page.retention_tab.model.rowCount() > 0)
    return page, page.retention_tab


def _shown(tab) -> list[str]:
    return [tab.model.index(row, 1).data() for row in range(tab.model.rowCount())]


def _tick(tab, *numbers: str) -> None:
    for row in range(tab.model.rowCount()):
        if tab.model.index(row, 1).data() in numbers:
            assert tab.model.setData(tab.model.index(row, 0), Qt.CheckState.Checked.value,
                                     Qt.ItemDataRole.CheckStateRole)


def _count(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


def test_set_a_period_tick_confirm_by_typing_and_the_list_shrinks(qtbot, db, actors, residents, monkeypatch):
    page, tab = _tab(qtbot, db, actors)
    QAbstractItemModelTester(tab.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert _shown(tab) == ["K0000001", "K0000002", "K0000003"]
    assert tab.model.index(0, 5).data() == ("Wmo, niets toegekend: casus afgesloten 2 maart 2015, bewaren tot "
                                            "2 maart 2020")
    assert not tab.destroy_button.isEnabled() and not tab.anonymise_button.isEnabled()
    tab.spins["wmo_not_granted"].setValue(1)
    tab.save_button.click()
    assert "opgeslagen" in tab.message.text()
    assert _shown(tab) == ["K0000001", "K0000002", "K0000003", "K0000004"]

    _tick(tab, "K0000002", "K0000004")
    assert tab.destroy_button.isEnabled() and "2 gekozen" in tab.count_label.text()
    qtbot.wait(100)  # let the layout settle before the picture
    page.grab().save("/tmp/retention-tab.png")

    asked: list[retention_tab.ConfirmDialog] = []

    def answer(self):  # the beheerder reads the count, types it and presses Vernietigen
        asked.append(self)
        assert "U vernietigt 2 dossiers. Dit kan niet ongedaan worden gemaakt." in self.text.text()
        assert not self.ok_button.isEnabled() and self.cancel_button.isDefault()
        self.typed.setText("3")
        assert not self.ok_button.isEnabled()
        self.typed.setText("2")
        assert self.ok_button.isEnabled()
        self.grab().save("/tmp/retention-confirm.png")
        self.ok_button.click()
        return self.result()

    monkeypatch.setattr(retention_tab.ConfirmDialog, "exec", answer)
    tab.destroy_button.click()
    qtbot.waitUntil(lambda: tab.task is None, timeout=10_000)
    assert len(asked) == 1
    assert "2 dossiers vernietigd" in tab.message.text()
    assert _shown(tab) == ["K0000001", "K0000003"]
    assert _count(db) == 3


def test_cancel_leaves_everything_and_anonymising_takes_the_word_too(qtbot, db, actors, residents, monkeypatch):
    page, tab = _tab(qtbot, db, actors)
    tab.all_button.click()
    assert "3 gekozen" in tab.count_label.text() and tab.all_button.text() == "Niets kiezen"
    monkeypatch.setattr(retention_tab.ConfirmDialog, "exec", lambda self: self.cancel_button.click() or 0)
    tab.destroy_button.click()
    assert tab.task is None and _count(db) == 5 and _shown(tab) == ["K0000001", "K0000002", "K0000003"]

    def by_word(self):
        self.typed.setText("anonimiseer")
        self.ok_button.click()
        return self.result()

    monkeypatch.setattr(retention_tab.ConfirmDialog, "exec", by_word)
    tab.anonymise_button.click()
    qtbot.waitUntil(lambda: tab.task is None, timeout=10_000)
    assert "3 dossiers geanonimiseerd" in tab.message.text()
    assert _shown(tab) == [] and _count(db) == 5
    assert tab.count_label.text() == "Geen dossiers over de bewaartermijn."


def test_the_dialog_enables_its_button_only_for_the_count_or_the_word(qtbot):
    dialog = retention_tab.ConfirmDialog(1, anonymise=False)
    qtbot.addWidget(dialog)
    assert "U vernietigt 1 dossier. Dit kan niet" in dialog.text.text()
    assert not dialog.ok_button.isEnabled() and dialog.cancel_button.isDefault()
    for typed, ok in (("", False), ("2", False), ("vernietig", True), (" 1 ", True), ("ANONIMISEER", False)):
        dialog.typed.setText(typed)
        assert dialog.ok_button.isEnabled() is ok

