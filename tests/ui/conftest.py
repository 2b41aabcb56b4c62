"""Fixtures for every UI test: Qt objects of one test never outlive it, nor die off-thread."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


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
