"""`casustafel verify VAULT`: one printed line per check; exit 4 when anything is damaged."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.db.vault import Vault
from casustafel.db.vault_lock import Access
from casustafel.errors import EXIT_DAMAGED
from casustafel.i18n import _

from .common import add_passphrase_arguments, add_vault_argument, existing_vault, read_passphrase


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify", help=_("controleer sleutel, pagina's, schema en auditlog")
    )
    add_vault_argument(parser)
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Read-only: verify reports what is on disk and writes nothing (no migration, no audit
    # entry), so it may run beside the open app (a shared lock; see vault_lock).
    path = existing_vault(args, Access.READ)
    vault = Vault.unlock(path, read_passphrase(args), check_integrity=True, access=Access.READ)
    try:
        results = vault.verify()
    finally:
        vault.lock()
    for result in results:
        mark = _("OK  ") if result.ok else _("FOUT")
        print(f"{mark} {result.name}: {result.detail}")
    return 0 if all(r.ok for r in results) else EXIT_DAMAGED
