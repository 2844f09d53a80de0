"""The main window: a side bar of areas that work, and the area on the right.

Imports only Qt at module level: the window paints before the data layer is loaded. Not even Qt's `Qt`
namespace: making its enums costs 10 ms, so the methods that need it after the first paint import it themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.lazy import LazyPages


class MessagePage(QWidget):
    """A calm full-page message: loading, or a database that cannot be opened (`selectable`: to copy it)."""

    def __init__(self, title: str, text: str = "", parent: QWidget | None = None, *, selectable: bool = False):
        super().__init__(parent)
        self.title = QLabel(title, objectName="PageTitle")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(640)
        if selectable:
            from PySide6.QtCore import Qt

            self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.hide()
        button_row = QHBoxLayout()
        button_row.addWidget(self.button)
        button_row.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addLayout(button_row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    first_painted = Signal()
    database_ready = Signal()
    _painted = False  # a class default: event() already runs inside __init__
    make_daily_backup = True  # the start-up bench signs in to time it, and copies no 1.4 GB database for that

    def __init__(self):
        super().__init__()
        self.setWindowTitle("Koers")
        self._fit_to_screen(1360, 820)
        self.db = None
        self.areas = LazyPages()  # an area is built when first shown (or looked up)

        self.sidebar = QListWidget(objectName="SideBar")
        self.sidebar.setAccessibleName("Gebieden")
        self.sidebar.setFixedWidth(200)
        self.sidebar.currentRowChanged.connect(self._show_area)
        brand = QLabel("Koers", objectName="SideBarTitle")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.sidebar, 1)
        side.setFixedWidth(200)
        side.setStyleSheet("background: #24323d;")

        self.stack = QStackedWidget()
        self.loading = MessagePage("Koers wordt geopend…", "De database wordt geopend.")
        self.stack.addWidget(self.loading)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.actor = None
        self.idle_lock = None
        self.backup_task = None
        self.user_label = QLabel()
        self.sign_out_button = QPushButton("Afmelden")
        self.sign_out_button.setFlat(True)
        self.sign_out_button.hide()
        self.sign_out_button.clicked.connect(self.sign_out)
        self.db_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.sign_out_button)
        self.statusBar().addPermanentWidget(self.db_label)
        self.help_hint = QLabel("F1: sneltoetsen", objectName="Muted")
        self.statusBar().addPermanentWidget(self.help_hint)
        self.about_button = QPushButton("Over Koers")  # version, database, log folder (desktop/ui/about.py)
        self.about_button.setFlat(True)
        self.about_button.clicked.connect(self.show_about)
        self.statusBar().addPermanentWidget(self.about_button)
        self._keys()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """What desktop.ui.widgets.screen_fit.fit_to_screen does (a test holds the two equal), which cannot be
        imported before the first paint: that module imports the `Qt` namespace. 16 and 40: the window's frame."""
        area = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(max(min(width, area.width() - 16), 200), max(min(height, area.height() - 40), 150))

    def _keys(self) -> None:
        """Window-wide keys; the help dialog (desktop/ui/shortcuts.py) lists them with the others."""
        QShortcut(QKeySequence("F1"), self, activated=self.show_shortcuts)
        QShortcut(QKeySequence("F6"), self, activated=self.toggle_side_focus)
        QShortcut(QKeySequence("Shift+F1"), self, activated=self.show_about)
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, activated=lambda n=number: self.go_to_area(n))

    def area_names(self) -> list[str]:
        return [self.sidebar.item(row).text() for row in range(self.sidebar.count())]

    def show_shortcuts(self) -> None:
        from desktop.ui.shortcuts import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.area_names(), self)
        self.run_dialog(self.shortcuts_dialog)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.ui.about import AboutDialog

        self.about_dialog = AboutDialog(self.db.url if self.db is not None else None,
                                        QApplication.activeModalWidget() or self)  # above the sign-in dialog too
        self.run_dialog(self.about_dialog)

    def go_to_area(self, number: int) -> None:
        """Ctrl+1 … Ctrl+9: the n-th area of the side bar, with the keyboard focus in it."""
        if self.actor is None or not 1 <= number <= self.sidebar.count():
            return
        self.sidebar.setCurrentRow(number - 1)
        self.focus_area()

    def focus_area(self) -> None:
        """Puts the focus on the first control of the shown area that takes it by Tab."""
        from PySide6.QtCore import Qt

        area = self.stack.currentWidget()
        first = getattr(area, "focus_first", None)
        if callable(first):  # an area that knows where work starts (the search box)
            first()
            return
        candidate = area.nextInFocusChain() if area is not None else None
        while candidate is not None and candidate is not area:
            if (area.isAncestorOf(candidate) and candidate.isVisible() and candidate.isEnabled()
                    and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus):
                candidate.setFocus(Qt.FocusReason.TabFocusReason)
                return
            candidate = candidate.nextInFocusChain()

    def toggle_side_focus(self) -> None:
        """F6: from the area to the side bar and back."""
        from PySide6.QtCore import Qt

        if self.actor is None:
            return
        if self.sidebar.hasFocus():
            self.focus_area()
        else:
            self.sidebar.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # UpdateRequest on the top-level widget: its whole tree has been painted into the backing
        # store and flushed to the screen. (The main window's own paintEvent never runs: its
        # central widget covers it.)
        if not self._painted and event.type() == QEvent.Type.UpdateRequest:
            self._painted = True
            self.first_painted.emit()
        return handled

    # --- database and session

    def open_database(self, db_arg: str | None, actor=None) -> None:
        """Open, then greet, create the first beheerder, or sign in. `actor` skips sign-in (tests, kiosk)."""
        from desktop.core.errors import KoersError
        from desktop.core.maintenance.database import describe_target, open_database

        try:
            self.db = open_database(db_arg)
        except KoersError as exc:
            self._show_problem(exc.message)
            return
        self.db_label.setText(f"Database: {describe_target(self.db.url)}")
        self.db_label.setObjectName("Muted")
        if actor is not None:
            self.start_session(actor)
            return
        from desktop.core.access.signin import has_users

        if has_users(self.db):  # the usual case first: one count, no welcome module
            self._ask_sign_in()
            return
        from desktop.core.maintenance.welcome import needs_welcome

        if needs_welcome(self.db):
            self._show_welcome()
        else:
            self._ask_first_beheerder()

    def _show_problem(self, message: str) -> None:
        page = MessagePage("De database kan niet worden geopend", message, selectable=True)
        page.button.setText("Andere database kiezen…")
        page.button.show()
        page.button.clicked.connect(self._choose_other_database)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.database_ready.emit()

    def _choose_other_database(self) -> None:
        from desktop.ui import dialogs

        path = dialogs.ask_open_database(self)
        if path:
            self.open_database(path)

    def _show_welcome(self) -> None:
        from desktop.ui.welcome import WelcomePage

        page = WelcomePage(self.db)
        page.demo_loaded.connect(self._ask_sign_in)
        page.start_empty.connect(self._ask_first_beheerder)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.welcome = page
        self.database_ready.emit()

    def _waiting(self, title: str, text: str) -> None:
        page = MessagePage(title, text)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def _ask_first_beheerder(self) -> None:
        from desktop.ui.signin import FirstBeheerderDialog

        self._waiting("Eerste beheerder", "Maak het account van de eerste beheerder aan.")
        dialog = FirstBeheerderDialog(self.db, self)
        if self.run_dialog(dialog) and dialog.actor:
            self.start_session(dialog.actor)
        else:
            self.close()

    def _ask_sign_in(self) -> None:
        from desktop.core.settings import is_demo
        from desktop.ui.about import offer_in as offer_about
        from desktop.ui.signin import SignInDialog

        self._waiting("Aanmelden", "Meld u aan om verder te gaan.")
        dialog = SignInDialog(self.db, demo_hint=self._demo_hint() if is_demo(self.db) else "", parent=self)
        offer_about(dialog.buttons, self.show_about)
        self.database_ready.emit()
        if self.run_dialog(dialog) and dialog.actor:
            self.start_session(dialog.actor)
        else:
            self.close()

    def _demo_hint(self) -> str:
        from desktop.core.demo.generator import DEMO_PASSWORD  # a large module: only on a demo database

        return (f"Demodatabase: alle demo-accounts hebben het wachtwoord {DEMO_PASSWORD}. Consulent bijvoorbeeld "
                f"{self._demo_username('consulent')}, casusregisseur {self._demo_username('casusregisseur')}, "
                f"medewerker {self._demo_username('medewerker')}, beheerder {self._demo_username('beheerder')}, "
                f"controller {self._demo_username('controller')}.")

    def _demo_username(self, role: str) -> str:
        from desktop.core.access.users import first_username

        return first_username(self.db, role) or "?"

    def run_dialog(self, dialog) -> bool:
        """The one place modal session dialogs run, so tests can answer them."""
        return bool(dialog.exec())

    def start_session(self, actor) -> None:
        from desktop.core.labels import ROLE
        from desktop.core.settings import idle_lock_minutes
        from desktop.ui.lock import IdleLock

        self.actor = actor
        self.user_label.setText(f"{actor.display_name} · {ROLE[actor.role]}")
        self.sign_out_button.show()
        self._build_areas()
        if self.make_daily_backup:
            self._start_daily_backup()
        if self.idle_lock is None:
            self.idle_lock = IdleLock(idle_lock_minutes(self.db), self._unlock, self)

    def _start_daily_backup(self) -> None:
        """The first start of a day copies the database; on a large file that takes seconds, so off this thread."""
        from desktop.core.maintenance.backup import daily_backup
        from desktop.ui import dialogs
        from desktop.ui.messages import error_text
        from desktop.ui.worker import BackgroundTask

        db = self.db
        self.backup_task = BackgroundTask(lambda progress: daily_backup(db), self)
        self.backup_task.finished.connect(
            lambda path: path and self.statusBar().showMessage(f"Reservekopie van vandaag gemaakt: {path.name}", 8000))
        self.backup_task.failed.connect(lambda exc: dialogs.show_error(
            self, "Reservekopie", error_text(exc, "De reservekopie van vandaag kon niet worden gemaakt.")
            + " Koers werkt gewoon verder; er gaat niets verloren."))
        self.backup_task.start()

    def _unlock(self) -> bool:
        from desktop.ui.signin import SignInDialog

        dialog = SignInDialog(self.db, username=self.actor.username, locked_screen=True, parent=self)
        return self.run_dialog(dialog) and dialog.actor is not None and dialog.actor.user_id == self.actor.user_id

    def sign_out(self) -> None:
        from desktop.ui import dialogs

        if not dialogs.ask_confirm(self, "Afmelden", "Wilt u zich afmelden? Niet-opgeslagen werk gaat verloren."):
            return
        self.actor = None
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        self.sidebar.clear()
        for widget in self.areas.built():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.areas = LazyPages()
        self.user_label.setText("")
        self.sign_out_button.hide()
        self._ask_sign_in()

    def _build_areas(self) -> None:
        """The side bar of the role's areas; only the one it starts in is built now, the others when shown."""
        from desktop.ui.areas import area_makers, landing_area

        self.sidebar.clear()
        self.areas = LazyPages(area_makers(self.db, self.actor), self._area_built)
        names = list(self.areas)
        self.sidebar.addItems(names)
        landing = landing_area(self.actor)
        self.sidebar.setCurrentRow(names.index(landing) if landing in names else 0)
        self.database_ready.emit()

    def _area_built(self, name: str, widget: QWidget) -> None:
        self.stack.addWidget(widget)
        requested = getattr(widget, "resident_requested", None)  # werkvoorraad, dashboard: open a case
        if requested is not None:
            requested.connect(self.open_resident)

    def show_area(self, name: str) -> QWidget | None:
        """Switches the side bar and the stack to the named area; None when this role has no such area."""
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).text() == name:
                self.sidebar.setCurrentRow(row)
                return self.areas.get(name)
        return None

    def open_resident(self, resident_id: int) -> None:
        """Opens a resident's file in the Inwoners area (from the werkvoorraad or the dashboard)."""
        page = self.show_area("Inwoners")
        if page is not None:
            page.open_resident(resident_id)

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        widget = self.areas.get(self.sidebar.item(row).text())
        if widget is not None:
            self.stack.setCurrentWidget(widget)

    def unsaved_windows(self) -> list[QWidget]:
        """Open forms (the plan editor is not modal, so it can be open beside the main window) and forms inside
        an area (Beheer's letter texts and letterhead) with changes nobody saved. Switching areas keeps an area
        as it was, so only closing Koers can lose them."""
        from PySide6.QtWidgets import QApplication, QDialog

        windows = [w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible()
                   and not (isinstance(w, QDialog) and w.result() == QDialog.DialogCode.Accepted)]  # saved: done
        inside = [child for area in self.areas.built() for child in area.findChildren(QWidget)
                  if not child.isWindow()]  # a dialog parented to an area is a window: counted above, if open
        return [w for w in windows + inside if callable(getattr(w, "has_changes", None)) and w.has_changes()]

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.unsaved_windows()
        if unsaved:
            from desktop.ui import dialogs

            names = "\n".join(f"- {w.windowTitle() if w.isWindow() else getattr(w, 'unsaved_label', 'een formulier')}"
                              for w in unsaved)
            if not dialogs.ask_confirm(
                    self, "Niet-opgeslagen wijzigingen",
                    f"Deze vensters hebben wijzigingen die niet zijn opgeslagen:\n{names}\n\nKies Terug om ze eerst op "
                    "te slaan. Sluit u Koers toch af, dan bewaart Koers de tekst van een plan of evaluatie als concept "
                    "en biedt hem de volgende keer aan; andere wijzigingen gaan verloren.",
                    yes="Toch afsluiten", no="Terug", safe_default=True):
                event.ignore()
                return
            for window in unsaved:
                keep = getattr(window, "keep_draft", None)
                if callable(keep):
                    keep()
        if self.backup_task is not None:
            self.backup_task.wait()  # never leave a half-made backup behind
        for widget in self.areas.built():  # an import or export still running finishes or rolls back first
            if callable(getattr(widget, "wait", None)):
                widget.wait()
        if self.idle_lock is not None:
            self.idle_lock.stop()
        if self.db is not None:
            self.db.dispose()
        super().closeEvent(event)
