"""`casustafel report VAULT --half 2026-1 -o FILE.pdf`: the council's half-year report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casustafel.domain.monitoring import Period
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K
from casustafel.i18n import _
from casustafel.services.halfyear_report import write_halfyear_report

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault
from .export_cmd import parse_tables


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help=_("halfjaarrapportage voor de raad als PDF (geanonimiseerd, geen personen)"),
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--half", required=True, metavar="JJJJ-1|JJJJ-2", help=_("halfjaar, bijvoorbeeld 2026-1")
    )
    parser.add_argument(
        "--tables", default="WO,OM,MH", metavar="WO,OM,MH", help=_("tafels, met komma's")
    )
    parser.add_argument(
        "--k",
        type=int,
        default=DEFAULT_K,
        choices=ALLOWED_K,
        help=_("aantallen onder k worden <k (standaard {k})").format(k=DEFAULT_K),
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="BESTAND.pdf", help=_("PDF-bestand")
    )
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Bad input is refused before the passphrase is asked for.
    Period.half_year(args.half)
    tables = parse_tables(args.tables)
    checked_output(args)
    vault = open_vault(args)
    try:
        result = write_halfyear_report(
            vault, args.half, Path(args.output), tables=tables, k=args.k, force=args.force
        )
    finally:
        vault.lock()
    print(
        _("Rapport geschreven: {path} ({n} onderdrukte aantallen, SHA-256 {digest}).").format(
            path=result.path, n=result.monitoring.suppressed_count, digest=result.sha256
        )
    )
    return 0
