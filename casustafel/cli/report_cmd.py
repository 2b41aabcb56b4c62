"""`casustafel report VAULT --half 2026-1 -o FILE.pdf`: the council's half-year report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import Period
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.halfyear import printed_share
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
    parser.add_argument(
        "--interpretation",
        action="append",
        default=[],
        metavar="TAFEL=BESTAND",
        help=_(
            "duiding door de regisseur bij een tafel, uit een tekstbestand (UTF-8), "
            "bijvoorbeeld WO=duiding-wo.txt; mag vaker"
        ),
    )
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Bad input is refused before the passphrase is asked for.
    Period.half_year(args.half)
    tables = parse_tables(args.tables)
    interpretations = _interpretations(args.interpretation)
    checked_output(args)
    vault = open_vault(args)
    try:
        result = write_halfyear_report(
            vault,
            args.half,
            Path(args.output),
            tables=tables,
            k=args.k,
            force=args.force,
            interpretations=interpretations,
        )
    finally:
        vault.lock()
    print(
        _("Rapport geschreven: {path} ({n} onderdrukte aantallen, SHA-256 {digest}).").format(
            path=result.path, n=result.monitoring.suppressed_count, digest=result.sha256
        )
    )
    printed = printed_share(result.monitoring)
    print(
        _(
            "Gedrukte aantallen: {hidden} van {total} onderdrukt ({share:.0%}); grootste "
            "onderdrukte totaal: {largest}."
        ).format(
            hidden=printed.suppressed,
            total=printed.published,
            share=printed.share,
            largest=printed.largest_hidden_total,
        )
    )
    for note in result.monitoring.notes:
        print(note)
    return 0


def _interpretations(items: list[str]) -> dict[TableCode, str]:
    """`["WO=file.txt"]` → the text of each file per table (exit 2 on a bad item)."""
    found: dict[TableCode, str] = {}
    for item in items:
        code, _sep, name = item.partition("=")
        table = parse_tables(code)[0]
        try:
            found[table] = Path(name).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(
                _("De duiding voor {table} is niet te lezen uit {name}.").format(
                    table=table.label, name=Path(name).name
                ),
                field="interpretation",
            ) from error
    return found
