"""Named crash points, so that tests can stop a command between two steps deterministically.

`crash_point("restore:na-opzij")` ends the process at once (no clean-up, no `finally`, as a
power cut would) when the environment variable `CASUSTAFEL_TEST_CRASH_AT` names that point;
otherwise it does nothing. Crash tests start a command in a subprocess with the variable set
and then check that the next run finds the vault whole: no sleeps, no racing a kill signal.
"""

from __future__ import annotations

import os

CRASH_ENV = "CASUSTAFEL_TEST_CRASH_AT"
CRASH_EXIT_CODE = 86


def crash_point(name: str) -> None:
    """End the process here, without any clean-up, if the test asked for this point."""
    if os.environ.get(CRASH_ENV) == name:
        os._exit(CRASH_EXIT_CODE)
