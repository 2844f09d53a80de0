"""The Aanbiedermonitor page as a controller uses it before a conversation with a provider: choose the aanbieder and
the period, read the key figures, the trend per quarter and the results per product, save this aanbieder's PDF and
one for every aanbieder (in the background, cancellable); on a 1366×768 laptop, by keyboard, without a name or BSN
on screen. The world and its figures are those of tests/unit/provider_setting.py."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from db import clock
from desktop.letters import provider_sheet
from desktop.ui import dialogs
from desktop.ui.reports.provider_page import ProviderPage, period_of
from tests.gui.fit import assert_fits
from tests.unit.decision_setting import make_setting
from tests.unit.provider_setting import BSNS, SURNAMES, build_world


def cells(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def figures(page: ProviderPage) -> dict[str, tuple[str, str]]:
    return {label.text(): (value.text(), beside.text()) for label, value, beside in page.figure_labels
            if label.text()}


def on_screen(page: ProviderPage) -> str:
    texts = [w.text() for w in page.findChildren(QLabel)]
    for model in (page.product_model, page.trend_model):
        texts += [cell for row in cells(model) for cell in row]
    return "\n".join(texts)


def open_page(qtbot, db, actor) -> ProviderPage:
    page = ProviderPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1340, 680)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    return page


def choose(page: ProviderPage, name: str, year: int = 2026, quarter: int = 0) -> None:
    page.aanbieder.setCurrentIndex(page.aanbieder.findText(name))
    page.year.setValue(year)
    page.period.setCurrentIndex(page.period.findData(quarter))


def test_periods():
    assert [(a.isoformat(), b.isoformat()) for a, b in (period_of(2026, q) for q in range(5))] == [
        ("2026-01-01", "2026-12-31"), ("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30"),
        ("2026-07-01", "2026-09-30"), ("2026-10-01", "2026-12-31")]
    assert period_of(2028, 1)[1].isoformat() == "2028-03-31"


PEILDATUM = date(2026, 11, 23)  # the page counts up to today: the world's figures are worked out for this day


def test_a_controller_prepares_a_conversation(qtbot, qtmodeltester, db, actors, tmp_path, monkeypatch, screenshot):
    clock.fix(PEILDATUM)
    build_world(db, actors, make_setting(db, actors))
    page = open_page(qtbot, db, actors.controller)
    assert [page.aanbieder.itemText(i) for i in range(page.aanbieder.count())] == [
        "Thuiszorg Oost", "Zorggroep De Linde"]
    choose(page, "Zorggroep De Linde")
    assert not page.error.isVisible()
    shown = figures(page)
    assert shown["Cliënten"][0] == "2"
    assert shown["Trajecten"] == ("2", "een wijziging telt niet als nieuw traject")
    assert shown["Gerealiseerd bedrag"] == ("€ 4.960,00", "geïndiceerd € 7.700,00")
    assert shown["Kosten per traject"] == ("€ 2.480,00", "geïndiceerd per traject € 3.850,00")
    assert shown["Gemiddeld uurtarief"] == ("€ 65,26", "gerealiseerd; afgesproken € 66,38")
    assert shown["Evaluaties op tijd"][0] == "75,0 %"
    assert shown["Ongebruikt na einde"][0] == "40 uur"
    assert page.caption.text() == "1 januari 2026 tot en met 31 december 2026 · peildatum 23 november 2026"
    assert [row[0] for row in cells(page.trend_model)] == ["K1 2026", "K2 2026", "K3 2026", "K4 2026"]
    assert cells(page.trend_model)[0][:3] == ["K1 2026", "2", "€ 2.512,50"]
    assert cells(page.product_model) == [["02A08 Begeleiding individueel", "1", "0", "1", "1", "50,0 %"]]
    assert page.chart.chart() is not None and len(page.chart.chart().series()) == 1
    qtmodeltester.check(page.trend_model)
    qtmodeltester.check(page.product_model)
    text = on_screen(page)
    for secret in (*SURNAMES, *BSNS):
        assert secret not in text

    # the second quarter: the trend runs from the first quarter up to it
    choose(page, "Zorggroep De Linde", quarter=2)
    assert [row[0] for row in cells(page.trend_model)] == ["K1 2026", "K2 2026"]
    assert figures(page)["Gerealiseerde uren"][0] == "37 uur"

    # keyboard: the labels' mnemonics reach the choices, the PDF button is reachable
    qtbot.keyClick(page, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert page.aanbieder.hasFocus()
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert page.period.hasFocus()

    # this aanbieder's PDF, saved where the dialog says
    target = tmp_path / "linde.pdf"
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_path",
                        lambda parent, title, suggested, filter_text: (asked.append(suggested), str(target))[1])
    page.pdf_button.click()
    assert asked == ["Aanbiedermonitor Zorggroep De Linde 2026-04 t-m 2026-06.pdf"]
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in page.status.text()

    choose(page, "Zorggroep De Linde")
    page.resize(1350, 688)
    screenshot(page, "aanbiedermonitor-100")
    assert_fits(page, "Aanbiedermonitor")
    screenshot(page, "aanbiedermonitor-125")  # as assert_fits left it: the laptop at 125 %


def test_all_sheets_in_the_background_and_a_cancel(qtbot, db, actors, tmp_path, monkeypatch):
    clock.fix(PEILDATUM)
    build_world(db, actors, make_setting(db, actors))
    page = open_page(qtbot, db, actors.controller)
    choose(page, "Thuiszorg Oost")
    folder = tmp_path / "pdf"
    folder.mkdir()
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, title: str(folder))
    page.all_button.click()
    qtbot.waitUntil(lambda: "opgeslagen in" in page.status.text(), timeout=20_000)
    assert sorted(p.name for p in folder.iterdir()) == [
        "Aanbiedermonitor Thuiszorg Oost 2026-01 t-m 2026-12.pdf",
        "Aanbiedermonitor Zorggroep De Linde 2026-01 t-m 2026-12.pdf"]
    assert page.status.text() == f"2 PDF's opgeslagen in {folder}."
    assert page.all_button.isEnabled()

    # cancelled while the first sheet is being made: no file at all
    other = tmp_path / "afgebroken"
    other.mkdir()
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, title: str(other))
    go_on = threading.Event()
    render = provider_sheet.render_provider_sheet
    monkeypatch.setattr(provider_sheet, "render_provider_sheet", lambda content: (go_on.wait(10), render(content))[1])
    page.all_button.click()
    assert page.progress is not None and not page.all_button.isEnabled()
    page.progress.findChild(QPushButton).click()  # 'Afbreken'
    go_on.set()
    qtbot.waitUntil(lambda: page.all_button.isEnabled(), timeout=20_000)
    assert page.status.text() == "Het maken van de PDF's is afgebroken; er is geen bestand gemaakt."
    assert list(other.iterdir()) == []
    assert page.all_button.isEnabled()
