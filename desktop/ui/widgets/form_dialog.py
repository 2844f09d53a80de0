"""A small form as a dialog: the error panel on top, the fields, and OK/Annuleren below.

`attempt` runs one core call and, on a KoersError, shows every problem at once and marks the fields it names;
problems found before the call (a typed date that is no date) are shown together with the core's own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KoersError, ValidationError
from desktop.core.parse import Fields, parse_date
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding


def text_area(placeholder: str, *, max_height: int = 90) -> QPlainTextEdit:
    """A few lines of explanation or reason in a form: Tab moves on to the next field instead of typing a tab."""
    field = QPlainTextEdit(placeholderText=placeholder)
    field.setTabChangesFocus(True)
    field.setMaximumHeight(max_height)
    return field


class FormDialog(AsksBeforeDiscarding, QDialog):
    """Subclasses fill `self.form` and `self.fields` and implement `submit` (OK and Enter call it)."""

    def __init__(self, title: str, parent: QWidget | None, *, ok_text: str = "Opslaan", min_width: int = 600):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.fields: dict[str, QWidget] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def dates(self, **typed: tuple[QLineEdit, str]) -> tuple[dict[str, date | None], dict[str, str]]:
        read = Fields()
        values = {name: read(parse_date, field.text(), label, field=name) for name, (field, label) in typed.items()}
        return values, dict(read.errors)

    def fail(self, exc: KoersError, early: dict[str, str] | None = None) -> None:
        """Shows the problems (with `early` ones first) and marks their fields; the input stays as typed."""
        clear_marks(self.fields.values())
        early = early or {}
        problems = list(early.values()) + [p for p in (exc.problems or [exc.message]) if p not in early.values()]
        shown = ValidationError(exc.message if exc.problems else "Niet opgeslagen. Herstel eerst:",
                                problems=problems)
        self.error_panel.setText(error_text(shown))
        self.error_panel.show()
        self.adjustSize()  # the panel's wrapped lines need room: never over the note or the fields
        mark_fields(self.fields, {**early, **exc.field_errors})

    def attempt(self, action: Callable[[], object], early: dict[str, str] | None = None) -> bool:
        """Runs `action` and closes the form, or shows what is wrong and keeps it open."""
        clear_marks(self.fields.values())
        self.error_panel.hide()
        try:
            action()
        except KoersError as exc:
            self.fail(exc, early)
            return False
        self.accept()
        return True

    def submit(self) -> None:  # pragma: no cover - the one hook every form implements
        raise NotImplementedError
