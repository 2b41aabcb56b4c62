"""`casustafel retention VAULT [--dry-run] [--yes]`: the destruction list, and destroying it."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.i18n import _
from casustafel.services.retention import destroy, destruction_list

from .common import add_passphrase_arguments, add_vault_argument, confirm, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "retention", help=_("toon wat over de bewaartermijn is en vernietig het na bevestiging")
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help=_("alleen de vernietigingslijst tonen")
    )
    parser.add_argument("--yes", action="store_true", help=_("bevestig zonder vraag (scripts)"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    vault = open_vault(args)
    try:
        listing = destruction_list(vault)
        for item in listing.due:
            print(
                _(
                    "TE VERNIETIGEN  {ref}  ({table})  sinds {since}: {reason} [regel: {rule}]"
                ).format(
                    ref=item.reference,
                    table=item.table,
                    since=item.due_since.strftime("%d-%m-%Y"),
                    reason=item.reason,
                    rule=item.rule,
                )
            )
        for item in listing.held:
            # The typed reason for holding may name someone (an objecting lawyer): it stays
            # in the vault, the terminal (and its scrollback or a redirected file) gets none.
            print(
                _("BEWAARD        {ref}  ({table})  sinds {since}: tegengehouden").format(
                    ref=item.reference,
                    table=item.table,
                    since=item.due_since.strftime("%d-%m-%Y"),
                )
            )
        if not listing.due:
            print(_("Niets is over de bewaartermijn."))
            return 0
        if args.dry_run:
            print(_("{n} te vernietigen; niets gewijzigd (--dry-run).").format(n=len(listing.due)))
            return 0
        confirm(
            _("{n} dossiers definitief vernietigen?").format(n=len(listing.due)),
            assume_yes=args.yes,
        )
        report = destroy(vault, listing.due)
    finally:
        vault.lock()
    print(
        _(
            "Vernietigd: {cases} casussen, {signals} signalen, {subjects} betrokkenen. "
            "De statistiek blijft behouden."
        ).format(
            cases=len(report.case_ids),
            signals=len(report.signal_ids),
            subjects=report.subjects_removed,
        )
    )
    if report.skipped:
        print(
            _("{n} overgeslagen: inmiddels bewaard of niet meer aan de beurt.").format(
                n=len(report.skipped)
            )
        )
    return 0
