"""`casustafel cases VAULT [--table WO|OM|MH] [--status S] [--json]`: the case list.

Number, table, status, current step, area, label (initials and area), lead partner and
next due date; never names, BSNs, dates of birth or addresses: every cell goes through the one
identifiers rule (`services.case_listing`), and the listing is audited like the GUI's list.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from casustafel.domain.model import CaseStatus, CaseSummary, TableCode
from casustafel.domain.names import format_date
from casustafel.i18n import _
from casustafel.services.case_listing import public_case_list

from .common import add_passphrase_arguments, add_vault_argument, open_vault

_HEADERS = (
    _("Nummer"), _("Tafel"), _("Status"), _("Stap"), _("Wijk"), _("Label"), _("Voortouw"),
    _("Volgende termijn"),
)  # fmt: skip


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("cases", help=_("toon de casussen (zonder persoonsgegevens)"))
    add_vault_argument(parser)
    parser.add_argument(
        "--table", choices=[t.value for t in TableCode], help=_("alleen deze tafel")
    )
    parser.add_argument(
        "--status", choices=[s.value for s in CaseStatus], help=_("alleen deze status")
    )
    parser.add_argument("--json", action="store_true", help=_("uitvoer als JSON"))
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _json_row(case: CaseSummary) -> dict[str, str | None]:
    return {
        "number": case.number,
        "table": case.table.value,
        "status": case.status.value,
        "step": case.step,
        "area": case.area,
        "label": case.label,
        "lead_partner": case.lead_partner,
        "next_due": case.next_due.isoformat() if case.next_due else None,
    }


def _text_row(case: CaseSummary) -> tuple[str, ...]:
    return (
        case.number, case.table.value, case.status.label, case.step, case.area, case.label,
        case.lead_partner, format_date(case.next_due) if case.next_due else "",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    vault = open_vault(args)
    try:
        found = public_case_list(
            vault,
            table=TableCode(args.table) if args.table else None,
            status=CaseStatus(args.status) if args.status else None,
        )
    finally:
        vault.lock()
    found.sort(key=lambda c: (c.table.value, c.number))
    if args.json:
        print(json.dumps([_json_row(c) for c in found], ensure_ascii=False, indent=1))
        return 0
    rows = [_HEADERS, *(_text_row(c) for c in found)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADERS))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(_("{n} casussen").format(n=len(found)))
    return 0
