"""`casustafel agenda VAULT --table WO --sitting ID|next --variant ... -o FILE.pdf`."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services import sittings
from casustafel.services.sitting_print import DocumentKind, print_document

from .common import add_passphrase_arguments, add_vault_argument, open_vault
from .sitting_args import add_document_arguments, choose_sitting, output_path, variant_text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("agenda", help=_("agenda van een zitting als PDF"))
    add_vault_argument(parser)
    parser.add_argument(
        "--table", required=True, choices=[t.value for t in TableCode], help=_("tafel")
    )
    parser.add_argument(
        "--sitting", default="next", metavar="ID|next", help=_("zitting (standaard: de volgende)")
    )
    parser.add_argument(
        "--compose",
        action="store_true",
        help=_("zet eerst de voorgestelde casussen op de agenda (bestaande punten blijven)"),
    )
    add_document_arguments(parser)
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = output_path(args)
    vault = open_vault(args)
    try:
        sitting = choose_sitting(vault, args.sitting, TableCode(args.table))
        if args.compose:
            added = sittings.compose_agenda(vault, sitting.id)
            print(_("{n} voorgestelde casussen op de agenda gezet.").format(n=added))
        variant = Variant(args.variant)
        print_document(
            vault, sitting.id, DocumentKind.AGENDA, variant, output, partner=args.partner
        )
    finally:
        vault.lock()
    print(
        _("Agenda van zitting {number} ({variant}) geschreven: {path}.").format(
            number=sitting.number, variant=variant_text(variant), path=output
        )
    )
    if variant is Variant.VOORZITTER:
        print(_("Let op: de voorzittersversie bevat persoonsgegevens."))
    return 0
