"""Accessibility: for every role, every area, every tab inside an area and every tab of a resident's file, each
visible control a screen reader lands on has a name, and each button is reachable by Tab or a shortcut; and no
shortcut works that the help (F1) does not list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from desktop.ui.main_window import MainWindow
from desktop.ui.shortcuts import shortcuts

ROLES = ["consulent", "casusregisseur", "medewerker", "beheerder", "controller"]
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit,
               QPlainTextEdit, QSlider, QTabBar)  # QCheckBox is a QAbstractButton, QDateEdit a QAbstractSpinBox


def _window(qtbot, demo_path, actor) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_database(str(demo_path), actor=actor)
    window.activateWindow()  # shortcuts work in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt makes inside a control, named (or skipped) by the control itself for a screen reader: the scroll
    arrows of a tab bar, the line edit inside a spin box, date edit or editable combo box, the clear button of a
    line edit, the corner button and the headers of a table (their sections carry the column names)."""
    parent = widget.parentWidget()
    return isinstance(parent, QTabBar | QAbstractSpinBox | QComboBox | QLineEdit | QAbstractItemView)


def _name(widget: QWidget) -> str:
    """What a screen reader says the control is: its accessible name, a button's text, or the text of the label
    whose buddy it is (Qt's rule: a sibling label; QFormLayout.addRow(text, field) sets that buddy)."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    if isinstance(widget, QTabBar):  # a tab bar is read as its tabs, each by its text
        texts = [widget.tabText(i) for i in range(widget.count())]
        return ", ".join(texts) if all(t.strip() for t in texts) else ""
    parent = widget.parentWidget()
    for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly) if parent else []:
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def _controls(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisible()
            and w.isEnabled() and not _qt_internal(w)]


def _describe(widget: QWidget) -> str:
    tip = widget.toolTip().splitlines()[0] if widget.toolTip() else ""
    placeholder = widget.placeholderText() if isinstance(widget, QLineEdit) else ""
    return (f"{type(widget).__name__}(objectName={widget.objectName()!r}, tip={tip!r}, placeholder={placeholder!r},"
            f" parent={type(widget.parentWidget()).__name__})")


def _each_screen(qtbot, window: MainWindow, monkeypatch):
    """Visits every area, every tab of every tab widget in it, and (in Inwoners) an opened resident's file with
    each of its tabs; yields (where, window) at each stop."""
    from desktop.ui import dialogs

    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "toegankelijkheid nagaan")  # a file outside caseload
    for row in range(window.sidebar.count()):
        name = window.sidebar.item(row).text()
        window.sidebar.setCurrentRow(row)
        area = window.areas[name]
        qtbot.waitUntil(area.isVisible, timeout=2000)
        QApplication.processEvents()
        if name == "Inwoners":
            area.table.selectRow(0)
            area.open_selected()
        # No control flashes up as a window of its own while an area is built: that takes the keyboard away.
        assert QApplication.activeWindow() is window, f"{name}: het hoofdvenster is niet meer actief"
        yield name
        seen: set[int] = set()
        while True:  # tabs may hold tab widgets (built when shown): walk until none is left unvisited
            todo = [t for t in area.findChildren(QTabWidget) if t.isVisible() and id(t) not in seen]
            if not todo:
                break
            for tabs in todo:
                seen.add(id(tabs))
                for index in range(tabs.count()):
                    if tabs.isTabEnabled(index):
                        tabs.setCurrentIndex(index)
                        QApplication.processEvents()
                        yield f"{name} › {tabs.tabText(index)}"


def _demo_has(demo_actor, role: str) -> bool:
    try:
        return demo_actor(role) is not None
    except Exception:
        return False


@pytest.mark.parametrize("role", ROLES)
def test_every_control_has_a_name(qtbot, demo_path, demo_actor, monkeypatch, role):
    if not _demo_has(demo_actor, role):
        pytest.skip(f"geen demo-gebruiker met de rol {role}")
    window = _window(qtbot, demo_path, demo_actor(role))
    offenders: dict[int, str] = {}
    checked = 0
    for where in _each_screen(qtbot, window, monkeypatch):
        for widget in _controls(window):
            checked += 1
            if not _name(widget) and id(widget) not in offenders:
                offenders[id(widget)] = f"{where}: {_describe(widget)}"
    assert checked
    assert not offenders, "zonder toegankelijke naam:\n" + "\n".join(offenders.values())


def _reachable(widget: QWidget, keys: set[str]) -> bool:
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    return isinstance(widget, QAbstractButton) and bool(widget.shortcut().toString()) \
        and widget.shortcut().toString() in keys


def _window_keys(window: QWidget) -> set[str]:
    portable = QKeySequence.SequenceFormat.PortableText
    keys = {s.key().toString(portable) for s in window.findChildren(QShortcut) if not s.key().isEmpty()}
    keys |= {k.toString(portable) for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty()}
    return keys


def _listed_keys(areas: list[str]) -> set[str]:
    """The key sequences of the help dialog, from its 'Toetsen' column ('Ctrl++ / Ctrl+- / Ctrl+0': three)."""
    listed: set[str] = set()
    for shortcut in shortcuts(areas):
        for part in shortcut.keys.split(" / "):
            listed.add(QKeySequence(part).toString(QKeySequence.SequenceFormat.PortableText))
    return listed


@pytest.mark.parametrize("role", ROLES)
def test_every_button_is_reachable_by_keyboard_and_every_shortcut_is_listed(qtbot, demo_path, demo_actor,
                                                                           monkeypatch, role):
    if not _demo_has(demo_actor, role):
        pytest.skip(f"geen demo-gebruiker met de rol {role}")
    window = _window(qtbot, demo_path, demo_actor(role))
    unreachable: dict[int, str] = {}
    for where in _each_screen(qtbot, window, monkeypatch):
        keys = _window_keys(window)
        for widget in _controls(window):
            if isinstance(widget, QPushButton | QToolButton) and not _reachable(widget, keys):
                unreachable.setdefault(id(widget), f"{where}: {_name(widget) or _describe(widget)}")
    assert not unreachable, "niet met Tab of een sneltoets te bereiken:\n" + "\n".join(unreachable.values())
    unlisted = _window_keys(window) - _listed_keys(window.area_names())
    # Ctrl+n past the last area is registered but does nothing: pressing it leaves the area as it was.
    beyond = {f"Ctrl+{n}" for n in range(len(window.area_names()) + 1, 10)}
    shown = window.stack.currentWidget()
    for keys in sorted(unlisted & beyond):
        qtbot.keyClick(window, QKeySequence(keys)[0].key(), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is shown, f"{keys} doet iets wat F1 niet noemt"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # while a listed one does
    assert window.stack.currentWidget() is window.areas[window.area_names()[0]]
    assert not unlisted - beyond, f"sneltoetsen die F1 niet noemt: {sorted(unlisted - beyond)}"
