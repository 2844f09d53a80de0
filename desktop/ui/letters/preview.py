"""A letter on screen before (or after) it goes out: the PDF, what still stops it, print and save.

`LetterPreviewDialog` shows any letter PDF. `show_decision_letter` is what the decision screen's 'Brief
bekijken…' does: the archived letter when one was made (exactly as issued), else a draft marked VOORBEELD.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.ui import dialogs
from desktop.ui.letters.output import print_pdf, save_pdf
from desktop.ui.letters.pdf_view import PdfPreview
from desktop.ui.widgets.screen_fit import fit_to_screen

DRAFT_NOTE = "VOORBEELD — nog niet verzonden"


class LetterPreviewDialog(QDialog):
    """`problems`: what stops the letter (check_decision), shown above it. `note`: one line under the title,
    such as 'Verzonden op 23 november 2026'; `draft=True` adds the VOORBEELD label."""

    def __init__(self, title: str, pdf_bytes: bytes, problems: Sequence[str] = (), parent: QWidget | None = None, *,
                 draft: bool = False, note: str = "", file_name: str = "brief.pdf"):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — Koers")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._pdf = pdf_bytes
        self._file_name = file_name

        heading = QLabel(title, objectName="PageTitle")
        heading.setWordWrap(True)
        self.draft_label = QLabel(DRAFT_NOTE, objectName="WarningPanel")
        self.draft_label.setVisible(draft)
        self.note_label = QLabel(note, objectName="Muted")
        self.note_label.setVisible(bool(note))
        self.problems_panel = QLabel(objectName="WarningPanel")
        self.problems_panel.setWordWrap(True)
        self.problems_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = list(problems)
        if problems:
            self.problems_panel.setText("Deze brief kan nog niet worden gemaakt. Eerst herstellen:\n"
                                        + "\n".join(f"• {p}" for p in problems))
        self.problems_panel.setVisible(bool(problems))
        self.status_label = QLabel("", objectName="Muted")
        self.status_label.setWordWrap(True)

        self.pdf_view = PdfPreview(self)
        self.pdf_view.set_pdf(pdf_bytes)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton("Afdrukken…")
        self.print_button.setToolTip("Afdrukken (Ctrl+P)")
        self.save_button = QPushButton("Opslaan als PDF…")
        self.save_button.setToolTip("Opslaan als PDF (Ctrl+S)")
        self.close_button = QPushButton("Sluiten")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setDefault(True)  # Enter and Escape both close; printing is a deliberate Ctrl+P
        self.print_button.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_letter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_letter)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        for widget in (self.draft_label, self.note_label, self.problems_panel):
            layout.addWidget(widget)
        layout.addWidget(self.pdf_view, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.setTabOrder(self.pdf_view.view, self.print_button)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.close_button)
        self.pdf_view.view.setFocus()
        fit_to_screen(self, 860, 980)

    def print_letter(self) -> None:
        try:
            pages = print_pdf(self, self._pdf, "Brief afdrukken")
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, "Niet afgedrukt", str(exc))
            return
        if pages is not None:
            self.status_label.setText(f"{pages} {'pagina' if pages == 1 else 'pagina’s'} naar de printer gestuurd.")

    def save_letter(self) -> None:
        try:
            path = save_pdf(self, self._pdf, "Brief opslaan als PDF", self._file_name)
        except OSError as exc:
            dialogs.show_error(self, "Niet opgeslagen", f"De brief kon niet worden opgeslagen: {exc.strerror or exc}. "
                                                        "Kies een andere map.")
            return
        if path is not None:
            self.status_label.setText(f"Opgeslagen als {path}.")


def decision_letter_dialog(db: Database, actor: Actor, decision_id: int, parent: QWidget | None = None, *,
                           reason: str | None = None) -> LetterPreviewDialog:
    """The newest archived letter of the decision (exact bytes), or a draft when none was made yet.
    Raises KoersError (also LetterDamaged) when it cannot be shown."""
    from db.clock import AMSTERDAM
    from desktop.core.letters import pipeline
    from desktop.core.letters.texts import KIND_LABEL
    from desktop.core.nl import format_date

    made = pipeline.letters_of_decision(db, actor, decision_id, reason=reason)
    if made:
        newest = made[-1]
        pdf = pipeline.open_letter(db, actor, newest.id, reason=reason)
        if newest.sent_date:
            note = f"Verzonden op {format_date(newest.sent_date)}"
        else:
            note = f"Aangemaakt op {format_date(newest.issued_at.astimezone(AMSTERDAM).date())}, nog niet verzonden"
        if len(made) > 1:
            note += f" · de nieuwste van {len(made)} brieven bij deze beschikking"
        kind = KIND_LABEL[newest.kind]
        return LetterPreviewDialog(f"Brief {kind} {newest.kenmerk}", pdf, parent=parent, note=note,
                                   file_name=f"{newest.kenmerk}.pdf")
    pdf = pipeline.draft_letter(db, actor, decision_id, reason=reason)
    problems = pipeline.check_decision(db, actor, decision_id)
    return LetterPreviewDialog("Voorbeeld van de brief", pdf, problems, parent, draft=True,
                               file_name=f"voorbeeld-beschikking-{decision_id}.pdf")


def show_decision_letter(db: Database, actor: Actor, decision_id: int, parent: QWidget | None = None, *,
                         reason: str | None = None) -> None:
    try:
        dialog = decision_letter_dialog(db, actor, decision_id, parent, reason=reason)
    except KoersError as exc:
        dialogs.show_error(parent, "Brief niet geopend", exc.message)
        return
    dialog.exec()
