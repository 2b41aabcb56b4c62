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

import functools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis on a slow, shared machine: no per-example deadline and no "too slow" health
# check (both fail on load, not on a bug). Tests that set their own suppress_health_check
# list must name too_slow again: a test's list replaces the profile's.
settings.register_profile(
    "casustafel", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("CASUSTAFEL_HYPOTHESIS_PROFILE", "casustafel"))

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


@dataclass(frozen=True)
class VaultTemplate:
    """A new, empty vault made once per test run, and the data key its key file wraps."""

    path: Path
    data_key: bytes
    user: str


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    """One real vault (real Argon2id floor, real SQLCipher, full schema) for the whole run.

    Creating a vault costs about a second (key derivation, schema); copying its folder
    costs milliseconds. The template is closed without `lock()` so that its audit log
    holds exactly what a new vault's does.
    """
    from casustafel.db.keyfile import FLOOR_PARAMS, KeyFile
    from casustafel.db.vault import Vault

    path = tmp_path_factory.mktemp("template") / "template.casustafel"
    created, _recovery = Vault.create(path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    created.engine.dispose()  # closes the database (and folds its WAL back in)
    data_key, user = KeyFile.read(created.paths.key).unwrap_with_passphrase(TEST_PASSPHRASE)
    return VaultTemplate(path, data_key, user)


def copy_vault_template(template: VaultTemplate, target: Path) -> object:
    """This test's own copy of the template, opened with the template's key (no KDF)."""
    from casustafel.db.vault import Vault, VaultPaths

    shutil.copytree(template.path, target)
    return Vault(VaultPaths.of(target), template.data_key, template.user)


@pytest.fixture
def vault(request: pytest.FixtureRequest, vault_path: Path) -> Iterator[object]:
    """A fresh, real, unlocked SQLCipher vault on disk; locked again after the test.

    A copy of the run's `vault_template` (same schema, same key, a folder of its own):
    tests of creating or unlocking a vault call `Vault.create`/`Vault.unlock` themselves.
    CASUSTAFEL_TEST_FRESH_VAULTS=1 creates each one from scratch instead.
    """
    from casustafel.db.keyfile import FLOOR_PARAMS
    from casustafel.db.vault import Vault

    if os.environ.get("CASUSTAFEL_TEST_FRESH_VAULTS") == "1":
        opened, _recovery = Vault.create(
            vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS
        )
    else:
        opened = copy_vault_template(request.getfixturevalue("vault_template"), vault_path)
    yield opened
    opened.lock()


# pytest-qt waits 5 s by default for a signal or condition; on a loaded two-core machine a
# worker's unlock or PDF can take longer, and a wait that times out fails a good change.
# Every wait without its own timeout gets a generous one: it only bounds a hang (a passing
# wait returns as soon as its signal comes, so this costs nothing when all is well).
QT_WAIT_TIMEOUT_MS = 30_000


@pytest.fixture
def qtbot(qtbot: Any) -> Any:
    for name in ("waitSignal", "waitSignals", "waitUntil", "waitCallback"):
        setattr(qtbot, name, functools.partial(getattr(qtbot, name), timeout=QT_WAIT_TIMEOUT_MS))
    return qtbot
