"""The one background worker: long work off the GUI thread, results back by queued signals.

Every slow job (unlocking with Argon2, PDFs, exports, imports, backups, integrity checks)
is a plain function `fn(context) -> result` submitted here. It runs on the single worker
thread, uses the vault through its own `unit_of_work()` there (the engine's pool gives that
thread its own connection), may report progress, and never touches a widget. Its outcome
arrives on the GUI thread as a signal of its `Task` handle.

One thread, not a pool: SQLCipher writes are serialised anyway, and one queue makes the
order of jobs predictable for the user.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from casustafel.db.vault import Vault
from casustafel.errors import CasustafelError, VaultLockedError
from casustafel.i18n import _

from .session import AppSession

log = logging.getLogger("casustafel.ui")

UNEXPECTED = _("Er ging iets onverwachts mis ({kind}). Excuses; probeer het opnieuw.")


class TaskCancelled(Exception):  # noqa: N818 (a control-flow signal, not an error)
    """Raised inside a task by `TaskContext.check_cancelled` to stop early."""


class TaskContext:
    """What a running task may use: the vault, progress reports and the cancel flag."""

    def __init__(self, task: Task, session: AppSession | None) -> None:
        self._task = task
        self._session = session

    @property
    def vault(self) -> Vault:
        """The unlocked vault of the task's session (raises once it is locked)."""
        if self._session is None:
            raise VaultLockedError(_("Deze taak heeft geen kluis."))
        if self._task.is_cancelled:
            raise TaskCancelled
        return self._session.vault

    @property
    def cancelled(self) -> bool:
        return self._task.is_cancelled

    def check_cancelled(self) -> None:
        """Stop the task here if the user cancelled it or the vault was locked."""
        if self._task.is_cancelled:
            raise TaskCancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        """Progress for a progress bar: `done` of `total` steps, with a short non-personal text."""
        self._task.progressed.emit(done, total, text)


class Task(QObject):
    """Handle of one submitted job; lives on the GUI thread, so its signals arrive there.

    Signals:
        progressed(done, total, text): progress reported by the job.
        succeeded(result): the job's return value.
        failed(message): one Dutch line; a `CasustafelError`'s own message, otherwise a
            short apology naming only the error type (its text may hold personal data).
        finished(): after succeeded, failed or cancellation, always exactly once.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    failed_with = Signal(object)  # the CasustafelError itself, for views that branch on its type
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[TaskContext], Any],
        session: AppSession | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._session = session
        self._cancelled = threading.Event()
        self.done = False
        if session is not None:
            session.locked.connect(self.cancel)

    @property
    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the job to stop; its result, if it still comes, is dropped."""
        self._cancelled.set()

    def _run(self) -> None:
        """Called on the worker thread."""
        try:
            if self.is_cancelled:
                raise TaskCancelled
            result = self._fn(TaskContext(self, self._session))
        except TaskCancelled:
            pass
        except CasustafelError as exc:
            if not self.is_cancelled:
                self.failed_with.emit(exc)
                self.failed.emit(exc.message)
        except Exception as exc:
            # Only the type is logged or shown: the text of an exception can carry case data.
            log.error("achtergrondtaak mislukt: %s", type(exc).__name__)
            if not self.is_cancelled:
                self.failed.emit(UNEXPECTED.format(kind=type(exc).__name__))
        else:
            if not self.is_cancelled:
                self.succeeded.emit(result)
        self.finished.emit()


class _WorkerThread(QThread):
    def __init__(self, jobs: queue.Queue[Task | None]) -> None:
        super().__init__()
        self.setObjectName("casustafel-worker")
        self._jobs = jobs

    def run(self) -> None:
        while True:
            task = self._jobs.get()
            if task is None:
                return
            task._run()


class Worker(QObject):
    """The application's single background thread with a job queue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[Task | None] = queue.Queue()
        self._thread = _WorkerThread(self._jobs)
        self._tasks: set[Task] = set()
        self._stopped = False
        self._thread.start()

    def submit(self, fn: Callable[[TaskContext], Any], session: AppSession | None = None) -> Task:
        """Queue `fn`; it runs after the jobs before it. Connect to the handle's signals.

        Args:
            fn: the job; it receives a `TaskContext` and must not touch widgets.
            session: the session whose vault the job uses; locking it cancels the job and
                drops its result.
        """
        task = Task(fn, session)
        # Keep the handle alive until it finished, even if the caller drops it. The lambda
        # keeps it alive for good (PySide holds the lambda, the lambda holds the handle):
        # a leak of one small object per job, accepted because it guarantees that a handle
        # is never released on the worker thread, and that no queued delivery of its
        # signals is dropped (tying the handle's life to Qt with deleteLater lost 1 in 10
        # `finished` deliveries to plain Python callables in a 300-job trial).
        self._tasks.add(task)
        task.finished.connect(lambda: self._tasks.discard(task))
        # Queued on the next turn of the event loop, so that the caller's connections to
        # the handle's signals are in place before the job can finish.
        QTimer.singleShot(0, self, lambda: self._jobs.put(task))
        return task

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished."""
        return len(self._tasks)

    @property
    def running(self) -> bool:
        """True until `shutdown` stopped the thread."""
        return self._thread.isRunning()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel the jobs and stop the thread; wait for it (at exit; idempotent).

        A job in progress finishes its current step first (it sees the cancel flag at its
        next `check_cancelled` or vault access). Returns True once the thread has stopped.
        """
        if not self._stopped:
            self._stopped = True
            for task in list(self._tasks):
                task.cancel()
            self._jobs.put(None)
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            log.error("achtergrondtaak stopte niet binnen %d ms", timeout_ms)
            return False
        return True
