"""Half-year report use case: read the anonymous records, build the PDF, write it, audit it.

Like the monitoring export it reads only `stat_records`, so destroyed cases still count,
and it is a publication like an export: the half year, the one before and the same half
year a year earlier come from the protected pieces (`monitoring_publication`), refused
when inconsistent with what was published before, and audited with their `pub=` token.
The regisseur's interpretation per table is checked for identifying text first. The PDF
is built in memory, written atomically and never replaces a file without `force`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest, Period
from casustafel.domain.suppression import DEFAULT_K, check_k
from casustafel.errors import RefusedError, ValidationError
from casustafel.i18n import _
from casustafel.reports.halfyear import HalfYearReport, build_halfyear_pdf, previous_half
from casustafel.reports.output import atomic_write_bytes
from casustafel.reports.sitting_data import check_public_text
from casustafel.services.identity_sources import all_identities
from casustafel.services.monitoring_export import load_stat_records
from casustafel.services.monitoring_publication import build_publication, record_publication

__all__ = ["HalfYearResult", "check_interpretation", "write_halfyear_report"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class HalfYearResult:
    """What was written: the file, its hash and the figures it shows."""

    path: Path
    sha256: str
    monitoring: Monitoring


_PATTERNS = (
    (re.compile(r"\b(WO|OM|MH)-\d{4}-\d{3,}\b", re.IGNORECASE), _("een zaaknummer")),
    (re.compile(r"\b\d{4}\s?[A-Z]{2}\b"), _("een postcode")),
    (re.compile(r"\b\d{9}\b"), _("een BSN")),
    (re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b"), _("een datum")),
)


def check_interpretation(vault: Vault, texts: Mapping[TableCode, str]) -> None:
    """Refuse an interpretation that names a person, address, BSN, date or case number.

    The one place the report checks free text: the distributed copies' check
    (`sitting_data.check_public_text`, the one identifiers rule of `domain.identifiers`) with
    every subject in the vault, plus patterns for case numbers, postcodes, BSNs and dates.

    Raises:
        ValidationError: with the table and the kind of data, never the text itself.
    """
    filled = {table: text for table, text in texts.items() if text.strip()}
    if not filled:
        return
    identities = all_identities(vault)
    for table, text in filled.items():
        message = _(
            "De toelichting bij {table} noemt {kind}; een rapport voor de raad mag niemand "
            "herkenbaar maken. Pas de tekst aan."
        )
        for pattern, kind in _PATTERNS:
            if pattern.search(text):
                raise ValidationError(message.format(table=table.label, kind=kind))
        try:
            check_public_text(table.label, [("text", text)], identities)
        except ValidationError as error:
            kind = _("gegevens van een betrokkene")
            raise ValidationError(message.format(table=table.label, kind=kind)) from error


def write_halfyear_report(
    vault: Vault,
    half: str,
    output: Path,
    *,
    tables: tuple[TableCode, ...] = tuple(TableCode),
    k: int = DEFAULT_K,
    force: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    interpretations: Mapping[TableCode, str] | None = None,
) -> HalfYearResult:
    """Write the council's half-year report for `half` ("2026-1") to `output` and audit it.

    Args:
        vault: the unlocked vault.
        half: the half year, `JJJJ-1` or `JJJJ-2`.
        output: the PDF file.
        tables: the tables to report on, in this order.
        k: the small-count threshold (5 or 10).
        force: replace an existing file.
        today: the print date (today by default).
        progress: called with (done, total, text) between the steps, for a progress bar.
        interpretations: the regisseur's text per table, printed under its figures.

    Raises:
        ValidationError: a bad half year or k, or an interpretation with identifying text.
        RefusedError: `output` exists and `force` is not set.
        OutputError: the file could not be written; an existing file is unchanged.
    """
    report_progress = progress or (lambda done, total, text: None)
    period = Period.half_year(half)
    before = Period.half_year(previous_half(half))
    check_k(k)
    output = Path(output)
    if output.exists() and not force:
        raise RefusedError(
            _("{name} bestaat al; gebruik --force om het te vervangen.").format(name=output.name)
        )
    texts = dict(interpretations or {})
    check_interpretation(vault, texts)
    report_progress(0, 5, _("Cijfers lezen"))
    records = load_stat_records(vault)
    year_before = Period.half_year(f"{int(half[:4]) - 1}{half[4:]}")
    report_progress(1, 5, _("Kleine aantallen onderdrukken"))
    current = build_publication(
        vault, records, MonitoringRequest(period, tables, True, k), check=True
    )
    report_progress(2, 5, _("Vergelijking met eerdere perioden"))
    previous = build_publication(
        vault, records, MonitoringRequest(before, tables, False, k), check=True
    )
    last_year = build_publication(
        vault, records, MonitoringRequest(year_before, tables, False, k), check=True
    )
    report_progress(3, 5, _("Rapport opmaken"))
    report = HalfYearReport(
        half,
        current,
        previous,
        today or dt.date.today(),
        last_year=last_year,
        interpretations=texts,
    )
    data = build_halfyear_pdf(report)
    report_progress(4, 5, _("Opslaan"))
    atomic_write_bytes(output, data, what=_("Het rapport"))
    digest = hashlib.sha256(data).hexdigest()
    with vault.unit_of_work() as uow:
        # The pieces first, so the export's own entry (with its hash) is the last one.
        record_publication(uow, current, previous, last_year, kind="halfjaarrapport")
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind="halfjaarrapport",
                detail=(
                    "format=pdf "
                    f"half={half} from={period.start} to={period.end} "
                    f"tables={','.join(t.value for t in tables)} k={k} "
                    f"suppressed={current.suppressed_count} sha256={digest}"
                ),
            )
        )
    report_progress(5, 5, _("Klaar"))
    return HalfYearResult(output, digest, current)
