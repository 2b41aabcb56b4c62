"""'Mijn werk': the follow-up queue, each line opening the case (or signal) at the right place.

The queue is read by a query operation on the worker and again after every change notice
(a step moved, an agreement made, a signal weighed, a sitting closed). A filter per table;
"Afgehandeld" and "Later…" (snooze until a date) are audited writes. An agreement's own
text is shown, hidden while presenting (it is free text and may name people).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import FollowUpItem, FollowUpKind, TableCode
from casustafel.domain.names import format_date
from casustafel.domain.validation import parse_date
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.case_links import work_on_screen
from casustafel.services.followup import KIND_ORDER, follow_up_queue
from casustafel.services.followup_marks import mark_done, snooze
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import CollectionOp, OpFailure, QueryOp, report_failure
from casustafel.ui.session import HIDDEN, AppSession
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
# What the queue shows depends on all of these.
_SHOWN = (
    ChangeKind.CASES,
    ChangeKind.SIGNALS,
    ChangeKind.SITTINGS,
    ChangeKind.INTERVENTIONS,
    ChangeKind.AGREEMENTS,
    ChangeKind.SETTINGS,
    ChangeKind.FOLLOW_UP,
)


def _is_alert(item: FollowUpItem) -> bool:
    return item.kind in _LATE or item.late


def _days_text(item: FollowUpItem) -> str:
    n = item.days
    if item.kind in _LATE:
        return _("1 dag te laat") if n == 1 else _("{n} dagen te laat").format(n=n)
    if item.kind is FollowUpKind.INTERVENTIE_VOOR_ZITTING:
        if n == 0:
            return _("vandaag")
        return _("morgen") if n == 1 else _("nog {n} dagen").format(n=n)
    if item.kind is FollowUpKind.SIGNAAL_WACHT:
        if n == 0:
            return _("vandaag binnengekomen")
        return _("wacht 1 werkdag") if n == 1 else _("wacht {n} werkdagen").format(n=n)
    return _("{n} dagen stil").format(n=n)


def _subject_text(item: FollowUpItem, presenting: bool) -> str:
    if not item.detail:
        return item.text
    return f"{item.text}: {HIDDEN if presenting else item.detail}"


def section_for(item: FollowUpItem) -> str:
    """Where in the case file a line opens: the intervention itself, or the history."""
    if item.kind in (FollowUpKind.INTERVENTIE_TE_LAAT, FollowUpKind.INTERVENTIE_VOOR_ZITTING):
        return f"interventies:{item.object_id}" if item.object_id else "interventies"
    if item.kind is FollowUpKind.SIGNAAL_WACHT:
        return "signalen"
    return "gebeurtenissen"


def follow_up_model(
    parent: QWidget | None = None, presenting: Callable[[], bool] = lambda: False
) -> RecordTableModel[FollowUpItem]:
    """The queue's lines: kinds, numbers, dates, the kind of work and an agreement's text."""
    columns: list[Column[FollowUpItem]] = [
        Column(
            _("Wat"),
            lambda i: KIND_LABELS[i.kind],
            sort_key=lambda i: KIND_ORDER.index(i.kind),
            alert=_is_alert,
        ),
        Column(_("Tafel"), lambda i: i.table.label),
        Column(_("Casus"), lambda i: i.case_number or _("signaal")),
        Column(_("Onderwerp"), lambda i: _subject_text(i, presenting())),
        Column(
            _("Datum"),
            lambda i: format_date(i.due) if i.due else "",
            sort_key=lambda i: i.due or dt.date.max,
        ),
        Column(_("Toelichting"), _days_text, sort_key=lambda i: i.days, alert=_is_alert),
    ]
    return RecordTableModel(columns, record_id=lambda i: i.case_id, parent=parent)


_MARK_CHANGES = OpChanges.of(ChangeKind.FOLLOW_UP)


class MyWorkView(QWidget):
    """What needs the user now, most urgent first.

    Signals:
        case_open_requested(int, str): open a case at a section ("interventies:12", ...).
        signal_open_requested(int, str): a waiting signal (id, table code) to weigh.
    """

    case_open_requested = Signal(int, str)
    signal_open_requested = Signal(int, str)
    queue_loaded = Signal(int)

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
        self.model = follow_up_model(self, lambda: session.presentation_mode)
        self._items: list[FollowUpItem] = []
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
        self.table_combo = QComboBox(self)
        self.table_combo.addItem(_("Alle tafels"), "")
        for code in TableCode:
            self.table_combo.addItem(code.label, code.value)
        self.table_label = table_label = QLabel(_("&Tafel:"), self)
        table_label.setBuddy(self.table_combo)
        self.done_button = QPushButton(_("&Afgehandeld"), self)
        self.done_button.setToolTip(_("Deze regel is afgehandeld: niet meer tonen"))
        self.snooze_button = QPushButton(_("&Later…"), self)
        self.snooze_button.setToolTip(_("Deze regel verbergen tot een datum"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.summary_label, 1)
        head.addWidget(table_label)
        head.addWidget(self.table_combo)
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addWidget(self.snooze_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addLayout(actions)
        layout.addWidget(self.table_view, 1)
        layout.addWidget(self.empty_label)
        refresh = QAction(_("Vernieuwen"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.reload)
        self.addAction(refresh)
        self.table_view.activated.connect(self._on_table_view_activated)
        self.table_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table_combo.currentIndexChanged.connect(self._show_items)
        self.done_button.clicked.connect(self.mark_done)
        self.snooze_button.clicked.connect(self.snooze)
        session.locked.connect(self._on_session_locked)
        session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        session.presented_table_changed.connect(self._show_items)
        session.changes.changed.connect(self._on_changes_changed)
        self._update_buttons()
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the queue (a few indexed queries, on the worker) and show it."""
        if self._session.is_locked:
            return
        today = self._today()
        QueryOp(self, self._session, lambda vault: follow_up_queue(vault, today)).success(
            self._on_queue_loaded
        ).run()

    def _on_queue_loaded(self, items: list[FollowUpItem]) -> None:
        self._items = items
        self._show_items()
        self.queue_loaded.emit(len(items))

    @Slot()
    def _show_items(self) -> None:
        code = self.table_combo.currentData()
        # While presenting, only the presented table's lines (purpose binding).
        on_screen = self._on_screen(self._items)
        items = [i for i in on_screen if not code or i.table.value == code]
        self.model.set_records(items)
        self.table_view.resizeColumnsToContents()
        counts = Counter(item.kind for item in items)
        self.summary_label.setText(
            "  ·  ".join(f"{KIND_LABELS[k]}: {counts[k]}" for k in KIND_ORDER if counts[k])
        )
        self.empty_label.setVisible(not items)
        self._update_buttons()

    def selected(self) -> FollowUpItem | None:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.done_button.setEnabled(chosen)
        self.snooze_button.setEnabled(chosen)

    @Slot()
    def mark_done(self) -> None:
        """The selected line is dealt with: hide it (audited)."""
        item = self.selected()
        if item is not None:
            CollectionOp(
                self, self._session, lambda vault: mark_done(vault, item), _MARK_CHANGES
            ).success_text(_("Regel afgehandeld.")).run()

    @Slot()
    def snooze(self) -> QDialog | None:
        """Ask until when to hide the selected line (dd-mm-jjjj), then hide it (audited)."""
        item = self.selected()
        if item is None:
            return None
        today = self._today()
        ask = QInputDialog(self)
        ask.setWindowTitle(_("Later oppakken"))
        ask.setLabelText(_("Verbergen tot en met (dd-mm-jjjj):"))
        ask.setTextValue(format_date(today + dt.timedelta(days=7)))
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ask.textValueSelected.connect(lambda text: self._snooze(item, text, today))
        ask.open()
        return ask

    def _snooze(self, item: FollowUpItem, text: str, today: dt.date) -> None:
        try:
            until = parse_date(text, field="until")
        except ValidationError as error:
            report_failure(self, OpFailure.of(error))
            return
        CollectionOp(
            self,
            self._session,
            lambda vault: snooze(vault, item, until, today=today),
            _MARK_CHANGES,
        ).success_text(_("Regel verborgen tot {date}.").format(date=format_date(until))).run()

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, _initiator: object) -> None:
        if changes.touches(*_SHOWN):
            self.reload()

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        # While presenting only one table's lines show: its filter, which names every
        # table, is not needed on the projector.
        self.table_combo.setVisible(not on)
        self.table_label.setVisible(not on)
        self._show_items()  # other tables' lines leave or return
        self.model.refresh()

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
