"""`casustafel decisions VAULT --sitting ID|next [--table WO] --variant ... -o FILE.pdf`."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.errors import UsageError
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services.sitting_print import DocumentKind, print_document

from .common import add_passphrase_arguments, add_vault_argument, open_vault
from .sitting_args import add_document_arguments, choose_sitting, output_path, variant_text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "decisions", help=_("besluitenlijst (of actielijst) van een zitting als PDF")
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--table",
        choices=[t.value for t in TableCode],
        help=_("tafel (nodig bij --sitting next; anders een controle)"),
    )
    parser.add_argument(
        "--sitting",
        required=True,
        metavar="ID|next",
        help=_("zitting: id (zie 'casustafel sittings') of 'next' met --table"),
    )
    parser.add_argument(
        "--actions",
        action="store_true",
        help=_("de actielijst per partner in plaats van de besluitenlijst (alleen verspreid)"),
    )
    add_document_arguments(parser)
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = output_path(args)
    variant = Variant(args.variant)
    if args.actions and variant is Variant.VOORZITTER:
        raise UsageError(_("De actielijst bestaat alleen als verspreidversie."))
    kind = DocumentKind.ACTIELIJST if args.actions else DocumentKind.BESLUITENLIJST
    vault = open_vault(args)
    try:
        table = TableCode(args.table) if args.table else None
        sitting = choose_sitting(vault, args.sitting, table)
        print_document(vault, sitting.id, kind, variant, output, partner=args.partner)
    finally:
        vault.lock()
    what = _("Actielijst") if args.actions else _("Besluitenlijst")
    print(
        _("{what} van zitting {number} ({variant}) geschreven: {path}.").format(
            what=what, number=sitting.number, variant=variant_text(variant), path=output
        )
    )
    return 0
