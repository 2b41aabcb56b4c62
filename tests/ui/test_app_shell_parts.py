"""The shell's building blocks: the background worker and the clipboard guard."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.errors import ValidationError
from casustafel.ui.clipboard import SecureClipboard
from casustafel.ui.session import AppSession
from casustafel.ui.worker import TaskContext, Worker
from tests.ui.shell_helpers import close_controller, make_controller


@pytest.fixture
def worker() -> Worker:
    w = Worker()
    yield w  # type: ignore[misc]
    w.shutdown()


def test_worker_runs_off_the_gui_thread_and_reports_back_on_it(
    qtbot: QtBot, worker: Worker, vault: Vault
) -> None:
    session = AppSession(vault)
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def job(ctx: TaskContext) -> int:
        seen["job"] = threading.get_ident()
        ctx.report(1, 2, "halverwege")
        (count,) = ctx.vault.raw_query("SELECT count(*) FROM audit_log")[0]
        ctx.report(2, 2, "klaar")
        return int(count)  # type: ignore[call-overload]

    task = worker.submit(job, session)
    progress: list[tuple[int, int, str]] = []
    task.progressed.connect(lambda d, t, s: progress.append((d, t, s)))
    task.progressed.connect(lambda *_: seen.setdefault("progress", threading.get_ident()))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as result:
        pass
    assert seen["job"] != gui_thread
    assert seen["progress"] == gui_thread
    assert progress == [(1, 2, "halverwege"), (2, 2, "klaar")]
    assert result.args[0] >= 1


def test_worker_failures_are_one_dutch_line_without_details(qtbot: QtBot, worker: Worker) -> None:
    def user_error(_ctx: TaskContext) -> None:
        raise ValidationError("De postcode klopt niet.")

    def bug(_ctx: TaskContext) -> None:
        raise KeyError("Jansen 123456782")  # text that must never reach the screen

    with qtbot.waitSignal(worker.submit(user_error).failed) as first:
        pass
    assert first.args == ["De postcode klopt niet."]
    with qtbot.waitSignal(worker.submit(bug).failed) as second:
        pass
    assert "KeyError" in second.args[0]
    assert "Jansen" not in second.args[0] and "123456782" not in second.args[0]


def test_locking_cancels_queued_work_and_drops_results(
    qtbot: QtBot, worker: Worker, vault: Vault
) -> None:
    session = AppSession(vault)
    gate = threading.Event()
    ran: list[str] = []

    def blocker(_ctx: TaskContext) -> str:
        gate.wait(5)
        return "eerste"

    def later(ctx: TaskContext) -> str:
        ran.append("tweede")
        return str(ctx.vault.name)

    first = worker.submit(blocker, session)
    second = worker.submit(later, session)
    results: list[object] = []
    first.succeeded.connect(results.append)
    second.succeeded.connect(results.append)
    session.lock()
    gate.set()
    qtbot.waitUntil(lambda: worker.pending == 0)
    assert results == []
    assert ran == []


def test_personal_data_leaves_the_clipboard_after_the_interval(qtbot: QtBot) -> None:
    guard = SecureClipboard(clear_after_ms=50)
    clipboard = QGuiApplication.clipboard()
    guard.copy_personal("Xylofoonia van Quastenbroek")
    assert clipboard.text() == "Xylofoonia van Quastenbroek"
    with qtbot.waitSignal(guard.cleared, timeout=2000):
        pass
    assert clipboard.text() == ""


def test_the_clipboard_guard_leaves_what_the_user_copied_later(qtbot: QtBot) -> None:
    guard = SecureClipboard(clear_after_ms=50)
    clipboard = QGuiApplication.clipboard()
    guard.copy_personal("734561209")
    clipboard.setText("boodschappenlijst")
    with qtbot.waitSignal(guard.cleared, timeout=2000):
        pass
    assert clipboard.text() == "boodschappenlijst"


def test_lock_clears_non_personal_text_we_copied(qtbot: QtBot) -> None:
    guard = SecureClipboard(clear_after_ms=50)
    guard.copy("WO-2026-0042")
    qtbot.wait(100)  # only the personal-data timer clears by itself; nothing may have fired
    assert guard.holds_ours
    guard.clear_if_ours()
    assert QGuiApplication.clipboard().text() == ""


def test_shutdown_stops_the_worker_and_deletes_dialogs_and_window_at_once(
    qtbot: QtBot, tmp_path: Path, vault: Vault, vault_path: Path
) -> None:
    # Regression: dialogs left for the garbage collector were destroyed while the controller
    # was being torn down, and their last signal reached it (a segmentation fault).
    vault.lock()
    controller, _clock = make_controller(qtbot, tmp_path)
    controller.open_vault(vault_path)
    dialog = controller.unlock_dialog
    assert dialog is not None and controller.worker.running
    controller.shutdown()
    assert not controller.worker.running
    assert controller.unlock_dialog is None and controller.main_window is None
    assert not shiboken6.isValid(dialog)  # deleted now, not at some later event loop
    controller.shutdown()  # idempotent
    close_controller(controller)
