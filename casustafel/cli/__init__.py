"""The `casustafel` command: subcommands for scripts, and the desktop app when none is given.

Each subcommand lives in its own module `casustafel/cli/<name>_cmd.py` with a
`register(subparsers)` function; they are found automatically so that adding a command
touches no shared list. Subcommand names, options and exit codes are a public interface.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import signal
import sys
from collections.abc import Sequence

from casustafel import __version__, markers
from casustafel.errors import EXIT_USAGE, UsageError
from casustafel.i18n import _

from .common import install_quiet_excepthook, run_guarded
from .dutch_argparse import DutchArgumentParser


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="casustafel",
        description=_(
            "Casustafel: versleutelde casusregistratie voor casustafels. Zonder subopdracht "
            "start de desktop-app."
        ),
        epilog=_(
            "Hulp per subopdracht: casustafel SUBOPDRACHT --help. Wachtwoord voor scripts: "
            "--passphrase-file of CASUSTAFEL_PASSPHRASE. Exitcodes: 0 gelukt, 1 onverwachte "
            "fout of afgebroken, 2 verkeerd gebruik of kluis niet gevonden, 3 verkeerd "
            "wachtwoord of herstelsleutel, 4 kluis of sleutelbestand beschadigd, 5 nieuwere "
            "versie, 6 ongeldige invoer, 7 geweigerd, 8 uitvoer niet geschreven."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"casustafel {__version__}",
        help=_("toon het versienummer en stop"),
    )
    parser.add_argument(
        "--vault", metavar="KLUIS", help=_("kluis om te openen in de app (zonder subopdracht)")
    )
    subparsers = parser.add_subparsers(
        dest="command",
        parser_class=DutchArgumentParser,
        title=_("subopdrachten"),
        metavar="SUBOPDRACHT",
    )
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.endswith("_cmd"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            module.register(subparsers)
    # A subcommand's own --help starts with the line the overview shows for it.
    for choice in subparsers._choices_actions:
        sub = subparsers.choices[choice.dest]
        if sub.description is None and choice.help:
            sub.description = choice.help[0].upper() + choice.help[1:] + "."
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casustafel` console script; returns the exit code."""

    def dispatch() -> int:
        if argv is None and signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
            # The command runs: from here Ctrl-C unwinds (rollback, clean-up) to run_guarded,
            # which says "afgebroken" (before this, casustafel.launch ended the process).
            signal.signal(signal.SIGINT, signal.default_int_handler)
        markers.reached("ready")
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _start_app(args.vault)
        result: int = args.handler(args)
        return result

    code = run_guarded(dispatch)
    if argv is None:
        # The command is done and has said so: an interrupt now changes nothing, and must
        # not turn into a traceback while the interpreter shuts down.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.exit(code)
    return code


def _start_app(vault: str | None) -> int:
    # An exception escaping a Qt slot never reaches run_guarded: Qt hands it to sys.excepthook.
    install_quiet_excepthook()
    if _no_display():
        # Qt would abort the process (exit 134) with several English lines instead.
        raise UsageError(
            _(
                "Geen beeldscherm gevonden: de desktop-app heeft een grafische sessie nodig. "
                "Zie 'casustafel --help' voor de subopdrachten."
            )
        )
    # Imported by name at run time: the CLI layer stays free of Qt (import-linter checks
    # this), and scripts that only use subcommands never load Qt.
    try:
        app_module = importlib.import_module("casustafel.ui.app")
    except ImportError as exc:
        raise UsageError(f"De desktop-app kan niet starten: {exc}.") from exc
    code: int = app_module.run(vault)
    return code


def _no_display() -> bool:
    """True on Linux without X11 or Wayland (a server, CI, ssh) unless Qt's platform is set."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


__all__ = ["EXIT_USAGE", "build_parser", "main"]
