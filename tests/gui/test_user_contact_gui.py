"""Beheer > Gebruikers: the phone and e-mail every letter names under 'Heeft u vragen?' (issue 20 point 9).
The forms show every problem the core finds at once and mark each field."""

from __future__ import annotations

from sqlmodel import select

from db.models import User


def test_a_new_consulent_gets_a_phone_and_e_mail_and_every_problem_is_named_at_once(qtbot, db, make_actor,
                                                                                   screenshot):
    from desktop.ui.admin.user_dialogs import NewUserDialog

    admin = make_actor("beheerder", "beheer")
    dialog = NewUserDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("cdejong")
    dialog.display_name.setText("")
    dialog.phone.setText("12345")
    dialog.email.setText("carla@")
    dialog.password.setText("drie lange woorden hier")
    dialog.repeat.setText("drie lange woorden daar")
    dialog.save()
    text = dialog.error.text()
    assert "De gebruiker is niet toegevoegd" in text
    assert all(part in text for part in ("Vul de naam in", "geen Nederlands telefoonnummer",
                                         "geen bruikbaar e-mailadres", "wachtwoorden zijn niet gelijk"))
    assert all(w.property("invalid") for w in (dialog.display_name, dialog.phone, dialog.email, dialog.password))
    assert not dialog.username.property("invalid")
    qtbot.wait(20)  # the layout makes room for the panel
    layout = dialog.layout()
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())  # grown, nothing squeezed
    screenshot(dialog, "beheer-nieuwe-gebruiker-fouten")

    dialog.display_name.setText("Carla de Jong")
    dialog.phone.setText("06 12345678")
    dialog.email.setText("c.dejong@koersveen.nl")
    dialog.repeat.setText("drie lange woorden hier")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    with db.read() as s:
        assert s.exec(select(User.phone, User.email).where(User.username == "cdejong")).one() == (
            "06 12345678", "c.dejong@koersveen.nl")


def test_beheer_changes_a_users_phone_and_e_mail(qtbot, db, make_actor, screenshot):
    from desktop.ui.admin.page import AdminPage
    from desktop.ui.admin.user_dialogs import ContactDialog

    admin = make_actor("beheerder", "beheer")
    make_actor("consulent", "carla")
    page = AdminPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    page.users_view.selectRow([u.username for u in page._users].index("carla"))
    assert page.contact_button.isEnabled()
    user = page.selected_user()
    dialog = ContactDialog(db, admin, user)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.phone.setText("06 1234")
    dialog.email.setText("carla at koersveen")
    dialog.save()
    assert "niet opgeslagen" in dialog.error.text() and dialog.phone.property("invalid") and \
        dialog.email.property("invalid")
    qtbot.wait(20)
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    screenshot(dialog, "beheer-contactgegevens-fouten")
    dialog.phone.setText("0314 123456")
    dialog.email.setText("carla@koersveen.nl")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh_users()
    row = [u.username for u in page._users].index("carla")
    assert page.users_model.index(row, 5).data() == "0314 123456"
    assert page.users_model.index(row, 6).data() == "carla@koersveen.nl"
    screenshot(page, "beheer-gebruikers-contact")


def test_beheer_puts_users_in_a_team_and_the_casusregisseur_sees_hers(qtbot, db, make_actor, screenshot):
    """Beheer > Gebruikers > Team…: typed once, then chosen from the list; the Termijnen dashboard of a
    casusregisseur in a team shows that team, with 'Hele gemeente' to see everyone."""
    from desktop.ui.admin.page import AdminPage
    from desktop.ui.admin.user_dialogs import TeamDialog
    from desktop.ui.dashboard.page import DashboardPage

    admin = make_actor("beheerder", "beheer")
    regisseur = make_actor("casusregisseur", "mhulshof")
    make_actor("consulent", "carla")
    make_actor("consulent", "kees")
    page = AdminPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    for username, team in (("mhulshof", "Wijkteam Noord"), ("carla", "Wijkteam Noord"), ("kees", "Wijkteam Zuid")):
        page.users_view.selectRow([u.username for u in page._users].index(username))
        dialog = TeamDialog(db, admin, page.selected_user())
        qtbot.addWidget(dialog)
        dialog.show()
        if username == "carla":
            assert dialog.team.findText("Wijkteam Noord") >= 0  # chosen, not typed again
        if username == "kees":
            qtbot.keyClicks(dialog.team.lineEdit(), "x" * 61)
            assert len(dialog.team.currentText()) == 60  # the core's limit, also while typing
            screenshot(dialog, "beheer-team")
            dialog.team.setCurrentText("")
        dialog.team.setCurrentText(team)
        dialog.save()
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
        page.refresh_users()
    teams = {u.username: page.users_model.index(i, 3).data() for i, u in enumerate(page._users)}
    assert teams == {"beheer": "", "carla": "Wijkteam Noord", "kees": "Wijkteam Zuid", "mhulshof": "Wijkteam Noord"}
    screenshot(page, "beheer-gebruikers-team")

    board = DashboardPage(db, regisseur)
    qtbot.addWidget(board)
    board.show()
    assert board.title.text() == "Termijnen van Wijkteam Noord" and board.whole.isVisible()
    names = [board.consulent.itemText(i) for i in range(board.consulent.count())]
    assert names[0] == "Alle consulenten" and len(names) == 2  # only carla of her team
    assert board.dashboard.team_name == "Wijkteam Noord"
    board.whole.setChecked(True)
    assert board.title.text() == "Termijnen van de hele gemeente" and board.dashboard.team_name is None
    assert board.consulent.count() == 3
    screenshot(board, "termijnen-hele-gemeente")
