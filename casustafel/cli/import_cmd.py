"""`casustafel import VAULT FILE --table WO|OM|MH [--dry-run] [--skip-invalid]`.

Exit codes: 0 the signals were imported (with --skip-invalid: the good rows), or a dry
run found every row in order; 6 the file cannot be used, or bad rows stopped the import
(nothing was imported) or would stop it (dry run); 2 usage error or vault not found;
3/4/5 as for every command that opens a vault. Bad rows are reported on stderr as
"Regel N: reden"; the summary goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.errors import EXIT_INVALID_INPUT, ImportFileError
from casustafel.i18n import _
from casustafel.services.importer import ImportReport, import_signals

from .common import add_passphrase_arguments, add_vault_argument, open_vault


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help=_("lees signalen in uit een lijst van een partner (CSV of XLSX)")
    )
    add_vault_argument(parser)
    parser.add_argument("file", metavar="BESTAND", help=_("CSV- of XLSX-bestand"))
    parser.add_argument(
        "--table", required=True, choices=[t.value for t in TableCode], help=_("tafel")
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("alleen controleren; niets opslaan")
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("lees de goede regels in en sla foute regels over"),
    )
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _print_report(report: ImportReport, table: TableCode) -> int:
    for column in report.unknown_columns:
        # By position only: a header cell can hold a name, and it never reaches the terminal.
        print(
            _("Kolom {column} heeft een onbekende kop en is genegeerd.").format(column=column),
            file=sys.stderr,
        )
    for problem in report.problems:
        print(
            _("Regel {line}: {reason}").format(line=problem.line, reason=problem.message),
            file=sys.stderr,
        )
    counts = {
        "n": report.imported,
        "table": table.label,
        "matched": report.matched_subjects,
        "new": report.new_subjects,
    }
    if report.rejected:
        print(
            _(
                "Niets ingelezen: {bad} van de {rows} regels zijn niet in orde. Verbeter ze, of "
                "gebruik --skip-invalid om alleen de goede regels in te lezen."
            ).format(bad=len(report.problems), rows=report.rows),
            file=sys.stderr,
        )
        return EXIT_INVALID_INPUT
    if report.dry_run:
        print(
            _(
                "Proefrun: {n} signalen zouden worden ingelezen voor {table} ({matched} "
                "betrokkenen herkend, {new} nieuw); er is niets opgeslagen."
            ).format(**counts)
        )
    else:
        print(
            _(
                "Ingelezen: {n} signalen voor {table}, wachtend op weging ({matched} "
                "betrokkenen herkend, {new} nieuw)."
            ).format(**counts)
        )
    if report.problems:
        print(_("{bad} regels overgeslagen.").format(bad=len(report.problems)), file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise ImportFileError(_("Het bestand {name} bestaat niet.").format(name=path.name))
    table = TableCode(args.table)
    vault = open_vault(args)
    try:
        report = import_signals(
            vault, path, table, dry_run=args.dry_run, skip_invalid=args.skip_invalid
        )
    finally:
        vault.lock()
    return _print_report(report, table)
