"""The one way from a screen to the vault: queries and changes as operations on the worker.

After Anki's `aqt.operations` (`QueryOp`, `CollectionOp`, `OpChanges`). A screen never
calls a service with `session.vault` itself; it describes the work as a function of the
vault and lets the operation run it on the app's single worker thread:

    QueryOp(self, session, lambda vault: list_signals(vault, table, status)) \\
        .success(self._show_signals) \\
        .run()

    CollectionOp(self, session, lambda vault: register_case(vault, new_case),
                 changes=lambda case_id: OpChanges.of(ChangeKind.CASES, case_ids=[case_id])) \\
        .success(self._on_saved) \\
        .success_text(_("Casus geregistreerd.")) \\
        .run()

Rules of the road:

- The function runs on the worker thread: it gets the `Vault`, must not touch widgets, and
  should capture plain values only (the typed input as a frozen domain value, ids).
- `QueryOp` only reads. `success(cb)` gets the function's result on the GUI thread.
- `CollectionOp` writes. What it changed is an `OpChanges` (casustafel.domain.changes):
  given as `changes=` (a value, or a function of the result), or returned by the function
  itself (an `OpChanges`, or a `Changed(value, changes)`). After success the operation
  announces it on `session.changes` (`ChangeHub.changed(changes, initiator)`), then calls
  `success(cb)` with the value. Every open view subscribes to `session.changes.changed`
  and reloads what it shows (see `casustafel.ui.changes`); no view needs F5.
- Failures are shown one way (`report_failure`): a refused write (`CasustafelError`, e.g.
  a `ValidationError` with a `field`) goes to the form it came from when `parent` (or its
  window) has `show_error(message, field)` (every `ActionDialog` and form does), so the
  message stands under the field; otherwise a non-blocking message box on the parent's
  window. A bug (any other exception) shows a short apology naming only its type (texts
  can hold personal data). `failure(cb)` replaces the default with your own handler,
  which receives an `OpFailure`.
- Callbacks are dropped when `parent` was deleted or the session locked before the
  result arrived (locking cancels the job).
- `disabling(*widgets)` disables e.g. the Save button while the operation runs, so a
  double click does not write twice.
- Without a worker (`session.worker is None`: unit tests of a single view) the function
  runs inline, synchronously, and an unexpected exception propagates (a test sees it).
  The app always gives the session its worker.

The vault guard (`casustafel.db.thread_guard`) backs this up: the app installs it at
start-up for the GUI thread (it logs the module and line of a direct call), and every UI
test runs with it raising for calls from `casustafel.ui`, so a screen that still calls
the vault directly fails the suite. The inline fallback above is the one path it lets
through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.changes import Changed, OpChanges
from casustafel.errors import CasustafelError, ValidationError
from casustafel.i18n import _

from .session import AppSession
from .worker import Task, TaskContext

__all__ = [
    "ChangesArg",
    "CollectionOp",
    "OpFailure",
    "QueryOp",
    "report_failure",
    "report_success",
]

log = logging.getLogger("casustafel.ui")

T = TypeVar("T")

ChangesArg = OpChanges | Callable[[Any], OpChanges] | None

# Operations in flight keep themselves alive here until their outcome was delivered.
_running: set[_Op[Any]] = set()


@dataclass(frozen=True, slots=True)
class OpFailure:
    """Why an operation failed: a Dutch message, the form field it concerns, the error.

    `error` is the `CasustafelError` (without traceback) of a refusal, None for a bug.
    """

    message: str
    field: str | None = None
    error: CasustafelError | None = None

    @classmethod
    def of(cls, error: CasustafelError) -> OpFailure:
        field = error.field if isinstance(error, ValidationError) else None
        return cls(error.message, field, error)


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


def report_failure(parent: QWidget | None, failure: OpFailure) -> None:
    """Show a failure the one consistent way (see the module docstring)."""
    target: Any = parent
    while target is not None and not callable(getattr(target, "show_error", None)):
        target = target.parentWidget() if isinstance(target, QWidget) else None
    if target is not None:
        target.show_error(failure.message, failure.field)
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Niet gelukt"),
        failure.message,
        QMessageBox.StandardButton.Ok,
        parent.window() if parent is not None else None,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # never exec(): the event loop (and the worker's deliveries) keep running


def report_success(parent: QWidget | None, text: str) -> None:
    """Say what was done in the main window's status bar (a few seconds; never personal data)."""
    window: QWidget | None = parent.window() if parent is not None else None
    while window is not None and not isinstance(window, QMainWindow):
        owner = window.parentWidget()
        window = owner.window() if owner is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 6000)


class _Op(QObject, Generic[T]):
    """What `QueryOp` and `CollectionOp` share: running, delivery and failure display."""

    def __init__(
        self, parent: QWidget | None, session: AppSession, fn: Callable[[Vault], T]
    ) -> None:
        super().__init__(None)  # owned by `_running`, not by the widget (may die first)
        self._parent = parent
        self._session = session
        self._fn = fn
        self._on_success: list[Callable[[Any], None]] = []
        self._on_failure: Callable[[OpFailure], None] | None = None
        self._success_text = ""
        self._disabled: list[QWidget] = []
        self._refused = False
        self.task: Task | None = None

    # -- configuring (chainable) -----------------------------------------------------------

    def success(self, callback: Callable[[T], None]) -> _Op[T]:
        """Call `callback(result)` on the GUI thread after success (several may be added)."""
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[OpFailure], None]) -> _Op[T]:
        """Handle a failure yourself instead of `report_failure`."""
        self._on_failure = callback
        return self

    def success_text(self, text: str) -> _Op[T]:
        """A short Dutch line for the status bar after success (no personal data)."""
        self._success_text = text
        return self

    def disabling(self, *widgets: QWidget) -> _Op[T]:
        """Disable these widgets (e.g. the Save button) until the operation finished."""
        self._disabled.extend(widgets)
        return self

    # -- running ---------------------------------------------------------------------------

    def run(self) -> Task | None:
        """Start it: on the worker (returns its `Task`), or inline without a worker (None)."""
        if self._session.is_locked:
            return None
        for widget in self._disabled:
            widget.setEnabled(False)
        worker = self._session.worker
        if worker is None:
            self._run_inline()
            return None
        fn = self._fn

        def job(context: TaskContext) -> T:
            return fn(context.vault)

        _running.add(self)
        task = worker.submit(job, self._session)
        self.task = task
        task.succeeded.connect(self._on_task_succeeded)
        task.failed_with.connect(self._on_task_failed_with)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_task_finished)
        return task

    def _run_inline(self) -> None:
        # Only unit tests of a single view run operations inline (the app always has its
        # worker); the guard lets this one path through and still catches direct calls.
        try:
            with thread_guard.allowed():
                result = self._fn(self._session.vault)
        except CasustafelError as error:
            self._finish()
            self._fail(OpFailure.of(error))
            return
        except BaseException:
            self._finish()
            raise
        self._finish()
        self._succeed(result)

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        self._succeed(result)

    @Slot(object)
    def _on_task_failed_with(self, error: CasustafelError) -> None:
        self._refused = True
        self._fail(OpFailure.of(error))

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        # `failed` follows `failed_with` for a refusal; only a bug arrives here alone.
        if not self._refused:
            self._fail(OpFailure(message))

    @Slot()
    def _on_task_finished(self) -> None:
        self._finish()
        _running.discard(self)

    def _finish(self) -> None:
        for widget in self._disabled:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)

    def _fail(self, failure: OpFailure) -> None:
        if not _alive(self._parent) or self._session.is_locked:
            return
        if failure.error is None:
            log.error("bewerking mislukt (onverwacht)")
        if self._on_failure is not None:
            self._on_failure(failure)
        else:
            report_failure(self._parent, failure)

    def _succeed(self, result: object) -> None:
        if not _alive(self._parent) or self._session.is_locked:
            return
        value = self._announce(result)
        for callback in self._on_success:
            callback(value)
        if self._success_text:
            report_success(self._parent, self._success_text)

    def _announce(self, result: object) -> object:
        """A query announces nothing; `CollectionOp` overrides this."""
        return result


class QueryOp(_Op[T]):
    """Read on the worker; the result goes to `success(cb)` on the GUI thread.

    Args:
        parent: the widget that asked (callbacks are dropped once it is deleted; failures
            are shown on it).
        session: the app session (vault, worker, change notices).
        query: `fn(vault) -> result`, run on the worker; reads only.
    """


class CollectionOp(_Op[T]):
    """Write on the worker, announce what changed, then call `success(cb)`.

    Args:
        parent: the widget (form) that asked; refusals go to its `show_error`.
        session: the app session.
        op: `fn(vault) -> result`, run on the worker as one use case (a service call).
        changes: what the write changes: an `OpChanges`, or `fn(result) -> OpChanges`
            when ids are known only afterwards; leave it out when `op` returns an
            `OpChanges` or a `Changed(value, changes)` itself.
    """

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        op: Callable[[Vault], Any],
        changes: ChangesArg = None,
    ) -> None:
        super().__init__(parent, session, op)
        self._changes = changes

    def _announce(self, result: object) -> object:
        value: object = result
        if isinstance(result, Changed):
            value, changes = result.value, result.changes
        elif isinstance(result, OpChanges):
            changes = result
        elif isinstance(self._changes, OpChanges):
            changes = self._changes
        elif self._changes is not None:
            changes = self._changes(result)
        else:
            raise TypeError("CollectionOp needs changes= or an OpChanges result")
        self._session.changes.announce(changes, self._parent)
        return value
