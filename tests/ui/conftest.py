"""Fixtures for every UI test: Qt objects of one test never outlive it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _collect_qt_garbage(qapp: QApplication) -> Iterator[None]:
    """After each test: run pending deletions and Python's collector here, on the GUI thread.

    Widgets, dialogs and models a test dropped sit in reference cycles until the cyclic
    collector runs. Without this it runs whenever allocation counts say so, also on the
    background worker's thread in the middle of a later test, and destroys Qt objects that
    belong to the GUI thread from there.
    """
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
