"""Closing a form that has unsaved typing asks first ('Wijzigingen weggooien?'), for every form alike.

A dialog takes the mixin before QDialog: what its input widgets hold when it is first shown is remembered, and
Annuleren, Esc or the window's close button ask before anything typed since is thrown away. Forms with their own
notion of changes (the resident form, the plan editor, the evaluation form) keep theirs.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def _state(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText() if widget.isEditable() else None
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    return None


class AsksBeforeDiscarding:
    """Mixin for a QDialog (listed before it)."""

    _shown_state: list[object] | None = None

    def _input_state(self) -> list[object]:
        return [_state(w) for w in self.findChildren(QWidget)  # type: ignore[attr-defined]
                if isinstance(w, INPUTS)]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._shown_state is None:
            self._shown_state = self._input_state()
        super().showEvent(event)  # type: ignore[misc]

    def has_changes(self) -> bool:
        return self._shown_state is not None and self._input_state() != self._shown_state

    def forget_changes(self) -> None:
        """What the form holds now counts as unchanged (after it was filled again from stored data)."""
        self._shown_state = self._input_state()

    def reject(self) -> None:
        from desktop.ui import dialogs

        if self.has_changes() and not dialogs.ask_discard(self):  # type: ignore[arg-type]
            return
        super().reject()  # type: ignore[misc]
