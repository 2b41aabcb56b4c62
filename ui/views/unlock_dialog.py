"""The unlock dialog: the vault's name, a passphrase field, and a clear message per failure.

Argon2id takes about a second by design, so the unlock runs on the background worker and
the dialog stays responsive. After three wrong passphrases every next attempt waits
longer (2, 4, 8, 16, then 30 seconds), shown as a countdown; the count is kept per vault
for as long as the app runs, so closing and reopening the dialog does not reset it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_state import RollbackMode
from casustafel.errors import (
    KeyFileDamagedError,
    NewerVersionError,
    VaultDamagedError,
    VaultNotFoundError,
    VaultRolledBackError,
    WrongSecretError,
)
from casustafel.i18n import _

from ..style import icon
from ..worker import Task, TaskContext, Worker

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30

MSG_WRONG = _("Het wachtwoord klopt niet. Let op hoofdletters en de Caps Lock-toets.")
MSG_DAMAGED = _(
    "De kluis is beschadigd of gewijzigd en kan niet worden geopend. Er is niets aan "
    "veranderd. Zet de meest recente reservekopie terug en neem contact op met uw "
    "functioneel beheerder."
)
MSG_KEY_DAMAGED = _(
    "Het sleutelbestand van deze kluis is beschadigd. Dit is iets anders dan een verkeerd "
    "wachtwoord. Zet de meest recente reservekopie terug en neem contact op met uw "
    "functioneel beheerder."
)
MSG_NEWER = _(
    "Deze kluis is gemaakt met een nieuwere versie van Casustafel. Werk de app bij; de "
    "kluis is niet gewijzigd."
)
MSG_WAIT = _("Te veel verkeerde pogingen. U kunt het over {seconds} seconden opnieuw proberen.")
MSG_BUSY = _("Bezig met ontgrendelen…")
MSG_ROLLED_BACK = _(
    "Deze kluis is ouder dan wat op deze computer als laatste is vastgelegd: er ontbreken "
    "vastgelegde wijzigingen (bijvoorbeeld door een verloren WAL-bestand of een oudere kopie "
    "van de map). Zet de juiste kopie terug, of typ het wachtwoord opnieuw en kies 'Oudere "
    "stand aanvaarden'; dat wordt vastgelegd in het auditlog."
)


def delay_after(failures: int) -> int:
    """Seconds to wait before the next attempt after `failures` wrong passphrases."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1)))


class UnlockThrottle:
    """Wrong attempts and the wait still to go, per vault path, for as long as the app runs.

    The wait counts down only while an unlock dialog shows it: closing the dialog pauses
    it, so reopening never shortens it.
    """

    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._wait_left: dict[str, int] = {}

    def failures(self, path: Path) -> int:
        return self._failures.get(str(path), 0)

    def record_failure(self, path: Path) -> int:
        """Count one wrong attempt; return the seconds to wait before the next one."""
        count = self._failures.get(str(path), 0) + 1
        self._failures[str(path)] = count
        self._wait_left[str(path)] = delay_after(count)
        return self._wait_left[str(path)]

    def wait_left(self, path: Path) -> int:
        return self._wait_left.get(str(path), 0)

    def set_wait_left(self, path: Path, seconds: int) -> None:
        self._wait_left[str(path)] = max(0, seconds)

    def reset(self, path: Path) -> None:
        self._failures.pop(str(path), None)
        self._wait_left.pop(str(path), None)


class UnlockDialog(QDialog):
    """Ask for the passphrase of one vault and unlock it off the GUI thread.

    After `accept()`, `vault` holds the unlocked vault. Cancelling leaves nothing open.

    Args:
        path: the vault folder.
        worker: the app's background worker.
        throttle: the app-wide count of wrong attempts.
        tick_ms: length of one countdown second (tests shorten it).
        neutral: presentation mode is on: show neither the vault's name nor its path (the
            dialog may appear on the projector).
    """

    unlocked = Signal(object)  # the Vault

    def __init__(
        self,
        path: str | Path,
        worker: Worker,
        throttle: UnlockThrottle,
        parent: QWidget | None = None,
        tick_ms: int = 1000,
        *,
        neutral: bool = False,
    ) -> None:
        super().__init__(parent)
        self._paths = VaultPaths.of(path)
        self._neutral = neutral
        self._worker = worker
        self._throttle = throttle
        self._task: Task | None = None
        self._wait_left = 0
        self.vault: Vault | None = None
        self.setWindowTitle(
            _("Kluis ontgrendelen")
            if neutral
            else _("Kluis ontgrendelen — {name}").format(name=self._paths.name)
        )
        self.setWindowIcon(icon("lock"))
        self.setModal(True)
        self.setMinimumWidth(460)
        self._countdown = QTimer(self)
        self._countdown.setInterval(tick_ms)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self._build()
        self._connect_signals()
        if throttle.wait_left(self._paths.folder):
            self._start_countdown(throttle.wait_left(self._paths.folder))

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        title = QLabel(self._paths.name)
        title.setObjectName("pageTitle")
        path_label = QLabel(str(self._paths.folder))
        path_label.setObjectName("hint")
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_label.setWordWrap(True)
        prompt = QLabel(_("&Wachtwoord:"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setAccessibleName(_("Wachtwoord"))
        prompt.setBuddy(self.passphrase)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(icon("unlock", "#ffffff"), _("&Ontgrendelen"))
        self.unlock_button.setDefault(True)
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Shown only after a refused rollback: accepting the older state is a logged act.
        self.accept_older_button = QPushButton(_("Oudere stand &aanvaarden"))
        self.accept_older_button.setAutoDefault(False)
        self.buttons.addButton(self.accept_older_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.accept_older_button.hide()  # after addButton, which shows it
        cancel = self.buttons.addButton(_("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        # Enter must never mean "cancel", also not while the unlock button is disabled.
        cancel.setAutoDefault(False)
        shown = (prompt, self.passphrase, self.message)
        for widget in shown if self._neutral else (title, path_label, *shown):
            layout.addWidget(widget)
        if self._neutral:  # not even hidden children: nothing that names the vault
            title.deleteLater()
            path_label.deleteLater()
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()
        self._update_enabled()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        self.accept_older_button.clicked.connect(self._on_accept_older_button_clicked)
        self.passphrase.textChanged.connect(self._update_enabled)
        # Enter in the field unlocks, whatever QDialog thinks the default button is.
        self.passphrase.returnPressed.connect(self.attempt)

    # -- behaviour ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def waiting_seconds(self) -> int:
        """Seconds of the countdown still to go (0 when an attempt is allowed)."""
        return self._wait_left

    def _update_enabled(self) -> None:
        allowed = not self.busy and self._wait_left == 0
        self.passphrase.setEnabled(allowed)
        self.unlock_button.setEnabled(allowed and bool(self.passphrase.text()))
        self.accept_older_button.setEnabled(allowed and bool(self.passphrase.text()))

    def _show_message(self, text: str, level: str) -> None:
        self.message.setText(text)
        self.message.setProperty("level", level)
        # Re-polish: the style sheet selects on the `level` property.
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        # The dialog grows with a longer message instead of clipping it.
        self.adjustSize()

    @Slot()
    def _on_accept_older_button_clicked(self) -> None:
        self.attempt(accept_older=True)

    @Slot()
    def attempt(self, accept_older: bool = False) -> None:
        """Start one unlock attempt with the typed passphrase (ignored while not allowed)."""
        passphrase = self.passphrase.text()
        if self.busy or self._wait_left or not passphrase:
            return
        path = self._paths.folder
        rollback: RollbackMode = "accept" if accept_older else "refuse"

        def unlock(_ctx: TaskContext) -> Vault:
            return Vault.unlock(path, passphrase, rollback=rollback)

        self._task = self._worker.submit(unlock)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed_with.connect(self._on_task_failed_with)
        self._task.failed.connect(self._on_task_failed)
        self._show_message(MSG_BUSY, "info")
        self._update_enabled()

    @Slot(object)
    def _on_task_succeeded(self, vault: Vault) -> None:
        self._task = None
        self.passphrase.clear()
        self._throttle.reset(self._paths.folder)
        self.vault = vault
        self.unlocked.emit(vault)
        self.accept()

    @Slot(object)
    def _on_task_failed_with(self, exc: Exception) -> None:
        self._task = None
        self.passphrase.clear()
        if isinstance(exc, WrongSecretError):
            wait = self._throttle.record_failure(self._paths.folder)
            if wait:
                self._start_countdown(wait)
            else:
                self._show_message(MSG_WRONG, "error")
        elif isinstance(exc, KeyFileDamagedError):
            self._show_message(MSG_KEY_DAMAGED, "error")
        elif isinstance(exc, VaultRolledBackError):
            self._show_message(MSG_ROLLED_BACK, "error")
            self.accept_older_button.show()
        elif isinstance(exc, VaultDamagedError):
            self._show_message(MSG_DAMAGED, "error")
        elif isinstance(exc, NewerVersionError):
            self._show_message(MSG_NEWER, "error")
        elif isinstance(exc, VaultNotFoundError):
            self._show_message(exc.args[0] if exc.args else str(exc), "error")
        else:
            self._show_message(getattr(exc, "message", MSG_DAMAGED), "error")
        self._update_enabled()
        self.passphrase.setFocus()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        # CasustafelErrors arrive through failed_with first; this catches the unexpected.
        if self._task is not None:
            self._task = None
            self._show_message(message, "error")
            self._update_enabled()

    def _start_countdown(self, seconds: int) -> None:
        self._wait_left = seconds
        self._show_message(MSG_WAIT.format(seconds=seconds), "warning")
        self._countdown.start()
        self._update_enabled()

    @Slot()
    def _on_countdown_timeout(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        self._throttle.set_wait_left(self._paths.folder, self._wait_left)
        if self._wait_left:
            self._show_message(MSG_WAIT.format(seconds=self._wait_left), "warning")
            return
        self._countdown.stop()
        self._show_message(MSG_WRONG, "error")
        self._update_enabled()
        self.passphrase.setFocus()

    def reject(self) -> None:
        if self._task is not None:
            # The unlock may still finish: its vault is locked at once (see succeeded).
            self._task.succeeded.disconnect(self._on_task_succeeded)
            self._task.succeeded.connect(lambda vault: vault.lock())
            self._task = None
        self.passphrase.clear()
        super().reject()
