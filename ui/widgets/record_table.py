"""A read-only table of records (cases, signals, follow-ups): one row chosen at a time.

Every list of domain records is shown the same way: whole rows selected, one at a time,
never edited in place, alternating rows, no row numbers, the last column stretched. Tab
leaves the table instead of walking its cells, so keyboard users reach the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

__all__ = ["record_table_view"]


def record_table_view(
    model: QAbstractItemModel, parent: QWidget | None = None, *, sortable: bool = True
) -> QTableView:
    """A `QTableView` on `model` set up as a read-only list of records.

    Args:
        model: the records (usually a proxy or a `QAbstractTableModel` from `ui/models`).
        parent: Qt parent.
        sortable: whether a header click sorts (off where the order means something).
    """
    view = QTableView(parent)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    return view
