"""What meeting mode writes, and when: the item as typed, the position, closing the sitting.

Every edit marks the item dirty and restarts a one-second timer; then the record goes to the
worker as a `CollectionOp` (`casustafel.ui.ops`), so the vault is about a second behind the
keyboard and the window never waits for it. Writes come back with the stored agenda
(`written`), which the window shows. Only the save at locking runs on the GUI thread (the
lock ends every worker job; the guard allows it there): the chair's last words go first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from casustafel.db import thread_guard
from casustafel.domain.changes import OpChanges
from casustafel.errors import CasustafelError
from casustafel.services import sitting_records
from casustafel.services.sitting_values import AgendaEntry, AgreementDraft, ItemRecord
from casustafel.ui.ops import CollectionOp, OpFailure
from casustafel.ui.session import AppSession

from . import meeting_ops

__all__ = ["AUTOSAVE_MS", "MeetingRecorder", "Snapshot"]

AUTOSAVE_MS = 1000  # at most about a second between typing and the vault

# The item on screen and its record as typed now (None: no item shown).
Snapshot = Callable[[], tuple[AgendaEntry, ItemRecord] | None]


class MeetingRecorder(QObject):
    """Saves one sitting's items for the meeting window `parent`.

    Signals:
        written(item_id, MeetingState): a record reached the vault; the agenda as stored.
        refused(message): a write was refused (the typed text stays in the form).
        closed(MeetingState): the sitting was closed.
    """

    written = Signal(int, object)
    refused = Signal(str)
    closed = Signal(object)

    def __init__(
        self, session: AppSession, sitting_id: int, snapshot: Snapshot, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._session = session
        self._sitting_id = sitting_id
        self._snapshot = snapshot
        self._dirty = False
        self._saved_agreements: dict[int, tuple[AgreementDraft, ...]] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)

    @property
    def dirty(self) -> bool:
        """Typed since the last save was handed to the worker."""
        return self._dirty

    def mark_dirty(self) -> None:
        self._dirty = True
        self.timer.start()

    def forget(self) -> None:
        """Drop what is pending (the vault is gone: what was saved is all there is)."""
        self.timer.stop()
        self._dirty = False

    def save_now(self) -> None:
        """Hand the item as typed to the worker now, if anything was typed."""
        self.timer.stop()
        snapshot = self._snapshot() if self._dirty else None
        if snapshot is None or self._session.is_locked:
            return
        entry, record = snapshot
        sitting_id = self._sitting_id
        # Follow-ups changed only when the agreements did: typing a decision every second
        # must not make every open view reload.
        agreements = record.agreements != self._saved_agreements.get(entry.id)
        self._saved_agreements[entry.id] = record.agreements
        self._dirty = False
        CollectionOp(
            self._window,
            self._session,
            lambda vault: meeting_ops.save_item(vault, entry.id, record, sitting_id),
            changes=meeting_ops.item_changes(sitting_id, entry.case_id, agreements),
        ).success(lambda state: self.written.emit(entry.id, state)).failure(self._on_refused).run()

    def _on_refused(self, failure: OpFailure) -> None:
        self._dirty = True  # still to be saved once fixed
        self.refused.emit(failure.message)

    def save_position(self, item_id: int | None, elapsed: int) -> None:
        """Remember the item on screen and the sitting's clock (nothing to announce)."""
        if self._session.is_locked:
            return
        sitting_id = self._sitting_id
        CollectionOp(
            self._window,
            self._session,
            lambda vault: meeting_ops.save_position(vault, sitting_id, item_id, elapsed),
            changes=OpChanges(),
        ).failure(self._on_position_refused).run()

    def _on_position_refused(self, _failure: OpFailure) -> None:
        pass  # the next tick tries again; the item's record is saved on its own

    def save_before_lock(self, item_id: int | None, elapsed: int) -> None:
        """Write what was typed and the position now, on this thread, before the lock."""
        self.timer.stop()
        if self._session.is_locked:
            return
        with thread_guard.allowed():
            vault = self._session.vault
            snapshot = self._snapshot() if self._dirty else None
            if snapshot is not None:
                try:
                    sitting_records.save_item_record(vault, snapshot[0].id, snapshot[1])
                    self._dirty = False
                except CasustafelError:
                    pass  # the vault keeps the last valid save; the form had the rest
            sitting_records.save_position(vault, self._sitting_id, item_id, elapsed)

    def close_sitting(self, item_id: int | None, elapsed: int, case_ids: list[int | None]) -> None:
        """Save what is typed, the position, and close: one job, in that order."""
        self.timer.stop()
        snapshot = self._snapshot() if self._dirty else None
        pending = (snapshot[0].id, snapshot[1]) if snapshot is not None else None
        self._dirty = False
        sitting_id, position = self._sitting_id, (item_id, elapsed)
        CollectionOp(
            self._window,
            self._session,
            lambda vault: meeting_ops.close_with(vault, sitting_id, pending, position),
            changes=meeting_ops.close_changes(sitting_id, case_ids),
        ).success(self.closed.emit).failure(self._on_close_refused).run()

    def _on_close_refused(self, failure: OpFailure) -> None:
        self.refused.emit(failure.message)
