"""The audit viewer: the log read-only, filtered by date, action, case and subject.

The chain is checked when the viewer opens and its state shown at the top; opening the viewer
is itself written to the log. On whose request an entry was made shows as the requester's Dutch
label, and can be filtered on with the same fixed list the other screens offer. Nothing here
can change an entry: the table model is read-only and the only actions are filtering and asking
the shell for a PDF export (`export_requested`, run in the background worker like every long
task).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.audit import ChainReport
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.i18n import _
from casustafel.services.audit_log import (
    ACTION_LABELS,
    AuditFilter,
    AuditLine,
    check_chain,
    count_entries,
    query_log,
)
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.requester_combo import RequesterCombo

__all__ = ["MAX_ROWS", "AuditView", "audit_columns"]

# The newest entries are what a privacy officer looks at first; the PDF export holds them all.
MAX_ROWS = 5000


def _id(value: int | None) -> str:
    return "" if value is None else str(value)


def audit_columns() -> list[Column[AuditLine]]:
    """The viewer's columns: ids and codes only, as the log holds no content."""
    return [
        Column(_("Nr."), lambda r: str(r.id), sort_key=lambda r: r.id, align_right=True),
        Column(
            _("Tijd (UTC)"),
            lambda r: r.at.strftime("%d-%m-%Y %H:%M:%S"),
            sort_key=lambda r: r.at,
        ),
        Column(_("Gebruiker"), lambda r: r.user),
        Column(_("Actie"), lambda r: r.action_label),
        Column(_("Object"), lambda r: r.object_kind),
        Column(_("Casus"), lambda r: _id(r.case_id), sort_key=lambda r: r.case_id or 0),
        Column(_("Betrokkene"), lambda r: _id(r.subject_id), sort_key=lambda r: r.subject_id or 0),
        Column(_("Op verzoek van"), lambda r: r.on_behalf_of_label),
        Column(_("Details"), lambda r: r.detail, tooltip=lambda r: r.detail),
    ]


class AuditView(QWidget):
    """Read-only audit log with filters and the chain's state.

    Signals:
        export_requested(AuditFilter): the user asked for the current selection as PDF.
    """

    export_requested = Signal(object)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model: RecordTableModel[AuditLine] = RecordTableModel(
            audit_columns(), record_id=lambda r: r.id, parent=self
        )
        self._build()
        self._connect_signals()
        self.chain_ok: bool | None = None  # until the check (on the worker) has answered
        self._check_chain()
        self.reload()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.chain_label = QLabel()
        self.chain_label.setObjectName("auditChainLabel")
        today = QDate.currentDate()
        self.use_dates = QCheckBox(_("Periode"))
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setEnabled(False)
        self.action = QComboBox()
        self.action.addItem(_("Alle acties"), "")
        for action in AuditAction:
            self.action.addItem(ACTION_LABELS[action], str(action))
        self.requester = RequesterCombo(_("Alle verzoekers"))
        self.case_id = QSpinBox()
        self.subject_id = QSpinBox()
        for box, label in ((self.case_id, _("Casus-id")), (self.subject_id, _("Betrokkene-id"))):
            box.setRange(0, 2_000_000_000)
            box.setSpecialValueText(_("alle"))
            box.setPrefix(f"{label}: ")
        self.export_button = QPushButton(_("Exporteren als PDF…"))
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()

        filters = QHBoxLayout()
        for widget in (self.use_dates, self.date_from, QLabel(_("t/m")), self.date_to,
                       self.action, self.requester, self.case_id, self.subject_id):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._on_filter_changed)
        self.action.currentIndexChanged.connect(self._on_filter_changed)
        self.requester.requester_changed.connect(self._on_filter_changed)
        self.case_id.valueChanged.connect(self._on_filter_changed)
        self.subject_id.valueChanged.connect(self._on_filter_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self._session.locked.connect(self._on_session_locked)

    # -- behaviour ---------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        """The filter the widgets show now."""
        action = str(self.action.currentData() or "")
        requester = self.requester.requester()
        dates: tuple[dt.date | None, dt.date | None] = (None, None)
        if self.use_dates.isChecked():
            dates = (self.date_from.date().toPython(), self.date_to.date().toPython())  # type: ignore[assignment]
        return AuditFilter(
            date_from=dates[0],
            date_to=dates[1],
            actions=frozenset({action}) if action else frozenset(),
            case_id=self.case_id.value() or None,
            subject_id=self.subject_id.value() or None,
            requesters=frozenset({requester.value}) if requester else frozenset(),
        )

    def _check_chain(self) -> None:
        """Verify the audit chain on the worker; the result shows in `chain_label`."""
        QueryOp(self, self._session, check_chain).success(self._show_chain).run()

    def _show_chain(self, report: ChainReport) -> None:
        self.chain_ok = report.ok
        if report.ok:
            self.chain_label.setText(
                _("Keten van het auditlog intact ({n} regels).").format(n=report.entries)
            )
            self.chain_label.setStyleSheet("")
        else:
            self.chain_label.setText(
                _(
                    "Let op: de keten van het auditlog is onderbroken bij regel {id}. "
                    "Het log is mogelijk gewijzigd; meld dit aan de privacyfunctionaris."
                ).format(id=report.first_bad_id if report.first_bad_id is not None else "?")
            )
            self.chain_label.setStyleSheet("color: #b3261e; font-weight: bold;")

    def reload(self) -> None:
        """Query the log with the current filter (the newest `MAX_ROWS` entries), on the worker."""
        if self._session.is_locked:
            return
        flt = self.current_filter()

        def read(vault: Vault) -> tuple[list[AuditLine], int]:
            return query_log(vault, flt, limit=MAX_ROWS), count_entries(vault, flt)

        QueryOp(self, self._session, read).success(lambda found: self._show_lines(*found)).run()

    def _show_lines(self, lines: list[AuditLine], total: int) -> None:
        self.model.set_records(lines)
        self.count_label.setText(
            _("{shown} van {total} regels getoond (nieuwste eerst).").format(
                shown=len(lines), total=total
            )
        )

    @Slot(bool)
    def _on_use_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    @Slot()
    def _on_filter_changed(self) -> None:
        self.reload()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        self.export_requested.emit(self.current_filter())

    @Slot()
    def _on_session_locked(self) -> None:
        self.model.clear()
        self.count_label.clear()
        self.chain_label.clear()
