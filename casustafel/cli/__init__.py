"""The `casustafel` command: subcommands for scripts, and the desktop app when none is given.

Each subcommand lives in its own module `casustafel/cli/<name>_cmd.py` with a
`register(subparsers)` function. `COMMANDS` lists them explicitly (a frozen, packaged
app cannot discover modules by scanning a folder) together with the line the overview
shows. Only the module of the command that is run is imported: `casustafel --help`,
`--version` and every command stay clear of the storage, PDF and Qt libraries they do
not use. Subcommand names, options and exit codes are a public interface.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from casustafel import __version__, markers
from casustafel.errors import EXIT_USAGE, UsageError
from casustafel.i18n import _

from .common import install_quiet_excepthook, run_guarded
from .dutch_argparse import DutchArgumentParser


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: its name, the module that registers it, and its overview line."""

    name: str
    module: str
    summary: str


# In the order `casustafel --help` lists them (alphabetical). Each summary must equal the
# help its module gives its own parser (tests/cli/test_command_registry.py checks that).
COMMANDS: tuple[Command, ...] = (
    Command("agenda", "agenda_cmd", _("agenda van een zitting als PDF")),
    Command("backup", "backup_cmd", _("maak een versleutelde reservekopie van de kluis")),
    Command("cases", "cases_cmd", _("toon de casussen (zonder persoonsgegevens)")),
    Command(
        "decisions", "decisions_cmd", _("besluitenlijst (of actielijst) van een zitting als PDF")
    ),
    Command("demo", "demo_cmd", _("maak een kluis met realistische, verzonnen gegevens")),
    Command(
        "export",
        "export_cmd",
        _("exporteer geanonimiseerde monitoringcijfers (alleen aantallen, geen personen)"),
    ),
    Command("ics", "ics_cmd", _("zittingen als agendabestand (zonder casusgegevens)")),
    Command(
        "import", "import_cmd", _("lees signalen in uit een lijst van een partner (CSV of XLSX)")
    ),
    Command("init", "init_cmd", _("maak een nieuwe kluis")),
    Command("inzage", "inzage_cmd", _("inzageverzoek: alle gegevens over één betrokkene als PDF")),
    Command("passwd", "passwd_cmd", _("wijzig het wachtwoord van de kluis")),
    Command(
        "report",
        "report_cmd",
        _("halfjaarrapportage voor de raad als PDF (geanonimiseerd, geen personen)"),
    ),
    Command("restore", "restore_cmd", _("zet een reservekopie terug (na volledige controle)")),
    Command(
        "retention",
        "retention_cmd",
        _("toon wat over de bewaartermijn is en vernietig het na bevestiging"),
    ),
    Command(
        "sittings", "sittings_cmd", _("toon de zittingen met id, tafel, nummer, datum en status")
    ),
    Command("verify", "verify_cmd", _("controleer sleutel, pagina's, schema en auditlog")),
)


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`, if any: the first word that is not an option."""
    skip_value = False
    for word in argv:
        if skip_value:
            skip_value = False
            continue
        if word == "--vault":  # the only top-level option that takes a value
            skip_value = True
            continue
        if word.startswith("-"):
            continue
        return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `casustafel` parser; only the chosen command's module is imported.

    Without `argv` (tests, documentation) every command is registered in full.
    """
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
    chosen = None if argv is None else _chosen_command(argv)
    for command in COMMANDS:
        if argv is None or command.name == chosen:
            load_command(command).register(subparsers)
        else:
            # Listed in the overview, never parsed: its module is not loaded.
            subparsers.add_parser(command.name, help=command.summary or None)
    # A subcommand's own --help starts with the line the overview shows for it.
    for choice in subparsers._choices_actions:
        sub = subparsers.choices[choice.dest]
        if sub.description is None and choice.help:
            sub.description = choice.help[0].upper() + choice.help[1:] + "."
    return parser


class CommandModule(Protocol):
    """What a `*_cmd` module offers: it adds its parser to the subcommands."""

    def register(self, subparsers: Any) -> None: ...


def load_command(command: Command) -> CommandModule:
    """The module of `command` (imported by its listed name, so a frozen app bundles it)."""
    module: CommandModule = importlib.import_module(f"{__name__}.{command.module}")
    return module


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casustafel` console script; returns the exit code."""

    def dispatch() -> int:
        if argv is None and signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
            # The command runs: from here Ctrl-C unwinds (rollback, clean-up) to run_guarded,
            # which says "afgebroken" (before this, casustafel.launch ended the process).
            signal.signal(signal.SIGINT, signal.default_int_handler)
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(words).parse_args(words)
        markers.reached("ready")
        if args.command is None:
            _collect_only_what_the_command_makes()
            return _start_app(args.vault)
        # Storage: only for commands, and every command opens or makes a vault. Loaded
        # before the collector comes back on (see _collect_only_what_the_command_makes).
        from casustafel.db.vault import Vault  # noqa: F401
        from casustafel.db.vault_lock import set_program_name

        _collect_only_what_the_command_makes()

        set_program_name(f"casustafel {args.command}")  # named to whoever finds the vault busy
        result: int = args.handler(args)
        return result

    code = run_guarded(dispatch)
    if argv is None:
        # The command is done and has said so: an interrupt now changes nothing, and must
        # not turn into a traceback while the interpreter shuts down.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.exit(code)
    return code


def _collect_only_what_the_command_makes() -> None:
    """Move everything loaded so far out of the collector's sight, and turn it on again.

    `casustafel.launch` turned collection off while the libraries and the command module
    loaded (their objects live until exit; walking them costs CPU and frees nothing). The
    command itself runs with collection on: an import of 20,000 rows makes real garbage.
    Called through `main(argv)` (tests), collection was never turned off and nothing is
    frozen: a test process's objects must stay collectable.
    """
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


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
