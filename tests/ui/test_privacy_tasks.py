"""Privacy tasks on real vaults: retention check at unlock and daily, automatic backups, menu."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.services.audit_log import AuditFilter
from casustafel.services.backup_rotation import list_backups
from casustafel.ui.app import AppController
from casustafel.ui.privacy_tasks import PrivacyTasks
from casustafel.ui.session import AppSession
from casustafel.ui.views.audit_view import AuditView
from casustafel.ui.views.retention_view import DestructionListDialog
from casustafel.ui.worker import Worker
from tests.services.retention_data import make_case
from tests.ui.shell_helpers import close_controller, make_controller, unlock_through_dialog

NOW = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


def _tasks(session: AppSession, worker: Worker, **kwargs: object) -> PrivacyTasks:
    return PrivacyTasks(session, worker, now=lambda: NOW, **kwargs)  # type: ignore[arg-type]


def _with_backup_folder(vault: Vault, folder: Path, keep: int = 5) -> None:
    vault.save_settings(
        dataclasses.replace(vault.settings(), backup_folder=str(folder), backups_to_keep=keep)
    )


def test_start_offers_a_due_destruction_list_and_destroys_nothing(
    qtbot: QtBot, vault: Vault, worker: Worker
) -> None:
    made = make_case(vault)
    tasks = _tasks(AppSession(vault), worker)
    with qtbot.waitSignal(tasks.destruction_due, timeout=10_000) as due:
        tasks.start()
    assert [c.record_id for c in due.args[0].due] == [made.case_id]
    assert tasks.retention_timer.isActive() and tasks.retention_timer.interval() == 86_400_000
    from casustafel.services.retention import destruction_list

    assert destruction_list(vault).due  # still there: only offered


def test_nothing_due_emits_no_offer_and_the_daily_timer_checks_again(
    qtbot: QtBot, vault: Vault, worker: Worker
) -> None:
    tasks = _tasks(AppSession(vault), worker, retention_ms=50)
    offers: list[object] = []
    tasks.destruction_due.connect(offers.append)
    with qtbot.waitSignal(tasks.retention_checked, timeout=10_000):
        tasks.start()
    make_case(vault)  # becomes due before the next "daily" check
    with qtbot.waitSignal(tasks.destruction_due, timeout=10_000):
        pass
    assert len(offers) == 1


def test_automatic_backup_when_due_and_not_again_within_the_interval(
    qtbot: QtBot, vault: Vault, worker: Worker, tmp_path: Path
) -> None:
    folder = tmp_path / "kopieen"
    _with_backup_folder(vault, folder, keep=3)
    tasks = _tasks(AppSession(vault), worker)
    with qtbot.waitSignal(tasks.backup_made, timeout=20_000) as made:
        tasks.start()
    assert sorted(b.slot for b in made.args[0]) == ["dag", "recent", "week"]
    assert len([b for b in list_backups(folder, vault.name) if b.slot == "recent"]) == 1
    # Done by the time it says so: the next check is not refused as "still busy".
    assert not tasks.backup_running
    task = tasks.check_backup()  # the newest is minutes old: not due
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert len([b for b in list_backups(folder, vault.name) if b.slot == "recent"]) == 1


def test_no_folder_means_no_backup(qtbot: QtBot, vault: Vault, worker: Worker) -> None:
    tasks = _tasks(AppSession(vault), worker)
    made: list[object] = []
    tasks.backup_made.connect(made.append)
    task = tasks.check_backup()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert made == []


def test_unwritable_folder_is_one_clear_message(
    qtbot: QtBot, vault: Vault, worker: Worker, tmp_path: Path
) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    _with_backup_folder(vault, blocker / "kopieen")
    tasks = _tasks(AppSession(vault), worker)
    with qtbot.waitSignal(tasks.backup_failed, timeout=20_000) as failed:
        tasks.check_backup()
    assert "map" in failed.args[0] and "Traceback" not in failed.args[0]


def test_locking_stops_the_timers(qtbot: QtBot, vault: Vault, worker: Worker) -> None:
    session = AppSession(vault)
    tasks = _tasks(session, worker)
    tasks.start()
    session.lock()
    assert not tasks.retention_timer.isActive() and not tasks.backup_timer.isActive()
    assert tasks.check_retention() is None and tasks.backup_now() is None


# -- in the main window --------------------------------------------------------------------


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[AppController]:
    controller, _clock = make_controller(qtbot, tmp_path)
    yield controller
    close_controller(controller)


def test_unlock_offers_the_destruction_list_and_the_menu_is_there(
    qtbot: QtBot, shell: AppController, vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    make_case(vault)
    vault.lock()
    unlock_through_dialog(qtbot, shell, vault_path)
    window = shell.main_window
    assert window is not None
    texts = [a.text().replace("&", "") for a in window.privacy.menu.actions() if a.text()]
    assert texts == [
        "Auditlog",
        "Vernietigingslijst…",
        "Inzageverzoek…",
        "Instellingen…",
        "Reservekopie maken nu",
    ]
    assert all(a.isEnabled() for a in window.privacy.menu.actions())
    qtbot.waitUntil(lambda: window.findChild(DestructionListDialog) is not None, timeout=10_000)
    dialog = window.findChild(DestructionListDialog)
    assert dialog is not None and dialog.due_model.rowCount() == 1
    dialog.reject()

    view = window.privacy.open_audit_log()
    assert isinstance(view, AuditView) and window.documents.currentWidget() is view
    out = tmp_path / "auditlog.pdf"
    task = window.privacy.export_audit(AuditFilter(), out)
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=20_000):
        pass
    assert "Auditlog" in PdfReader(out).pages[0].extract_text()

    window.lock()
    assert not any(a.isEnabled() for a in window.privacy.menu.actions())
    assert window.privacy.tasks is None
