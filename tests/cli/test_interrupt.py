"""Ctrl-C at any moment of a command: one Dutch line, exit 1, nothing half-made.

The interrupt is sent at 0 s (the process has only just been started) and after the
program's readiness markers (tests/interrupts.py): during start-up while the modules are
still being imported, at a pause in start-up, at a pause just before the command runs, and
in the middle of building a demo vault. Only the 0 s case may find the program before its
first line: then Python itself, not Casustafel, is still starting (see README).
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from casustafel.db.vault import VaultPaths
from tests.interrupts import INTERRUPTED, finish, interrupt_at, start_cli


def test_interrupt_at_zero_seconds(tmp_path: Path) -> None:
    target = VaultPaths.of(tmp_path / "demo").folder
    markers = tmp_path / "markers"
    process = start_cli(["demo", target, "--cases", "3"], markers)
    process.send_signal(signal.SIGINT)
    result = finish(process)
    if (markers / "launch").exists():  # casustafel's first line ran: its handling applies
        assert (result.returncode, result.stderr) == (1, INTERRUPTED)
    else:  # killed while the interpreter itself was starting, before any of our code
        assert result.returncode in (1, -signal.SIGINT)
    assert result.stdout == ""
    assert not target.exists()


@pytest.mark.parametrize(
    ("phase", "pause"),
    [("launch", False), ("launch", True), ("ready", True)],
    ids=["while-importing", "start-up-paused", "command-about-to-run"],
)
def test_interrupt_during_start_up(tmp_path: Path, phase: str, pause: bool) -> None:
    target = VaultPaths.of(tmp_path / "demo").folder
    result, reached = interrupt_at(
        ["demo", target, "--cases", "3"], tmp_path / "markers", phase, pause=pause
    )
    assert reached
    if result.returncode == 0:  # finished before the signal arrived: a whole vault then
        assert not pause and (target / "vault.key").exists()
        return
    assert (result.returncode, result.stderr, result.stdout) == (1, INTERRUPTED, "")
    assert not target.exists()
