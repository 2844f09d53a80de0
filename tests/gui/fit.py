"""Does a window fit the common municipal laptop (1366×768) at 100 % and at 125 % scaling?

The client area a window can have there: the screen, less the Windows task bar (40 px, at 125 % 32 logical px)
and the window frame (about 40 px). At 125 % Qt lays out in logical pixels: 1093×614 for the whole screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

LAPTOP = {"100 %": QSize(1366 - 16, 768 - 40 - 40), "125 %": QSize(1093 - 16, 614 - 32 - 40)}
REACHABLE = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit)


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport (below the window): reachable by scrolling, wherever it is now."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def out_of_reach(window: QWidget) -> list[str]:
    """Controls (buttons, fields, lists) that are cut off by the window or by a container too small for them."""
    problems = []
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, REACHABLE + (QAbstractItemView,)) and w.window() is window]  # not a child dialog
    for w in controls:
        if not w.isVisibleTo(window) or isinstance(w.parentWidget(), (QTabBar, QScrollBar)) or _scrolled(w, window):
            continue
        if isinstance(w.parentWidget(), QAbstractScrollArea) or isinstance(w, QScrollBar):
            continue  # a scroll area's own corner buttons
        name = f"{type(w).__name__} '{getattr(w, 'text', lambda: '')() or w.objectName() or w.accessibleName()}'"
        parent, rect = w.parentWidget(), QRect(QPoint(0, 0), w.size())
        child = w
        while parent is not None:
            rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
            if not parent.rect().contains(rect):
                problems.append(f"{name} valt buiten {type(parent).__name__} ({rect} in {parent.rect()})")
                break
            if parent is window:
                break
            child, parent = parent, parent.parentWidget()
        if isinstance(w, QAbstractItemView) and w.model() is not None and w.model().rowCount() >= 3:
            row = w.sizeHintForRow(0) if w.sizeHintForRow(0) > 0 else 20
            if w.viewport().height() < 2 * row:
                problems.append(f"{name}: de lijst is samengeknepen tot {w.viewport().height()} px")
    return problems


def assert_fits(window: QWidget, name: str) -> None:
    """At each laptop size: the window can be that small, and every control is then within reach."""
    for scale, size in LAPTOP.items():
        window.resize(size)
        QApplication.processEvents()
        needed = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert window.width() <= size.width() and window.height() <= size.height(), (
            f"{name} past niet op 1366×768 bij {scale}: minstens {needed.width()}×{needed.height()} nodig, "
            f"beschikbaar {size.width()}×{size.height()}")
        problems = out_of_reach(window)
        assert not problems, f"{name} bij {scale}: " + "; ".join(problems)


def assert_opens_within_the_screen(window: QWidget, name: str) -> None:
    """Opened as it comes (on the 1366×768 test screen, which has no task bar): no larger than the screen less
    the window frame."""
    size = QSize(1366 - 16, 768 - 40)
    assert window.width() <= size.width() and window.height() <= size.height(), (
        f"{name} opent op {window.width()}×{window.height()}, groter dan {size.width()}×{size.height()}")

