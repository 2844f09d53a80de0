"""The Toegangslog as a privacy officer uses it: readable lines, filters, refresh on opening, CSV export."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt
from sqlmodel import select

from db.clock import AMSTERDAM
from db.models import Resident, User
from desktop.core.access import audit
from desktop.core.nl import format_date
from desktop.ui import dialogs
from desktop.ui.auditlog.page import AuditLogPage
from tests.gui.fit import assert_fits
from tests.gui.test_decision_view import settle
from tests.gui.test_main_window import open_window

RAW_WORDS = ("minutes", "no_show", "consulent_id", "service_date", "{", "uren.invoeren", "casus.overdragen")


def seed(demo_db, actor, day):
    """Two lines on one day long ago: an hours booking and a hand-over naming two consulenten by id."""
    with demo_db.read() as s:
        resident = s.exec(select(Resident).order_by(Resident.id)).first()
        (a_id, a_name), (b_id, b_name) = s.exec(select(User.id, User.display_name).where(User.role == "consulent")
                                                .order_by(User.id)).all()[:2]
    at = datetime.combine(day, time(10, 0), AMSTERDAM)
    with demo_db.write() as s:
        common = dict(user_id=actor.user_id, username=actor.username, role=actor.role.value, workstation="pc-7",
                      resident_id=resident.id, client_number=resident.client_number, outcome="ok", at=at)
        audit.record_raw(s, action="uren.invoeren", record_type="realisatie", record_id=1,
                         changes='{"minutes": [null, 90], "no_show": [null, true], "service_date": [null, '
                                 f'"{day.isoformat()}"]}}', **common)
        audit.record_raw(s, action="casus.overdragen", record_type="casus", record_id=1, reason="ziekte collega",
                         changes=f'{{"consulent_id": [{a_id}, {b_id}], "vaste_consulent": [{a_id}, {b_id}]}}',
                         **{**common, "at": at + timedelta(minutes=5)})
    return resident.client_number, a_name, b_name


def cells(page: AuditLogPage) -> list[list[str]]:
    m = page.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def column(page: AuditLogPage, name: str) -> int:
    m = page.model
    return next(c for c in range(m.columnCount()) if m.headerData(c, Qt.Orientation.Horizontal) == name)


def test_the_log_reads_in_dutch_filters_refreshes_and_exports(qtbot, demo_path, demo_db, demo_actor, today,
                                                               tmp_path, monkeypatch, dialog_calls, screenshot):
    regisseur = demo_actor("casusregisseur")
    day = today - timedelta(days=300)
    client, old_name, new_name = seed(demo_db, regisseur, day)
    window, _ = open_window(qtbot, demo_path, regisseur)
    page = window.show_area("Toegangslog")
    assert isinstance(page, AuditLogPage)
    settle(qtbot)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert "Cliëntnummer" in headers and "Wijziging" in headers and "Klantnummer" not in headers
    assert "cliëntnummer" in page.client.placeholderText()

    # the resident and the period: only our two lines, in words
    page.client.setText(client.lower())
    page.date_from.setText(day.strftime("%d-%m-%Y"))
    page.date_to.setText(day.strftime("%d-%m-%Y"))
    page.apply_button.click()
    rows = cells(page)
    action, change, who = column(page, "Actie"), column(page, "Wijziging"), column(page, "Gebruiker")
    assert [r[action] for r in rows] == ["Casus overgedragen", "Uren geboekt"]
    assert rows[1][change] == f"Uren: 1,5 uur; Niet verschenen: ja; Datum: {format_date(day)}"
    assert rows[0][change] == (f"Consulent: {old_name} → {new_name}; Vaste consulent: {old_name} → {new_name}")
    assert rows[0][column(page, "Reden")] == "ziekte collega"
    assert rows[0][who] == regisseur.display_name and rows[0][column(page, "Rol")] == "Casusregisseur"
    assert not [w for r in rows for cell in r for w in RAW_WORDS if w in (cell or "")]
    tip = page.model.data(page.model.index(0, change), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [f"Consulent: {old_name} → {new_name}", f"Vaste consulent: {old_name} → {new_name}"]

    # the action, chosen by its Dutch name
    page.action.setCurrentIndex(page.action.findText("Uren geboekt"))
    page.action.activated.emit(page.action.currentIndex())
    assert [r[action] for r in cells(page)] == ["Uren geboekt"]
    page.clear_filter()
    assert page.client.text() == "" and page.action.currentIndex() == 0

    # the user: another user's lines go, this user's stay
    page.user.setCurrentIndex(page.user.findData(regisseur.username))
    page.user.activated.emit(page.user.currentIndex())
    shown = cells(page)
    assert shown and {r[who] for r in shown} == {regisseur.display_name}

    # a period the wrong way round says so and keeps the list
    page.date_from.setText("10-03-2026")
    page.date_to.setText("01-03-2026")
    page.apply_button.click()
    assert page.error.isVisibleTo(page) and "einddatum" in page.error.text()
    assert cells(page) == shown
    page.clear_filter()
    assert not page.error.isVisibleTo(page)

    # opened again: lines written meanwhile are there without pressing anything
    page.client.setText(client)
    page.apply_button.click()
    before = page.model.rowCount()
    audit.search_record(demo_db, regisseur, "Jansen", 3)
    with demo_db.write() as s:
        audit.record(s, regisseur, "inwoner.inzien", resident_id=1, client_number=client)
    window.show_area("Inwoners")
    settle(qtbot)
    window.show_area("Toegangslog")
    settle(qtbot)
    assert page.model.rowCount() == before + 1 and cells(page)[0][action] == "Dossier geopend"
    assert page.client.text() == client, "the filter stays as it was left"

    assert_fits(window, "het toegangslog")
    screenshot(window, "auditlog")

    # export: the same words, column cliëntnummer
    target = tmp_path / "log.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: str(target))
    page.export_button.click()
    qtbot.waitUntil(lambda: any(kind == "info" for kind, *_ in dialog_calls), timeout=5000)
    lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    header = lines[0]
    assert "cliëntnummer" in header and "klantnummer" not in header
    booked = next(r for r in lines[1:] if r[header.index("actie")] == "Uren geboekt")
    assert booked[header.index("wijzigingen")] == f"Uren: 1,5 uur; Niet verschenen: ja; Datum: {format_date(day)}"
    assert booked[header.index("cliëntnummer")] == client and booked[header.index("rol")] == "Casusregisseur"
    handed = next(r for r in lines[1:] if r[header.index("actie")] == "Casus overgedragen")
    assert f"Vaste consulent: {old_name} → {new_name}" in handed[header.index("wijzigingen")]
    assert len(lines) - 1 == before + 1


def test_a_beheerder_sees_who_and_what_but_not_the_values(qtbot, demo_path, demo_db, demo_actor, today):
    regisseur = demo_actor("casusregisseur")
    client, *_ = seed(demo_db, regisseur, today - timedelta(days=300))
    window, _ = open_window(qtbot, demo_path, demo_actor("beheerder"))
    page = window.show_area("Toegangslog")
    assert isinstance(page, AuditLogPage)
    page.client.setText(client)
    page.apply_button.click()
    rows = cells(page)
    change = column(page, "Wijziging")
    booked = next(r for r in rows if r[column(page, "Actie")] == "Uren geboekt")
    assert booked[change] == "Uren: (afgeschermd); Niet verschenen: (afgeschermd); Datum: (afgeschermd)"
