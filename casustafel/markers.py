"""Readiness markers for tests: the program says which phase it has reached.

Crash and interrupt tests must hit a phase of the program (start-up, a command under
way) without guessing with a fixed sleep on a busy machine. With the environment variable
CASUSTAFEL_TEST_MARKERS=DIR the program writes an empty file DIR/<phase> on reaching a
phase; with CASUSTAFEL_TEST_PAUSE=<phase> it also waits there until it is interrupted or
killed, so that a signal lands in exactly that phase. Without the variables this is a no-op
that costs one dictionary lookup; nothing is written and nothing waits.
"""

from __future__ import annotations

import os
import time

__all__ = ["MARKERS_ENV", "PAUSE_ENV", "reached"]

MARKERS_ENV = "CASUSTAFEL_TEST_MARKERS"
PAUSE_ENV = "CASUSTAFEL_TEST_PAUSE"


def reached(phase: str) -> None:
    """Mark `phase` as reached (and wait there if a test asked to); no-op outside tests."""
    folder = os.environ.get(MARKERS_ENV)
    if not folder:
        return
    # Written under a temporary name and renamed, so that a test never sees half a marker.
    path = os.path.join(folder, phase)
    with open(path + ".tmp", "w", encoding="ascii") as handle:
        handle.write(str(os.getpid()))
    os.replace(path + ".tmp", path)
    if os.environ.get(PAUSE_ENV) == phase:
        while True:  # until the test's signal ends the process
            time.sleep(3600)
