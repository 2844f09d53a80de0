"""One way to set up a read-only table view, so every list in Koers behaves the same."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def make_table_view(model: QAbstractItemModel, *, long_list: bool = False,
                    widths: tuple[int, ...] = (), name: str = "") -> QTableView:
    """`long_list`: a paged database list; fixed row heights and set column widths, so Qt never measures
    100,000 rows. Otherwise a short list whose columns fit their contents. `name`: what a screen reader calls
    the list (a list has no label of its own)."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the list for the next control; arrows move within it
    view.setWordWrap(False)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    columns = view.horizontalHeader()
    if long_list:
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
    else:
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    columns.setStretchLastSection(True)
    return view
