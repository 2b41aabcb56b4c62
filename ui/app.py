"""Starting the desktop app: the QApplication, Dutch, the look, and the way into a vault.

`run()` is what `casustafel` without a subcommand calls. `AppController` holds what lives
as long as the app (the background worker, the clipboard guard, presentation mode, the
count of wrong passphrases) and walks the user from the welcome screen or a given vault
through unlocking into the main window, and back to the lock screen when it locks.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casustafel import __version__, markers
from casustafel.db import thread_guard
from casustafel.db.keyfile import Argon2Params
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import set_program_name
from casustafel.errors import CasustafelError
from casustafel.i18n import _

from .autolock import Clock
from .clipboard import SecureClipboard
from .main_window import MainWindow
from .presentation import PresentationController
from .recent_vaults import RecentVaults
from .session import AppSession
from .style import apply_style
from .vault_watch import GONE_MESSAGE, GONE_TITLE, VaultWatch
from .views.create_vault_wizard import CreateVaultWizard
from .views.unlock_dialog import UnlockDialog, UnlockThrottle
from .views.welcome_view import WelcomeView
from .worker import UNEXPECTED, Worker

log = logging.getLogger("casustafel.ui")

GC_INTERVAL_MS = 45_000


VAULT_GUARD_ENV = "CASUSTAFEL_VAULT_GUARD"


def install_vault_guard() -> None:
    """Report vault use on the GUI thread (screens must use `casustafel.ui.ops`).

    WARN by default (one log line per call site) while the last screens move to
    operations; `CASUSTAFEL_VAULT_GUARD=raise` makes it strict, `off` silences it. A guard
    already set to RAISE (by a UI test) is left alone.
    """
    if thread_guard.mode() is thread_guard.GuardMode.RAISE:
        return
    try:
        mode = thread_guard.GuardMode(os.environ.get(VAULT_GUARD_ENV, "warn").lower())
    except ValueError:
        mode = thread_guard.GuardMode.WARN
    if mode is thread_guard.GuardMode.OFF:
        thread_guard.lift()
    else:
        thread_guard.forbid(threading.get_ident(), mode)


class GarbageCollector(QObject):
    """Python's cyclic garbage collector, run on the GUI thread only (Anki's remedy).

    Left automatic, the collector runs on whichever thread happens to allocate when its
    counters say so, also on the background worker, and finalises Qt wrappers (widgets,
    models, dialogs in reference cycles) there: the intermittent segmentation faults at
    the end of a UI test. `disable_automatic` turns that off at start-up; this timer
    collects every `GC_INTERVAL_MS` on the GUI thread, and `AppController` collects after
    each lock, when the cleared screens' cycles are garbage.

    Args:
        parent: the owner (the app controller).
        interval_ms: time between collections.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = GC_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    @staticmethod
    def disable_automatic() -> None:
        """No automatic collection from now on; what exists at start-up is never collected."""
        gc.collect()
        gc.freeze()  # start-up objects live for good: later collections skip them
        gc.disable()

    @Slot()
    def collect(self) -> int:
        """Collect now, here on the GUI thread; the number of unreachable objects found."""
        return gc.collect()


class AppController(QObject):
    """The app's flow: welcome → unlock or create → main window → lock screen → unlock.

    Args:
        recent: where recent vault paths are kept (tests pass their own).
        clock: the auto-lock's clock (tests pass a `ManualClock`).
        autolock_tick_ms: how often the auto-lock looks at the clock.
        unlock_tick_ms: length of one second of the unlock countdown.
        kdf_params: fixed key-derivation parameters for new vaults (tests).
    """

    def __init__(
        self,
        recent: RecentVaults | None = None,
        clock: Clock | None = None,
        autolock_tick_ms: int = 1000,
        unlock_tick_ms: int = 1000,
        kdf_params: Argon2Params | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.recent = recent or RecentVaults()
        self.worker = Worker(self)
        install_vault_guard()
        self.throttle = UnlockThrottle()
        self.clipboard = SecureClipboard(self)
        self.presentation = PresentationController(self)
        self._clock = clock
        self._autolock_tick_ms = autolock_tick_ms
        self._unlock_tick_ms = unlock_tick_ms
        self._kdf_params = kdf_params
        self.welcome = WelcomeView(self.recent)
        self.main_window: MainWindow | None = None
        self.session: AppSession | None = None
        self.vault_path: Path | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.wizard: CreateVaultWizard | None = None
        self.vault_watch: VaultWatch | None = None
        self.gone_message: QMessageBox | None = None  # shown when the folder went away
        self._shut_down = False
        self.garbage = GarbageCollector(self)
        self.welcome.open_requested.connect(self.open_vault)
        self.welcome.create_requested.connect(self.create_vault)

    def start(self, vault_path: str | None = None) -> None:
        """Show the welcome screen, or go straight to unlocking `vault_path`."""
        if vault_path:
            self.open_vault(vault_path)
        else:
            self.welcome.refresh()
            self.welcome.show()

    def _dialog_parent(self) -> QWidget:
        if self.main_window is not None and self.main_window.isVisible():
            return self.main_window
        return self.welcome

    @Slot(str)
    def open_vault(self, path: str | Path) -> None:
        """Ask for the passphrase of the vault at `path` (non-blocking)."""
        paths = VaultPaths.of(path)
        try:
            paths.require_existing()
        except CasustafelError as exc:
            self.welcome.show()
            QMessageBox.warning(self.welcome, _("Kluis openen"), exc.message)
            return
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            return
        if self.session is not None and self.vault_path != paths.folder:
            self.session.lock()
        if not self._dialog_parent().isVisible():
            self.welcome.show()
        dialog = UnlockDialog(
            paths.folder,
            self.worker,
            self.throttle,
            parent=self._dialog_parent(),
            tick_ms=self._unlock_tick_ms,
            neutral=self.presentation.is_on,  # no vault path on the projector (i11b)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unlocked.connect(self._on_unlocked)
        # `finished`, not `destroyed`: a slot on `destroyed` may outlive this controller.
        dialog.finished.connect(self._forget_unlock_dialog)
        self.unlock_dialog = dialog
        dialog.open()
        markers.reached("unlock-dialog")  # tests of the packaged app wait for this

    @Slot()
    def _forget_unlock_dialog(self) -> None:  # on `finished`: the dialog is closing
        self.unlock_dialog = None

    @Slot()
    def create_vault(self) -> None:
        """Walk through making a new vault (non-blocking)."""
        if self.wizard is not None and self.wizard.isVisible():
            return
        if self.session is not None:
            self.session.lock()
        wizard = CreateVaultWizard(self.worker, self._dialog_parent(), self._kdf_params)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.accepted.connect(self._on_wizard_accepted)
        wizard.finished.connect(self._forget_wizard)
        self.wizard = wizard
        wizard.open()

    @Slot()
    def _forget_wizard(self) -> None:
        self.wizard = None

    @Slot()
    def _on_wizard_accepted(self) -> None:
        # The sender, not self.wizard: `finished` (which forgets it) comes before `accepted`.
        wizard = self.sender()
        if isinstance(wizard, CreateVaultWizard) and wizard.vault is not None:
            vault, wizard.vault = wizard.vault, None
            self._on_unlocked(vault)

    def show_vault(self, vault: Vault) -> None:
        """Open the main window on a vault unlocked elsewhere (the screenshot script)."""
        self._on_unlocked(vault)

    @Slot(object)
    def _on_unlocked(self, vault: Vault) -> None:
        """A vault was unlocked or created: open its main window."""
        self.recent.add(vault.paths.folder)
        try:
            # One small read before any screen exists; everything later goes through ops.
            with thread_guard.allowed():
                minutes = vault.settings().auto_lock_minutes
        except CasustafelError:
            minutes = 5  # the default; an unreadable setting must not keep the vault open
        session = AppSession(vault, worker=self.worker)
        self.session = session
        if self.main_window is None or self.vault_path != vault.paths.folder:
            self._replace_main_window(vault.name)
        self.vault_path = vault.paths.folder
        assert self.main_window is not None
        self.main_window.attach_session(session, minutes)
        self.main_window.show()
        self.main_window.activateWindow()
        self.welcome.hide()
        session.locked.connect(self._on_session_locked)
        if self.vault_watch is not None:
            self.vault_watch.deleteLater()
        self.vault_watch = VaultWatch(session, parent=self)
        self.vault_watch.vault_gone.connect(self._on_vault_watch_vault_gone)

    @Slot()
    def _on_vault_watch_vault_gone(self) -> None:
        """The folder was moved, replaced or deleted: lock now and say why (non-blocking)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, GONE_TITLE, GONE_MESSAGE, parent=self._dialog_parent()
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._forget_gone_message)
        self.gone_message = box
        if self.session is not None:
            self.session.lock()
        box.open()

    @Slot()
    def _forget_gone_message(self) -> None:
        self.gone_message = None

    def _replace_main_window(self, vault_name: str) -> None:
        if self.main_window is not None:
            self.main_window.hide()
            self.main_window.deleteLater()
        window = MainWindow(
            vault_name,
            self.presentation,
            self.clipboard,
            clock=self._clock,
            autolock_tick_ms=self._autolock_tick_ms,
            worker=self.worker,
        )
        window.unlock_requested.connect(self._on_main_window_unlock_requested)
        window.other_vault_requested.connect(self._on_main_window_other_vault_requested)
        window.create_vault_requested.connect(self.create_vault)
        self.main_window = window

    @Slot()
    def _on_session_locked(self) -> None:
        self.session = None
        # The cleared screens' reference cycles are garbage now: collect them here, after
        # the deferred deletions of this turn, not on the worker some time later.
        QTimer.singleShot(0, self.garbage.collect)
        # Ask again at once, after the lock's clearing has finished; not when the folder
        # went away (the message says so; the lock screen's button asks when wanted).
        if self.gone_message is not None:
            return
        if self.main_window is not None and self.main_window.isVisible():
            QTimer.singleShot(0, self._on_main_window_unlock_requested)

    @Slot()
    def _on_main_window_unlock_requested(self) -> None:
        if self.vault_path is not None and self.session is None:
            self.open_vault(self.vault_path)

    @Slot()
    def _on_main_window_other_vault_requested(self) -> None:
        if self.unlock_dialog is not None:
            self.unlock_dialog.reject()
        if self.main_window is not None:
            self.main_window.hide()
        self.welcome.refresh()
        self.welcome.show()

    def shutdown(self) -> None:
        """Close the dialogs, lock, stop the worker and delete the main window (at exit).

        Idempotent. Everything that could still signal back into this controller goes here,
        in this order and on the GUI thread. Left to Python's garbage collection, windows
        and dialogs were destroyed in a random order while the controller itself was being
        torn down, and a dialog's last signal could reach the deleted controller (the
        segmentation fault that ended the full test run).
        """
        if self._shut_down:
            return
        self._shut_down = True
        if self.unlock_dialog is not None:
            self.unlock_dialog.reject()
        if self.wizard is not None and not self.wizard.busy:
            self.wizard.reject()
        if self.session is not None:
            self.session.lock()
        if self.gone_message is not None:
            self.gone_message.close()
        self.clipboard.clear_if_ours()
        self.garbage.timer.stop()
        self.worker.shutdown()
        if thread_guard.mode() is not thread_guard.GuardMode.RAISE:
            thread_guard.lift()  # a test that asked for RAISE keeps it until its own end
        self.welcome.open_requested.disconnect(self.open_vault)
        self.welcome.create_requested.disconnect(self.create_vault)
        if self.main_window is not None:
            window, self.main_window = self.main_window, None
            window.hide()
            window.deleteLater()
        self.unlock_dialog = None
        self.wizard = None
        # The closed dialogs (WA_DeleteOnClose) and the window go now, not at some later
        # turn of an event loop that may never come.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _install_dutch(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    # Qt's own texts (standard buttons, file dialogs, context menus) in Dutch too.
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path) or translator.load("qt_nl", path):
        app.installTranslator(translator)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with name, Dutch locale and style (reused if one exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 %) as the system asks, not rounded to 100 or 200 %.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Casustafel")
    app.setApplicationDisplayName("Casustafel")
    app.setOrganizationName("Casustafel")
    app.setApplicationVersion(__version__)
    _install_dutch(app)
    apply_style(app)
    return app


def _install_apologising_excepthook() -> None:
    """Show an exception nobody caught (one escaping a Qt slot) as a short apology.

    Only the exception's type is named, on stderr and in the dialog: its text can hold
    personal data. With CASUSTAFEL_DEBUG=1 Python's own hook stays, for developers working
    on synthetic data.
    """
    if os.environ.get("CASUSTAFEL_DEBUG") == "1":
        return

    def apologise(
        kind: type[BaseException], _value: BaseException, _tb: TracebackType | None
    ) -> None:
        message = UNEXPECTED.format(kind=kind.__name__)
        sys.stderr.write(f"casustafel: {message}\n")
        if QApplication.instance() is not None:
            QMessageBox.warning(QApplication.activeWindow(), _("Casustafel"), message)

    sys.excepthook = apologise


def start_app(vault_path: str | None = None) -> AppController:
    """Make the application and show its first window; the caller runs the event loop."""
    app = create_application()
    _install_apologising_excepthook()
    set_program_name("Casustafel-app")  # how another program names us when the vault is busy
    controller = AppController(parent=app)
    app.aboutToQuit.connect(controller.shutdown)
    controller.start(vault_path)
    GarbageCollector.disable_automatic()  # from here on only the controller's timer collects
    return controller


def run(vault_path: str | None = None) -> int:
    """Start the desktop app (optionally straight at a vault) and return its exit code."""
    start_app(vault_path)
    return QApplication.exec()
