"""`casustafel import VAULT FILE --table WO|OM|MH [--dry-run] [--skip-invalid]
[--bij-conflict weigeren|overslaan|zonder-betrokkene] [--opnieuw]`.

Exit codes: 0 the signals were imported (with --skip-invalid: the good rows), or a dry
run found every row in order; 6 the file cannot be used, or bad rows (or, with the
default --bij-conflict weigeren, rows whose BSN belongs to a known person with another
name) stopped the import (nothing was imported) or would stop it (dry run); 2 usage
error or vault not found; 3/4/5 as for every command that opens a vault. Bad rows and
conflicts are reported on stderr as "Regel N: reden" with field names, never values;
the summary goes to stdout. Rows already in the vault are skipped and counted unless
--opnieuw. The file format: docs/import-format.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casustafel.domain.model import TableCode
from casustafel.errors import EXIT_INVALID_INPUT, ImportFileError
from casustafel.i18n import _
from casustafel.services.importer import ConflictPolicy, ImportReport, import_signals

from .common import add_passphrase_arguments, add_vault_argument, open_vault
from .dutch_argparse import DutchRawDescriptionHelpFormatter

FORMAT_HELP = _(
    """Leest signalen in uit een CSV- of XLSX-bestand van een partner.

Kolommen (eerste regel, hoofdletters maken niet uit; alleen 'datum' is verplicht):
  datum          datum van melding: dd-mm-jjjj, d-m-jjjj, ddmmjjjj of jjjj-mm-dd
  bron           wie meldde (bijv. Politie, Lefier)
  omschrijving   wat er is gemeld
  achternaam, tussenvoegsel, voornamen, geboortedatum, bsn
  straat, huisnummer, postcode, woonplaats, wijk
CSV: scheidingsteken ; of , (wordt herkend), tekenset UTF-8 (met of zonder BOM) of
Windows-1252. Een persoon wordt alleen gekoppeld aan een bekende betrokkene als alles
klopt; een BSN met een andere naam of geboortedatum is een conflict (zie --bij-conflict).
Voorbeeld en uitleg: docs/import-format.md en docs/import-voorbeeld.csv."""
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help=_("lees signalen in uit een lijst van een partner (CSV of XLSX)"),
        description=FORMAT_HELP,
        formatter_class=DutchRawDescriptionHelpFormatter,
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
    parser.add_argument(
        "--bij-conflict",
        dest="on_conflict",
        choices=[p.value for p in ConflictPolicy],
        default=ConflictPolicy.REFUSE.value,
        help=_(
            "een BSN dat hoort bij een bekende betrokkene met een andere naam of "
            "geboortedatum: weigeren (standaard: de regel is fout), overslaan (de regel "
            "niet inlezen) of zonder-betrokkene (het signaal zonder de persoon inlezen)"
        ),
    )
    parser.add_argument(
        "--opnieuw",
        dest="again",
        action="store_true",
        help=_(
            "lees ook regels in die al in de kluis staan (zelfde datum, bron, omschrijving "
            "en betrokkene); standaard worden die overgeslagen en geteld"
        ),
    )
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _print_report(report: ImportReport, table: TableCode, policy: ConflictPolicy) -> int:
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
    if policy is not ConflictPolicy.REFUSE:
        done = (
            _("overgeslagen") if policy is ConflictPolicy.SKIP else _("ingelezen zonder betrokkene")
        )
        for conflict in report.conflicts:
            print(
                _("Regel {line}: {reason}; {done}.").format(
                    line=conflict.line, reason=conflict.text, done=done
                ),
                file=sys.stderr,
            )
    if report.duplicates:
        print(
            _(
                "{n} regels stonden al in de kluis en zijn overgeslagen (gebruik --opnieuw "
                "om ze toch in te lezen)."
            ).format(n=report.duplicates)
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
        policy = ConflictPolicy(args.on_conflict)
        report = import_signals(
            vault,
            path,
            table,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            on_conflict=policy,
            again=args.again,
        )
    finally:
        vault.lock()
    return _print_report(report, table, policy)
