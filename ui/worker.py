"""The one background worker: long work off the GUI thread, results back by queued signals.

Every slow job (unlocking with Argon2, PDFs, exports, imports, backups, integrity checks)
is a plain function `fn(context) -> result` submitted here. It runs on the single worker
thread, uses the vault through its own `unit_of_work()` there (the engine's pool gives that
thread its own connection), may report progress, and never touches a widget. Its outcome
arrives on the GUI thread as a signal of its `Task` handle.

Two rules keep Qt objects and secrets where they belong:

- The worker thread sees only a plain `_Job` (the function, the vault, a cancel flag and
  the outcome), never a `Task` or a session. It announces "job N is done" through one
  queued signal carrying just the id; the `Task`'s signals are then emitted on the GUI
  thread by `Worker._on_relay_done`. So a Qt wrapper is never used or released on the
  worker thread, and every delivery is a queued one.
- A job (its function and whatever the function captured, such as the typed passphrase of
  an unlock) and its result live exactly until their delivery on the GUI thread: the
  worker keeps the pair in `_pending` by task id until the delivery slot ran, pops it there
  and drops the function, the vault and the outcome. No handle lives longer than that
  unless the caller keeps it, and then without the job.

One thread, not a pool: SQLCipher writes are serialised anyway, and one queue makes the
order of jobs predictable for the user.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from casustafel.db.vault import Vault
from casustafel.errors import CasustafelError, VaultLockedError
from casustafel.i18n import _

from .session import AppSession

log = logging.getLogger("casustafel.ui")

UNEXPECTED = _("Er ging iets onverwachts mis ({kind}). Excuses; probeer het opnieuw.")


class TaskCancelled(Exception):  # noqa: N818 (a control-flow signal, not an error)
    """Raised inside a task by `TaskContext.check_cancelled` to stop early."""


class _Kind(Enum):
    SUCCEEDED = "succeeded"
    ERROR = "error"  # a CasustafelError: its own Dutch message
    UNEXPECTED = "unexpected"  # anything else: only the type is named
    CANCELLED = "cancelled"


@dataclass(eq=False, slots=True)
class _Job:
    """What the worker thread sees of one task: plain values, no Qt object.

    `fn` and `vault` are dropped, and `payload` handed over, on the GUI thread.
    """

    id: int
    fn: Callable[[TaskContext], Any] | None
    vault: Vault | None
    cancelled: threading.Event
    kind: _Kind = _Kind.CANCELLED
    payload: Any = None


class _Relay(QObject):
    """Carries progress and "done" from the worker thread to the GUI thread (queued)."""

    progressed = Signal(int, int, int, str)  # task id, done, total, text
    done = Signal(int)  # task id; the outcome waits in the job


class TaskContext:
    """What a running task may use: the vault, progress reports and the cancel flag."""

    def __init__(self, job: _Job, relay: _Relay) -> None:
        self._job = job
        self._relay = relay

    @property
    def vault(self) -> Vault:
        """The unlocked vault of the task's session (raises once it is locked)."""
        if self._job.cancelled.is_set():
            raise TaskCancelled
        if self._job.vault is None:
            raise VaultLockedError(_("Deze taak heeft geen kluis."))
        return self._job.vault

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled.is_set()

    def check_cancelled(self) -> None:
        """Stop the task here if the user cancelled it or the vault was locked."""
        if self._job.cancelled.is_set():
            raise TaskCancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        """Progress for a progress bar: `done` of `total` steps, with a short non-personal text."""
        self._relay.progressed.emit(self._job.id, done, total, text)


def _without_tracebacks(exc: BaseException) -> BaseException:
    """`exc` with no traceback on it or its causes: frames hold locals (a passphrase)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return exc


def _execute(job: _Job, relay: _Relay) -> None:
    """Run one job on the worker thread and leave its outcome in the job."""
    fn = job.fn
    if fn is None or job.cancelled.is_set():
        job.kind = _Kind.CANCELLED
        return
    try:
        result = fn(TaskContext(job, relay))
    except TaskCancelled:
        job.kind = _Kind.CANCELLED
    except CasustafelError as exc:
        job.kind, job.payload = _Kind.ERROR, _without_tracebacks(exc)
    except Exception as exc:
        # Only the type is logged or shown: the text of an exception can carry case data.
        log.error("achtergrondtaak mislukt: %s", type(exc).__name__)
        job.kind, job.payload = _Kind.UNEXPECTED, type(exc).__name__
    else:
        job.kind, job.payload = _Kind.SUCCEEDED, result


class Task(QObject):
    """Handle of one submitted job; lives on the GUI thread, and so do its signals.

    The handle holds no job and no result: connect to its signals right after `submit`
    (delivery comes through the event loop, so nothing is missed).

    Signals:
        progressed(done, total, text): progress reported by the job.
        succeeded(result): the job's return value.
        failed(message): one Dutch line; a `CasustafelError`'s own message, otherwise a
            short apology naming only the error type (its text may hold personal data).
        failed_with(error): the `CasustafelError` itself (without traceback), for views
            that branch on its type.
        finished(): after succeeded, failed or cancellation, always exactly once.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    failed_with = Signal(object)
    finished = Signal()

    def __init__(self, task_id: int, cancelled: threading.Event) -> None:
        super().__init__()
        self.task_id = task_id
        self._cancelled = cancelled
        self.done = False

    @property
    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop; its result, if it still comes, is dropped."""
        self._cancelled.set()

    def _deliver(self, kind: _Kind, payload: Any) -> None:
        """Emit the outcome (GUI thread, from the worker's delivery slot)."""
        self.done = True
        if not self.is_cancelled:
            if kind is _Kind.SUCCEEDED:
                self.succeeded.emit(payload)
            elif kind is _Kind.ERROR:
                self.failed_with.emit(payload)
                self.failed.emit(payload.message)
            elif kind is _Kind.UNEXPECTED:
                self.failed.emit(UNEXPECTED.format(kind=payload))
        self.finished.emit()


class _WorkerThread(QThread):
    def __init__(self, jobs: queue.Queue[_Job | None], relay: _Relay) -> None:
        super().__init__()
        self.setObjectName("casustafel-worker")
        self._jobs = jobs
        self._relay = relay

    def run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            task_id = job.id
            _execute(job, self._relay)
            # Let go before announcing it: the GUI thread's delivery must hold the last
            # reference to the job, its captured values and its result.
            del job
            self._relay.done.emit(task_id)


class Worker(QObject):
    """The application's single background thread with a job queue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._relay = _Relay(self)
        # Queued explicitly: delivery happens on this object's (the GUI) thread, always.
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progressed.connect(self._on_relay_progressed, queued)
        self._relay.done.connect(self._on_relay_done, queued)
        self._thread = _WorkerThread(self._jobs, self._relay)
        self._pending: dict[int, tuple[Task, _Job]] = {}
        self._ids = itertools.count(1)
        self._stopped = False
        self._thread.start()

    def submit(self, fn: Callable[[TaskContext], Any], session: AppSession | None = None) -> Task:
        """Queue `fn`; it runs after the jobs before it. Connect to the handle's signals.

        Args:
            fn: the job; it receives a `TaskContext`, must not touch widgets and should
                capture plain values only (never a widget, a view or the session).
            session: the session whose vault the job uses; locking it cancels the job and
                drops its result.
        """
        cancelled = threading.Event()
        vault: Vault | None = None
        if session is not None:
            if session.is_locked:
                cancelled.set()
            else:
                vault = session.vault
        task_id = next(self._ids)
        task = Task(task_id, cancelled)
        if session is not None:
            session.locked.connect(task.cancel)
        job = _Job(task_id, fn, vault, cancelled)
        # The handle and the job stay here until `_on_relay_done` delivered the outcome,
        # even if the caller drops the handle at once.
        self._pending[task_id] = (task, job)
        if self._stopped:
            cancelled.set()
        else:
            self._jobs.put(job)
        return task

    @Slot(int, int, int, str)
    def _on_relay_progressed(self, task_id: int, done: int, total: int, text: str) -> None:
        entry = self._pending.get(task_id)
        if entry is not None and not entry[0].is_cancelled:
            entry[0].progressed.emit(done, total, text)

    @Slot(int)
    def _on_relay_done(self, task_id: int) -> None:
        entry = self._pending.pop(task_id, None)
        if entry is None:
            return
        task, job = entry
        kind, payload = job.kind, job.payload
        # The job's function (and what it captured), its vault and its result go now.
        job.fn, job.vault, job.payload = None, None, None
        del entry, job
        try:
            task._deliver(kind, payload)
        finally:
            del payload  # receivers that want the result keep their own reference

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet delivered."""
        return len(self._pending)

    @property
    def running(self) -> bool:
        """True until `shutdown` stopped the thread."""
        return self._thread.isRunning()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel the jobs and stop the thread; wait for it (at exit; idempotent).

        A job in progress finishes its current step first (it sees the cancel flag at its
        next `check_cancelled` or vault access). Outcomes not yet delivered are dropped,
        with the jobs: at exit nobody is left to receive them. Returns True once the
        thread has stopped.
        """
        if not self._stopped:
            self._stopped = True
            for task, _job in self._pending.values():
                task.cancel()
            self._jobs.put(None)
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            log.error("achtergrondtaak stopte niet binnen %d ms", timeout_ms)
            return False
        for _task, job in self._pending.values():
            job.fn, job.vault, job.payload = None, None, None
        self._pending.clear()
        return True
