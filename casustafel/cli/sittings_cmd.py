"""`casustafel sittings VAULT [--table WO] [--status ...] [--json]`: the sittings and their ids.

Scripts need a sitting's id for `agenda`, `decisions` and `ics`; this lists them. It shows no
case data and no names (not even the chair's), only what identifies a sitting.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.services.sitting_values import SittingStatus, SittingSummary
from casustafel.services.sittings import list_sittings

from .common import add_passphrase_arguments, add_vault_argument, open_vault

_HEADERS = (_("Id"), _("Tafel"), _("Nummer"), _("Datum"), _("Tijd"), _("Status"), _("Punten"))


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sittings", help=_("toon de zittingen met id, tafel, nummer, datum en status")
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--table", choices=[t.value for t in TableCode], help=_("alleen deze tafel")
    )
    parser.add_argument(
        "--status", choices=[s.value for s in SittingStatus], help=_("alleen deze status")
    )
    parser.add_argument("--json", action="store_true", help=_("uitvoer als JSON"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _json_row(sitting: SittingSummary) -> dict[str, str | int]:
    return {
        "id": sitting.id,
        "table": sitting.table.value,
        "number": sitting.number,
        "starts_at": sitting.starts_at.isoformat(timespec="minutes"),
        "status": sitting.status.value,
        "items": sitting.item_count,
    }


def _text_row(sitting: SittingSummary) -> tuple[str, ...]:
    return (
        str(sitting.id), sitting.table.value, sitting.number,
        sitting.starts_at.strftime("%d-%m-%Y"), sitting.starts_at.strftime("%H:%M"),
        sitting.status.label, str(sitting.item_count),
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    vault = open_vault(args)
    try:
        found = list_sittings(vault, TableCode(args.table) if args.table else None)
    finally:
        vault.lock()
    if args.status:
        found = [s for s in found if s.status is SittingStatus(args.status)]
    if args.json:
        print(json.dumps([_json_row(s) for s in found], ensure_ascii=False, indent=1))
        return 0
    rows = [_HEADERS, *(_text_row(s) for s in found)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADERS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(_("{n} zittingen").format(n=len(found)))
    return 0
