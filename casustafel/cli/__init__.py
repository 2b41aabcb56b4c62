"""The `casustafel` command: subcommands for scripts, and the desktop app when none is given.

Each subcommand lives in its own module `casustafel/cli/<name>_cmd.py` with a
`register(subparsers)` function; they are found automatically so that adding a command
touches no shared list. Subcommand names, options and exit codes are a public interface.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from casustafel import __version__
from casustafel.errors import EXIT_USAGE, UsageError

from .common import install_quiet_excepthook, run_guarded


class _DutchArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one Dutch line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"Onjuist gebruik: {message}. Zie 'casustafel --help'.")


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchArgumentParser(
        prog="casustafel",
        description="Casustafel: versleutelde casusregistratie voor casustafels.",
    )
    parser.add_argument("--version", action="version", version=f"casustafel {__version__}")
    parser.add_argument("--vault", help="kluis om te openen in de app (zonder subcommando)")
    subparsers = parser.add_subparsers(dest="command", parser_class=_DutchArgumentParser)
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.endswith("_cmd"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casustafel` console script; returns the exit code."""

    def dispatch() -> int:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _start_app(args.vault)
        result: int = args.handler(args)
        return result

    code = run_guarded(dispatch)
    if argv is None:
        sys.exit(code)
    return code


def _start_app(vault: str | None) -> int:
    # An exception escaping a Qt slot never reaches run_guarded: Qt hands it to sys.excepthook.
    install_quiet_excepthook()
    # Imported by name at run time: the CLI layer stays free of Qt (import-linter checks
    # this), and scripts that only use subcommands never load Qt.
    try:
        app_module = importlib.import_module("casustafel.ui.app")
    except ImportError as exc:
        raise UsageError(f"De desktop-app kan niet starten: {exc}.") from exc
    code: int = app_module.run(vault)
    return code


__all__ = ["EXIT_USAGE", "build_parser", "main"]
