"""The destruction list: what has passed its retention date, why, since when; confirm or hold.

Nothing is destroyed without the user's explicit confirmation: the destroy button stays
disabled until rows are selected and the confirmation box is ticked. A case can instead be held
back with a reason (an objection procedure, a running investigation) and, if someone asked, on
whose request: chosen from the fixed list of requesters, as the audit log keeps only a code
(the typed reason stays with the case, inside the vault). Holding and destroying run on the
background worker; the service checks every chosen record again inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.i18n import _
from casustafel.services.retention import (
    DestructionCandidate,
    DestructionList,
    DestructionReport,
    RecordKind,
    destroy,
    destruction_list,
    hold_case,
)
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import ChangesArg, CollectionOp, OpFailure
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.error_banner import ErrorBanner
from casustafel.ui.widgets.requester_combo import RequesterCombo

__all__ = ["DestructionListDialog", "candidate_columns"]

_KIND_LABELS = {RecordKind.CASE: _("Casus"), RecordKind.SIGNAL: _("Signaal")}


def _key(c: DestructionCandidate) -> int:
    # Cases and signals have separate id ranges; the model needs one id per row.
    return c.record_id * 2 + (1 if c.kind is RecordKind.SIGNAL else 0)


def candidate_columns(with_hold: bool = False) -> list[Column[DestructionCandidate]]:
    """What, why and since when (no personal data: numbers and reasons only)."""
    columns: list[Column[DestructionCandidate]] = [
        Column(_("Soort"), lambda c: _KIND_LABELS[c.kind]),
        Column(_("Tafel"), lambda c: c.table.value),
        Column(_("Wat"), lambda c: c.reference),
        Column(_("Waarom"), lambda c: c.reason, tooltip=lambda c: c.reason),
        Column(_("Regel"), lambda c: c.rule, tooltip=lambda c: c.rule),
        Column(
            _("Te vernietigen sinds"),
            lambda c: c.due_since.strftime("%d-%m-%Y"),
            sort_key=lambda c: c.due_since,
            align_right=True,
        ),
    ]
    if with_hold:
        columns.append(Column(_("Reden bewaren"), lambda c: c.hold_reason))
    return columns


def _table(model: RecordTableModel[DestructionCandidate]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    return view


class DestructionListDialog(QDialog):
    """Shows a destruction list; destroys only what the user selected and confirmed.

    Signals:
        destroyed_records(DestructionReport): the worker destroyed the confirmed records.
        held(int): a case was held back (its id).

    Args:
        session: the app session (the dialog closes, emptied, when it locks).
        found: the list as `destruction_list` returned it.
        parent: Qt parent.
    """

    destroyed_records = Signal(object)
    held = Signal(int)

    def __init__(
        self,
        session: AppSession,
        found: DestructionList,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False
        self.setWindowTitle(_("Vernietigingslijst"))
        self.setModal(True)
        self.resize(900, 560)
        self.due_model: RecordTableModel[DestructionCandidate] = RecordTableModel(
            candidate_columns(), record_id=_key, parent=self
        )
        self.held_model: RecordTableModel[DestructionCandidate] = RecordTableModel(
            candidate_columns(with_hold=True), record_id=_key, parent=self
        )
        self._build()
        self._connect_signals()
        self.show_list(found)

    def _build(self) -> None:
        self.banner = ErrorBanner()
        intro = QLabel(
            _(
                "Deze gegevens hebben hun bewaartermijn overschreden. Bij vernietigen verdwijnen "
                "alle persoonsgegevens; het anonieme statistische record blijft, zodat de "
                "monitoringcijfers niet veranderen. Er wordt niets vernietigd zonder uw "
                "bevestiging."
            )
        )
        intro.setWordWrap(True)
        self.due_table = _table(self.due_model)
        self.hold_reason = QLineEdit()
        self.hold_reason.setPlaceholderText(_("Reden, bijv. lopende bezwaarprocedure"))
        self.hold_on_behalf = RequesterCombo(_("Op verzoek van: niemand (optioneel)"))
        self.hold_button = QPushButton(_("Casus &bewaren"))
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold_reason, 2)
        hold_row.addWidget(self.hold_on_behalf, 1)
        hold_row.addWidget(self.hold_button)
        self.held_table = _table(self.held_model)
        self.held_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        held_box = QGroupBox(_("Tegengehouden (wordt niet vernietigd)"))
        held_layout = QVBoxLayout(held_box)
        held_layout.addWidget(self.held_table)
        self.confirm = QCheckBox(
            _("Ik heb de geselecteerde regels gecontroleerd en bevestig de vernietiging.")
        )
        self.count_label = QLabel()
        self.buttons = QDialogButtonBox()
        self.destroy_button = self.buttons.addButton(
            _("Geselecteerde &vernietigen"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        close = self.buttons.addButton(_("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.destroy_button.setAutoDefault(False)  # Enter must never destroy
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(intro)
        layout.addWidget(self.due_table, 3)
        layout.addWidget(self.count_label)
        layout.addLayout(hold_row)
        layout.addWidget(held_box, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.due_table.selectionModel().selectionChanged.connect(self._update_enabled)
        self.confirm.toggled.connect(self._update_enabled)
        self.hold_reason.textChanged.connect(self._update_enabled)
        self.hold_button.clicked.connect(self._on_hold_button_clicked)
        self.destroy_button.clicked.connect(self._on_destroy_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._session.locked.connect(self._on_session_locked)

    # -- behaviour ---------------------------------------------------------------------------

    def show_list(self, found: DestructionList) -> None:
        """Show `found`: due rows all selected (the usual case), held rows apart."""
        self.due_model.set_records(found.due)
        self.held_model.set_records(found.held)
        self.due_table.selectAll()
        self.confirm.setChecked(False)
        self.count_label.setText(
            _("{due} te vernietigen, {held} tegengehouden.").format(
                due=len(found.due), held=len(found.held)
            )
        )
        self._update_enabled()

    def selected(self) -> list[DestructionCandidate]:
        """The due rows the user selected."""
        rows = sorted({i.row() for i in self.due_table.selectionModel().selectedRows()})
        return [self.due_model.record(r) for r in rows]

    @Slot()
    def _update_enabled(self) -> None:
        chosen = self.selected()
        self.destroy_button.setEnabled(not self.busy and bool(chosen) and self.confirm.isChecked())
        one_case = len(chosen) == 1 and chosen[0].kind is RecordKind.CASE
        self.hold_button.setEnabled(
            not self.busy and one_case and bool(self.hold_reason.text().strip())
        )

    def _say(self, message: str) -> None:
        self.banner.say(message)

    def _run(
        self, job: Callable[[Any], Any], changes: ChangesArg, on_success: Callable[[Any], None]
    ) -> None:
        """Write as an operation on the worker; open case lists and tabs follow its notice."""
        self.busy = True
        self._update_enabled()
        CollectionOp(self, self._session, job, changes).success(on_success).failure(
            self._on_write_failed
        ).run()

    @Slot()
    def _on_hold_button_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].kind is not RecordKind.CASE:
            return
        case_id = chosen[0].record_id
        reason = self.hold_reason.text()
        on_behalf = self.hold_on_behalf.requester() or ""

        def job(vault: Any) -> tuple[int, DestructionList]:
            hold_case(vault, case_id, reason, on_behalf_of=on_behalf)
            return case_id, destruction_list(vault)

        self._run(job, OpChanges.of(ChangeKind.CASES, case_ids=[case_id]), self._on_hold_done)

    @Slot(object)
    def _on_hold_done(self, result: tuple[int, DestructionList]) -> None:
        self.busy = False
        case_id, found = result
        self.hold_reason.clear()
        self.hold_on_behalf.clear_choice()
        self._say("")
        self.show_list(found)
        self.held.emit(case_id)

    @Slot()
    def _on_destroy_button_clicked(self) -> None:
        chosen = self.selected()
        if not chosen or not self.confirm.isChecked() or self.busy:
            return

        def job(vault: Any) -> tuple[DestructionReport, DestructionList]:
            report = destroy(vault, chosen)
            return report, destruction_list(vault)

        def changes(result: tuple[DestructionReport, DestructionList]) -> OpChanges:
            report = result[0]
            return OpChanges.of(
                *ChangeKind,  # a destroyed case takes its subjects, signals and work with it
                case_ids=report.case_ids,
                signal_ids=report.signal_ids,
            )

        self._run(job, changes, self._on_destroy_done)

    @Slot(object)
    def _on_destroy_done(self, result: tuple[DestructionReport, DestructionList]) -> None:
        self.busy = False
        report, found = result
        done = len(report.case_ids) + len(report.signal_ids)
        message = _("{n} vernietigd.").format(n=done)
        if report.skipped:
            message += " " + _("{n} overgeslagen: niet meer verlopen of inmiddels bewaard.").format(
                n=len(report.skipped)
            )
        self.show_list(found)
        self.banner.say_done(message)
        self.destroyed_records.emit(report)

    def _on_write_failed(self, failure: OpFailure) -> None:
        self.busy = False
        self._say(failure.message)
        self._update_enabled()

    @Slot()
    def _on_session_locked(self) -> None:
        self.due_model.clear()
        self.held_model.clear()
        self.hold_reason.clear()
        self.hold_on_behalf.clear_choice()
        self.reject()
