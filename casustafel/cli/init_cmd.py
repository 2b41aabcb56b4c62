"""`casustafel init VAULT --user NAAM`: create a new vault and show its recovery key once."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from casustafel.db.keyfile import check_new_passphrase, passphrase_strength_hint
from casustafel.db.vault import Vault
from casustafel.errors import RefusedError
from casustafel.i18n import _

from .common import PASSPHRASE_ENV, add_passphrase_arguments, add_vault_argument, prompt_secret


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help=_("maak een nieuwe kluis"))
    add_vault_argument(parser)
    parser.add_argument("--user", required=True, metavar="NAAM", help=_("naam van de gebruiker"))
    add_passphrase_arguments(parser)
    parser.add_argument(
        "--recovery-key-file",
        metavar="BESTAND",
        help=_(
            "schrijf de herstelsleutel naar dit bestand in plaats van hem te tonen "
            "(voor scripts; bewaar het bestand in de kluis van de privacyfunctionaris)"
        ),
    )
    parser.set_defaults(handler=run)


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file:
        with open(args.passphrase_file, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    while True:
        first = prompt_secret(_("Nieuw wachtwoord (minstens 12 tekens): "))
        try:
            check_new_passphrase(first)
        except Exception as exc:  # the ValidationError message is what the user needs
            print(str(exc), file=sys.stderr)
            continue
        print(passphrase_strength_hint(first), file=sys.stderr)
        if prompt_secret(_("Herhaal het wachtwoord: ")) == first:
            return first
        print(_("De wachtwoorden zijn niet gelijk; probeer het opnieuw."), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase(args)
    check_new_passphrase(passphrase)
    vault, recovery = Vault.create(Path(args.vault), args.user, passphrase)
    vault.lock()
    if args.recovery_key_file:
        from casustafel.db.atomic import write_bytes_atomically

        write_bytes_atomically(Path(args.recovery_key_file), (recovery + "\n").encode())
        print(_("Kluis aangemaakt: {path}").format(path=vault.paths.folder))
        return 0
    print(_("Kluis aangemaakt: {path}").format(path=vault.paths.folder))
    print()
    print(_("HERSTELSLEUTEL (wordt maar één keer getoond; bewaar hem op papier in een kluis):"))
    print(f"    {recovery}")
    print()
    if not sys.stdin or not sys.stdin.isatty():
        return 0
    answer = input(_("Hebt u de herstelsleutel veilig opgeslagen? Typ 'ja': ")).strip().lower()
    if answer != "ja":
        raise RefusedError(
            _(
                "Niet bevestigd. De kluis bestaat wel; maak een nieuwe herstelsleutel met "
                "'casustafel passwd {vault} --new-recovery-key'."
            ).format(vault=args.vault)
        )
    return 0
