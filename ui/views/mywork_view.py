"""'Mijn werk': the follow-up queue, each line opening the case (or signal) at the right place."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import FollowUpItem, FollowUpKind
from casustafel.domain.names import format_date
from casustafel.i18n import _
from casustafel.services.case_links import work_on_screen
from casustafel.services.followup import KIND_ORDER, follow_up_queue
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.record_table import record_table_view

__all__ = ["KIND_LABELS", "MyWorkView", "follow_up_model", "section_for"]

KIND_LABELS = {
    FollowUpKind.INTERVENTIE_TE_LAAT: _("Interventie te laat"),
    FollowUpKind.AFSPRAAK_TE_LAAT: _("Afspraak te laat"),
    FollowUpKind.INTERVENTIE_VOOR_ZITTING: _("Termijn vóór de zitting"),
    FollowUpKind.SIGNAAL_WACHT: _("Signaal wacht op weging"),
    FollowUpKind.CASUS_STIL: _("Casus zonder activiteit"),
}
_LATE = {FollowUpKind.INTERVENTIE_TE_LAAT, FollowUpKind.AFSPRAAK_TE_LAAT}


def _days_text(item: FollowUpItem) -> str:
    n = item.days
    if item.kind in _LATE:
        return _("1 dag te laat") if n == 1 else _("{n} dagen te laat").format(n=n)
    if item.kind is FollowUpKind.INTERVENTIE_VOOR_ZITTING:
        return _("nog {n} dagen").format(n=n) if n != 1 else _("nog 1 dag")
    if item.kind is FollowUpKind.SIGNAAL_WACHT:
        return _("wacht {n} werkdagen").format(n=n)
    return _("{n} dagen stil").format(n=n)


def section_for(item: FollowUpItem) -> str:
    """Where in the case file a line opens: the intervention itself, or the history."""
    if item.kind in (FollowUpKind.INTERVENTIE_TE_LAAT, FollowUpKind.INTERVENTIE_VOOR_ZITTING):
        return f"interventies:{item.object_id}" if item.object_id else "interventies"
    if item.kind is FollowUpKind.SIGNAAL_WACHT:
        return "signalen"
    return "gebeurtenissen"


def follow_up_model(parent: QWidget | None = None) -> RecordTableModel[FollowUpItem]:
    """The queue's lines: no names, only kinds, numbers, dates and the kind of work."""
    columns: list[Column[FollowUpItem]] = [
        Column(
            _("Wat"),
            lambda i: KIND_LABELS[i.kind],
            sort_key=lambda i: KIND_ORDER.index(i.kind),
            alert=lambda i: i.kind in _LATE,
        ),
        Column(_("Tafel"), lambda i: i.table.label),
        Column(_("Casus"), lambda i: i.case_number or _("signaal")),
        Column(_("Onderwerp"), lambda i: i.text),
        Column(
            _("Datum"),
            lambda i: format_date(i.due) if i.due else "",
            sort_key=lambda i: i.due or dt.date.max,
        ),
        Column(
            _("Toelichting"), _days_text, sort_key=lambda i: i.days, alert=lambda i: i.kind in _LATE
        ),
    ]
    return RecordTableModel(columns, record_id=lambda i: i.case_id, parent=parent)


class MyWorkView(QWidget):
    """What needs the user now, most urgent first.

    Signals:
        case_open_requested(int, str): open a case at a section ("interventies:12", ...).
        signal_open_requested(int, str): a waiting signal (id, table code) to weigh.
    """

    case_open_requested = Signal(int, str)
    signal_open_requested = Signal(int, str)

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._today = today
        self.model = follow_up_model(self)
        title = QLabel(_("Mijn werk"), self)
        title.setObjectName("pageTitle")
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("muted")
        self.summary_label.setWordWrap(True)
        # Not sortable: the queue keeps the order the follow-up service gives it.
        self.table_view = record_table_view(self.model, self, sortable=False)
        self.table_view.setAccessibleName(_("Mijn werk"))
        self.empty_label = QLabel(_("Niets dat nu op u wacht."), self)
        self.empty_label.setObjectName("muted")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.summary_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.table_view, 1)
        layout.addWidget(self.empty_label)
        refresh = QAction(_("Vernieuwen"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.reload)
        self.addAction(refresh)
        self.table_view.activated.connect(self._on_table_view_activated)
        session.locked.connect(self._on_session_locked)
        session.presentation_mode_changed.connect(self.reload)
        session.presented_table_changed.connect(self.reload)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the queue (a few indexed queries) and show it."""
        if self._session.is_locked:
            return
        items = self._on_screen(follow_up_queue(self._session.vault, self._today()))
        self.model.set_records(items)
        self.table_view.resizeColumnsToContents()
        counts = Counter(item.kind for item in items)
        self.summary_label.setText(
            "  ·  ".join(f"{KIND_LABELS[k]}: {counts[k]}" for k in KIND_ORDER if counts[k])
        )
        self.empty_label.setVisible(not items)

    def _on_screen(self, items: list[FollowUpItem]) -> list[FollowUpItem]:
        """While presenting only the presented table's lines (i13, `work_on_screen`)."""
        session = self._session
        return work_on_screen(
            items, presenting=session.presentation_mode, table=session.presented_table
        )

    @Slot(QModelIndex)
    def _on_table_view_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.model.record(index.row())
        if item.case_id is not None:
            self.case_open_requested.emit(item.case_id, section_for(item))
        elif item.signal_id is not None:
            self.signal_open_requested.emit(item.signal_id, item.table.value)

    @Slot()
    def _on_session_locked(self) -> None:
        self.model.clear()
        self.summary_label.clear()
