"""A row of buttons that switches to short captions when the full ones don't fit."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

__all__ = ["ButtonBar"]


def _plain(caption: str) -> str:
    return caption.replace("&", "")  # the mnemonic marker takes no room


class ButtonBar(QWidget):
    """Buttons in one row, with short captions when the full ones don't fit.

    At 150 % scaling on a small projector screen the meeting window's five full captions
    were wider than the window and Qt cut them off. Below the width the full captions need,
    each button shows its short caption (the full one stays in its tooltip), so the row
    stays whole and costs no extra height.

    Args:
        left: (button, short caption) pairs at the left.
        right: (button, short caption) pairs at the right, after a stretch.
        parent: Qt parent.
    """

    def __init__(
        self,
        left: tuple[tuple[QPushButton, str], ...],
        right: tuple[tuple[QPushButton, str], ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._captions = [(button, button.text(), short) for button, short in (*left, *right)]
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        for button, _short in left:
            self._row.addWidget(button)
        self._row.addStretch(1)
        for button, _short in right:
            self._row.addWidget(button)
        for button, full, _short in self._captions:
            if not button.toolTip():
                button.setToolTip(_plain(full))
        self._compact = False

    @property
    def compact(self) -> bool:
        """True when the buttons show their short captions."""
        return self._compact

    def _spacing(self) -> int:
        return max(0, self._row.spacing())

    def _full_width(self) -> int:
        """The row's width with every full caption, whichever captions are shown now."""
        width = self._spacing()
        for button, full, _short in self._captions:
            metrics = button.fontMetrics()
            now = metrics.horizontalAdvance(_plain(button.text()))
            width += button.sizeHint().width() - now + metrics.horizontalAdvance(_plain(full))
            width += self._spacing()
        return width

    @staticmethod
    def _short_width(button: QPushButton, short: str) -> int:
        # A style keeps a captioned button at least ~80 px wide; "◀" needs far less.
        metrics = button.fontMetrics()
        return metrics.horizontalAdvance(_plain(short)) + 2 * metrics.averageCharWidth() + 12

    def _show_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        for button, full, short in self._captions:
            button.setText(short if compact else full)
            button.setMinimumWidth(self._short_width(button, short) if compact else 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # The window may be as narrow as the short captions allow, in either state.
        width = self._spacing() + sum(
            self._short_width(button, short) + self._spacing()
            for button, _full, short in self._captions
        )
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._show_compact(event.size().width() < self._full_width())
        super().resizeEvent(event)
