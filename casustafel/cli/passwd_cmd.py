"""`casustafel passwd VAULT [--recovery-key]`: change or reset (recovery key) the passphrase."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from casustafel.db.crash_points import crash_point
from casustafel.db.keyfile import KeyFile, check_new_passphrase, passphrase_strength_hint
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import Access
from casustafel.errors import UsageError
from casustafel.i18n import _

from .common import (
    add_passphrase_arguments,
    add_vault_argument,
    existing_vault,
    prompt_secret,
    read_passphrase,
)

NEW_PASSPHRASE_ENV = "CASUSTAFEL_NEW_PASSPHRASE"  # noqa: S105 - a variable name
RECOVERY_KEY_ENV = "CASUSTAFEL_RECOVERY_KEY"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("passwd", help=_("wijzig het wachtwoord van de kluis"))
    add_vault_argument(parser)
    add_passphrase_arguments(parser)
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help=_("stel een nieuw wachtwoord in met de herstelsleutel (wachtwoord vergeten)"),
    )
    parser.add_argument(
        "--new-passphrase-file",
        metavar="BESTAND",
        help=_("lees het nieuwe wachtwoord uit dit bestand; anders {env} of een vraag").format(
            env=NEW_PASSPHRASE_ENV
        ),
    )
    parser.add_argument(
        "--recovery-key-file",
        metavar="BESTAND",
        help=_("lees de herstelsleutel uit dit bestand; anders {env} of een vraag").format(
            env=RECOVERY_KEY_ENV
        ),
    )
    parser.set_defaults(handler=run)


def _first_line(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except OSError as exc:
        raise UsageError(
            _("Het bestand {path} kan niet worden gelezen.").format(path=path)
        ) from exc


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return _first_line(args.new_passphrase_file)
    if os.environ.get(NEW_PASSPHRASE_ENV):
        return os.environ[NEW_PASSPHRASE_ENV]
    first = prompt_secret(_("Nieuw wachtwoord (minstens 12 tekens): "))
    check_new_passphrase(first)
    print(passphrase_strength_hint(first), file=sys.stderr)
    if prompt_secret(_("Herhaal het nieuwe wachtwoord: ")) != first:
        raise UsageError(_("De wachtwoorden zijn niet gelijk; er is niets gewijzigd."))
    return first


def _recovery_text(args: argparse.Namespace) -> str:
    if args.recovery_key_file:
        return _first_line(args.recovery_key_file)
    if os.environ.get(RECOVERY_KEY_ENV):
        return os.environ[RECOVERY_KEY_ENV]
    return prompt_secret(_("Herstelsleutel: "))


def run(args: argparse.Namespace) -> int:
    # Exclusive: no other program may have the vault open while its key file changes, and
    # a second `passwd` at the same moment is refused (exit 7) instead of both "succeeding".
    path = existing_vault(args, Access.EXCLUSIVE)
    if args.recovery_key:
        recovery = _recovery_text(args)
        paths = VaultPaths.of(path)
        paths.require_existing()
        users = KeyFile.read(paths.key).users
        user = users[0] if users else ""
        vault = Vault.unlock_with_recovery_key(path, recovery, user, access=Access.EXCLUSIVE)
    else:
        vault = Vault.unlock(path, read_passphrase(args), access=Access.EXCLUSIVE)
    try:
        new = _new_passphrase(args)
        vault.change_passphrase(new)
        crash_point("passwd:na-sleutel")  # tests: the new key file is in place, no report yet
    finally:
        vault.lock()
    print(_("Het wachtwoord is gewijzigd."))
    return 0
