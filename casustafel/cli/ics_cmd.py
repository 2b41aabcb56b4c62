"""`casustafel ics VAULT [--table WO] -o FILE.ics`: the sittings as calendar events."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.services.calendar import export_ics

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ics", help=_("zittingen als agendabestand (zonder casusgegevens)")
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--table", choices=[t.value for t in TableCode], help=_("alleen deze tafel")
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="BESTAND.ics", help=_("agendabestand (iCalendar)")
    )
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = checked_output(args)
    vault = open_vault(args)
    try:
        count = export_ics(vault, output, table=TableCode(args.table) if args.table else None)
    finally:
        vault.lock()
    print(_("{n} zittingen geschreven naar {path}.").format(n=count, path=output))
    return 0
