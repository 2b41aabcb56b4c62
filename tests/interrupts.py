"""Interrupting the real `casustafel` command at a chosen phase, without timing guesses.

The program writes readiness markers when CASUSTAFEL_TEST_MARKERS names a folder
(casustafel/markers.py): `launch` (Ctrl-C handling installed, before the heavy imports),
`ready` (the command is about to run), and per command e.g. `demo-building` or
`import-writing`. A test waits for the marker, then sends SIGINT; with `pause=True` the
program waits at that phase, so the signal lands in exactly that phase however loaded the
machine is. Timeouts here only guard against a hang; nothing is synchronised by sleeping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casustafel.markers import MARKERS_ENV, PAUSE_ENV

PASSPHRASE = "een lange zin om te testen"
HANG_GUARD_SECONDS = 300
INTERRUPTED = "casustafel: afgebroken.\n"


def start_cli(
    argv: list[str | Path], markers: Path, *, pause: str | None = None
) -> subprocess.Popen[str]:
    """Start `python -m casustafel ARGV` writing markers into `markers`."""
    markers.mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASUSTAFEL_")
        or k in ("CASUSTAFEL_KDF_PROFILE", "CASUSTAFEL_STATE_DIR")
    }
    env.update(
        {"CASUSTAFEL_KDF_PROFILE": "floor", "CASUSTAFEL_PASSPHRASE": PASSPHRASE},
        **{MARKERS_ENV: str(markers)},
    )
    if pause:
        env[PAUSE_ENV] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "casustafel", *map(str, argv)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # As from a terminal: a test run started in the background (nohup, `&` in a script)
        # passes SIGINT on as ignored, and the program rightly keeps it ignored then.
        preexec_fn=_interrupts_default,
    )


def _interrupts_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_marker(process: subprocess.Popen[str], markers: Path, phase: str) -> bool:
    """Wait until the program reached `phase` (True) or ended without reaching it (False)."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not (markers / phase).exists():
        if process.poll() is not None:
            return (markers / phase).exists()
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            pytest.fail(f"phase {phase!r} not reached within {HANG_GUARD_SECONDS} s")
        time.sleep(0.01)  # polling for the marker, not waiting for a moment
    return True


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        out, err = process.communicate(timeout=HANG_GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"the command did not end within {HANG_GUARD_SECONDS} s of the interrupt")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def interrupt_at(
    argv: list[str | Path], markers: Path, phase: str, *, pause: bool = False
) -> tuple[subprocess.CompletedProcess[str], bool]:
    """Run ARGV, send SIGINT once `phase` is reached; returns the result and whether it was.

    When the command ends before reaching `phase` (a fast machine), no signal is sent.
    """
    process = start_cli(argv, markers, pause=phase if pause else None)
    reached = wait_for_marker(process, markers, phase)
    if reached and process.poll() is None:
        process.send_signal(signal.SIGINT)
    return finish(process), reached
