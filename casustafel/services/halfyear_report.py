"""Half-year report use case: read the anonymous records, build the PDF, write it, audit it.

Like the monitoring export it reads only `stat_records`, so destroyed cases still count,
and it uses the same `build_monitoring` suppression for the half year and the one before.
The PDF is built in memory, written atomically, never replaces an existing file without
`force`, and is audited as an export with its parameters and the SHA-256 of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest, Period, build_monitoring
from casustafel.domain.suppression import DEFAULT_K, check_k
from casustafel.errors import RefusedError
from casustafel.i18n import _
from casustafel.reports.halfyear import HalfYearReport, build_halfyear_pdf, previous_half
from casustafel.reports.output import atomic_write_bytes
from casustafel.services.monitoring_export import load_stat_records

__all__ = ["HalfYearResult", "write_halfyear_report"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class HalfYearResult:
    """What was written: the file, its hash and the figures it shows."""

    path: Path
    sha256: str
    monitoring: Monitoring


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

    Raises:
        ValidationError: a bad half year or k.
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
    report_progress(0, 4, _("Cijfers lezen"))
    records = load_stat_records(vault)
    report_progress(1, 4, _("Kleine aantallen onderdrukken"))
    current = build_monitoring(records, MonitoringRequest(period, tables, False, k))
    previous = build_monitoring(records, MonitoringRequest(before, tables, False, k))
    report_progress(2, 4, _("Rapport opmaken"))
    report = HalfYearReport(half, current, previous, today or dt.date.today())
    data = build_halfyear_pdf(report)
    report_progress(3, 4, _("Opslaan"))
    atomic_write_bytes(output, data, what=_("Het rapport"))
    digest = hashlib.sha256(data).hexdigest()
    with vault.unit_of_work() as uow:
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind="halfjaarrapport",
                detail=(
                    f"format=pdf half={half} from={period.start} to={period.end} "
                    f"tables={','.join(t.value for t in tables)} k={k} "
                    f"suppressed={current.suppressed_count} sha256={digest}"
                ),
            )
        )
    report_progress(4, 4, _("Klaar"))
    return HalfYearResult(output, digest, current)
