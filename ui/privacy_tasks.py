"""The privacy work that runs by itself while a vault is open, and the "Beheer" menu for it.

`PrivacyTasks` checks the destruction list at unlock and then daily, and makes an automatic
backup whenever the newest one in the chosen folder is older than `BACKUP_INTERVAL`; both
run on the background worker and stop when the session locks. Nothing is destroyed here:
a due list is only offered (`destruction_due`), and the user confirms in the dialog.

`PrivacyActions` is the main window's "Beheer" menu: audit log, destruction list, access
request, settings and "backup now". It opens the dialogs of `views/` and wires them to the
worker, so that the main window needs only two lines for all of it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from casustafel.domain.settings import Settings
from casustafel.i18n import _
from casustafel.services.audit_log import AuditFilter, write_audit_pdf
from casustafel.services.backup import BACKUP_SUFFIX, write_backup
from casustafel.services.backup_rotation import (
    BackupInfo,
    automatic_backup_due,
    run_automatic_backup,
)
from casustafel.services.retention import DestructionList, destruction_list

from .ops import QueryOp
from .session import AppSession
from .style import icon
from .worker import Task, TaskContext, Worker

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("casustafel.ui")

__all__ = ["BACKUP_INTERVAL", "DAY_MS", "PrivacyActions", "PrivacyTasks"]

DAY_MS = 24 * 60 * 60 * 1000
BACKUP_CHECK_MS = 15 * 60 * 1000
BACKUP_INTERVAL = dt.timedelta(hours=4)


class PrivacyTasks(QObject):
    """Retention check at unlock and daily; automatic backups while the vault is open.

    Signals:
        destruction_due(DestructionList): something has passed its retention date.
        retention_checked(DestructionList): every check's result, also an empty one.
        backup_made(list[BackupInfo]): an automatic backup was written; what is kept now.
        backup_failed(str): one Dutch line (full disk, folder gone); older backups intact.

    Args:
        session: the unlocked session; locking it stops the timers.
        worker: the app's background worker.
        retention_ms: how often the destruction list is checked after unlock.
        backup_check_ms: how often to look whether a backup is due.
        backup_interval: age of the newest backup after which a new one is made.
        now: the clock (tests pass their own).
    """

    destruction_due = Signal(object)
    retention_checked = Signal(object)
    backup_made = Signal(object)
    backup_failed = Signal(str)

    def __init__(
        self,
        session: AppSession,
        worker: Worker,
        *,
        retention_ms: int = DAY_MS,
        backup_check_ms: int = BACKUP_CHECK_MS,
        backup_interval: dt.timedelta = BACKUP_INTERVAL,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._worker = worker
        self._interval = backup_interval
        self._now = now
        self._backup_busy = False
        self.retention_timer = QTimer(self)
        self.retention_timer.setInterval(retention_ms)
        self.retention_timer.timeout.connect(self.check_retention)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(backup_check_ms)
        self.backup_timer.timeout.connect(self.check_backup)
        session.locked.connect(self.stop)

    @property
    def backup_running(self) -> bool:
        """True while an automatic backup job is queued or running (one at a time)."""
        return self._backup_busy

    def start(self) -> None:
        """Check both now (after unlock) and then on the timers."""
        if self._session.is_locked:
            return
        self.check_retention()
        self.check_backup()
        self.retention_timer.start()
        self.backup_timer.start()

    @Slot()
    def stop(self) -> None:
        self.retention_timer.stop()
        self.backup_timer.stop()

    @Slot()
    def check_retention(self) -> Task | None:
        """Ask the worker for the destruction list; `destruction_due` if anything is due."""
        if self._session.is_locked:
            return None

        # Jobs capture plain values only, never `self`: a QObject must not be used, or
        # released last, on the worker thread.
        today = self._now().date()

        def job(ctx: TaskContext) -> DestructionList:
            return destruction_list(ctx.vault, today=today)

        task = self._worker.submit(job, self._session)
        task.succeeded.connect(self._on_retention_checked)
        return task

    @Slot(object)
    def _on_retention_checked(self, found: DestructionList) -> None:
        self.retention_checked.emit(found)
        if found.due:
            self.destruction_due.emit(found)

    @Slot()
    def check_backup(self) -> Task | None:
        """Make an automatic backup on the worker if one is due (and a folder is set)."""
        return self._backup(force=False)

    def backup_now(self) -> Task | None:
        """Make an automatic backup now, due or not (menu "Reservekopie maken nu")."""
        return self._backup(force=True)

    def _backup(self, *, force: bool) -> Task | None:
        if self._session.is_locked or self._backup_busy:
            return None
        interval, now = self._interval, self._now()

        def job(ctx: TaskContext) -> list[BackupInfo] | None:
            vault = ctx.vault
            settings = vault.settings()
            if not settings.backup_folder:
                return None
            folder = Path(settings.backup_folder)
            if not force and not automatic_backup_due(folder, vault.name, now, interval):
                return None
            return run_automatic_backup(vault, folder, keep=settings.backups_to_keep, now=now)

        self._backup_busy = True
        task = self._worker.submit(job, self._session)
        task.succeeded.connect(self._on_backup_succeeded)
        task.failed.connect(self._on_backup_failed)
        task.finished.connect(self._on_backup_finished)  # also after a cancellation
        return task

    # Not busy any more before telling anyone: a listener of `backup_made` or
    # `backup_failed` may ask for the next check at once and must not be refused.

    @Slot(object)
    def _on_backup_succeeded(self, kept: list[BackupInfo] | None) -> None:
        self._backup_busy = False
        if kept is not None:
            self.backup_made.emit(kept)

    @Slot(str)
    def _on_backup_failed(self, message: str) -> None:
        self._backup_busy = False
        self.backup_failed.emit(message)

    @Slot()
    def _on_backup_finished(self) -> None:
        self._backup_busy = False


class PrivacyActions(QObject):
    """The "Beheer" menu of the main window and what its entries open.

    Args:
        window: the main window (dialogs' parent, document tabs, status bar, worker).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.tasks: PrivacyTasks | None = None
        self.menu = QMenu(_("B&eheer"), window)
        self.audit_action = self._add(_("&Auditlog"), self.open_audit_log, "info")
        self.destruction_action = self._add(
            _("&Vernietigingslijst…"), self.open_destruction_list, "warning"
        )
        self.inzage_action = self._add(_("&Inzageverzoek…"), self.open_inzage, "search")
        self.menu.addSeparator()
        self.settings_action = self._add(_("In&stellingen…"), self.open_settings, None)
        self.backup_action = self._add(_("&Reservekopie maken nu"), self.backup_now, "vault")
        self._set_enabled(False)

    def _add(self, text: str, slot: Callable[[], object], icon_name: str | None) -> QAction:
        action = QAction(text, self._window)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def _set_enabled(self, on: bool) -> None:
        for action in self.menu.actions():
            action.setEnabled(on)

    @property
    def _session(self) -> AppSession | None:
        return self._window.session

    def attach(self, session: AppSession) -> None:
        """A vault was unlocked: enable the menu and start the unlock-time checks."""
        worker = self._window.worker
        self._set_enabled(worker is not None)
        session.locked.connect(self._on_session_locked)
        if worker is None:
            return
        self.tasks = PrivacyTasks(session, worker, parent=self)
        self.tasks.destruction_due.connect(self._on_destruction_due)
        self.tasks.backup_made.connect(self._on_backup_made)
        self.tasks.backup_failed.connect(self._on_backup_failed)
        self.tasks.start()

    @Slot()
    def _on_session_locked(self) -> None:
        self._set_enabled(False)
        if self.tasks is not None:
            self.tasks.stop()
            self.tasks.deleteLater()
            self.tasks = None

    # -- the entries -------------------------------------------------------------------------

    @Slot()
    def open_audit_log(self) -> QWidget | None:
        """The audit viewer as a tab; its export runs on the worker."""
        from .views.audit_view import AuditView

        session = self._session
        if session is None:
            return None
        view = AuditView(session)
        view.export_requested.connect(self._on_audit_export_requested)
        documents = self._window.documents
        documents.setCurrentIndex(documents.addTab(view, icon("info"), _("Auditlog")))
        return view

    @Slot(object)
    def _on_audit_export_requested(self, flt: AuditFilter) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self._window,
            _("Auditlog exporteren"),
            f"auditlog-{dt.date.today().isoformat()}.pdf",
            _("PDF (*.pdf)"),
        )
        if name:
            self.export_audit(flt, Path(name))

    def export_audit(self, flt: AuditFilter, path: Path) -> Task | None:
        """Write the filtered audit log to `path` on the worker."""
        session, worker = self._session, self._window.worker
        if session is None or worker is None:
            return None

        def job(ctx: TaskContext) -> int:
            return write_audit_pdf(ctx.vault, path, flt)

        task = worker.submit(job, session)
        task.succeeded.connect(self._on_audit_exported)
        task.failed.connect(self._on_failed)
        return task

    @Slot(object)
    def _on_audit_exported(self, lines: int) -> None:
        self._window.statusBar().showMessage(
            _("Auditlog geëxporteerd ({n} regels).").format(n=lines), 8000
        )

    @Slot()
    def open_destruction_list(self) -> None:
        """Check now; the dialog opens when the list arrives (also an empty one)."""
        if self.tasks is None:
            return
        task = self.tasks.check_retention()
        if task is not None:
            task.succeeded.connect(self.show_destruction_list)

    @Slot(object)
    def _on_destruction_due(self, found: DestructionList) -> None:
        self.show_destruction_list(found)

    @Slot(object)
    def show_destruction_list(self, found: DestructionList) -> QWidget | None:
        """Offer `found` for confirmation (one dialog at a time)."""
        from .views.retention_view import DestructionListDialog

        session = self._session
        if session is None:
            return None
        existing = self._window.findChild(DestructionListDialog)
        if existing is not None and existing.isVisible():
            existing.show_list(found)
            return existing
        dialog = DestructionListDialog(session, found, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def open_inzage(self) -> QWidget | None:
        from .views.inzage_dialog import InzageDialog

        session = self._session
        if session is None:
            return None
        dialog = InzageDialog(session, self._window)
        dialog.open()
        return dialog

    @Slot()
    def open_settings(self) -> QWidget | None:
        from .views.settings_view import SettingsDialog

        session = self._session
        if session is None:
            return None
        opened: list[QWidget] = []

        def show(original: Settings) -> None:
            dialog = SettingsDialog(session, self._window, original=original)
            dialog.settings_saved.connect(self._on_settings_saved)
            dialog.open()
            opened.append(dialog)

        # The stored settings are read on the worker; the dialog opens when they arrive (at
        # once in a test without a worker, which then gets the dialog back).
        QueryOp(self._window, session, lambda vault: vault.settings()).success(show).run()
        return opened[0] if opened else None

    @Slot(object)
    def _on_settings_saved(self, settings: Settings) -> None:
        autolock = self._window.autolock
        if autolock is not None:
            autolock.set_minutes(settings.auto_lock_minutes)
        self._window.autolock_label.setText(
            _("Vergrendelt na {n} min zonder activiteit").format(n=settings.auto_lock_minutes)
        )
        self._window.statusBar().showMessage(_("Instellingen opgeslagen."), 4000)

    @Slot()
    def backup_now(self) -> Task | None:
        """An automatic backup into the chosen folder; without one, ask for a file."""
        session, worker = self._session, self._window.worker
        if session is None or worker is None or self.tasks is None:
            return None
        if session.vault.settings().backup_folder:
            return self.tasks.backup_now()
        name, _filter = QFileDialog.getSaveFileName(
            self._window,
            _("Reservekopie opslaan"),
            f"{session.vault_name}-{dt.date.today().isoformat()}{BACKUP_SUFFIX}",
        )
        if not name:
            return None
        path = Path(name)

        def job(ctx: TaskContext) -> list[BackupInfo]:
            write_backup(ctx.vault, path)
            return []

        task = worker.submit(job, session)
        task.succeeded.connect(self._on_backup_made)
        task.failed.connect(self._on_failed)
        return task

    @Slot(object)
    def _on_backup_made(self, _kept: list[BackupInfo]) -> None:
        self._window.statusBar().showMessage(_("Reservekopie gemaakt."), 8000)

    @Slot(str)
    def _on_backup_failed(self, message: str) -> None:
        self._on_failed(_("Automatische reservekopie mislukt: {reason}").format(reason=message))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Beheer"), message, parent=self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
