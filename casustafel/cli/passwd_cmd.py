"""`casustafel passwd VAULT`: change the passphrase, reset it, renew the keys.

- plain: a new passphrase (the data key is re-wrapped; the database is not touched);
- `--recovery-key`: a new passphrase with the recovery key (passphrase forgotten);
- `--new-recovery-key`: a new recovery key; the old one no longer opens anything;
- `--sleutel-vernieuwen`: re-encrypt the database under a new data key, with a new
  passphrase and a new recovery key: an old key file with an old passphrase opens nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from casustafel.db.atomic import write_bytes_atomically
from casustafel.db.crash_points import crash_point
from casustafel.db.keyfile import KeyFile, check_new_passphrase, passphrase_strength_hint
from casustafel.db.rekey import remove_key_leftovers, renew_data_key
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import Access
from casustafel.errors import RefusedError, UsageError
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
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--recovery-key",
        action="store_true",
        help=_("stel een nieuw wachtwoord in met de herstelsleutel (wachtwoord vergeten)"),
    )
    what.add_argument(
        "--new-recovery-key",
        action="store_true",
        help=_("maak een nieuwe herstelsleutel; de oude opent daarna niets meer"),
    )
    what.add_argument(
        "--sleutel-vernieuwen",
        "--renew-key",
        dest="renew_key",
        action="store_true",
        help=_(
            "versleutel de database opnieuw met een nieuwe sleutel, met een nieuw wachtwoord en "
            "een nieuwe herstelsleutel (als een wachtwoord of sleutelbestand is uitgelekt)"
        ),
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
    parser.add_argument(
        "--new-recovery-key-file",
        metavar="BESTAND",
        help=_(
            "schrijf de nieuwe herstelsleutel (bij --new-recovery-key of --sleutel-vernieuwen) "
            "naar dit bestand in plaats van hem te tonen"
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("vervang een bestaand bestand bij --new-recovery-key-file"),
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


class RecoveryDelivery:
    """Writes the new recovery key to its file, or shows it and asks for confirmation.

    It runs before the old key is revoked: if it fails, nothing has changed.
    """

    def __init__(self, target: Path | None) -> None:
        self.target = target

    def __call__(self, text: str) -> None:
        if self.target is not None:
            write_bytes_atomically(self.target, (text + "\n").encode())
            return
        print(_("NIEUWE HERSTELSLEUTEL (wordt maar één keer getoond; bewaar hem op papier):"))
        print(f"    {text}")
        if not sys.stdin or not sys.stdin.isatty():
            return
        answer = input(_("Hebt u de herstelsleutel veilig opgeslagen? Typ 'ja': "))
        if answer.strip().lower() != "ja":
            raise RefusedError(_("Niet bevestigd; de oude herstelsleutel blijft geldig."))


def _output(args: argparse.Namespace) -> Path | None:
    if not args.new_recovery_key_file:
        return None
    if not (args.new_recovery_key or args.renew_key):
        raise UsageError(
            _("--new-recovery-key-file hoort bij --new-recovery-key of --sleutel-vernieuwen.")
        )
    target = Path(args.new_recovery_key_file)
    if target.exists() and not args.force:
        raise RefusedError(
            _("{name} bestaat al; gebruik --force om het te vervangen.").format(name=target.name)
        )
    return target


def _progress(fraction: float) -> None:
    print(
        _("\rOpnieuw versleutelen: {pct:3d}%").format(pct=round(fraction * 100)),
        end="",
        file=sys.stderr,
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    # Exclusive: no other program may have the vault open while its key file changes, and
    # a second `passwd` at the same moment is refused (exit 7) instead of both "succeeding".
    path = existing_vault(args, Access.EXCLUSIVE)
    output = _output(args)  # refused before any secret is asked
    remove_key_leftovers(VaultPaths.of(path).folder)
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
        if args.new_recovery_key:
            vault.new_recovery_key(RecoveryDelivery(output))
            print(_("Er is een nieuwe herstelsleutel gemaakt; de oude opent niets meer."))
            return 0
        new = _new_passphrase(args)
        if args.renew_key:
            vault = renew_data_key(vault, new, deliver=RecoveryDelivery(output), progress=_progress)
            print(file=sys.stderr)
            print(
                _(
                    "De database is opnieuw versleuteld met een nieuwe sleutel; het nieuwe "
                    "wachtwoord en de nieuwe herstelsleutel gelden. Oude sleutelbestanden en "
                    "wachtwoorden openen hem niet meer (oude reservekopieën wel: vernietig die "
                    "als ze kunnen zijn uitgelekt)."
                )
            )
            return 0
        vault.change_passphrase(new)
        crash_point("passwd:na-sleutel")  # tests: the new key file is in place, no report yet
    finally:
        vault.lock()
    print(_("Het wachtwoord is gewijzigd."))
    return 0
