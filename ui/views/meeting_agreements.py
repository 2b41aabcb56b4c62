"""The agreements of one meeting item: what, which partner, by when, on what condition.

The partner cell offers the table's partners from the catalogue (typing a one-off name is
allowed: the service keeps a name it does not know as typed). The due date is checked as it
is typed, against the sitting's day; a problem is written under the table, next to the cell,
not only in a tooltip, and the typed text stays in the cell. `problems()` lists what is wrong,
so meeting mode can refuse to leave the item until it is fixed: nothing typed is dropped.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.domain.model import TableCode
from casustafel.domain.workdays import resolve_due_date
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.sitting_values import AgreementDraft

__all__ = ["AgreementsEditor", "PartnerDelegate"]

HEADERS = (_("Afspraak"), _("Partner"), _("Uiterlijk"), _("Voorwaarde"))
PARTNER, DUE = 1, 2
_BAD = QBrush(QColor("#b3261e"))


class PartnerDelegate(QStyledItemDelegate):
    """An editable combo box with the table's partners for the partner column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = TableCode.WO

    def createEditor(  # noqa: N802 (Qt override)
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)  # a one-off guest is typed, not picked
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems([p.name for p in catalogue.table_definition(self.table).partners])
        return combo

    def setEditorData(  # noqa: N802 (Qt override)
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data() or ""))

    def setModelData(  # noqa: N802 (Qt override)
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip())


class AgreementsEditor(QWidget):
    """The agreements table with its buttons and the line that says what is wrong.

    Signals:
        changed(): a cell, a row or a row count changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = dt.date.today()
        self._loading = False
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.partner_delegate = PartnerDelegate(self.table)
        self.table.setItemDelegateForColumn(PARTNER, self.partner_delegate)
        self.add_button = QPushButton(_("Afspraak t&oevoegen"), self)
        self.remove_button = QPushButton(_("Afspraak v&erwijderen"), self)
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldError")
        self.problem.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    # -- filling and reading ---------------------------------------------------------------

    def load(self, table: TableCode, day: dt.date, rows: list[tuple[str, str, str, str]]) -> None:
        """Show `rows` (what, partner name, due text, condition) of an item of `table`."""
        self._loading = True
        try:
            self._day = day
            self.partner_delegate.table = table
            self.table.setRowCount(0)
            for values in rows:
                self.add_row(values)
        finally:
            self._loading = False
        self._show_problems()

    def drafts(self) -> tuple[AgreementDraft, ...]:
        """The rows as drafts; a due date that does not parse is None here (and a problem)."""
        return tuple(self._draft(row) for row in range(self.table.rowCount()))

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _draft(self, row: int) -> AgreementDraft:
        due_text = self.cell(row, DUE)
        due = None
        if due_text and self._due_problem(due_text) is None:
            due = resolve_due_date(due_text, self._day)
        return AgreementDraft(self.cell(row, 0), self.cell(row, PARTNER), due, self.cell(row, 3))

    def _due_problem(self, text: str) -> str | None:
        try:
            resolve_due_date(text, self._day)
        except ValidationError as exc:
            return exc.message
        return None

    def problems(self) -> list[str]:
        """What is wrong with the typed due dates, one line per row, in Dutch."""
        found = []
        for row in range(self.table.rowCount()):
            text = self.cell(row, DUE)
            problem = self._due_problem(text) if text else None
            if problem is not None:
                found.append(
                    _("Afspraak {n}, uiterlijk ‘{text}’: {problem}").format(
                        n=row + 1, text=text, problem=problem
                    )
                )
        return found

    def focus_problem(self) -> bool:
        """Put the cursor in the first due date that is no date; False when there is none."""
        for row in range(self.table.rowCount()):
            text = self.cell(row, DUE)
            if text and self._due_problem(text) is not None:
                self.table.setCurrentCell(row, DUE)
                self.table.setFocus()
                return True
        return False

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEnabled(not read_only)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)

    # -- rows ------------------------------------------------------------------------------

    @Slot()
    def add_row(self, values: tuple[str, str, str, str] | bool = False) -> int:
        """Append a row (empty, or with `values`) and put the cursor in it."""
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        texts = values if isinstance(values, tuple) else ("", "", "", "")
        for column, text in enumerate(texts):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self._mark(row)
        if not self._loading:
            self.table.setCurrentCell(row, 0)
            self.table.setFocus()
        return row

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._show_problems()
            self.changed.emit()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == DUE:
            self._mark(item.row())
        if not self._loading:
            self.changed.emit()

    def _mark(self, row: int) -> None:
        item = self.table.item(row, DUE)
        if item is None:
            return
        text = item.text().strip()
        problem = self._due_problem(text) if text else None
        self.table.blockSignals(True)
        item.setForeground(_BAD if problem else self.table.palette().text())
        item.setToolTip(problem or "")
        self.table.blockSignals(False)
        self._show_problems()

    def _show_problems(self) -> None:
        lines = self.problems()
        self.problem.setText("\n".join(lines))
        self.problem.setVisible(bool(lines))
