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

from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests (and the CLI subprocesses they start) use exactly the Argon2id floor (t=3, 64 MiB,
# p=4) instead of tuning upward to ~1 s: the minimum the design allows, never weaker.
os.environ.setdefault("CASUSTAFEL_KDF_PROFILE", "floor")

# Each vault records its latest state outside its folder (db/state_record.py). Tests never
# write into the user's real data folder: a session-wide folder here (session fixtures and
# CLI subprocesses inherit it), and a fresh one per test below (copies of one template
# vault share its id, and must not see each other's state).
if "CASUSTAFEL_STATE_DIR" not in os.environ:
    import tempfile

    os.environ["CASUSTAFEL_STATE_DIR"] = tempfile.mkdtemp(prefix="casustafel-state-")

TEST_PASSPHRASE = "correct paard batterij nietje"
TEST_USER = "Test Regisseur"


@pytest.fixture(autouse=True)
def _state_dir_per_test(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh state-record folder per test (see the comment at the top)."""
    monkeypatch.setenv("CASUSTAFEL_STATE_DIR", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test's vault lives: a fresh folder per test."""
    return tmp_path / "test.casustafel"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[object]:
    """A fresh, real, unlocked SQLCipher vault on disk; locked again after the test."""
    from casustafel.db.keyfile import FLOOR_PARAMS
    from casustafel.db.vault import Vault

    created, _recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    yield created
    created.lock()
