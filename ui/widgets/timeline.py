"""A case's history as a vertical timeline: date, a dot on a line, the event and its reason.

A `QListView` over `CaseEventModel` with a painting delegate, so that a long history
scrolls smoothly and keyboard navigation (arrows, Page Up/Down) comes for free.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from casustafel.ui.models.event_model import CaseEventModel
from casustafel.ui.style import COLORS

__all__ = ["TimelineDelegate", "TimelineView"]

_Index = QModelIndex | QPersistentModelIndex
DOT = 9
GAP = 10


class TimelineDelegate(QStyledItemDelegate):
    """Paints one history entry: date on the left, the line with a dot, title and detail."""

    def _date_width(self, metrics: QFontMetrics) -> int:
        return metrics.horizontalAdvance("00-00-0000") + GAP

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        detail = index.data(CaseEventModel.DETAIL_ROLE) or ""
        lines = 2 if detail else 1
        return QSize(200, metrics.height() * lines + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        font: QFont = option.font
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(COLORS["primary_light"]))
        metrics = QFontMetrics(font)
        voided = bool(index.data(CaseEventModel.VOIDED_ROLE))
        muted = QColor(COLORS["muted"])
        text_colour = muted if voided else QColor(COLORS["text"])
        date_width = self._date_width(metrics)
        top = rect.top() + 6
        painter.setPen(muted)
        painter.setFont(font)
        painter.drawText(
            QRect(rect.left() + 4, top, date_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            index.data(CaseEventModel.DATE_ROLE) or "",
        )
        line_x = rect.left() + 4 + date_width + DOT // 2
        painter.setPen(QPen(QColor(COLORS["border"]), 2))
        painter.drawLine(line_x, rect.top(), line_x, rect.bottom())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLORS["border"] if voided else COLORS["primary"]))
        painter.drawEllipse(line_x - DOT // 2, top + (metrics.height() - DOT) // 2, DOT, DOT)
        text_left = line_x + DOT + GAP
        width = max(rect.right() - text_left - 4, 10)
        bold = QFont(font)
        bold.setBold(True)
        bold.setStrikeOut(voided)
        painter.setFont(bold)
        painter.setPen(text_colour)
        title = QFontMetrics(bold).elidedText(
            index.data(CaseEventModel.TITLE_ROLE) or "", Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(text_left, top, width, metrics.height()), 0, title)
        detail = index.data(CaseEventModel.DETAIL_ROLE) or ""
        if detail:
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(
                QRect(text_left, top + metrics.height(), width, metrics.height()),
                0,
                metrics.elidedText(detail, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class TimelineView(QListView):
    """Read-only timeline of a case's history; the tooltip shows the full detail text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TimelineDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setModelColumn(0)
