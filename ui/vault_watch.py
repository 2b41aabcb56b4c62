"""Noticing that the open vault's folder was moved, replaced or deleted under the app.

Another program (a file manager, a sync tool, a restore done by hand) can rename or replace
the folder while the app has it open; the operating-system lock keeps out other copies of
Casustafel, not those. The vault itself refuses every write once its folder is not the one
it opened (`Vault.in_place`, checked in every unit of work); this watch also looks on a
timer, so that the app locks within seconds even while nobody types, and says why.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from casustafel.i18n import _

from .session import AppSession

WATCH_INTERVAL_MS = 2000

GONE_TITLE = _("Kluis niet meer op zijn plaats")
GONE_MESSAGE = _(
    "De map van de kluis is verplaatst, vervangen of verwijderd terwijl de kluis open was. "
    "De kluis is vergrendeld en er is niets meer opgeslagen, ook niet elders. Wat u hierna "
    "nog typte is niet bewaard. Open de kluis opnieuw op de plaats waar hij nu staat."
)


class VaultWatch(QObject):
    """Emits `vault_gone` once when the session's vault is no longer where it was opened.

    One `stat` of the folder and of the database per tick: cheap enough for the GUI thread.

    Args:
        session: the unlocked session to watch; the watch stops when it locks.
        interval_ms: time between two looks; `WATCH_INTERVAL_MS` (read when made) if None.
    """

    vault_gone = Signal()

    def __init__(
        self,
        session: AppSession,
        interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms if interval_ms is not None else WATCH_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        session.locked.connect(self.timer.stop)
        self.timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._session.is_locked:
            self.timer.stop()
        elif not self._session.vault.in_place():
            self.timer.stop()
            self.vault_gone.emit()
