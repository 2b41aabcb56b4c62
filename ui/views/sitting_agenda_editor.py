"""The agenda editor of one sitting: the proposal, then the chair's trimming and ordering.

"Voorstel ophalen" adds the cases the composition rules propose (what is already on the
agenda stays), each with why it was proposed. The chair selects several items (Shift/Ctrl)
and removes them with Delete, drags items to another place (into another case section,
too), moves one with Ctrl+Up/Down, and takes the last removal or move back with Ctrl+Z;
after a removal the selection stays on the neighbour. Per item the chair sets the section,
a time budget, the question for the table and the partners needed; the budget of the
whole agenda is shown against the sitting's length. Items show number and label only.

Reads and writes are operations on the worker (`ui.ops`); every write announces the
sitting as changed, and the editor reloads when another screen changed it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDropEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain.agenda_rules import FRAME_MINUTES, agenda_minutes
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.identifiers import Identity
from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.reports.agenda import SECTION_TITLES, AgendaSection
from casustafel.services import sitting_planning, sittings
from casustafel.services.identity_sources import sitting_identities
from casustafel.services.sitting_values import (
    AgendaEntry,
    ItemKind,
    SittingStatus,
    SittingSummary,
)
from casustafel.ui.models.agenda_model import MINUTES_COLUMN, REASON_COLUMN, AgendaModel, minutes
from casustafel.ui.ops import CollectionOp, QueryOp
from casustafel.ui.session import AppSession
from casustafel.ui.style import icon
from casustafel.ui.widgets.identifier_check import KnownSubjects, attach_identifier_check

from .agenda_case_dialog import CaseSearchDialog

__all__ = ["AgendaEditor", "AgendaTable"]

_CASE_SECTIONS = ("nieuwe_casussen", "lopende_casussen", "opschaling", "afschaling")


class AgendaTable(QTableView):
    """The agenda's rows, draggable; a drop says which rows go where, the editor decides.

    Signals:
        rows_dropped(list, int, bool): the dragged rows, the row dropped on, and whether
            they go before it (else after it).
        remove_requested(): Delete or Backspace.
        undo_requested(): Ctrl+Z.
        move_requested(int): Ctrl+Up (-1) or Ctrl+Down (+1).
    """

    rows_dropped = Signal(list, int, bool)
    remove_requested = Signal()
    undo_requested = Signal()
    move_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def moveCursor(  # noqa: N802 (Qt API)
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        # Rows are what the chair selects: Home and End go to the first and last row (a
        # table's own Home/End go along the row), so Shift+End selects to the end.
        if action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers = modifiers | Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # Keys of the table itself, not window shortcuts: they act where the chair is.
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not control:
            self.remove_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
        elif control and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        rows = self.selected_rows()
        where = event.position().toPoint()
        target = self.indexAt(where).row()
        if target < 0:  # below the last row
            target, before = self.model().rowCount() - 1, False
        else:  # the upper half of a row means before it, as the drop indicator shows
            before = where.y() < self.visualRect(self.model().index(target, 0)).center().y()
        # The model is never changed by Qt's own move: the editor stores the new order.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if rows and target >= 0:
            self.rows_dropped.emit(rows, target, before)


@dataclasses.dataclass(frozen=True, slots=True)
class _Undo:
    """What Ctrl+Z puts back: removed entries, or the order and sections before a move."""

    removed: tuple[AgendaEntry, ...] = ()
    order: tuple[int, ...] = ()
    sections: tuple[tuple[int, str], ...] = ()


class AgendaEditor(QWidget):
    """Edit the agenda of `sitting_id` (before the sitting; a closed one is shown read-only).

    Signals:
        meeting_requested(int): the chair wants meeting mode for this sitting.
        agenda_changed(): the stored agenda changed (by this editor).
        loaded(): the agenda as read from the vault is on screen.
    """

    meeting_requested = Signal(int)
    agenda_changed = Signal()
    loaded = Signal()

    def __init__(self, session: AppSession, sitting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._sitting_id = sitting_id
        self._selected: AgendaEntry | None = None
        self._undo: list[_Undo] = []
        self._length = 120
        self._table: TableCode | None = None  # known once the sitting is read
        self._closed = True  # nothing to edit until then
        self.model = AgendaModel(self)
        self.view = AgendaTable(self)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        # Why and how long next to the label: what the chair weighs when trimming.
        header.moveSection(header.visualIndex(REASON_COLUMN), 4)
        header.moveSection(header.visualIndex(MINUTES_COLUMN), 5)
        # The number says the section ("6.2" = running cases; its tooltip names it) and the
        # fields below show it: the laptop's width goes to the question instead.
        self.view.setColumnHidden(1, True)
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.budget = QLabel(self)
        self.budget.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("color: #b3261e;")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.propose_button = QPushButton(_("Voor&stel ophalen"), self)
        self.add_case_button = QPushButton(_("&Casus toevoegen…"), self)
        self.add_free_button = QPushButton(_("Vrij p&unt…"), self)
        self.remove_button = QPushButton(
            _("Verwijderen"), self
        )  # the Delete key; every letter is taken
        self.remove_button.setToolTip(_("De gekozen punten van de agenda halen (Delete)"))
        self.undo_button = QPushButton(_("Ongedaan ma&ken"), self)
        self.undo_button.setToolTip(_("Laatste verwijdering of verplaatsing terugdraaien (Ctrl+Z)"))
        self.up_button = QToolButton(self)
        self.up_button.setIcon(icon("up"))
        self.up_button.setToolTip(_("Punt omhoog (Ctrl+Omhoog)"))
        self.up_button.setAccessibleName(_("Omhoog"))
        self.down_button = QToolButton(self)
        self.down_button.setIcon(icon("down"))
        self.down_button.setToolTip(_("Punt omlaag (Ctrl+Omlaag)"))
        self.down_button.setAccessibleName(_("Omlaag"))
        self.question = QPlainTextEdit(self)
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(self.question.fontMetrics().height() * 4 + 12)
        self.section = QComboBox(self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 240)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(_(" min"))
        self.partners = QListWidget(self)
        self.partners.setFixedHeight(self.question.maximumHeight())
        # The question is saved shortly after typing stops, not on every keystroke.
        self._question_timer = QTimer(self)
        self._question_timer.setSingleShot(True)
        self._question_timer.setInterval(800)
        self._build()
        # i13: warn at the field when the question names someone on this agenda.
        # The identities are read with the agenda, on the worker (see `reload`).
        self._known_subjects = KnownSubjects(self)
        self.question_check = attach_identifier_check(self.question, self._known_subjects)
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.budget, 1)
        actions = QHBoxLayout()
        for button in (
            self.propose_button,
            self.add_case_button,
            self.add_free_button,
            self.remove_button,
            self.undo_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.up_button)
        actions.addWidget(self.down_button)
        # Labels above their fields: the laptop's width goes to the question and partners.
        first = QVBoxLayout()
        first.addWidget(self._label(_("Rubr&iek"), self.section))
        first.addWidget(self.section)
        first.addWidget(self._label(_("Ti&jd"), self.minutes))
        first.addWidget(self.minutes)
        first.addStretch(1)
        question = QVBoxLayout()
        question.addWidget(self._label(_("Vraa&g aan de tafel"), self.question))
        question.addWidget(self.question)
        partners = QVBoxLayout()
        partners.addWidget(self._label(_("Partners &nodig"), self.partners))
        partners.addWidget(self.partners)
        details = QHBoxLayout()
        details.addLayout(first, 0)
        details.addLayout(question, 3)
        details.addLayout(partners, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.banner)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addLayout(details)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _connect_signals(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.rows_dropped.connect(self._on_view_rows_dropped)
        self.propose_button.clicked.connect(self.compose)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_button.clicked.connect(self.undo)
        self.add_case_button.clicked.connect(self._on_add_case_button_clicked)
        self.add_free_button.clicked.connect(self._on_add_free_button_clicked)
        self.question.textChanged.connect(self._question_timer.start)
        self._question_timer.timeout.connect(self.save_question)
        self.section.activated.connect(self._on_section_activated)
        self.minutes.editingFinished.connect(self._on_minutes_editing_finished)
        self.partners.itemChanged.connect(self._on_partners_item_changed)
        self._session.locked.connect(self._on_session_locked)
        self._session.changes.changed.connect(self._on_changes_changed)
        self.view.remove_requested.connect(self.remove_selected)
        self.view.undo_requested.connect(self.undo)
        self.view.move_requested.connect(self._move)
        # Ctrl+Z also from the buttons and lists around the table (the question field keeps
        # its own text undo: a text field takes Ctrl+Z before any shortcut).
        self._undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        self._undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._undo_shortcut.activated.connect(self.undo)

    # -- loading -------------------------------------------------------------------------

    def reload(self, select_ids: Sequence[int] = (), select_row: int | None = None) -> None:
        """Read the agenda again; select `select_ids`, else row `select_row`, else the first."""
        if self._session.is_locked:
            return
        sitting_id = self._sitting_id

        def read(
            vault: Vault,
        ) -> tuple[SittingSummary, list[AgendaEntry], tuple[Identity, ...]]:
            return (
                sittings.get_sitting(vault, sitting_id),
                sittings.agenda(vault, sitting_id),
                sitting_identities(vault, sitting_id),
            )

        ids = list(select_ids)  # may be filled by a write that runs before this read returns

        def show(result: tuple[SittingSummary, list[AgendaEntry], tuple[Identity, ...]]) -> None:
            sitting, entries, identities = result
            self._known_subjects.set(identities)
            self._show_agenda(sitting, entries, ids, select_row)

        QueryOp(self, self._session, read).success(show).run()

    def _show_agenda(
        self,
        sitting: SittingSummary,
        entries: list[AgendaEntry],
        select_ids: Sequence[int],
        select_row: int | None,
    ) -> None:
        self._table = sitting.table
        self._length = sitting.duration_minutes
        self._closed = sitting.status in (SittingStatus.GESLOTEN, SittingStatus.GEANNULEERD)
        self.title.setText(
            _("Agenda {table}, zitting {number} ({date})").format(
                table=sitting.table.label,
                number=sitting.number,
                date=sitting.date.strftime("%d-%m-%Y"),
            )
        )
        self.model.set_records(entries)
        self.view.resizeColumnsToContents()
        for column in (2, 3, REASON_COLUMN):  # long texts must not push the question away
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 160))
        for widget in (
            self.propose_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.add_case_button,
            self.add_free_button,
            self.question,
            self.section,
            self.minutes,
            self.partners,
        ):
            widget.setEnabled(not self._closed)
        self.view.setDragEnabled(not self._closed)
        self.undo_button.setEnabled(bool(self._undo) and not self._closed)
        self._show_budget()
        rows = [r for r in (self.model.row_of(i) for i in select_ids) if r is not None]
        if not rows and self.model.rowCount():
            rows = [min(max(select_row or 0, 0), self.model.rowCount() - 1)]
        self._select_rows(rows)
        self.loaded.emit()

    def _select_rows(self, rows: Sequence[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        if not rows:
            self._selected = None
            return
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        selection.setCurrentIndex(self.model.index(rows[0], 0), selection.SelectionFlag.NoUpdate)
        self._show(self.model.record(rows[0]))

    def _show_budget(self) -> None:
        entries = self.model.records()
        total = agenda_minutes((e.section, e.planned_minutes) for e in entries)
        text = _("{n} punten · {total} min (met {frame} min vaste punten) van {length} min").format(
            n=len(entries), total=total, frame=FRAME_MINUTES, length=self._length
        )
        over = total - self._length
        if over > 0:
            text += _(" — {over} min te veel").format(over=over)
        self.budget.setText(text)
        self.budget.setStyleSheet("color: #b3261e;" if over > 0 else "")

    def _show(self, entry: AgendaEntry) -> None:
        self._selected = None  # no saving while the fields are filled
        self.section.clear()
        sections = _CASE_SECTIONS if entry.kind is ItemKind.CASE else sittings.FREE_SECTIONS
        for code in sections:
            self.section.addItem(SECTION_TITLES[AgendaSection(code)], code)
        self.section.setCurrentIndex(max(0, self.section.findData(entry.section)))
        self.minutes.setValue(minutes(entry))
        self.question.setPlainText(entry.question)
        self.partners.clear()
        table = self._table
        for partner in catalogue.table_definition(table).partners if table else ():
            item = QListWidgetItem(partner.name, self.partners)
            item.setData(Qt.ItemDataRole.UserRole, partner.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            needed = partner.code in entry.partners_needed
            item.setCheckState(Qt.CheckState.Checked if needed else Qt.CheckState.Unchecked)
        self.partners.setEnabled(entry.kind is ItemKind.CASE and not self._closed)
        self._selected = entry

    @property
    def sitting_id(self) -> int:
        return self._sitting_id

    def current_item_id(self) -> int | None:
        """The id of the item shown in the fields, if any."""
        return self._selected.id if self._selected is not None else None

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_row_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        self.save_question()
        if current.isValid():
            self._show(self.model.record(current.row()))

    # -- actions -------------------------------------------------------------------------

    def _run(
        self,
        action: Callable[[Vault], object],
        select_ids: Sequence[int] = (),
        select_row: int | None = None,
        *,
        then: Callable[[object], None] | None = None,
    ) -> bool:
        """Write on the worker, then reload (selecting as asked) and tell the page.

        Returns whether the write succeeded when it ran at once (no worker: tests of this
        editor alone); with a worker the outcome arrives later and this returns False.
        """
        self.save_question()
        done: list[object] = []

        def succeeded(result: object) -> None:
            done.append(result)
            self.banner.setVisible(False)
            if then is not None:
                then(result)
            self.reload(select_ids, select_row)
            self.agenda_changed.emit()

        CollectionOp(self, self._session, action, self._changes()).success(succeeded).run()
        return bool(done)

    def _changes(self) -> OpChanges:
        return OpChanges.of(ChangeKind.SITTINGS, sitting_ids=[self._sitting_id])

    def show_error(self, message: str, _field: str | None = None) -> None:
        """A refused write: its reason above the agenda (`ui.ops` sends it here)."""
        self.banner.setText(message)
        self.banner.setVisible(True)

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, initiator: object) -> None:
        # Our own writes reload in their success callback.
        if initiator is self or not changes.touches(ChangeKind.SITTINGS, ChangeKind.CASES):
            return
        if not changes.sitting_ids or self._sitting_id in changes.sitting_ids:
            self.reload([self._selected.id] if self._selected else [])

    @Slot()
    def compose(self) -> None:
        """Add the proposed cases."""
        sitting_id = self._sitting_id
        self._run(lambda vault: sittings.compose_agenda(vault, sitting_id))

    def selected_entries(self) -> list[AgendaEntry]:
        return [self.model.record(row) for row in self.view.selected_rows()]

    def move_rows(self, rows: Sequence[int], target: int, *, before: bool) -> bool:
        """Move `rows` before (or after) row `target`, into its section; undoable.

        What a drag does (`AgendaTable.rows_dropped`); tests call it directly, because a
        real drag needs a window system.
        """
        records = list(self.model.records())
        if not rows or not 0 <= target < len(records):
            return False
        moving = [records[r] for r in sorted(set(rows))]
        moving_ids = {e.id for e in moving}
        anchor = records[target]
        if anchor.id in moving_ids:
            return False  # dropped on itself
        rest = [e for e in records if e.id not in moving_ids]
        at = rest.index(anchor) + (0 if before else 1)
        order = [*rest[:at], *moving, *rest[at:]]
        sections = {e.id: anchor.section for e in moving if e.section != anchor.section}
        return self._arrange(order, sections, [e.id for e in moving])

    def _arrange(
        self, order: Sequence[AgendaEntry], sections: dict[int, str], select: Sequence[int]
    ) -> bool:
        before = self.model.records()
        undo = _Undo(
            order=tuple(e.id for e in before),
            sections=tuple((e.id, e.section) for e in before if e.id in sections),
        )
        ids = [e.id for e in order]
        sitting_id = self._sitting_id
        return self._run(
            lambda vault: sitting_planning.arrange_items(vault, sitting_id, ids, sections),
            select,
            then=lambda _r: self._push(undo),
        )

    @Slot(int)
    def _move(self, delta: int) -> None:
        entry = self._selected
        if entry is None:
            return
        ordered = list(self.model.records())
        index = ordered.index(entry) if entry in ordered else -1
        target = index + delta
        if index < 0 or not 0 <= target < len(ordered) or ordered[target].section != entry.section:
            return  # the buttons move within a section; drag to go to another
        ordered[index], ordered[target] = ordered[target], ordered[index]
        self._arrange(ordered, {}, [entry.id])

    @Slot()
    def move_up(self) -> None:
        self._move(-1)

    @Slot()
    def move_down(self) -> None:
        self._move(+1)

    @Slot()
    def remove_selected(self) -> None:
        """Take the selected items off the agenda; the selection goes to the neighbour."""
        if self._closed:
            return
        rows = self.view.selected_rows()
        if not rows:
            return
        entries = tuple(self.model.record(r) for r in rows)
        self.save_question()
        self._selected = None  # gone: nothing more to save for them
        ids = [e.id for e in entries]
        sitting_id = self._sitting_id
        self._run(
            lambda vault: sitting_planning.remove_items(vault, sitting_id, ids),
            select_row=rows[0],
            then=lambda _r: self._push(_Undo(removed=entries)),
        )

    @Slot()
    def remove_current(self) -> None:
        self.remove_selected()

    def _push(self, undo: _Undo) -> None:
        self._undo = [*self._undo[-49:], undo]
        self.undo_button.setEnabled(not self._closed)

    @Slot()
    def undo(self) -> None:
        """Put back what the last removal or move changed."""
        if not self._undo or self._closed:
            return
        last = self._undo.pop()
        sitting_id = self._sitting_id
        if last.removed:
            restored: list[int] = []  # filled before the reload reads its selection
            self._run(
                lambda vault: sitting_planning.restore_items(vault, sitting_id, last.removed),
                restored,
                then=lambda ids: restored.extend(ids),  # type: ignore[arg-type]
            )
        else:
            ids = list(last.order)
            sections = dict(last.sections)
            self._run(
                lambda vault: sitting_planning.arrange_items(vault, sitting_id, ids, sections),
                [i for i, _s in last.sections] or ([self._selected.id] if self._selected else []),
            )
        self.undo_button.setEnabled(bool(self._undo) and not self._closed)

    def add_case_by_number(self, number: str) -> bool:
        """Put the case with `number` (e.g. "WO-2026-0042") on the agenda."""
        sitting_id = self._sitting_id

        def add(vault: Vault) -> int:
            return sittings.add_case_item(
                vault, sitting_id, sittings.case_id_by_number(vault, number)
            )

        return self._add(add)

    def add_case(self, case_id: int) -> bool:
        """Put a case on the agenda (chosen in the search dialog) and select it."""
        sitting_id = self._sitting_id
        return self._add(lambda vault: sittings.add_case_item(vault, sitting_id, case_id))

    def _add(self, add: Callable[[Vault], int]) -> bool:
        added: list[int] = []

        def remember(item_id: object) -> None:
            assert isinstance(item_id, int)
            added.append(item_id)

        return self._run(add, added, then=remember)

    def add_free(self, section: str, title: str) -> bool:
        sitting_id = self._sitting_id
        return self._run(lambda vault: sittings.add_free_item(vault, sitting_id, section, title))

    @Slot()
    def _on_add_case_button_clicked(self) -> None:
        if self._table is None:
            return
        dialog = CaseSearchDialog(self._session, self._table, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.case_id is not None:
            self.add_case(dialog.case_id)

    @Slot()
    def _on_add_free_button_clicked(self) -> None:
        title, ok = QInputDialog.getText(
            self, _("Vrij punt"), _("Titel (geen namen; trends alleen geaggregeerd):")
        )
        if ok and title.strip():
            self.add_free("rondvraag", title)

    @Slot(list, int, bool)
    def _on_view_rows_dropped(self, rows: list[int], target: int, before: bool) -> None:
        self.move_rows(rows, target, before=before)

    # -- per-item edits, saved as the chair goes -------------------------------------------

    def _save_item(self, reload: bool = False, **changes: object) -> None:
        entry = self._selected
        if entry is None or self._closed:
            return
        item_id = entry.id

        def save(vault: Vault) -> None:
            sittings.update_item(vault, item_id, **changes)  # type: ignore[arg-type]

        def saved(_result: object) -> None:
            self.banner.setVisible(False)
            if reload:
                self.reload([item_id])

        CollectionOp(self, self._session, save, self._changes()).success(saved).run()
        if "question" in changes:  # what is typed is what the fields compare against
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
            self._save_item(reload=True, section=str(self.section.currentData()))

    @Slot()
    def _on_minutes_editing_finished(self) -> None:
        entry = self._selected
        if entry is None or self._closed or self.minutes.value() == minutes(entry):
            return
        value, item_id = self.minutes.value(), entry.id
        self._run(lambda vault: sitting_planning.set_item_minutes(vault, item_id, value), [item_id])

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
        self._undo.clear()
        self.model.clear()
        self.question.clear()
        self.partners.clear()
