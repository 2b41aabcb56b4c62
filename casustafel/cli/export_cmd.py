"""`casustafel export VAULT --from M --to M --format csv|json|xlsx -o FILE`: anonymised counts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.domain.monitoring_grid import Grain
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.monitoring_export import ExportFormat, export_monitoring, export_targets

from .common import add_passphrase_arguments, add_vault_argument, checked_output, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=_("exporteer geanonimiseerde monitoringcijfers (alleen aantallen, geen personen)"),
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--from", dest="start", required=True, metavar="JJJJ-MM", help=_("eerste maand")
    )
    parser.add_argument(
        "--to", dest="end", required=True, metavar="JJJJ-MM", help=_("laatste maand")
    )
    parser.add_argument(
        "--tables", default="WO,OM,MH", metavar="WO,OM,MH", help=_("tafels, met komma's")
    )
    parser.add_argument("--by-area", action="store_true", help=_("ook per wijk of dorp"))
    parser.add_argument(
        "--grain",
        default=Grain.MONTH.value,
        choices=[g.value for g in Grain],
        help=_(
            "per maand (standaard), kwartaal of halfjaar; waar de aantallen te klein zijn "
            "publiceert de app grover en zegt waarom"
        ),
    )
    parser.add_argument(
        "--k",
        type=int,
        default=DEFAULT_K,
        choices=ALLOWED_K,
        help=_("aantallen onder k worden <k (standaard {k})").format(k=DEFAULT_K),
    )
    parser.add_argument(
        "--format",
        dest="fmt",
        required=True,
        choices=[f.value for f in ExportFormat],
        help=_("bestandsvorm"),
    )
    parser.add_argument("-o", "--output", required=True, metavar="BESTAND", help=_("exportbestand"))
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def parse_tables(text: str) -> tuple[TableCode, ...]:
    """`"WO,MH"` → the table codes, in the given order without repeats."""
    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    unknown = [code for code in codes if code not in TableCode.__members__]
    if unknown or not codes:
        raise ValidationError(
            _("Onbekende tafel: {codes} (kies uit WO, OM, MH).").format(
                codes=", ".join(unknown) or text
            ),
            field="tables",
        )
    return tuple(dict.fromkeys(TableCode(code) for code in codes))


def run(args: argparse.Namespace) -> int:
    request = MonitoringRequest(
        period=Period.parse(args.start, args.end),
        tables=parse_tables(args.tables),
        by_area=args.by_area,
        k=args.k,
        grain=Grain(args.grain),
    )
    fmt = ExportFormat(args.fmt)
    # The manifest beside a CSV is checked with the CSV, before the passphrase.
    checked_output(args, export_targets(fmt, Path(args.output))[1:])
    vault = open_vault(args)
    try:
        result = export_monitoring(vault, request, fmt, Path(args.output), force=args.force)
    finally:
        vault.lock()
    print(
        _("Export geschreven: {path} ({n} onderdrukte aantallen, SHA-256 {digest}).").format(
            path=result.path, n=result.monitoring.suppressed_count, digest=result.sha256
        )
    )
    for note in result.monitoring.notes:
        print(note)
    if result.manifest_path is not None:
        print(_("Manifest: {path}").format(path=result.manifest_path))
    return 0
