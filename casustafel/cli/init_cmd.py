"""`casustafel init VAULT --user NAAM`: create a new vault and hand out its two keys once.

The recovery key (for a forgotten passphrase) and the verification key (proves the sealed
audit log, for the privacy officer) are written to their files or shown before creation
finishes: if that fails or is not confirmed, the half-made vault is removed, so no vault
exists whose keys nobody has.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from casustafel.db.atomic import write_bytes_atomically
from casustafel.db.keyfile import check_new_passphrase, passphrase_strength_hint
from casustafel.db.vault import NewVaultKeys, Vault
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
    parser.add_argument(
        "--verificatiesleutel-bestand",
        "--verification-key-file",
        dest="verification_key_file",
        metavar="BESTAND",
        help=_(
            "schrijf de verificatiesleutel van het auditlog naar dit bestand in plaats van hem "
            "te tonen (alleen voor de privacyfunctionaris; 'verify' bewijst er het log mee)"
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("vervang een bestaand bestand (--recovery-key-file, --verificatiesleutel-bestand)"),
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


def refuse_existing(paths: list[Path], force: bool) -> None:
    """A key output file that exists is refused (exit 7) unless --force; before any secret."""
    for path in paths:
        if path.exists() and not force:
            raise RefusedError(
                _("{name} bestaat al; gebruik --force om het te vervangen.").format(name=path.name)
            )


class KeyDelivery:
    """Hands the keys out: to files where asked, else on screen with a confirmation.

    Files it wrote are removed again if a later step fails (the vault is then removed too,
    and a key to a vault that does not exist only confuses).
    """

    def __init__(self, recovery_file: Path | None, verification_file: Path | None) -> None:
        self.recovery_file = recovery_file
        self.verification_file = verification_file
        self.written: list[Path] = []

    def __call__(self, keys: NewVaultKeys) -> None:
        try:
            shown = []
            for text, target, label in (
                (keys.recovery, self.recovery_file, _("HERSTELSLEUTEL")),
                (keys.verification, self.verification_file, _("VERIFICATIESLEUTEL")),
            ):
                if target is not None:
                    write_bytes_atomically(target, (text + "\n").encode())
                    self.written.append(target)
                else:
                    shown.append((label, text))
            if shown:
                self._show(shown)
        except BaseException:
            self.undo()
            raise

    def _show(self, shown: list[tuple[str, str]]) -> None:
        print()
        for label, text in shown:
            print(
                _(
                    "{label} (wordt maar één keer getoond; bewaar hem op papier in een kluis):"
                ).format(label=label)
            )
            print(f"    {text}")
            print()
        print(
            _(
                "De herstelsleutel zet een vergeten wachtwoord opnieuw; de verificatiesleutel is "
                "voor de privacyfunctionaris en bewijst met 'casustafel verify' dat het auditlog "
                "niet is herschreven. Bewaar ze apart van het wachtwoord."
            )
        )
        if not sys.stdin or not sys.stdin.isatty():
            return
        answer = input(_("Hebt u de sleutels veilig opgeslagen? Typ 'ja': ")).strip().lower()
        if answer != "ja":
            raise RefusedError(
                _("Niet bevestigd; er is geen kluis aangemaakt. Probeer 'casustafel init' opnieuw.")
            )

    def undo(self) -> None:
        for path in self.written:
            with contextlib.suppress(OSError):
                path.unlink()
        self.written.clear()


def run(args: argparse.Namespace) -> int:
    recovery_file = Path(args.recovery_key_file) if args.recovery_key_file else None
    verification_file = Path(args.verification_key_file) if args.verification_key_file else None
    refuse_existing([p for p in (recovery_file, verification_file) if p is not None], args.force)
    passphrase = _new_passphrase(args)
    check_new_passphrase(passphrase)
    delivery = KeyDelivery(recovery_file, verification_file)
    vault, _recovery = Vault.create(Path(args.vault), args.user, passphrase, deliver=delivery)
    vault.lock()
    print(_("Kluis aangemaakt: {path}").format(path=vault.paths.folder))
    return 0
