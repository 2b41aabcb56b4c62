"""A small generic table model over a list of frozen domain values, described by columns.

The case file's tabs (subjects, interventions, notes, signals, "also known in"), the
intake inbox and "Mijn werk" are short lists; one tested model with a column spec per
list keeps them alike. Display texts are computed in `data()` from the frozen values
only: no database access, and masking goes through the session each time so that
presentation mode applies at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

__all__ = ["Column", "RecordTableModel"]

T = TypeVar("T")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: header text, display text per record, and optional extras.

    Attributes:
        header: the Dutch column title.
        text: the display text for a record.
        sort_key: how the column sorts (default: its text, case-folded).
        tooltip: a longer text for the tooltip.
        alert: True for records to mark in this column (shown in the warning colour).
        align_right: for dates and numbers.
    """

    header: str
    text: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None
    tooltip: Callable[[T], str] | None = None
    alert: Callable[[T], bool] | None = None
    align_right: bool = False


ALERT_COLOUR = QColor("#b3261e")


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows of frozen values of one type; sortable; cleared with `clear()` on lock.

    Args:
        columns: the column specs.
        record_id: how to get a record's id (for `ID_ROLE` and `row_of`).
        parent: Qt parent.
    """

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    ALERT_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(
        self,
        columns: Sequence[Column[T]],
        record_id: Callable[[T], int | None] = lambda _r: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[T] = []
        self._record_id = record_id

    # -- records ----------------------------------------------------------------------------

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def clear(self) -> None:
        self.set_records(())

    def record(self, row: int) -> T:
        return self._records[row]

    def records(self) -> tuple[T, ...]:
        return tuple(self._records)

    def row_of(self, record_id: int) -> int | None:
        for row, item in enumerate(self._records):
            if self._record_id(item) == record_id:
                return row
        return None

    def refresh(self) -> None:
        """Repaint every cell (after presentation mode changed what may be shown)."""
        if self._records:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(self._columns) - 1)
            )

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        item = self._records[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == self.ID_ROLE:
            return self._record_id(item)
        alert = column.alert is not None and column.alert(item)
        if role == self.ALERT_ROLE:
            return alert
        if role == Qt.ItemDataRole.ForegroundRole and alert:
            return QBrush(ALERT_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        spec = self._columns[column]
        key = spec.sort_key or (lambda r: spec.text(r).casefold())
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        tagged = [(item, row) for row, item in enumerate(self._records)]
        tagged.sort(key=lambda pair: key(pair[0]), reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = {old: new for new, (_item, old) in enumerate(tagged)}
        self._records = [item for item, _row in tagged]
        for index in persistent:
            self.changePersistentIndex(index, self.index(new_row[index.row()], index.column()))
        self.layoutChanged.emit()
