"""Every keyboard shortcut in one table: the help dialog (F1) lists it, so what it says is what works."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


@dataclass(frozen=True)
class Shortcut:
    keys: str
    does: str
    where: str


def shortcuts(areas: list[str]) -> list[Shortcut]:
    """The shortcuts of this session: the area keys follow the side bar of the signed-in role."""
    numbered = [Shortcut(f"Ctrl+{n}", f"Naar {name}", "overal in het hoofdvenster")
                for n, name in enumerate(areas[:9], start=1)]
    return [
        Shortcut("F1", "Dit overzicht van sneltoetsen", "overal in het hoofdvenster"),
        Shortcut("Shift+F1", "Over Koers: versie, database en logbestand", "overal in het hoofdvenster"),
        *numbered,
        Shortcut("F6", "Wisselen tussen de zijbalk en het gebied", "overal in het hoofdvenster"),
        Shortcut("Tab / Shift+Tab", "Naar het volgende / vorige veld, knop of lijst", "overal"),
        Shortcut("Pijltjes", "Door een lijst of de zijbalk bewegen", "lijsten, zijbalk"),
        Shortcut("Ctrl+Tab / Ctrl+Shift+Tab", "Naar het volgende / vorige tabblad", "dossier, Beheer, tabbladen"),
        Shortcut("Enter", "De gekozen regel openen", "lijsten"),
        Shortcut("Ctrl+F", "Zoeken naar een inwoner", "Inwoners"),
        Shortcut("Ctrl+N", "Een nieuwe inwoner registreren", "Inwoners (consulent)"),
        Shortcut("Ctrl+J", "Een contact vastleggen in het journaal", "Inwoners, tab Journaal"),
        Shortcut("Esc", "Zoekvraag wissen; venster sluiten (na een vraag bij wijzigingen)", "Inwoners, vensters"),
        Shortcut("F5", "Vernieuwen", "Mijn werkvoorraad, Termijnen, Brieven, iWmo-berichten"),
        Shortcut("Ctrl+S", "Opslaan", "formulieren, planeditor"),
        Shortcut("Ctrl+Enter", "De evaluatie opslaan", "evaluatieformulier"),
        Shortcut("Ctrl+P", "Afdrukken", "briefvoorbeeld"),
        Shortcut("Ctrl++ / Ctrl+- / Ctrl+0", "Inzoomen, uitzoomen, op paginabreedte", "briefvoorbeeld"),
    ]


class ShortcutsDialog(QDialog):
    """F1: what the keyboard can do, where."""

    def __init__(self, areas: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sneltoetsen — Koers")
        self.model = RowsTableModel(["Toetsen", "Wat", "Waar"])
        self.model.set_rows([(s.keys, s.does, s.where) for s in shortcuts(areas)])
        self.table = make_table_view(self.model)
        intro = QLabel("Alles in Koers werkt ook zonder muis. Met Tab gaat u naar het volgende veld of de volgende "
                       "knop; de knop of het veld met de blauwe rand heeft de focus.", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        from desktop.ui.widgets.screen_fit import fit_to_screen

        fit_to_screen(self, 900, 580)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
