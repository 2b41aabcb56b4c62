"""`casustafel restore FILE --to VAULT [--force]`: check a backup completely, then restore it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from casustafel.db.vault import VaultPaths
from casustafel.db.vault_lock import Access, check_free
from casustafel.i18n import _
from casustafel.services.backup import restore_backup

from .common import add_passphrase_arguments, prompt_secret, read_passphrase

RECOVERY_KEY_ENV = "CASUSTAFEL_RECOVERY_KEY"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore", help=_("zet een reservekopie terug (na volledige controle)")
    )
    parser.add_argument("backup", metavar="BESTAND", help=_("de reservekopie"))
    parser.add_argument("--to", required=True, metavar="KLUIS", help=_("waar de kluis komt"))
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("vervang een bestaande kluis (die wordt eerst opzij gezet, niet verwijderd)"),
    )
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help=_("controleer met de herstelsleutel in plaats van het wachtwoord"),
    )
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _recovery_text(args: argparse.Namespace) -> str:
    if args.passphrase_file:
        with open(args.passphrase_file, encoding="utf-8") as handle:
            return handle.readline().strip()
    if os.environ.get(RECOVERY_KEY_ENV):
        return os.environ[RECOVERY_KEY_ENV]
    return prompt_secret(_("Herstelsleutel: "))


def run(args: argparse.Namespace) -> int:
    backup = Path(args.backup)
    if not backup.is_file():
        from casustafel.errors import UsageError

        raise UsageError(_("Geen reservekopie gevonden op {path}.").format(path=backup))
    target = VaultPaths.of(args.to)
    if args.force and target.db.exists():
        # The vault there must be closed everywhere: say so before asking for any secret.
        check_free(target.folder, Access.EXCLUSIVE)
    if args.recovery_key:
        result = restore_backup(
            backup, Path(args.to), recovery_key=_recovery_text(args), force=args.force
        )
    else:
        result = restore_backup(
            backup, Path(args.to), passphrase=read_passphrase(args), force=args.force
        )
    print(_("Reservekopie gecontroleerd en teruggezet: {path}").format(path=result.vault_folder))
    if result.moved_aside is not None:
        print(_("De kluis die er stond is bewaard als {path}.").format(path=result.moved_aside))
    return 0
