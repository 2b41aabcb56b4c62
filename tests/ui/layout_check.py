"""Does a window fit a laptop? Every visible button and label inside it, no caption cut.

Shared by the layout tests (main window pages, dialogs, meeting mode): a municipal laptop
shows 1280x720 logical pixels (1366x768, or 1920x1080 at 150 %). `fit_problems` lists what
a user would see go wrong at that size, in words a failing test can print:

- the window (or dialog) is larger than the screen, because a page or dialog raised its
  minimum size;
- a visible button or label lies (partly) outside the window, or outside its parent
  (cut off by a pane or splitter);
- a button is narrower than its caption needs (Qt cuts the text, or a tool button
  elides it with "…").

Widgets inside a scroll area are judged by the scroll area: scrolling to them is fine. The
main window's page area (`overviewScroll`) is the exception: it scrolls only as a safety net,
so a page's widgets must fit without it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QWidget,
)

__all__ = ["LAPTOP", "fit_problems", "show_at"]

LAPTOP = QSize(1280, 720)


def show_at(window: QWidget, size: QSize = LAPTOP) -> None:
    """Show `window` at `size` (a dialog at its own size, if that is smaller) and lay it out."""
    window.show()
    wanted = size if not window.isWindow() or _is_main(window) else window.size().boundedTo(size)
    window.resize(wanted)
    QApplication.processEvents()
    QApplication.processEvents()


def _is_main(window: QWidget) -> bool:
    return window.metaObject().className() == "MainWindow" or window.inherits("QMainWindow")


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if (
            isinstance(parent, QAbstractScrollArea)
            and parent.objectName() != "overviewScroll"
            and parent.viewport().isAncestorOf(widget)
        ):
            return True
        parent = parent.parentWidget()
    return False


def _caption(widget: QAbstractButton) -> str:
    return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(widget: QWidget) -> str:
    text = _caption(widget) if isinstance(widget, QAbstractButton) else ""
    if isinstance(widget, QLabel):
        text = widget.text()[:40]
    return f"{type(widget).__name__}({text!r})"


def fit_problems(window: QWidget, size: QSize = LAPTOP) -> list[str]:
    """What does not fit when `window` is shown at `size` (empty: it fits)."""
    problems: list[str] = []
    if window.width() > size.width() or window.height() > size.height():
        problems.append(
            f"{type(window).__name__} is {window.width()}x{window.height()}, "
            f"larger than {size.width()}x{size.height()} "
            f"(minimum {window.minimumSizeHint().width()}x{window.minimumSizeHint().height()})"
        )
    area = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLabel) or not widget.isVisible():
            continue
        if widget.window() is not window or _in_scroll_area(widget, window):
            continue
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not area.contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} lies outside {area.getRect()}")
        parent = widget.parentWidget()
        if parent is not None and not parent.rect().contains(widget.geometry()):
            problems.append(f"{_name(widget)} is cut off by its {type(parent).__name__}")
        if isinstance(widget, QAbstractButton) and _caption(widget):
            needed = widget.minimumSizeHint().width()
            if widget.width() < needed:
                problems.append(f"{_name(widget)} is {widget.width()} px wide, needs {needed}")
    return problems
