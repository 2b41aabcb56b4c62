"""A guard that catches the vault being used from the GUI thread while the app runs.

The desktop app reaches the vault only through operations on its one worker thread
(`casustafel.ui.ops`); a query on the GUI thread freezes the window on a large vault and
races the worker's transaction. The UI installs the guard at start-up with the GUI
thread's id (`forbid(threading.get_ident())`); from then on every `unit_of_work()` opened
on that thread is reported. The db layer knows nothing of Qt: a thread id is all it gets.

Modes:
    - `GuardMode.OFF`: no check (the CLI, services tests, the default).
    - `GuardMode.WARN`: log one line per call site (module and line, never data), once.
    - `GuardMode.RAISE`: raise `GuiThreadVaultAccess` (UI tests; the app once every
      screen uses operations).

A few short vault calls belong on the GUI thread by design (locking writes its audit line
while the screens are cleared); they run inside `allowed()`.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from enum import Enum
from types import FrameType

__all__ = ["GuardMode", "GuiThreadVaultAccess", "allowed", "check", "forbid", "lift", "mode"]

log = logging.getLogger("casustafel.db")


class GuardMode(Enum):
    OFF = "off"
    WARN = "warn"
    RAISE = "raise"


class GuiThreadVaultAccess(RuntimeError):  # noqa: N818 (names the defect it reports)
    """The vault was used on the forbidden (GUI) thread: a programming error, not a user's."""


_forbidden: int | None = None
_mode = GuardMode.OFF
_only_from: str | None = None
_local = threading.local()
_warned: set[tuple[str, int]] = set()


def forbid(
    thread_id: int, guard_mode: GuardMode = GuardMode.RAISE, *, only_from: str | None = None
) -> None:
    """From now on, vault use on `thread_id` is reported as `guard_mode` says.

    `only_from` limits the reports to uses whose caller (the first frame above the core)
    is a module under that name: the UI test suite guards `casustafel.ui` while its own
    fixtures still fill the vault on the test's thread.
    """
    global _forbidden, _mode, _only_from
    _forbidden, _mode, _only_from = thread_id, guard_mode, only_from
    _warned.clear()


def lift() -> None:
    """Switch the guard off again (the app shut down; a test ended)."""
    global _forbidden, _mode, _only_from
    _forbidden, _mode, _only_from = None, GuardMode.OFF, None


def mode() -> GuardMode:
    return _mode


@contextlib.contextmanager
def allowed() -> Iterator[None]:
    """Let this thread use the vault inside the block (short calls that must be synchronous)."""
    depth = getattr(_local, "depth", 0)
    _local.depth = depth + 1
    try:
        yield
    finally:
        _local.depth = depth


def check() -> None:
    """Called by the vault before it opens a transaction; reports a use on the GUI thread."""
    if _mode is GuardMode.OFF or threading.get_ident() != _forbidden:
        return
    if getattr(_local, "depth", 0):
        return
    caller = _first_caller_outside_db()
    if _only_from is not None and not caller[0].startswith(_only_from):
        return
    if _mode is GuardMode.RAISE:
        raise GuiThreadVaultAccess(
            f"vault used on the GUI thread from {caller[0]}:{caller[1]}; use casustafel.ui.ops"
        )
    if caller not in _warned:
        _warned.add(caller)
        log.warning("kluis gebruikt op de GUI-thread vanuit %s:%d", *caller)


_SKIPPED = ("casustafel.db", "casustafel.services", "casustafel.reports", "contextlib")


def _first_caller_outside_db() -> tuple[str, int]:
    """Module and line of the first frame above the core (the screen that called; no values)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", "?"))
        if not module.startswith(_SKIPPED):
            return module, frame.f_lineno
        frame = frame.f_back
    return "?", 0
