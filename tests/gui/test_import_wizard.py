"""Uren inlezen on demo data, as a medewerker: a bad file is refused whole with every line and reason,
a good file is stored whole, and an empty file gets a Dutch message. Nothing is stored by checking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import func, select

from db.models import Realisation
from desktop.core.nl import format_date, format_date_short
from desktop.ui.hours.import_wizard import HoursImportPage
from tests.gui.test_decision_view import START, regional  # noqa: F401  (the fixture: an established decision)
from tests.gui.test_main_window import open_window

HEADER = "toewijzingnummer;datum;uren;no_show\n"


def day(n: int) -> date:
    """The n-th day of the regional decision (day 28 is the Monday that starts period 2)."""
    return START + timedelta(days=n)


@pytest.fixture
def decision(request) -> dict:
    return request.getfixturevalue("regional")


def realisations(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Realisation)).one()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))  # as Excel saves "CSV UTF-8"
    return path


def cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def rows(model) -> list[tuple[str, ...]]:
    return [tuple(cell(model, r, c) for c in range(model.columnCount())) for r in range(model.rowCount())]


def open_page(qtbot, demo_path, actor) -> tuple[object, HoursImportPage]:
    window, _ = open_window(qtbot, demo_path, actor)
    names = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Uren inlezen" in names
    window.sidebar.setCurrentRow(names.index("Uren inlezen"))
    page = window.areas["Uren inlezen"]
    assert window.stack.currentWidget() is page
    window.resize(1100, 760)
    return window, page


def check(qtbot, page: HoursImportPage, path, monkeypatch) -> None:
    monkeypatch.setattr(page, "ask_file", lambda: str(path))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert page.path_label.text() == str(path)
    assert page.check_button.isEnabled() and not page.import_button.isEnabled()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_task is None, timeout=10_000)


def test_a_bad_file_is_listed_line_by_line_and_nothing_is_stored(qtbot, demo_path, demo_db, demo_actor, decision,
                                                                  tmp_path, monkeypatch, screenshot):
    n = decision["number"]
    path = write(tmp_path, "uren-fout.csv", HEADER + "\n".join([
        f"{n};{format_date_short(day(28))};2,5;nee",  # 2: fine
        f"{n};{format_date_short(day(29))};60;nee",  # 3: over the 56 hours of the decision
        f"2099000001;{format_date_short(day(30))};2;nee",  # 4: unknown number
        f"{n};{format_date_short(day(31))};1;ja",  # 5: fine
    ]) + "\n")
    before = realisations(demo_db)
    window, page = open_page(qtbot, demo_path, demo_actor("medewerker"))
    check(qtbot, page, path, monkeypatch)

    assert page.error_panel.isVisible()
    assert page.error_panel.text().startswith(
        "2 van 4 regels kloppen niet: er wordt niets ingelezen tot het hele bestand klopt")
    rejected = rows(page.rejected_model)
    assert [r[0] for r in rejected] == ["3", "4"]
    assert "boven het geïndiceerde totaal" in rejected[0][1] and "nog 53,5 uur beschikbaar" in rejected[0][1]
    assert rejected[1][1] == "onbekend toewijzingnummer 2099000001"
    assert rows(page.accepted_model) == [("2", n, format_date(day(28)), "2,5 uur", "nee"),
                                         ("5", n, format_date(day(31)), "1 uur", "ja")]
    assert not page.import_button.isEnabled()
    assert realisations(demo_db) == before
    qtbot.wait(50)
    screenshot(window, "import-preview-bad")


def test_a_good_file_is_stored_whole(qtbot, demo_path, demo_db, demo_actor, decision, tmp_path, monkeypatch,
                                     screenshot):
    n = decision["number"]
    lines = [f"{n};{format_date_short(day(d))};2,5;nee" for d in range(28, 33)] + [f"{n};{format_date_short(day(35))};1;ja"]
    path = write(tmp_path, "uren-februari.csv", "Toewijzingnummer;Datum;Uren;No-show\n" + "\n".join(lines) + "\n")
    before = realisations(demo_db)
    window, page = open_page(qtbot, demo_path, demo_actor("medewerker"))
    check(qtbot, page, path, monkeypatch)

    assert page.error_panel.isHidden() and page.rejected_table.isHidden()
    assert page.accepted_model.rowCount() == 6
    assert page.check_status.text() == "Alle 6 regels kloppen. Klik op Inlezen om ze op te slaan."
    assert realisations(demo_db) == before  # checking stores nothing
    qtbot.wait(50)
    screenshot(window, "import-preview-good")

    assert page.import_button.isEnabled()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible() or page.import_task is None
    qtbot.waitUntil(lambda: page.import_task is None, timeout=10_000)
    assert realisations(demo_db) == before + 6
    assert page.done_label.isVisible() and page.done_label.text() == "6 regels ingelezen uit uren-februari.csv."
    # reset for the next file
    assert page.path is None and page.accepted_model.rowCount() == 0
    assert not page.check_button.isEnabled() and not page.import_button.isEnabled()
    assert page.progress.isHidden() and page.cancel_button.isHidden()
    qtbot.wait(50)
    screenshot(window, "import-done")


def test_cancelling_before_the_import_begins_stores_nothing(qtbot, demo_db, demo_actor, decision, tmp_path,
                                                            monkeypatch, screenshot):
    from desktop.ui import worker

    n = decision["number"]
    path = write(tmp_path, "uren.csv", HEADER + f"{n};{format_date_short(day(28))};2;nee\n")
    page = HoursImportPage(demo_db, demo_actor("medewerker"))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.set_file(path)
    page.start_check()
    qtbot.waitUntil(lambda: page.check_task is None, timeout=10_000)
    assert page.import_button.isEnabled()
    before = realisations(demo_db)
    monkeypatch.setattr(worker.BackgroundTask, "start", lambda self: None)  # hold the thread back
    page.start_import()
    assert not page.cancel_button.isHidden() and not page.progress.isHidden()
    assert "Annuleren kan zolang het inlezen nog niet is begonnen" in page.import_note.text()
    qtbot.wait(50)
    screenshot(page, "import-running")
    page.cancel_import()
    task = page.import_task
    monkeypatch.undo()
    task.start()
    qtbot.waitUntil(lambda: page.import_task is None, timeout=10_000)
    assert realisations(demo_db) == before
    assert page.import_note.text() == "Geannuleerd: er is niets ingelezen."
    assert page.done_label.isHidden() and page.import_button.isEnabled()


@pytest.mark.parametrize(("content", "message"), [
    ("", "Het bestand is leeg. Kies het juiste bestand."),
    ("datum;uren\n02-02-2026;2\n", "In de eerste regel ontbreken de kolommen toewijzingnummer"),
])
def test_an_empty_or_wrong_file_gets_a_dutch_message(qtbot, demo_db, demo_actor, tmp_path, content, message):
    path = tmp_path / "leeg.csv"
    path.write_text(content, encoding="utf-8")
    page = HoursImportPage(demo_db, demo_actor("medewerker"))
    qtbot.addWidget(page)
    page.set_file(path)
    page.start_check()
    qtbot.waitUntil(lambda: page.check_task is None, timeout=10_000)
    assert page.error_panel.text().startswith(message)
    assert not page.error_panel.isHidden()
    assert page.accepted_model.rowCount() == 0 and not page.import_button.isEnabled()
    assert page.choose_button.isEnabled() and page.check_button.isEnabled()  # fix the file and check again


def test_the_law_chosen_on_the_page_settles_a_number_that_exists_under_both_laws(
        qtbot, demo_path, demo_db, demo_actor, decision, tmp_path, monkeypatch, screenshot):
    from sqlalchemy import text

    n = decision["number"]
    with demo_db.write() as s:  # a Jeugdwet decision with the same number: unique per law only
        other = s.execute(text("SELECT id FROM beschikking WHERE law = 'jeugdwet' ORDER BY id LIMIT 1")).scalar()
        s.execute(text("UPDATE beschikking SET toewijzing_nummer = :n WHERE id = :id"), {"n": n, "id": other})
    path = write(tmp_path, "uren.csv", HEADER + f"{n};{format_date_short(day(28))};2,5;nee\n")
    before = realisations(demo_db)
    window, page = open_page(qtbot, demo_path, demo_actor("medewerker"))
    check(qtbot, page, path, monkeypatch)
    assert "bestaat onder Wmo én Jeugdwet; kies bij het inlezen de wet" in cell(page.rejected_model, 0, 1)
    assert not page.import_button.isEnabled()
    page.law_combo.setCurrentIndex(page.law_combo.findText("Wmo 2015"))
    assert page.check_status.text() == "De wet is gewijzigd: klik opnieuw op Controleren."
    assert page.rejected_table.isHidden() and not page.import_button.isEnabled()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_task is None, timeout=10_000)
    assert page.check_status.text() == "De regel klopt. Klik op Inlezen om hem op te slaan."
    qtbot.wait(50)
    screenshot(window, "import-law-chosen")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_task is None, timeout=10_000)
    assert realisations(demo_db) == before + 1
