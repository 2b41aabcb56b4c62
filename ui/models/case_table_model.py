"""The case list as a table model: sorting and filter-as-you-type done inside, instant at 10,000.

A `QSortFilterProxyModel` would call Python's `filterAcceptsRow` once per row per
keystroke (tens of milliseconds at 10,000 cases). Instead every row's display texts,
sort keys and folded search text are computed once when the cases are loaded; a
keystroke is then one list comprehension over plain strings, and a narrowing keystroke
only looks at the rows that matched before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from casustafel.domain.catalogue import CatalogueError, table_definition
from casustafel.domain.model import CaseStatus, CaseSummary, TableCode
from casustafel.domain.names import format_date
from casustafel.i18n import _
from casustafel.services.search_index import fold_search_text

__all__ = ["CaseColumn", "CaseTableModel", "label_sort_key", "lead_partner_name", "step_display"]

_Index = QModelIndex | QPersistentModelIndex

OVERDUE_COLOUR = QColor("#b3261e")


class CaseColumn(IntEnum):
    NUMBER = 0
    LABEL = 1
    STATUS = 2
    STEP = 3
    LEAD = 4
    NEXT_DUE = 5
    LAST_ACTIVITY = 6


HEADERS = {
    CaseColumn.NUMBER: _("Nummer"),
    CaseColumn.LABEL: _("Label"),
    CaseColumn.STATUS: _("Status"),
    CaseColumn.STEP: _("Stap"),
    CaseColumn.LEAD: _("Voortouw"),
    CaseColumn.NEXT_DUE: _("Volgende termijn"),
    CaseColumn.LAST_ACTIVITY: _("Laatste activiteit"),
}

_STATUS_ORDER = {status: rank for rank, status in enumerate(CaseStatus)}
_RECENT_FILTERS = 8  # filter results kept for backspacing (see CaseTableModel._recent)
_FAR_FUTURE = dt.date.max


def step_display(table: TableCode, step: str) -> str:
    """The step as a user reads it: "4 Casustafel"; for MH the route labels ("Zorg + Straf")."""
    if not step:
        return ""
    try:
        definition = table_definition(table)
        if definition.has_steps:
            return definition.step(step).display
        return " + ".join(definition.route(code).label for code in step.split("+") if code)
    except (CatalogueError, ValueError):
        return step  # a code the (edited) catalogue no longer knows: show it as stored


def lead_partner_name(table: TableCode, code: str) -> str:
    """The lead partner's name from the table's catalogue (the code when unknown)."""
    if not code:
        return ""
    try:
        return table_definition(table).partner(code).name
    except CatalogueError:
        return code


def _step_rank(table: TableCode, step: str) -> tuple[str, int]:
    try:
        definition = table_definition(table)
        if definition.has_steps:
            number = definition.step(step).number
            return (table.value, -1 if number is None else number)
    except CatalogueError:
        pass
    return (table.value, len(step.split("+")) if step else 0)


def label_sort_key(label: str) -> tuple[str, str, str]:
    """Sort a label such as "J.d.V. / M.B. (Emmerhout)" the Dutch way: by surname initial.

    Lower-case initials are prefixes (de, van der) and do not count, as in a Dutch
    register: "J.d.V." sorts under V.
    """
    person, _sep, area = label.partition("(")
    first = person.split("/")[0]
    letters = [part for part in first.replace(" ", "").split(".") if part]
    capitals = [part for part in letters if not part.islower()]
    surname = capitals[-1] if len(capitals) > 1 else (capitals[0] if capitals else "")
    given = capitals[0] if len(capitals) > 1 else ""
    return (fold_search_text(surname), fold_search_text(given), fold_search_text(area))


@dataclass(frozen=True, slots=True)
class _Row:
    """Everything `data()` and `sort()` need for one case, computed once on load."""

    case: CaseSummary
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    overdue: bool
    base_search: str


class CaseTableModel(QAbstractTableModel):
    """Rows of `CaseSummary`, with Dutch display texts, overdue marking, sort and filter.

    Args:
        today: the clock used to decide which rows are overdue (tests pass a fixed day).
        parent: Qt parent.
    """

    CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
    OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2
    SORT_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self, today: Callable[[], dt.date] = dt.date.today, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[_Row] = []
        self._search: list[str] = []
        self._order: list[int] = []  # all rows, in the current sort order
        self._visible: list[int] = []  # rows that pass the filter, in sort order
        self._tokens: tuple[str, ...] = ()
        # Results of the last few filters, in the current sort order: a backspace returns to
        # a filter seen a moment ago, which would otherwise rescan every row (up to 90 ms
        # for two words at 100,000 cases, tests/perf). Emptied whenever rows, search texts
        # or the sort order change.
        self._recent: dict[tuple[str, ...], list[int]] = {}
        self._sort_column = CaseColumn.NUMBER
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading ----------------------------------------------------------------------------

    def set_cases(
        self, cases: Sequence[CaseSummary], search_texts: Mapping[int, str] | None = None
    ) -> None:
        """Replace all rows; `search_texts` adds per-case names and addresses to the filter."""
        today = self._today()
        self.beginResetModel()
        self._rows = [self._make_row(case, today) for case in cases]
        self._search = [row.base_search for row in self._rows]
        if search_texts:
            self._merge_search(search_texts)
        self._order = self._sorted(range(len(self._rows)))
        self._visible = self._filtered(self._order, self._tokens)
        self._recent.clear()
        self.endResetModel()

    def set_search_texts(self, search_texts: Mapping[int, str]) -> None:
        """Add the personal search texts (loaded later, in the background) to the filter."""
        self._search = [row.base_search for row in self._rows]
        self._merge_search(search_texts)
        self._recent.clear()
        if self._tokens:
            self._apply_filter(self._tokens, narrowing=False)

    def clear(self) -> None:
        """Forget every row and search text (on lock)."""
        self.beginResetModel()
        self._rows, self._search, self._order, self._visible = [], [], [], []
        self._tokens = ()
        self._recent.clear()
        self.endResetModel()

    def _merge_search(self, search_texts: Mapping[int, str]) -> None:
        for i, row in enumerate(self._rows):
            extra = search_texts.get(row.case.id)
            if extra:
                self._search[i] = f"{row.base_search} {extra}"

    def _make_row(self, case: CaseSummary, today: dt.date) -> _Row:
        step_text = step_display(case.table, case.step)
        lead = lead_partner_name(case.table, case.lead_partner)
        texts = (
            case.number,
            case.label,
            case.status_text,
            step_text,
            lead,
            format_date(case.next_due) if case.next_due else "",
            format_date(case.last_activity) if case.last_activity else "",
        )
        keys = (
            case.number,
            label_sort_key(case.label),
            _STATUS_ORDER[case.status],
            _step_rank(case.table, case.step),
            fold_search_text(lead),
            case.next_due or _FAR_FUTURE,
            case.last_activity or dt.date.min,
        )
        overdue = case.next_due is not None and case.next_due < today and not case.status.is_closed
        search = fold_search_text(
            " ".join((case.number, case.label, case.area, step_text, lead, case.status_text))
        )
        return _Row(case, texts, keys, overdue, search)

    # -- filtering --------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return " ".join(self._tokens)

    def set_filter_text(self, text: str) -> None:
        """Show only cases whose number, label, area, names or address hold every word typed."""
        tokens = tuple(fold_search_text(text).split())
        if tokens == self._tokens:
            return
        old = self._tokens
        # Typing on narrows the match: every old word is still (part of) a new word.
        narrowing = (
            bool(old)
            and len(tokens) >= len(old)
            and all(o in n for o, n in zip(old, tokens, strict=False))
        )
        self._apply_filter(tokens, narrowing=narrowing)

    def _apply_filter(self, tokens: tuple[str, ...], *, narrowing: bool) -> None:
        self.beginResetModel()
        self._tokens = tokens
        cached = self._recent.pop(tokens, None)
        if cached is not None:
            self._visible = cached
        else:
            self._visible = self._filtered(self._visible if narrowing else self._order, tokens)
        self._recent[tokens] = self._visible  # never changed in place, only replaced
        while len(self._recent) > _RECENT_FILTERS:
            del self._recent[next(iter(self._recent))]
        self.endResetModel()

    def _filtered(self, base: Sequence[int], tokens: tuple[str, ...]) -> list[int]:
        search = self._search
        if not tokens:
            return list(base)
        if len(tokens) == 1:
            (token,) = tokens
            return [i for i in base if token in search[i]]
        return [i for i in base if all(t in search[i] for t in tokens)]

    @property
    def total_count(self) -> int:
        """How many cases are loaded (before filtering)."""
        return len(self._rows)

    # -- sorting ----------------------------------------------------------------------------

    def _sorted(self, rows: range | list[int]) -> list[int]:
        column = int(self._sort_column)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        keys = self._rows
        # Ties are broken by case number so that the order is stable and predictable.
        return sorted(
            rows, key=lambda i: (keys[i].keys[column], keys[i].case.number), reverse=reverse
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (Dutch name order for labels, date order for dates)."""
        if not 0 <= column < len(CaseColumn):
            return
        self._sort_column = CaseColumn(column)
        self._sort_order = order
        self._recent.clear()
        self.layoutAboutToBeChanged.emit()
        old_positions = {case_row: pos for pos, case_row in enumerate(self._visible)}
        persistent = self.persistentIndexList()
        self._order = self._sorted(self._order)
        keep = set(self._visible)
        self._visible = [i for i in self._order if i in keep]
        new_positions = {case_row: pos for pos, case_row in enumerate(self._visible)}
        by_old = {pos: case_row for case_row, pos in old_positions.items()}
        for index in persistent:
            case_row = by_old.get(index.row())
            if case_row is None:
                continue
            self.changePersistentIndex(index, self.index(new_positions[case_row], index.column()))
        self.layoutChanged.emit()

    # -- access -----------------------------------------------------------------------------

    def case_at(self, row: int) -> CaseSummary:
        """The case shown on visible row `row`."""
        return self._rows[self._visible[row]].case

    def row_of_case(self, case_id: int) -> int | None:
        """The visible row of case `case_id`, or None when it is filtered out or unknown."""
        for pos, i in enumerate(self._visible):
            if self._rows[i].case.id == case_id:
                return pos
        return None

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(CaseColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == self.CASE_ID_ROLE:
            return row.case.id
        if role == self.OVERDUE_ROLE:
            return row.overdue
        if role == self.SORT_ROLE:
            return str(row.keys[column])
        if row.overdue and column == CaseColumn.NEXT_DUE:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Termijn verstreken")
        if (
            column == CaseColumn.STATUS
            and role == Qt.ItemDataRole.ToolTipRole
            and row.case.status_sentence != row.texts[column]
        ):
            return row.case.status_sentence  # "Geagendeerd 15-12" in full
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.overdue:
            return _("Termijn verstreken")
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(CaseColumn)
        ):
            return HEADERS[CaseColumn(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
