"""Start of the `casustafel` command: Ctrl-C gives one Dutch line and exit 1 from the first line.

The console script and `python -m casustafel` both start here, before any heavy import:
loading SQLAlchemy, SQLCipher, reportlab and the commands takes about a second, and an
interrupt during it used to print Python's traceback and exit 130. Until the command runs,
Ctrl-C ends the process at once (nothing has been written yet); from the moment the
command runs (`casustafel.cli.main`), it raises KeyboardInterrupt so that transactions
roll back and half-made files are removed, and `run_guarded` says "afgebroken".
"""

from __future__ import annotations

import gc
import os
import signal
from types import FrameType

_message = b"casustafel: afgebroken.\n"


def _interrupted_during_start(_signum: int, _frame: FrameType | None) -> None:
    # No unwinding through half-imported modules: nothing to roll back or clean up yet.
    os.write(2, _message)
    os._exit(1)


def main() -> None:
    """Entry point of the `casustafel` console script and of `python -m casustafel`."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        # Started with interrupts ignored (`nohup`, a background job of a script): keep it so,
        # as Python itself does; cli.main leaves it that way too.
        pass
    else:
        signal.signal(signal.SIGINT, _interrupted_during_start)
    # The modules loaded from here on (SQLAlchemy, the models, the chosen command) live until
    # the process ends, yet each of their many objects would be walked by every young-
    # generation collection while they load: about 0.1 s of CPU per command. The collector
    # stays off while they load; `casustafel.cli.main` freezes what was loaded and turns it
    # back on before the command runs.
    gc.disable()
    global _message
    from casustafel.i18n import _

    _message = (_("casustafel: afgebroken.") + "\n").encode("utf-8")
    from casustafel import markers

    markers.reached("launch")
    from casustafel.cli import main as cli_main  # the heavy imports

    cli_main()  # exits with the command's code
