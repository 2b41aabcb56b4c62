"""Fixtures for every UI test: Qt objects of one test never outlive it, nor die off-thread."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import TEST_PASSPHRASE, TEST_USER

if TYPE_CHECKING:
    from casustafel.db.vault import Vault


@pytest.fixture(scope="package", autouse=True)
def _no_automatic_gc() -> Iterator[None]:
    """Python's cyclic collector runs only where `_collect_qt_garbage` calls it.

    As in the app (`GarbageCollector`): left automatic, it runs on whichever thread
    allocates when its counters say so, also on the background worker in the middle of a
    test, and finalises Qt wrappers of the GUI thread there (the intermittent segfaults at
    the end of a test). Package scope, not session: the rest of the suite (hypothesis
    runs that make many cycles) keeps the automatic collector once the UI tests are done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _collect_qt_garbage(qapp: QApplication, _no_automatic_gc: None) -> Iterator[None]:
    """After each test: run pending deletions and Python's collector here, on the GUI thread.

    Widgets, dialogs and models a test dropped sit in reference cycles until the cyclic
    collector runs; here that is now, on this thread, between tests.
    """
    gc.disable()  # a test that started the app (start_app) froze and disabled it too
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="package")
def demo_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo vault (80 cases, seed 3) built once for the UI tests; locked, never opened.

    Building it takes seconds; tests get their own copy (`demo_vault`), so a test that
    writes (an export is audited) changes nothing another test sees.
    """
    from casustafel.db.keyfile import FLOOR_PARAMS
    from casustafel.db.vault import Vault
    from casustafel.services.demo import DemoOptions, fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.casustafel"
    vault, _recovery = Vault.create(path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    try:
        fill_demo(vault, DemoOptions(cases=80, seed=3))
    finally:
        vault.lock()
    return path


@pytest.fixture
def demo_vault(demo_vault_template: Path, tmp_path: Path) -> Iterator[Vault]:
    """This test's own unlocked copy of the shared demo vault (a folder copy: milliseconds)."""
    from casustafel.db.vault import Vault

    copy = tmp_path / demo_vault_template.name
    shutil.copytree(demo_vault_template, copy)
    vault = Vault.unlock(copy, TEST_PASSPHRASE)
    yield vault
    vault.lock()


@pytest.fixture(autouse=True)
def _screens_never_use_the_vault_on_the_gui_thread() -> Iterator[None]:
    """Every UI test: a vault call on this thread from `casustafel.ui` fails the test.

    Screens reach the vault through `casustafel.ui.ops` only (on the worker, or inline in
    a test without one). The test's own code may still fill and read the vault directly;
    `vault_guard` below refuses those too.
    """
    import threading

    from casustafel.db import thread_guard

    thread_guard.forbid(
        threading.get_ident(), thread_guard.GuardMode.RAISE, only_from="casustafel.ui"
    )
    yield
    thread_guard.lift()


@pytest.fixture
def vault_guard() -> Iterator[None]:
    """The vault refuses use on this (the GUI) thread: screens must go through ui.ops.

    Tests of converted screens use it together with a session that has a worker
    (`guarded_session`); a screen that still calls the vault directly fails the test.
    """
    import threading

    from casustafel.db import thread_guard

    thread_guard.forbid(threading.get_ident(), thread_guard.GuardMode.RAISE)
    yield
    thread_guard.lift()


@pytest.fixture
def op_worker() -> Iterator[object]:
    """A background worker for operations (shut down after the test)."""
    from casustafel.ui.worker import Worker

    made = Worker()
    yield made
    made.shutdown()
