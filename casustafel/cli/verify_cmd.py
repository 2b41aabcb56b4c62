"""`casustafel verify VAULT`: one printed line per check; exit 4 when anything is damaged.

With the privacy officer's verification key (`--verificatiesleutel-bestand`) the sealed
audit log is proven complete and unchanged up to the last seal; without it, `verify` says
what it could not prove. `--oudere-stand-aanvaarden` accepts a database that is behind its
state record (a lost WAL, an older copy), as a logged act.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from casustafel.db.keyfile import parse_verification_key
from casustafel.db.vault import Vault
from casustafel.db.vault_lock import Access
from casustafel.errors import EXIT_DAMAGED, UsageError
from casustafel.i18n import _

from .common import add_passphrase_arguments, add_vault_argument, existing_vault, read_passphrase

VERIFICATION_KEY_ENV = "CASUSTAFEL_VERIFICATION_KEY"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify", help=_("controleer sleutel, pagina's, schema en auditlog")
    )
    add_vault_argument(parser)
    add_passphrase_arguments(parser)
    parser.add_argument(
        "--verificatiesleutel-bestand",
        "--verification-key-file",
        dest="verification_key_file",
        metavar="BESTAND",
        help=_(
            "lees de verificatiesleutel van de privacyfunctionaris uit dit bestand (of {env}): "
            "dan is bewezen dat het auditlog volledig en ongewijzigd is"
        ).format(env=VERIFICATION_KEY_ENV),
    )
    parser.add_argument(
        "--oudere-stand-aanvaarden",
        "--accept-older-state",
        dest="accept_older",
        action="store_true",
        help=_(
            "aanvaard dat de kluis ouder is dan de laatst vastgelegde stand (wordt vastgelegd "
            "in het auditlog)"
        ),
    )
    parser.set_defaults(handler=run)


def _verification_key(args: argparse.Namespace) -> bytes | None:
    if args.verification_key_file:
        try:
            with open(args.verification_key_file, encoding="utf-8") as handle:
                text = handle.readline()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                _("Het bestand {path} kan niet worden gelezen.").format(
                    path=args.verification_key_file
                )
            ) from exc
        return parse_verification_key(text)
    if os.environ.get(VERIFICATION_KEY_ENV):
        return parse_verification_key(os.environ[VERIFICATION_KEY_ENV])
    return None


def run(args: argparse.Namespace) -> int:
    # Read-only: verify reports what is on disk and writes nothing (no migration, no audit
    # entry), so it may run beside the open app (a shared lock; see vault_lock). Accepting
    # an older state is a logged act: then it needs the vault to itself.
    access = Access.WRITE if args.accept_older else Access.READ
    path = existing_vault(args, access)
    seed = _verification_key(args)  # a typo is reported before the passphrase is asked
    vault = Vault.unlock(
        path,
        read_passphrase(args),
        migrate_schema=False,
        check_integrity=True,
        rollback="accept" if args.accept_older else "report",
        access=access,
    )
    accepted = vault.accepted_rollback
    try:
        results = vault.verify(seed)
    finally:
        vault.lock()
    for result in results:
        if not result.ok:
            mark = _("FOUT")
        elif result.proven:
            mark = _("OK  ")
        else:
            mark = _("NB  ")  # niet bewezen: nothing wrong found, but not provable
        print(f"{mark} {result.name}: {result.detail}")
    if accepted is not None:
        print(
            _(
                "De oudere stand {found} (vastgelegd was {recorded}) is aanvaard en staat in "
                "het auditlog."
            ).format(found=accepted.found, recorded=accepted.recorded)
        )
    return 0 if all(r.ok for r in results) else EXIT_DAMAGED
