"""The app-wide change notice: one signal every open view refreshes from.

`ChangeHub.changed(OpChanges, initiator)` fires on the GUI thread after a change operation
(`casustafel.ui.ops.CollectionOp`) succeeded. The session owns one hub
(`session.changes`); a view connects once and reloads when the kinds it shows changed::

    session.changes.changed.connect(self._on_changes_changed)

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, initiator: object) -> None:
        if changes.touches(ChangeKind.CASES, ChangeKind.SUBJECTS):
            self.reload()
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from casustafel.domain.changes import OpChanges

__all__ = ["ChangeHub"]

log = logging.getLogger("casustafel.ui")


class ChangeHub(QObject):
    """Announces what a write changed. Signals: changed(OpChanges, initiator or None)."""

    changed = Signal(object, object)

    def announce(self, changes: OpChanges, initiator: object | None = None) -> None:
        """Tell every open view what changed (GUI thread; empty changes are not announced)."""
        if changes:
            # Kinds and ids only: nothing personal.
            log.debug("wijziging: %s", sorted(kind.value for kind in changes.kinds))
            self.changed.emit(changes, initiator)
