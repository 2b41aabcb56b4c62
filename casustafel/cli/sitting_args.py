"""Options the sitting commands share (agenda, decisions): sitting choice, variant, output."""

from __future__ import annotations

import argparse
from pathlib import Path

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.errors import UsageError
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services import sittings
from casustafel.services.sitting_values import SittingSummary

from .common import checked_output


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--variant",
        required=True,
        choices=[v.value for v in Variant],
        help=_("voorzitter (met casusoverzichten) of verspreid (zonder persoonsgegevens)"),
    )
    parser.add_argument(
        "--partner", metavar="NAAM", help=_("alleen de punten van deze partner (code of naam)")
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="BESTAND.pdf", help=_("PDF-bestand")
    )
    parser.add_argument("--force", action="store_true", help=_("vervang een bestaand bestand"))


def output_path(args: argparse.Namespace) -> Path:
    """The -o file, refused (exit 7) when it exists and --force is not given."""
    output = checked_output(args)
    if args.partner and args.variant == Variant.VOORZITTER.value:
        raise UsageError(_("--partner kan alleen bij --variant verspreid."))
    return output


def choose_sitting(vault: Vault, choice: str, table: TableCode | None) -> SittingSummary:
    """The sitting named by `choice`: an id, or "next" for the table's next open sitting."""
    if choice == "next":
        if table is None:
            raise UsageError(_("Geef --table bij --sitting next."))
        return sittings.next_sitting(vault, table)
    try:
        sitting_id = int(choice)
    except ValueError:
        raise UsageError(_("Geef bij --sitting een nummer (id) of 'next'.")) from None
    summary = sittings.get_sitting(vault, sitting_id)
    if table is not None and summary.table is not table:
        raise UsageError(
            _("Zitting {id} hoort bij {other}, niet bij {table}.").format(
                id=sitting_id, other=summary.table.label, table=table.label
            )
        )
    return summary


def variant_text(variant: Variant) -> str:
    return variant.label.lower()
