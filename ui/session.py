"""The unlocked vault as the desktop app sees it: one object every window and model shares.

Windows and models never keep the vault themselves: they ask the session, listen to
`locked` and clear everything they show when it fires. Presentation mode (a room full of
partners looking at the projected screen) is decided here, so every view masks alike.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from casustafel.db.vault import Vault
from casustafel.errors import VaultLockedError

from .changes import ChangeHub

if TYPE_CHECKING:
    from .worker import Worker


class PersonalField(Enum):
    """The kinds of personal data presentation mode hides or shortens."""

    NAME = "name"  # shown as initials
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"  # street, house number, postcode
    PHONE = "phone"


HIDDEN = "•••"


def initials(full_name: str) -> str:
    """'Jan Pieter de Vries' → 'J.P.d.V.'; presentation mode shows only this."""
    return "".join(f"{part[0]}." for part in full_name.split() if part)


class AppSession(QObject):
    """Holds the vault while unlocked; emits `locked` once when it is locked.

    It also carries what every operation needs (`casustafel.ui.ops`): the app's `worker`
    (None in tests that run operations inline) and the change notice hub `changes`.
    """

    about_to_lock = Signal()  # the vault is still open: views write what is being typed
    locked = Signal()
    presentation_mode_changed = Signal(bool)
    # (subject_id, PersonalField): a field was revealed or concealed again; views re-render it.
    reveal_changed = Signal(int, object)

    def __init__(
        self, vault: Vault, parent: QObject | None = None, *, worker: Worker | None = None
    ) -> None:
        super().__init__(parent)
        self._vault: Vault | None = vault
        self.worker = worker
        self.changes = ChangeHub(self)
        self._vault_name = vault.name
        self._presentation = False
        self._revealed: set[tuple[int, PersonalField]] = set()

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise VaultLockedError("De kluis is vergrendeld.")
        return self._vault

    @property
    def is_locked(self) -> bool:
        return self._vault is None

    @property
    def vault_name(self) -> str:
        """The vault's name (not personal data; window titles may show it), also once locked."""
        return self._vault_name

    def lock(self) -> None:
        """Lock the vault and tell every view to clear itself (idempotent)."""
        if self._vault is None:
            return
        # First let views save input still waiting for its debounce timer (meeting mode
        # saves at most two seconds behind): a lock must not lose what the chair typed.
        self.about_to_lock.emit()
        vault, self._vault = self._vault, None
        self._revealed.clear()
        self.locked.emit()
        vault.lock()

    # -- presentation mode ---------------------------------------------------------------

    @property
    def presentation_mode(self) -> bool:
        return self._presentation

    def set_presentation_mode(self, on: bool) -> None:
        if on != self._presentation:
            self._presentation = on
            self._revealed.clear()
            self.presentation_mode_changed.emit(on)

    def reveal(self, subject_id: int, kind: PersonalField) -> None:
        """The chair reveals one field of one subject for a moment (the view hides it again)."""
        if (subject_id, kind) not in self._revealed:
            self._revealed.add((subject_id, kind))
            self.reveal_changed.emit(subject_id, kind)

    def conceal(self, subject_id: int, kind: PersonalField) -> None:
        if (subject_id, kind) in self._revealed:
            self._revealed.discard((subject_id, kind))
            self.reveal_changed.emit(subject_id, kind)

    def is_revealed(self, subject_id: int, kind: PersonalField) -> bool:
        return (subject_id, kind) in self._revealed

    def show(self, subject_id: int, kind: PersonalField, value: str) -> str:
        """What the screen may show of `value` now: the value, initials, or hidden."""
        if not self._presentation or not value or (subject_id, kind) in self._revealed:
            return value
        if kind is PersonalField.NAME:
            return initials(value)
        return HIDDEN
