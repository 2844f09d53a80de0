"""Sign-in, areas per role, the caseload reason, Beheer, the Toegangslog and the idle lock, driven as a user would."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QLineEdit
from sqlmodel import select

from db.models import AuditEntry, Casus, Resident, User
from desktop.core.access.permissions import Action
from desktop.core.demo.generator import DEMO_PASSWORD
from desktop.core.residents import register
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.gui.test_main_window import open_window
from tests.gui.test_welcome_and_problems import answer_dialogs


def first_username(db, role: str) -> str:
    with db.read() as s:
        return s.exec(select(User.username).where(User.role == role).order_by(User.id)).first()


def test_sign_in_dialog_refuses_a_wrong_password_then_signs_in(qtbot, demo_db, screenshot):
    username = first_username(demo_db, "consulent")
    dialog = SignInDialog(demo_db, demo_hint="Demodatabase")
    qtbot.addWidget(dialog)
    dialog.username.setText(username)
    dialog.password.setText("niet het goede wachtwoord")
    dialog.submit()
    assert dialog.actor is None and "klopt niet" in dialog.error.text()
    assert dialog.password.text() == ""  # never left behind in the field
    screenshot(dialog, "sign-in-error")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert dialog.actor is not None and dialog.actor.username == username
    assert dialog.result() == dialog.DialogCode.Accepted


def test_each_role_sees_only_its_areas(qtbot, demo_path, demo_db, monkeypatch):
    expected = {"consulent": ["Mijn werkvoorraad", "Inwoners"],
                "casusregisseur": ["Inwoners", "Termijnen", "Rapportages", "Toegangslog"],
                "medewerker": ["Inwoners", "Uren inlezen", "Brieven", "iWmo-berichten"],
                "beheerder": ["Toegangslog", "Beheer"],
                "controller": ["Rapportages"]}
    for role, areas in expected.items():
        window = MainWindow()
        qtbot.addWidget(window)
        username = first_username(demo_db, role)

        def sign_in(dialog, username=username):
            dialog.username.setText(username)
            dialog.password.setText(DEMO_PASSWORD)
            dialog.submit()
            return dialog.actor is not None

        answer_dialogs(monkeypatch, window, sign_in)
        window.open_database(str(demo_path))
        assert window.actor.role.value == role
        assert list(window.areas) == areas, role
        assert role in window.user_label.text().lower()
        if "Inwoners" in areas:
            page = window.areas["Inwoners"]
            assert page.new_button.isVisibleTo(page) == (role == "consulent")
        window.close()


def _resident_of_other_consulent(db, consulent_id: int) -> int:
    with db.read() as s:
        return s.exec(select(Resident.id).where(Resident.consulent_id != consulent_id)
                      .where(~Resident.id.in_(select(Casus.resident_id).where(Casus.consulent_id == consulent_id)))
                      .order_by(Resident.id)).first()


def test_consulent_gives_a_reason_for_a_file_outside_the_caseload(qtbot, demo_path, demo_db, demo_actor,
                                                                   dialog_calls, monkeypatch):
    from desktop.ui import dialogs

    me = demo_actor("consulent")
    window, page = open_window(qtbot, demo_path, me)
    other = _resident_of_other_consulent(demo_db, me.user_id)
    answers = iter([None, "", "Vervanging van collega tijdens verlof"])
    asked = []

    def answer(parent, title, label, **_):
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(dialogs, "ask_text", answer)

    page.open_resident(other)  # cancelled: nothing opened, nothing logged as viewed
    assert page.file_view.file is None
    page.open_resident(other)  # an empty reason is not silently asked again: the question says why
    assert page.file_view.file.resident.id == other
    assert asked[1].startswith("Deze inwoner hoort niet bij uw eigen caseload")
    assert asked[2].startswith("U heeft geen reden ingevuld.")
    with demo_db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.resident_id == other, AuditEntry.action == "inwoner.inzien")
                      ).one()
    assert line.reason == "Vervanging van collega tijdens verlof" and line.username == me.username
    page.open_resident(other)  # asked once per resident per session
    assert page.file_view.file.resident.id == other


def test_medewerker_sees_decisions_and_hours_but_no_plan(qtbot, demo_path, demo_db, demo_actor, screenshot):
    window, page = open_window(qtbot, demo_path, demo_actor("medewerker"))
    with demo_db.read() as s:
        resident_id = s.exec(select(Casus.resident_id).where(Casus.status == "lopend").order_by(Casus.id)).first()
    page.open_resident(resident_id)
    view = page.file_view
    assert view.file.shows_plan is False
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count()) if view.tabs.isTabVisible(i)]
    assert tabs == ["Casussen", "Beschikkingen", "Uren"]
    assert view.plan_text.toPlainText() == "Geen casussen." or "Doel:" not in view.plan_text.toPlainText()
    assert view.decisions_model.rowCount() >= 1
    assert not view.edit_button.isVisibleTo(view)
    screenshot(window, "medewerker-file")


def test_beheer_adds_a_user_refuses_a_short_password_and_guards_the_last_beheerder(
        qtbot, db, make_actor, dialog_calls, screenshot):
    from desktop.ui.admin.page import AdminPage
    from desktop.ui.admin.user_dialogs import NewUserDialog

    admin = make_actor("beheerder", "beheer")
    page = AdminPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    assert page.users_model.rowCount() == 1
    assert page.permissions_model.rowCount() == len(Action)
    screenshot(page, "beheer-users")
    page.tabs.setCurrentIndex(1)
    screenshot(page, "beheer-permissions")

    dialog = NewUserDialog(db, admin, page)
    qtbot.addWidget(dialog)
    dialog.username.setText("pdevries")
    dialog.display_name.setText("Pieter de Vries")
    dialog.role.setCurrentIndex(dialog.role.findData("consulent"))
    for field in (dialog.password, dialog.repeat):
        field.setText("kort")
    dialog.save()
    assert "minstens 12 tekens" in dialog.error.text() and dialog.result() != dialog.DialogCode.Accepted
    for field in (dialog.password, dialog.repeat):
        field.setText("drie lange woorden hier")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh_users()
    assert page.users_model.rowCount() == 2

    page.users_view.selectRow(0)  # 'beheer', the only beheerder
    page.toggle_active()
    assert dialog_calls[-1][0] == "error" and "laatste actieve beheerder" in dialog_calls[-1][2]
    with db.read() as s:
        assert s.exec(select(User.active).where(User.username == "beheer")).one() is True


def test_casusregisseur_undoes_a_change_from_the_toegangslog(qtbot, demo_path, demo_db, demo_actor, monkeypatch,
                                                             dialog_calls, tmp_path, screenshot):
    from desktop.ui import dialogs

    consulent = demo_actor("consulent")
    with demo_db.read() as s:
        resident = s.exec(select(Resident).where(Resident.consulent_id == consulent.user_id)).first()
    data = register.input_from(resident)
    old_surname = resident.surname
    data.surname = "Vergissing"
    register.update_resident(demo_db, consulent, resident.id, data, resident.version)

    window, _ = open_window(qtbot, demo_path, demo_actor("casusregisseur"))
    log = window.areas["Toegangslog"]
    window.show_area("Toegangslog")
    assert window.stack.currentWidget() is log
    log.client.setText(resident.client_number)
    log.apply_filter()
    rows = [log.model.row_at(i) for i in range(log.model.rowCount())]
    change = next(i for i, r in enumerate(rows) if r.action == "inwoner.wijzigen")
    assert all(r.client_number == resident.client_number for r in rows)
    log.table.selectRow(change)
    assert log.undo_button.isEnabled()
    screenshot(window, "toegangslog")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Achternaam per ongeluk gewijzigd")
    log.undo_selected()
    assert dialog_calls[-1][0] == "info"
    with demo_db.read() as s:
        assert s.get(Resident, resident.id).surname == old_surname
    assert log.model.row_at(0).action == "wijziging.terugdraaien"

    target = tmp_path / "log.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: str(target))
    log.export()
    qtbot.waitUntil(lambda: dialog_calls[-1][1] == "Export klaar", timeout=10_000)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert lines[0][0] == "id" and len(lines) - 1 == len(rows) + 1  # the undo line too
    number = lines[0].index("cliëntnummer")
    assert all(line[number] == resident.client_number for line in lines[1:])


def test_bad_dates_in_the_log_filter_get_a_dutch_message(qtbot, demo_path, demo_actor):
    window, _ = open_window(qtbot, demo_path, demo_actor("casusregisseur"))
    log = window.areas["Toegangslog"]
    log.date_from.setText("31-02-2026")
    log.apply_filter()
    assert not log.error.isHidden() and "bestaat niet als datum" in log.error.text()
    log.date_from.setText("10-11-2026")
    log.date_to.setText("01-11-2026")
    log.apply_filter()
    assert "vóór de begindatum" in log.error.text()


def test_idle_lock_covers_windows_keeps_open_work_and_asks_the_password(qtbot, demo_path, demo_actor, monkeypatch,
                                                                     screenshot, dialog_calls):
    from desktop.ui.lock import _Cover
    from desktop.ui.residents.edit_dialog import ResidentDialog

    me = demo_actor("consulent")
    window, page = open_window(qtbot, demo_path, me)
    form = ResidentDialog(window.db, me, parent=window)
    qtbot.addWidget(form)
    form.show()
    form.surname.setText("Half ingevuld")
    attempts = []

    def unlock(dialog):
        covered = {c.parentWidget() for c in window.findChildren(_Cover)}
        assert covered == {window, form}  # the main window and the open form are both covered
        if not attempts:
            screenshot(window, "locked")
            from PySide6.QtGui import QColor

            from desktop.ui.lock import COVER_COLOUR

            image = window.grab().toImage()
            for x, y in ((300, 150), (900, 500), (700, 700)):  # where residents' names and files were
                assert image.pixelColor(x, y) == QColor(COVER_COLOUR), (x, y)
        assert dialog.username.isReadOnly() and dialog.username.text() == me.username
        attempts.append(dialog)
        dialog.password.setText("fout wachtwoord" if len(attempts) == 1 else DEMO_PASSWORD)
        dialog.submit()
        return dialog.actor is not None

    answer_dialogs(monkeypatch, window, unlock)
    window.idle_lock.lock()
    assert len(attempts) == 2 and "klopt niet" in attempts[0].error.text()
    assert not window.idle_lock.locked
    qtbot.waitUntil(lambda: not window.findChildren(_Cover), timeout=2000)
    assert form.isVisible() and form.surname.text() == "Half ingevuld"
    assert form.findChild(QLineEdit) is not None
