"""Marking the fields a Dutch error message is about: a red border (style sheet 'invalid') and the
message as tooltip; the first marked field gets the focus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def _set_invalid(widget: QWidget, invalid: bool, message: str = "") -> None:
    widget.setProperty("invalid", invalid)
    widget.setToolTip(message)
    widget.style().unpolish(widget)  # re-apply the style sheet for the changed property
    widget.style().polish(widget)


def mark_fields(fields: Mapping[str, QWidget], messages: Mapping[str, str]) -> QWidget | None:
    first = None
    for name, message in messages.items():
        widget = fields.get(name)
        if widget is not None:
            _set_invalid(widget, True, message)
            first = first or widget
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
    return first


def clear_marks(widgets: Iterable[QWidget]) -> None:
    for widget in widgets:
        if widget.property("invalid"):
            _set_invalid(widget, False)
