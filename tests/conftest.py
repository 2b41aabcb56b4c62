"""Shared pytest configuration and fixtures for the whole Casustafel test suite."""

from __future__ import annotations

import os

# Qt must never try to reach a real display: CI has none, and a developer's
# desktop should not flash windows during a test run. This runs at import time,
# before any test module imports PySide6, and leaves an explicit choice alone
# (e.g. QT_QPA_PLATFORM=xcb under Xvfb to look at a window).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# ---------------------------------------------------------------------------
# Shared fixtures
#
# Fixtures used by more than one test package go below this line (for example
# a fresh real vault per test with cheap KDF parameters). Fixtures used by one
# package belong in that package's own conftest.py.
# ---------------------------------------------------------------------------
