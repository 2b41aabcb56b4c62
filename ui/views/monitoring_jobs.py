"""Run monitoring work off the GUI thread: on the app's worker, or else on Qt's thread pool.

The monitoring view and the export dialog hand a plain function `fn(report)` here; its
outcome comes back on the GUI thread as a signal of the returned `Job`. With the app's
`Worker` (the normal case) the job queues behind the other background work and is cancelled
when the vault locks; without one (a view opened on its own) a `QRunnable` on the global
pool does the same through queued signals. The function never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from casustafel.errors import CasustafelError
from casustafel.ui.session import AppSession
from casustafel.ui.worker import UNEXPECTED, TaskContext, Worker

__all__ = ["Job", "Report", "start_job"]

log = logging.getLogger("casustafel.ui")

Report = Callable[[int, int, str], None]


class Job(QObject):
    """Handle of one piece of work; lives on the GUI thread, so its signals arrive there."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.task: QObject | None = None


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Report], Any], job: Job) -> None:
        super().__init__()
        self._fn = fn
        self._job = job

    def run(self) -> None:
        try:
            result = self._fn(self._job.progressed.emit)
        except CasustafelError as exc:
            self._job.failed.emit(exc.message)
        except Exception as exc:
            # Only the type: an exception's text can carry case data.
            log.error("monitoringtaak mislukt: %s", type(exc).__name__)
            self._job.failed.emit(UNEXPECTED.format(kind=type(exc).__name__))
        else:
            self._job.succeeded.emit(result)
        self._job.finished.emit()


def start_job(fn: Callable[[Report], Any], session: AppSession, worker: Worker | None) -> Job:
    """Start `fn` in the background and return its handle (connect before the loop turns).

    The handle has no Qt parent and the caller keeps it: a view closed meanwhile drops its
    slots with it, and the handle outlives the view until the work is done.
    """
    job = Job()
    if worker is not None:
        task = worker.submit(lambda context: fn(_reporter(context)), session)
        task.progressed.connect(job.progressed)
        task.succeeded.connect(job.succeeded)
        task.failed.connect(job.failed)
        task.finished.connect(job.finished)
        job.task = task  # the handle keeps its task alive
        return job
    # Started when the event loop next turns, not here: a pool thread emits at once, and a
    # signal emitted before the caller connected its slots is lost (the view then waited
    # forever for figures that had been counted: a flaky test under load).
    runnable = _Runnable(fn, job)
    QTimer.singleShot(0, job, lambda: QThreadPool.globalInstance().start(runnable))
    return job


def _reporter(context: TaskContext) -> Report:
    def report(done: int, total: int, text: str) -> None:
        context.check_cancelled()
        context.report(done, total, text)

    return report
