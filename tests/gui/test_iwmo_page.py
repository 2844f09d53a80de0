"""iWmo-berichten on screen: the toewijzing of the regional example waits, is made into a WMO301 in a chosen folder;
a declaration is checked (nothing stored), read (the accepted Prestatie becomes hours), shown again later and its
answer saved as CSV. Everything runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from desktop.core import settings
from desktop.ui import dialogs
from desktop.ui.iwmo.page import IwmoPage
from tests.unit.decision_setting import established, make_setting
from tests.unit.test_iwmo_declarations import Declaration, P, counts, number_of


def wait_idle(qtbot, page: IwmoPage) -> None:
    qtbot.waitUntil(lambda: not page.running, timeout=20_000)


def test_a_toewijzing_goes_out_and_a_declaration_comes_in(qtbot, db, actors, tmp_path, monkeypatch, screenshot,
                                                          dialog_calls):
    setting = make_setting(db, actors)
    decision = established(db, actors, setting)
    settings.set_gemeentecode(db, actors.beheerder, "0384")
    page = IwmoPage(db, actors.medewerker)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    assert page.pending_model.rowCount() == 1 and page.export_button.isEnabled()
    assert page.pending_label.text() == "1 wijziging wacht op een toewijzingsbericht."
    screenshot(page, "iwmo-toewijzingen")

    out = tmp_path / "uit"
    out.mkdir()
    monkeypatch.setattr(dialogs, "ask_folder", lambda *a, **k: str(out))
    page.export_button.click()
    wait_idle(qtbot, page)
    made = list(out.glob("*.xml"))
    assert len(made) == 1 and page.status.text().startswith(f"1 bericht gemaakt in {out}")
    assert page.pending_model.rowCount() == 0 and page.messages_model.rowCount() == 1
    assert not page.export_button.isEnabled()

    page.tabs.setCurrentIndex(1)
    declaration = tmp_path / "d.xml"
    declaration.write_bytes(Declaration([P("R1", number_of(decision)), P("R2", 999999)]).xml())
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: str(declaration))
    before = counts(db)
    page.check_button.click()
    wait_idle(qtbot, page)
    assert counts(db) == before, "a check stores nothing"
    assert page.answer_model.rowCount() == 2 and page.read_button.isEnabled()
    assert [page.answer_model.index(r, 8).data() for r in range(2)] == ["goedgekeurd", "afgewezen"]
    assert "Gecontroleerd, nog niet opgeslagen" in page.answer_title.text()
    screenshot(page, "iwmo-declaratie-gecontroleerd")

    page.read_button.click()
    wait_idle(qtbot, page)
    assert counts(db)[0] == before[0] + 1 and counts(db)[2] == before[2] + 1  # the message, one realisation
    assert "is ingelezen" in page.status.text() and not page.read_button.isEnabled()
    assert page.history_model.rowCount() == 1
    screenshot(page, "iwmo-declaratie-ingelezen")

    page.check_button.click()  # the same file again: refused whole, named
    wait_idle(qtbot, page)
    assert not page.error_panel.isHidden() and not page.read_button.isEnabled()
    assert "D2026001" in page.error_panel.text() or "eerder" in page.error_panel.text()

    page.history_table.selectRow(0)
    page.show_earlier()
    assert page.answer_model.rowCount() == 2 and "Ingelezen" in page.answer_title.text()
    target = tmp_path / "antwoord.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: str(target))
    page.csv_button.click()
    text = target.read_bytes().decode("utf-8-sig")
    assert "R1" in text and "R2" in text and "999900006" not in text
    assert Path(target).exists() and "antwoord.csv" in page.status.text()


def test_a_consulent_has_no_iwmo_area(db, actors):
    from desktop.ui.areas import areas_for

    assert "iWmo-berichten" not in [name for name, _ in areas_for(db, actors.consulent)]
    assert "iWmo-berichten" in [name for name, _ in areas_for(db, actors.medewerker)]


def test_stopping_a_check_stores_nothing_and_says_so(qtbot, db, actors, tmp_path, monkeypatch, dialog_calls):
    setting = make_setting(db, actors)
    decision = established(db, actors, setting)
    page = IwmoPage(db, actors.medewerker)
    qtbot.addWidget(page)
    declaration = tmp_path / "d.xml"
    declaration.write_bytes(Declaration([P(f"R{i}", number_of(decision), hours=1) for i in range(3)]).xml())
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: str(declaration))
    before = counts(db)
    from desktop.ui.iwmo import page as page_module

    start = page_module.BackgroundTask.start

    def stopped_at_once(task):  # the Stoppen button pressed before the core's first step, every time
        page.stop()
        start(task)

    monkeypatch.setattr(page_module.BackgroundTask, "start", stopped_at_once)
    page.start_check()
    wait_idle(qtbot, page)
    assert "gestopt" in page.error_panel.text() and counts(db) == before
    assert page.answer_model.rowCount() == 0 and not page.read_button.isEnabled()


def test_jeugdwet_changes_are_listed_but_said_to_wait_for_the_ijw_schemas(qtbot, db, actors):
    from db.models.enums import Law

    setting = make_setting(db, actors, law=Law.JEUGDWET)
    established(db, actors, setting)
    settings.set_gemeentecode(db, actors.beheerder, "0384")
    page = IwmoPage(db, actors.medewerker)
    qtbot.addWidget(page)
    assert page.pending_model.rowCount() == 1 and not page.export_button.isEnabled()
    assert page.pending_label.text() == ("Er wachten geen Wmo-toewijzingen: alles is verstuurd. 1 Jeugdwet-wijziging "
                                         "kan nog niet: Koers heeft de iJw-schema's (JW301) nog niet.")
