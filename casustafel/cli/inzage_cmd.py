"""`casustafel inzage VAULT --subject ID -o FILE.pdf`: the access request of one person.

`--op-verzoek-van CODE` (also `--on-behalf-of`, the earlier name) names on whose request, as
one of the fixed requester codes: the audit log holds no free text, so no name goes in.
"""

from __future__ import annotations

import argparse
from typing import Any

from casustafel.domain.requesters import Requester, requester_choices, requester_from
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.inzage import write_access_request_pdf

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault


def _requester(text: str) -> Requester:
    # Checked while parsing, so a typo is a usage error before the passphrase is asked. The
    # message lists the codes and leaves out what was typed: that may be a name.
    try:
        found = requester_from(text)
    except ValidationError:
        found = None
    if found is None:
        raise argparse.ArgumentTypeError(
            _("kies een van deze codes: {codes}").format(codes=", ".join(Requester))
        )
    return found


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
        "--op-verzoek-van",
        "--on-behalf-of",
        dest="on_behalf_of",
        type=_requester,
        default=Requester.BETROKKENE,
        metavar="CODE",
        # argparse %-formats help texts; the labels hold no "%", the escape keeps it so.
        help=_(
            "op wiens verzoek; alleen de code komt in het auditlog (standaard {default}): {choices}"
        )
        .format(default=Requester.BETROKKENE.value, choices=requester_choices())
        .replace("%", "%%"),
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
