"""Beheer: users, the permission table (the same one the core enforces), the catalogue with its tariffs,
terms, holidays, letters, settings and backups."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Complexity, Role
from desktop.core import catalog
from desktop.core.access import permissions
from desktop.core.access import users as auth
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.labels import COMPLEXITY, ROLE
from desktop.core.maintenance import backup
from desktop.core.nl import format_date, format_money
from desktop.core.parse import Fields, parse_date, parse_money
from desktop.core.settings import gemeentecode, idle_lock_minutes, set_gemeentecode, set_idle_lock_minutes
from desktop.ui import dialogs
from desktop.ui.admin.user_dialogs import ContactDialog, NewUserDialog, PasswordDialog, TeamDialog
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.lazy import LazyPage
from desktop.ui.widgets.screen_fit import ScrollingTabs
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view as _table


def _budget_page(db: Database, actor: Actor) -> QWidget:
    from desktop.ui.reports.budget_page import BudgetPage

    return BudgetPage(db, actor)


_LazyPage = LazyPage  # the Begroting tab (see desktop/ui/widgets/lazy.py)


class AdminPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._users: list[auth.UserRow] = []
        title = QLabel("Beheer", objectName="PageTitle")
        self.tabs = ScrollingTabs()
        self.tabs.addTab(self._users_tab(), "Gebruikers")
        self.tabs.addTab(self._permissions_tab(), "Rechten per rol")
        from desktop.ui.admin.catalogue.tab import CatalogueTab

        self.catalogue_tab = CatalogueTab(db, actor, self._tariffs_tab())
        self.catalogue_tab.changed.connect(self.refresh_tariff_choices)
        self.tabs.addTab(self.catalogue_tab, "Catalogus")
        from desktop.ui.admin.deadlines_tab import DeadlinesTab

        self.deadlines_tab = DeadlinesTab(db, actor)
        self.tabs.addTab(self.deadlines_tab, "Termijnen")
        from desktop.ui.admin.holidays_tab import HolidaysTab

        self.holidays_tab = HolidaysTab(db, actor)
        self.tabs.addTab(self.holidays_tab, "Feestdagen")
        self.letters_tab = None
        if permissions.allows(actor.role, permissions.Action.LETTER_TEXTS_MANAGE):
            from desktop.ui.admin.letters_tab import LettersTab

            self.letters_tab = LettersTab(db, actor)
            self.tabs.addTab(self.letters_tab, "Brieven")
        self.budget_tab: _LazyPage | None = None
        if permissions.allows(actor.role, permissions.Action.BUDGET_MANAGE):
            self.budget_tab = _LazyPage(lambda: _budget_page(db, actor))
            self.tabs.addTab(self.budget_tab, "Begroting")
        self.access_tab = None
        if permissions.allows(actor.role, permissions.Action.PRIVACY_EXPORT):  # the AVG access request
            from desktop.ui.residents.access_export import AccessExportPanel

            self.access_tab = AccessExportPanel(db, actor)
            self.tabs.addTab(self.access_tab, "Inzageverzoek")
        self.import_tab = None
        if permissions.allows(actor.role, permissions.Action.CASEFILE_IMPORT):  # files from another system
            from desktop.ui.admin.casefile_import_tab import CaseFileImportTab

            self.import_tab = CaseFileImportTab(db, actor)
            self.tabs.addTab(self.import_tab, "Dossiers inlezen")
        self.retention_tab = None
        if permissions.allows(actor.role, permissions.Action.RETENTION_MANAGE):
            from desktop.ui.admin.retention_tab import RetentionTab

            self.retention_tab = RetentionTab(db, actor)
            self.tabs.addTab(self.retention_tab, "Bewaartermijnen")
        self.tabs.addTab(self._settings_tab(), "Instellingen en reservekopieën")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self.refresh_users()

    # --- users

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users_model = RowsTableModel(["Gebruikersnaam", "Naam", "Rol", "Team", "Status", "Telefoon", "E-mail"])
        self.users_view = _table(self.users_model, name="Gebruikers")
        self.users_view.selectionModel().selectionChanged.connect(self._user_selected)
        self.add_button = QPushButton("Nieuwe gebruiker…", objectName="Primary")
        self.add_button.clicked.connect(self.add_user)
        self.password_button = QPushButton("Wachtwoord instellen…")
        self.password_button.clicked.connect(self.set_password)
        self.contact_button = QPushButton("Telefoon en e-mail…")
        self.contact_button.setToolTip("Staan in elke brief bij 'Heeft u vragen?'")
        self.contact_button.clicked.connect(self.set_contact)
        self.team_button = QPushButton("Team…")
        self.team_button.setToolTip("Een casusregisseur ziet bij Termijnen de consulenten van haar team")
        self.team_button.clicked.connect(self.set_team)
        self.active_button = QPushButton("Uitschakelen")
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button = QPushButton("Blokkade opheffen")
        self.unlock_button.clicked.connect(self.unlock)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.password_button, self.contact_button, self.team_button, self.active_button,
                  self.unlock_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.users_view, 1)
        return page

    def refresh_users(self) -> None:
        self._users = auth.list_all_users(self._db, self._actor)
        self.users_model.set_rows(
            [(u.username, u.display_name, ROLE[u.role], u.team or "",
              "geblokkeerd" if u.locked else ("actief" if u.active else "uitgeschakeld"), u.phone or "",
              u.email or "") for u in self._users],
            warn_rows=[i for i, u in enumerate(self._users) if u.locked or not u.active])
        self._user_selected()

    def selected_user(self) -> auth.UserRow | None:
        rows = self.users_view.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def _user_selected(self, *_) -> None:
        user = self.selected_user()
        for b in (self.password_button, self.contact_button, self.team_button, self.active_button,
                  self.unlock_button):
            b.setEnabled(user is not None)
        if user is not None:
            self.active_button.setText("Uitschakelen" if user.active else "Inschakelen")
            self.unlock_button.setEnabled(user.locked)

    def add_user(self) -> None:
        if NewUserDialog(self._db, self._actor, self).exec():
            self.refresh_users()

    def set_password(self) -> None:
        user = self.selected_user()
        if user and PasswordDialog(self._db, self._actor, user.username, self).exec():
            dialogs.show_info(self, "Wachtwoord", f"Het wachtwoord van {user.username} is gezet.")

    def set_contact(self) -> None:
        user = self.selected_user()
        if user and ContactDialog(self._db, self._actor, user, self).exec():
            self.refresh_users()

    def set_team(self) -> None:
        user = self.selected_user()
        if user and TeamDialog(self._db, self._actor, user, self).exec():
            self.refresh_users()

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        try:
            auth.set_active(self._db, self._actor, user.username, not user.active)
        except KoersError as exc:
            dialogs.show_error(self, "Niet gewijzigd", exc.message)
            return
        self.refresh_users()

    def unlock(self) -> None:
        user = self.selected_user()
        if user is not None:
            auth.unlock(self._db, self._actor, user.username)
            self.refresh_users()

    # --- permissions

    def _permissions_tab(self) -> QWidget:
        page = QWidget()
        roles = list(Role)
        rows = [(label, *(cells[r] for r in roles)) for label, cells in permissions.table()]
        self.permissions_model = RowsTableModel(["Wat", *(ROLE[r] for r in roles)], rows)
        view = _table(self.permissions_model, name="Rechten per rol")
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = QLabel("Deze tabel is dezelfde die Koers bij elke handeling controleert. 'met reden': toegestaan, "
                      "maar de consulent geeft een reden op die in het toegangslog komt.", objectName="Muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(view, 1)
        return page

    # --- tariffs

    def _tariffs_tab(self) -> QWidget:
        page = QWidget()
        self.tariffs_model = RowsTableModel(["Product", "Aanbieder", "Zwaarte", "Tarief per uur", "Geldig vanaf"],
                                            right_aligned=(3,))
        self.tariff_product = QComboBox()
        for p in catalog.list_products(self._db, self._actor):
            self.tariff_product.addItem(p.label, p.id)
        self.tariff_level = QComboBox()
        for level in Complexity:
            self.tariff_level.addItem(COMPLEXITY[level], level)
        self.tariff_provider = QComboBox()
        self.tariff_provider.addItem("Regionaal tarief (alle aanbieders)", None)
        for a in catalog.list_aanbieders(self._db, self._actor):
            self.tariff_provider.addItem(a.name, a.id)
        self.tariff_amount = QLineEdit(placeholderText="62,50")
        self.tariff_from = QLineEdit(placeholderText="dd-mm-jjjj")
        self.tariff_error = QLabel(objectName="ErrorPanel")
        self.tariff_error.setWordWrap(True)
        self.tariff_error.hide()
        save = QPushButton("Tarief vastleggen", objectName="Primary")
        save.clicked.connect(self.save_tariff)
        form = QFormLayout()
        form.addRow("Product", self.tariff_product)
        form.addRow("Zwaarte", self.tariff_level)
        form.addRow("Aanbieder", self.tariff_provider)
        form.addRow("Tarief per uur (€)", self.tariff_amount)
        form.addRow("Geldig vanaf", self.tariff_from)
        form.addRow("", save)
        note = QLabel("Een nieuw tarief geldt vanaf de gekozen datum; oudere tarieven blijven gelden voor "
                      "beschikkingen die eerder ingaan. Een tarief van een aanbieder gaat voor het regionale.",
                      objectName="Muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.tariff_error)
        layout.addLayout(form)
        layout.addWidget(_table(self.tariffs_model, name="Tarieven"), 1)
        self.refresh_tariffs()
        return page

    def refresh_tariff_choices(self) -> None:
        """After the catalogue changed: the tariff form offers the new products and aanbieders, choices kept."""
        for combo, rows, first in ((self.tariff_product, [(p.label, p.id) for p in
                                                          catalog.list_products(self._db, self._actor)], None),
                                   (self.tariff_provider, [(a.name, a.id) for a in
                                                           catalog.list_aanbieders(self._db, self._actor)],
                                    "Regionaal tarief (alle aanbieders)")):
            current = combo.currentData()
            combo.clear()
            if first:
                combo.addItem(first, None)
            for text, value in rows:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self.refresh_tariffs()

    def refresh_tariffs(self) -> None:
        self.tariffs_model.set_rows([(t.product, t.aanbieder, t.complexity, format_money(Decimal(t.amount_cents) / 100),
                                      format_date(t.valid_from)) for t in catalog.list_tariffs(self._db, self._actor)])

    def save_tariff(self) -> None:
        self.tariff_error.hide()
        read = Fields()
        amount = read(parse_money, self.tariff_amount.text(), "het tarief", field="amount", required=True)
        start = read(parse_date, self.tariff_from.text(), "de datum vanaf wanneer het tarief geldt", field="valid_from",
                     required=True)
        if self.tariff_product.currentData() is None:
            read.add("product", "Er is nog geen product in de catalogus: voeg eerst een product toe (tab Producten).")
        fields = {"amount": self.tariff_amount, "valid_from": self.tariff_from, "product": self.tariff_product}
        clear_marks(fields.values())
        try:
            read.raise_if_any("Het tarief is niet opgeslagen. Herstel eerst:")
            catalog.set_tariff(self._db, self._actor, self.tariff_product.currentData(),
                               self.tariff_level.currentData(), amount, start,
                               aanbieder_id=self.tariff_provider.currentData())
        except KoersError as exc:
            self.tariff_error.setText(error_text(exc))
            self.tariff_error.show()
            mark_fields(fields, exc.field_errors)
            return
        self.tariff_amount.clear()
        self.refresh_tariffs()

    # --- settings and backups

    def _settings_tab(self) -> QWidget:
        page = QWidget()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(" minuten")
        self.idle_minutes.setAccessibleName("Scherm vergrendelen na")  # in a row with its button: no buddy
        self.idle_minutes.setValue(idle_lock_minutes(self._db))
        save = QPushButton("Opslaan")
        save.clicked.connect(self.save_settings)
        row = QHBoxLayout()
        row.addWidget(self.idle_minutes)
        row.addWidget(save)
        row.addStretch(1)
        self.gemeentecode = QLineEdit(gemeentecode(self._db) or "", placeholderText="0384", maxLength=4)
        self.gemeentecode.setAccessibleName("Gemeentecode (iWmo-afzender)")
        self.gemeentecode.setToolTip("De CBS-code van de gemeente (vier cijfers): de afzender van elk iWmo-bericht")
        self.gemeentecode.setMaximumWidth(self.gemeentecode.fontMetrics().horizontalAdvance("0000000000"))
        self.gemeentecode_save = QPushButton("Opslaan")
        self.gemeentecode_save.clicked.connect(self.save_gemeentecode)
        self.gemeentecode.returnPressed.connect(self.save_gemeentecode)
        code_row = QHBoxLayout()
        code_row.addWidget(self.gemeentecode)
        code_row.addWidget(self.gemeentecode_save)
        code_row.addStretch(1)
        form = QFormLayout()
        form.addRow("Scherm vergrendelen na", row)
        form.addRow("Gemeentecode (iWmo-afzender)", code_row)
        self.backup_button = QPushButton("Nu een reservekopie maken")
        self.backup_button.clicked.connect(self.make_backup)
        self.backup_button.setEnabled(self._db.is_sqlite)
        self.backups_model = RowsTableModel(["Reservekopie", "Gemaakt", "Grootte"], right_aligned=(2,))
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Reservekopieën (de laatste 14 blijven bewaard; Koers maakt er elke dag één bij de "
                                "eerste start)", objectName="Muted"))
        layout.addWidget(self.backup_button)
        layout.addWidget(_table(self.backups_model, name="Reservekopieën"), 1)
        self.refresh_backups()
        return page

    def save_settings(self) -> None:
        try:
            set_idle_lock_minutes(self._db, self._actor, self.idle_minutes.value())
        except KoersError as exc:
            dialogs.show_error(self, "Niet opgeslagen", exc.message)
            return
        window = self.window()
        if getattr(window, "idle_lock", None) is not None:
            window.idle_lock.set_minutes(self.idle_minutes.value())
        dialogs.show_info(self, "Opgeslagen", "De vergrendeltijd is opgeslagen.")

    def save_gemeentecode(self) -> None:
        try:
            code = set_gemeentecode(self._db, self._actor, self.gemeentecode.text())
        except KoersError as exc:
            dialogs.show_error(self, "Niet opgeslagen", exc.message)
            return
        self.gemeentecode.setText(code)
        dialogs.show_info(self, "Opgeslagen", f"Gemeentecode {code} is opgeslagen: de afzender van elk iWmo-bericht.")

    def refresh_backups(self) -> None:
        if not self._db.is_sqlite:
            self.backups_model.set_rows([("Gedeelde database: reservekopieën maakt de databaseserver", "", "")])
            return
        found = backup.list_backups(backup.backup_dir(self._db.path))
        self.backups_model.set_rows([(b.path.name, b.made.strftime("%d-%m-%Y %H:%M"),
                                      f"{b.size / 1_048_576:.1f} MB".replace(".", ",")) for b in found])

    def make_backup(self) -> None:
        try:
            target = backup.make_backup(self._db, actor=self._actor)
        except KoersError as exc:
            dialogs.show_error(self, "Reservekopie", exc.message)
            return
        self.refresh_backups()
        dialogs.show_info(self, "Reservekopie", f"Reservekopie gemaakt: {target}")
