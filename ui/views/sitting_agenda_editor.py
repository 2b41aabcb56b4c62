"""The agenda editor of one sitting: the proposal, then the chair's reordering and edits.

"Voorstel ophalen" adds the cases the composition rules propose (what is already on the
agenda stays). The chair moves items up and down within their section, removes them, adds a
case by its number or a free item, and sets per item the question for the table and the
partners needed. Edits are saved when a field is left. Items show number and label only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.reports.agenda import SECTION_TITLES, AgendaSection
from casustafel.services import sittings
from casustafel.services.sitting_values import AgendaEntry, ItemKind, SittingStatus
from casustafel.ui.models.agenda_model import AgendaModel
from casustafel.ui.session import AppSession

__all__ = ["AgendaEditor"]

_CASE_SECTIONS = ("nieuwe_casussen", "lopende_casussen", "opschaling", "afschaling")


class AgendaEditor(QWidget):
    """Edit the agenda of `sitting_id` (before the sitting; a closed one is shown read-only).

    Signals:
        meeting_requested(int): the chair wants meeting mode for this sitting.
        agenda_changed(): the stored agenda changed.
    """

    meeting_requested = Signal(int)
    agenda_changed = Signal()

    def __init__(self, session: AppSession, sitting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._sitting_id = sitting_id
        self._selected: AgendaEntry | None = None
        self.model = AgendaModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.title = QLabel(self)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("color: #b3261e;")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.propose_button = QPushButton(_("&Voorstel ophalen"), self)
        self.up_button = QPushButton(_("Omhoo&g"), self)
        self.down_button = QPushButton(_("Om&laag"), self)
        self.remove_button = QPushButton(_("Verwi&jderen"), self)
        self.add_case_button = QPushButton(_("&Casus toevoegen…"), self)
        self.add_free_button = QPushButton(_("Vrij p&unt…"), self)
        self.meeting_button = QPushButton(_("Vergadermodus"), self)
        self.question = QPlainTextEdit(self)
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(self.question.fontMetrics().height() * 4)
        self.section = QComboBox(self)
        self.partners = QListWidget(self)
        self.partners.setMaximumHeight(self.fontMetrics().height() * 8)
        # The question is saved shortly after typing stops, not on every keystroke.
        self._question_timer = QTimer(self)
        self._question_timer.setSingleShot(True)
        self._question_timer.setInterval(800)
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        actions = QHBoxLayout()
        for button in (
            self.propose_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.add_case_button,
            self.add_free_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.meeting_button)
        details = QFormLayout()
        details.addRow(_("Rubrie&k"), self.section)
        details.addRow(_("Vraag aan de &tafel"), self.question)
        details.addRow(_("Partners &nodig"), self.partners)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addLayout(details)

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.propose_button.clicked.connect(self.compose)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.remove_button.clicked.connect(self.remove_current)
        self.add_case_button.clicked.connect(self._on_add_case_button_clicked)
        self.add_free_button.clicked.connect(self._on_add_free_button_clicked)
        self.meeting_button.clicked.connect(lambda: self.meeting_requested.emit(self._sitting_id))
        self.question.textChanged.connect(self._question_timer.start)
        self._question_timer.timeout.connect(self.save_question)
        self.section.activated.connect(self._on_section_activated)
        self.partners.itemChanged.connect(self._on_partners_item_changed)
        self._session.locked.connect(self._on_session_locked)

    # -- loading -------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        vault = self._session.vault
        sitting = sittings.get_sitting(vault, self._sitting_id)
        self._table = sitting.table
        self._invited = sitting.invited_partners
        self._closed = sitting.status is SittingStatus.GESLOTEN
        self.title.setText(
            _("Agenda {table}, zitting {number} ({date})").format(
                table=sitting.table.label,
                number=sitting.number,
                date=sitting.date.strftime("%d-%m-%Y"),
            )
        )
        self.model.set_records(sittings.agenda(vault, self._sitting_id))
        self.view.resizeColumnsToContents()
        for column in (1, 2, 3):  # long titles must not push the question out of view
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 200))
        for widget in (
            self.propose_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.add_case_button,
            self.add_free_button,
            self.question,
            self.section,
            self.partners,
        ):
            widget.setEnabled(not self._closed)
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.selectRow(row)
            self._show(self.model.record(row))

    def _show(self, entry: AgendaEntry) -> None:
        self._selected = None  # no saving while the fields are filled
        self.section.clear()
        sections = _CASE_SECTIONS if entry.kind is ItemKind.CASE else sittings.FREE_SECTIONS
        for code in sections:
            self.section.addItem(SECTION_TITLES[AgendaSection(code)], code)
        self.section.setCurrentIndex(max(0, self.section.findData(entry.section)))
        self.question.setPlainText(entry.question)
        self.partners.clear()
        for partner in catalogue.table_definition(self._table).partners:
            item = QListWidgetItem(partner.name, self.partners)
            item.setData(Qt.ItemDataRole.UserRole, partner.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            needed = partner.code in entry.partners_needed
            item.setCheckState(Qt.CheckState.Checked if needed else Qt.CheckState.Unchecked)
        self.partners.setEnabled(entry.kind is ItemKind.CASE and not self._closed)
        self._selected = entry

    def current_item_id(self) -> int | None:
        """The id of the item shown in the fields, if any."""
        return self._selected.id if self._selected is not None else None

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_row_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        self.save_question()
        if current.isValid():
            self._show(self.model.record(current.row()))

    # -- actions -------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], select_id: int | None = None) -> bool:
        self.save_question()
        try:
            action()
        except CasustafelError as exc:
            self.banner.setText(exc.message)
            self.banner.setVisible(True)
            return False
        self.banner.setVisible(False)
        self.reload(select_id)
        self.agenda_changed.emit()
        return True

    @Slot()
    def compose(self) -> None:
        """Add the proposed cases."""
        self._run(lambda: sittings.compose_agenda(self._session.vault, self._sitting_id))

    def _move(self, delta: int) -> None:
        entry = self._selected
        if entry is None:
            return
        ordered = list(self.model.records())
        index = ordered.index(entry) if entry in ordered else -1
        target = index + delta
        if index < 0 or not 0 <= target < len(ordered) or ordered[target].section != entry.section:
            return  # items move within their section; the frame order is fixed
        ordered[index], ordered[target] = ordered[target], ordered[index]
        ids = [e.id for e in ordered]
        self._run(
            lambda: sittings.reorder_items(self._session.vault, self._sitting_id, ids), entry.id
        )

    @Slot()
    def move_up(self) -> None:
        self._move(-1)

    @Slot()
    def move_down(self) -> None:
        self._move(+1)

    @Slot()
    def remove_current(self) -> None:
        if self._selected is not None:
            item_id = self._selected.id
            self.save_question()
            self._selected = None  # gone: nothing more to save for it
            self._run(lambda: sittings.remove_item(self._session.vault, item_id))

    def add_case_by_number(self, number: str) -> bool:
        """Put the case with `number` (e.g. "WO-2026-0042") on the agenda."""
        vault = self._session.vault

        def add() -> None:
            case_id = sittings.case_id_by_number(vault, number)
            sittings.add_case_item(vault, self._sitting_id, case_id)

        return self._run(add)

    def add_free(self, section: str, title: str) -> bool:
        return self._run(
            lambda: sittings.add_free_item(self._session.vault, self._sitting_id, section, title)
        )

    @Slot()
    def _on_add_case_button_clicked(self) -> None:
        number, ok = QInputDialog.getText(self, _("Casus toevoegen"), _("Casusnummer:"))
        if ok and number.strip():
            self.add_case_by_number(number)

    @Slot()
    def _on_add_free_button_clicked(self) -> None:
        title, ok = QInputDialog.getText(
            self, _("Vrij punt"), _("Titel (geen namen; trends alleen geaggregeerd):")
        )
        if ok and title.strip():
            self.add_free("rondvraag", title)

    # -- per-item edits, saved as the chair goes -------------------------------------------

    def _save_item(self, **changes: object) -> None:
        entry = self._selected
        if entry is None or self._closed:
            return
        try:
            sittings.update_item(self._session.vault, entry.id, **changes)  # type: ignore[arg-type]
        except CasustafelError as exc:
            self.banner.setText(exc.message)
            self.banner.setVisible(True)
            return
        self.banner.setVisible(False)
        if "question" in changes:
            self._selected = dataclasses.replace(entry, question=str(changes["question"]))

    @Slot()
    def save_question(self) -> None:
        """Save the question typed for the selected item (the timer calls this)."""
        if self._question_timer.isActive():
            self._question_timer.stop()
        if self._selected is not None and self.question.toPlainText() != self._selected.question:
            self._save_item(question=self.question.toPlainText())

    @Slot(int)
    def _on_section_activated(self, _index: int) -> None:
        if self._selected is not None:
            item_id = self._selected.id
            self._save_item(section=str(self.section.currentData()))
            self.reload(item_id)

    @Slot(QListWidgetItem)
    def _on_partners_item_changed(self, _item: QListWidgetItem) -> None:
        needed = [
            str(self.partners.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        ]
        self._save_item(partners_needed=needed)

    @Slot()
    def _on_session_locked(self) -> None:
        self._question_timer.stop()
        self._selected = None
        self.model.clear()
        self.question.clear()
        self.partners.clear()
