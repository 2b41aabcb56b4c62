"""Qt models of the monitoring figures: one block as a table, and the series the charts draw.

In publication mode every count goes through `Monitoring.value`, exactly as in the export
and the half-year report, so the screen shows `<k` and `x` where a file would; outside it
the true counts are shown (the user sees the case tables anyway). The model also tells
why a cell is suppressed, for the export dialog's preview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import Block, Cell, Monitoring
from casustafel.domain.suppression import Mark
from casustafel.i18n import _

__all__ = [
    "PRIMARY_COLOUR",
    "SECONDARY_COLOUR",
    "BlockTableModel",
    "SeriesData",
    "cell_mark",
    "chart_data",
    "suppression_reason",
]

PRIMARY_COLOUR = QColor("#FCE8C8")  # `<k`: a small count
SECONDARY_COLOUR = QColor("#DCE6F2")  # `x`: hidden so that a small count can't be worked out
MARK_ROLE = Qt.ItemDataRole.UserRole + 1
_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

Index = QModelIndex | QPersistentModelIndex


def cell_mark(monitoring: Monitoring, cell: Cell | None) -> Mark | None:
    """The suppression mark of a count cell; None for statistics and empty cells."""
    if cell is None or cell.key is None:
        return None
    return monitoring.protection.marks[cell.key]


def suppression_reason(monitoring: Monitoring, cell: Cell | None) -> str:
    """Why a cell is not published as a number, in one Dutch sentence ("" if it is)."""
    k = monitoring.request.k
    mark = cell_mark(monitoring, cell)
    if mark is Mark.PRIMARY:
        return _("Klein aantal (1 tot {k}): gepubliceerd als '<{k}'.").format(k=k)
    if mark is Mark.SECONDARY:
        return _(
            "Aanvullend onderdrukt ('x'): anders is een klein aantal terug te rekenen uit de "
            "totalen of de andere cellen."
        )
    if cell is not None and cell.key is None and cell.stat is None:
        return _("Minder dan {k} waarnemingen: 'n.b.'.").format(k=k)
    return ""


def _text(value: int | float | str | None) -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return value


def shown_value(
    monitoring: Monitoring, cell: Cell | None, publication: bool
) -> int | float | str | None:
    """What the screen shows: the published form, or (outside publication mode) the count."""
    if not publication and cell is not None and cell.key is not None:
        return monitoring.raw(cell)
    return monitoring.value(cell)


class BlockTableModel(QAbstractTableModel):
    """One block of a `Monitoring`, months down and categories across, read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._monitoring: Monitoring | None = None
        self._block: Block | None = None
        self._publication = True

    def set_block(
        self, monitoring: Monitoring | None, block: Block | None, *, publication: bool
    ) -> None:
        self.beginResetModel()
        self._monitoring, self._block, self._publication = monitoring, block, publication
        self.endResetModel()

    def clear(self) -> None:
        """Forget every figure (the vault was locked)."""
        self.set_block(None, None, publication=True)

    @property
    def block(self) -> Block | None:
        return self._block

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        if parent.isValid() or self._block is None:
            return 0
        return len(self._block.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        if parent.isValid() or self._block is None:
            return 0
        return len(self._block.columns)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if self._block is None or role not in shown:
            return None
        names = (
            self._block.columns if orientation == Qt.Orientation.Horizontal else self._block.rows
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._block is None or self._monitoring is None:
            return None
        cell = self._block.cells[index.row()][index.column()]
        monitoring = self._monitoring
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(shown_value(monitoring, cell, self._publication))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not self._publication:
            return None
        mark = cell_mark(monitoring, cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return suppression_reason(monitoring, cell) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if mark is Mark.PRIMARY:
                return QBrush(PRIMARY_COLOUR)
            if mark is Mark.SECONDARY:
                return QBrush(SECONDARY_COLOUR)
            return None
        if role == MARK_ROLE:
            return mark.value if mark is not None else None
        return None


@dataclass(frozen=True, slots=True)
class SeriesData:
    """One chart series: a value per category, None where nothing may be drawn, and its mark."""

    name: str
    values: tuple[float | None, ...]
    marks: tuple[str, ...]


def _series(
    monitoring: Monitoring, name: str, cells: Sequence[Cell | None], publication: bool
) -> SeriesData:
    values: list[float | None] = []
    marks: list[str] = []
    for cell in cells:
        value = shown_value(monitoring, cell, publication)
        if isinstance(value, int | float):
            values.append(float(value))
            marks.append("")
        else:
            values.append(None)
            marks.append(value or "")
    return SeriesData(name, tuple(values), tuple(marks))


def month_labels(monitoring: Monitoring, table: TableCode | None = None) -> list[str]:
    """Labels of the periods a table is shown in: "jan 26", or "K1 26" / "H1 26" when the
    figures of that table are published per quarter or half year."""
    if table is None:
        units = list(monitoring.request.period.months)
    else:
        flows = next(b for b in monitoring.blocks if b.table is table and b.id.endswith("stromen"))
        units = list(flows.rows[:-1])
    return [f"{u[5:] if u[5] in 'KH' else _MONTHS[int(u[5:]) - 1]} {u[2:4]}" for u in units]


def chart_data(monitoring: Monitoring, table: TableCode, *, publication: bool) -> dict[str, Any]:
    """The four charts of one table: flows, open cases, highest step and lead times."""
    blocks = {b.indicator: b for b in monitoring.blocks if b.table is table}
    flows = blocks["stromen"]
    months = len(flows.rows) - 1  # months, quarters or half years: as published
    rows = flows.cells[:months]
    steps = blocks.get("hoogste_trede") or blocks["routes"]
    step_columns = [j for j, name in enumerate(steps.columns) if name != _("Totaal")]
    lead = blocks["doorlooptijden"].cells[:months]
    return {
        "months": month_labels(monitoring, table),
        "flows": [
            _series(monitoring, flows.columns[j], [r[j] for r in rows], publication)
            for j in range(3)
        ],
        "open": [_series(monitoring, flows.columns[3], [r[3] for r in rows], publication)],
        "step_labels": [steps.columns[j] for j in step_columns],
        "steps": _series(
            monitoring, _("Totaal periode"), [steps.cells[-1][j] for j in step_columns], publication
        ),
        "lead": [
            _series(monitoring, _("Signaal → weging"), [r[1] for r in lead], publication),
            _series(monitoring, _("Triage"), [r[7] for r in lead], publication),
            _series(monitoring, _("Behandeld aan tafel"), [r[10] for r in lead], publication),
        ],
    }
