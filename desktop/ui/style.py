"""One calm look: Fusion, a light palette, a quiet side bar, one accent colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f5f8b"
ACCENT_SOFT = "#e3eef6"
WARN = "#9a3412"
WARN_SOFT = "#fdecea"
MUTED = "#5b6670"

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
#SideBar {{ background: #24323d; border: none; color: #e8eef2; font-size: 11pt; outline: 0; }}
#SideBar::item {{ padding: 10px 16px; border-left: 3px solid transparent; }}
#SideBar::item:selected {{ background: #2f4250; border-left: 3px solid #7fb3d5; color: white; }}
#SideBarTitle {{ background: #24323d; color: white; font-size: 15pt; font-weight: 600; padding: 16px; }}
#PageTitle {{ font-size: 15pt; font-weight: 600; color: #1d2a33; }}
#Muted {{ color: {MUTED}; }}
#FileHeader {{ background: {ACCENT_SOFT}; border-radius: 6px; }}
#FileName {{ font-size: 14pt; font-weight: 600; color: #1d2a33; }}
#ErrorPanel {{ background: {WARN_SOFT}; color: {WARN}; border: 1px solid #f5c2c0; border-radius: 6px;
               padding: 8px; }}
#WarningPanel {{ background: #fff7e6; color: #7a4a00; border: 1px solid #f3d79b; border-radius: 6px;
                 padding: 8px; }}
#InfoPanel {{ background: #eef5fb; color: #1d3f5c; border: 1px solid #c5dcef; border-radius: 6px;
              padding: 8px; }}
#FieldError {{ color: {WARN}; }}
#ResultBox {{ background: #fafbfc; border: 1px solid #e1e5e9; border-radius: 4px; }}
QLineEdit, QPlainTextEdit {{ background: white; border: 1px solid #aeb8c2; border-radius: 3px; padding: 3px 4px; }}
QLineEdit:disabled, QPlainTextEdit:disabled {{ background: #eef1f3; color: #7a858e; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {ACCENT}; padding: 2px 3px; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {WARN}; padding: 2px 3px; }}
QDateEdit[invalid="true"], QComboBox[invalid="true"] {{ border: 2px solid {WARN}; }}
QTableView {{ gridline-color: #e6e9ec; selection-background-color: {ACCENT}; selection-color: white;
              alternate-background-color: #f7f9fa; }}
QHeaderView::section {{ background: #eef1f3; padding: 4px 6px; border: none; border-bottom: 1px solid #d5dbe0;
                        font-weight: 600; color: #33414b; }}
QPushButton {{ background: white; border: 1px solid #aeb8c2; border-radius: 4px; padding: 5px 13px; }}
QPushButton:hover {{ background: #f0f4f7; }}
QPushButton:pressed {{ background: {ACCENT_SOFT}; }}
QPushButton:disabled {{ color: #9aa4ad; border-color: #d5dbe0; }}
QPushButton:flat {{ border: none; background: transparent; }}
QPushButton#Primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; font-weight: 600; }}
QPushButton#Primary:hover {{ background: #174a6d; }}
QPushButton#Primary:disabled {{ background: #9fb6c7; border-color: #9fb6c7; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; padding: 4px 12px; }}
QPushButton#Primary:focus {{ border: 2px solid #0b2f47; }}
/* A choice that cannot be undone (destroying files): red, and never the default button. */
QPushButton#Danger {{ background: #a1262b; color: white; border: 1px solid #a1262b; font-weight: 600; }}
QPushButton#Danger:hover {{ background: #86191e; }}
QPushButton#Danger:disabled {{ background: #d9a8aa; border-color: #d9a8aa; color: white; }}
QPushButton#Danger:focus {{ border: 2px solid #4d0d10; }}
QPushButton:flat:focus {{ border: 2px solid {ACCENT}; }}
#SideBar:focus {{ border-right: 3px solid #7fb3d5; }}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 2px solid {ACCENT}; }}
QTabWidget::pane {{ border: 1px solid #d5dbe0; border-radius: 4px; top: -1px; }}
QTextBrowser {{ border: none; }}
/* The resident's file has eight tabs beside the list: compact tabs keep them in view on a 1366 laptop. */
QTabWidget#FileTabs > QTabBar::tab {{ background: #e9edf0; color: #2b3640; border: 1px solid #d5dbe0;
    border-bottom: none; border-top-left-radius: 4px; border-top-right-radius: 4px; padding: 5px 4px;
    margin-right: 0px; }}
QTabWidget#FileTabs > QTabBar::tab:selected {{ background: white; color: #111; }}
QTabWidget#FileTabs > QTabBar::tab:hover:!selected {{ background: #f3f5f7; }}
QTabWidget#FileTabs > QTabBar::tab:focus {{ border: 2px solid {ACCENT}; border-bottom: none; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f6f8"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d2a33"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d2a33"))
    app.setPalette(palette)
    font = app.font()
    if font.pointSize() < 10:
        font = QFont(font.family(), 10)
        app.setFont(font)
    app.setStyleSheet(STYLESHEET)
