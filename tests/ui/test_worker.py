"""The background worker: every outcome arrives, and nothing a job captured outlives it."""

from __future__ import annotations

import gc
import threading
import types
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.errors import ValidationError
from casustafel.ui.app import AppController
from casustafel.ui.session import AppSession
from casustafel.ui.worker import TaskContext, Worker
from tests import conftest as shared
from tests.ui import shell_helpers
from tests.ui.shell_helpers import close_controller, make_controller, unlock_through_dialog


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


def _settle() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_every_finished_arrives_for_300_tasks_whose_handles_were_dropped(
    qtbot: QtBot, worker: Worker
) -> None:
    finished: list[int] = []
    succeeded: list[int] = []
    failed: list[str] = []
    handles: list[weakref.ref[object]] = []
    for n in range(300):

        def job(_ctx: TaskContext, n: int = n) -> int:
            if n % 7 == 0:
                raise ValidationError("Zeven.")
            return n

        task = worker.submit(job)
        # Plain Python callables, the receivers that lost deliveries before.
        task.finished.connect(lambda n=n: finished.append(n))
        task.succeeded.connect(succeeded.append)
        task.failed.connect(failed.append)
        handles.append(weakref.ref(task))
        del task  # the caller keeps nothing: the worker must keep the handle to delivery
    qtbot.waitUntil(lambda: len(finished) == 300, timeout=30_000)
    assert sorted(finished) == list(range(300))
    assert sorted(succeeded) == [n for n in range(300) if n % 7]
    assert failed == ["Zeven."] * len(range(0, 300, 7))
    assert worker.pending == 0
    _settle()
    # Delivered handles are released (on this thread), not kept for the app's lifetime.
    assert [h for h in handles if h() is not None] == []


def test_progress_and_outcome_arrive_on_the_gui_thread_in_order(
    qtbot: QtBot, worker: Worker
) -> None:
    events: list[tuple[str, int]] = []

    def job(ctx: TaskContext) -> str:
        for step in range(3):
            ctx.report(step, 3, "")
        return "klaar"

    task = worker.submit(job)
    gui = threading.get_ident()
    task.progressed.connect(lambda d, _t, _s: events.append(("p", d)))
    task.progressed.connect(lambda *_: events.append(("thread", int(threading.get_ident() == gui))))
    task.succeeded.connect(lambda _r: events.append(("ok", 0)))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [e for e in events if e[0] != "thread"] == [("p", 0), ("p", 1), ("p", 2), ("ok", 0)]
    assert all(flag for kind, flag in events if kind == "thread")


def test_a_job_submitted_for_a_locked_session_never_runs(
    qtbot: QtBot, worker: Worker, vault: Vault
) -> None:
    session = AppSession(vault)
    session.lock()
    ran: list[int] = []
    task = worker.submit(lambda _ctx: ran.append(1), session)
    outcomes: list[object] = []
    task.succeeded.connect(outcomes.append)
    task.failed.connect(outcomes.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert ran == [] and outcomes == []


def _holders_of(secret: str, roots: list[object] | None) -> list[str]:
    """Type names of Python objects that refer to a string equal to `secret`.

    With `roots`, only objects reachable from them (functions through their closures and
    defaults, not their module globals); without, every container in Python's heap.
    The test modules' own constants are the allowed copies.
    """
    allowed = {id(shell_helpers.PASSPHRASE), id(shared.TEST_PASSPHRASE)}

    def held(value: object) -> bool:
        return type(value) is str and value == secret and id(value) not in allowed

    def refers(obj: object) -> bool:
        return any(held(r) for r in gc.get_referents(obj))

    if roots is None:
        return [type(o).__name__ for o in gc.get_objects() if refers(o)]
    found: list[str] = []
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type | types.ModuleType):
            continue
        seen.add(id(obj))
        if type(obj) is str:
            if held(obj):
                found.append("str")
            continue
        if isinstance(obj, types.FunctionType):
            cells = [c.cell_contents for c in obj.__closure__ or () if c.cell_contents]
            stack.extend([*cells, *(obj.__defaults__ or ())])
            continue
        stack.extend(gc.get_referents(obj))
        attrs = getattr(obj, "__dict__", None)
        if isinstance(attrs, dict):
            stack.append(attrs)
    return found


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[AppController]:
    controller, _clock = make_controller(qtbot, tmp_path)
    yield controller
    close_controller(controller)


def test_no_python_object_holds_the_typed_passphrase_after_an_unlock(
    qtbot: QtBot, shell: AppController, vault: Vault, vault_path: Path
) -> None:
    vault.lock()
    unlock_through_dialog(qtbot, shell, vault_path)
    # The unlock job and the jobs the unlock started (retention, backup check) are done.
    qtbot.waitUntil(lambda: shell.worker.pending == 0, timeout=10_000)
    _settle()
    assert _holders_of(shell_helpers.PASSPHRASE, [shell.worker]) == []
    assert _holders_of(shell_helpers.PASSPHRASE, None) == []


def test_the_heap_check_does_find_a_held_passphrase() -> None:
    # The check above must be able to fail: a closure holding a copy is found.
    copy = "".join(list(shell_helpers.PASSPHRASE))

    def job() -> str:
        return copy

    assert _holders_of(shell_helpers.PASSPHRASE, [job]) == ["str"]
    assert "cell" in _holders_of(shell_helpers.PASSPHRASE, None)
