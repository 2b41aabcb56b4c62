"""`casustafel inzage VAULT --subject ID -o FILE.pdf`: the access request of one person."""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.i18n import _
from casustafel.services.inzage import write_access_request_pdf

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inzage", help=_("inzageverzoek: alle gegevens over één betrokkene als PDF")
    )
    add_vault_argument(parser)
    parser.add_argument("--subject", required=True, type=int, metavar="ID", help=_("betrokkene-id"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="BESTAND.pdf", help=_("PDF-bestand")
    )
    parser.add_argument(
        "--on-behalf-of",
        default=_("betrokkene"),
        metavar="WIE",
        help=_("op wiens verzoek (komt in het auditlog)"),
    )
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = checked_output(args)
    vault = open_vault(args)
    try:
        report = write_access_request_pdf(
            vault, args.subject, output, on_behalf_of=args.on_behalf_of
        )
    finally:
        vault.lock()
    print(
        _("Inzageverzoek geschreven: {path} ({n} casussen). Het bevat persoonsgegevens.").format(
            path=output, n=len(report.cases)
        )
    )
    return 0
