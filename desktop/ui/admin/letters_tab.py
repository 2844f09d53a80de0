"""Beheer > Brieven: the wording of the decision letters (with a live preview) and the letterhead and logo."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.ui.letters.letterhead_form import LetterheadForm
from desktop.ui.letters.text_editor import LetterTextEditor


class LettersTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        note = QLabel("De teksten en het briefhoofd gelden voor alle brieven die vanaf nu worden gemaakt. Brieven die "
                      "al zijn gemaakt, blijven precies zoals ze zijn verstuurd.", objectName="Muted")
        note.setWordWrap(True)
        self.editor = LetterTextEditor(db, actor, self)
        self.letterhead = LetterheadForm(db, actor, self)
        self.letterhead.saved.connect(self.editor.settings_changed)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.editor, "Teksten")
        self.tabs.addTab(self.letterhead, "Briefhoofd en logo")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
