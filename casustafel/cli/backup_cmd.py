"""`casustafel backup VAULT -o FILE [--force]`: one encrypted, self-checking backup file."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.i18n import _
from casustafel.services.backup import write_backup

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup", help=_("maak een versleutelde reservekopie van de kluis")
    )
    add_vault_argument(parser)
    parser.add_argument("-o", "--output", required=True, metavar="BESTAND", help=_("reservekopie"))
    parser.add_argument(
        "--force", action="store_true", help=_("vervang een bestaand bestand met die naam")
    )
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = checked_output(args)
    vault = open_vault(args)
    try:
        manifest = write_backup(vault, output, force=args.force)
    finally:
        vault.lock()
    size = sum(f.size for f in manifest.files)
    print(
        _("Reservekopie geschreven: {path} ({mb:.1f} MB, schemaversie {rev}).").format(
            path=args.output, mb=size / 1e6, rev=manifest.schema_revision
        )
    )
    return 0
