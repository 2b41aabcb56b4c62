"""The main window's navigation: its pages, the list that shows them, and how each is made.

A page is made the first time it is shown (a 10,000-case list should not load before anyone
looks at it), from the current `AppSession`, and wired to the window through `PageHost`:
case lists and "Mijn werk" open case files, "Mijn werk" opens signals, the sittings page
asks for meeting mode and reports the files it printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from casustafel.domain.model import TableCode
from casustafel.errors import CasustafelError
from casustafel.i18n import _

from .session import AppSession
from .style import COLORS, icon
from .views.case_list_view import CaseListView
from .views.intake_view import IntakeView
from .views.monitoring_view import MonitoringView
from .views.mywork_view import MyWorkView
from .views.sitting_list_view import SittingsView
from .worker import Worker

__all__ = [
    "PAGES",
    "Page",
    "PageHost",
    "PlaceholderView",
    "fill_navigation",
    "make_page",
    "page_of",
]


@dataclass(frozen=True, slots=True)
class Page:
    """One entry of the navigation: what it is called and how its view is made."""

    key: str
    title: str
    icon: str
    section: str
    shortcut: str

    @property
    def full_title(self) -> str:
        """Title with its section ("Casussen: Woonoverlast"): tab text and menu entry."""
        return self.title if not self.section else f"{self.section}: {self.title}"


_TABLE_WORK = _("Tafelwerk")

PAGES: tuple[Page, ...] = (
    Page("mywork", _("Mijn werk"), "mywork", "", "Ctrl+1"),
    Page("cases:all", _("Alle tafels"), "all_tables", _("Casussen"), "Ctrl+2"),
    *(
        Page(f"cases:{t.value}", t.label, "table", _("Casussen"), f"Ctrl+{3 + i}")
        for i, t in enumerate(TableCode)
    ),
    *(
        Page(f"signals:{t.value}", t.label, "signals", _("Signalen"), f"Ctrl+{6 + i}")
        for i, t in enumerate(TableCode)
    ),
    # One sittings page with the view's own table picker (all tables first): the chair of
    # one table picks it once, and a coordinator of several sees every sitting together.
    Page("sittings", _("Zittingen"), "sittings", _TABLE_WORK, "Ctrl+9"),
    Page("monitoring", _("Monitoring"), "monitoring", _TABLE_WORK, "Ctrl+0"),
)


def page_of(key: str) -> Page:
    """The page with `key` (a programming error if there is none)."""
    return next(p for p in PAGES if p.key == key)


class PageHost(Protocol):
    """What a page may ask of the window it lives in."""

    def open_case(self, case_id: int, section: str = "") -> QWidget | None: ...

    def open_signal(self, signal_id: int, table_code: str) -> None: ...

    def open_meeting(self, sitting_id: int) -> QWidget | None: ...

    def show_written_file(self, path: str) -> None: ...


class PlaceholderView(QWidget):
    """Stands in for a screen that is not there yet, or could not be opened."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        body = QLabel(text)
        body.setObjectName("hint")
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


def fill_navigation(navigation: QListWidget) -> None:
    """Add every page to the list, under a muted heading per section."""
    section = None
    for page in PAGES:
        if page.section != section and page.section:
            header = QListWidgetItem(page.section.upper())
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setForeground(QColor(COLORS["muted"]))
            font = header.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            header.setFont(font)
            header.setSizeHint(QSize(0, 34))
            header.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            navigation.addItem(header)
        section = page.section
        item = QListWidgetItem(icon(page.icon), page.title)
        item.setData(Qt.ItemDataRole.UserRole, page.key)
        item.setToolTip(f"{page.title} ({page.shortcut})")
        navigation.addItem(item)


def make_page(key: str, session: AppSession, worker: Worker | None, host: PageHost) -> QWidget:
    """The view of page `key`, wired to `host`; a placeholder if it cannot be opened."""
    kind, _sep, table_code = key.partition(":")
    table = TableCode(table_code) if table_code and table_code != "all" else None
    try:
        view = _make(kind, table, session, worker, host)
    except CasustafelError as exc:
        return PlaceholderView(_("Dit scherm kon niet worden geopend"), exc.message)
    if view is None:
        return PlaceholderView(page_of(key).title, _("Dit scherm komt in een volgende versie."))
    return view


def _make(
    kind: str,
    table: TableCode | None,
    session: AppSession,
    worker: Worker | None,
    host: PageHost,
) -> QWidget | None:
    if kind == "mywork":
        mywork = MyWorkView(session)
        mywork.case_open_requested.connect(host.open_case)
        mywork.signal_open_requested.connect(host.open_signal)
        return mywork
    if kind == "cases":
        # The list loads on the worker (10,000 cases must not freeze the window).
        cases = CaseListView(session, table)
        cases.case_open_requested.connect(host.open_case)
        cases.reload()
        return cases
    if kind == "signals" and table is not None:
        signals = IntakeView(session, table)
        signals.case_open_requested.connect(host.open_case)
        return signals
    if kind == "sittings":
        sittings = SittingsView(session)
        sittings.meeting_requested.connect(host.open_meeting)
        sittings.print_finished.connect(host.show_written_file)
        return sittings
    if kind == "monitoring":
        return MonitoringView(session, worker=worker)
    return None
