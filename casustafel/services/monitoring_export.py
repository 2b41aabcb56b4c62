"""Monitoring export use case: read the anonymous records, suppress, write one file, audit it.

Only the `stat_records` table is read, never the tables with personal data, so the
figures stay the same after cases are destroyed. The file (and for CSV its sidecar
manifest) is written atomically and never replaces an existing file without `force`;
the export is audited with its parameters and the SHA-256 of what was written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, or_, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, StatKind, StatRecord, TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest
from casustafel.domain.monitoring_grid import months_of, span_of
from casustafel.errors import RefusedError
from casustafel.i18n import _
from casustafel.reports.output import atomic_write_files
from casustafel.services.monitoring_files import (
    ExportFormat,
    csv_bytes,
    json_bytes,
    manifest_bytes,
    xlsx_bytes,
)
from casustafel.services.monitoring_publication import build_publication, record_publication

__all__ = [
    "ExportFormat",
    "ExportResult",
    "export_monitoring",
    "load_monitoring",
    "load_stat_records",
    "sidecar_path",
]


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, its hash, the sidecar (CSV only) and the figures."""

    path: Path
    sha256: str
    manifest_path: Path | None
    monitoring: Monitoring


def load_stat_records(vault: Vault, request: MonitoringRequest | None = None) -> list[StatRecord]:
    """The anonymous statistical records in the vault (cases and signals).

    A Core select of the columns as tuples: building ORM objects first cost about eight
    times as much at 10,000 cases.

    Args:
        vault: the unlocked vault.
        request: when given, only the records of its tables that can count in its
            period: signals received in it, and cases registered by its end and not
            closed before its start (a case closed "before" its registration counts as
            closed then, as in `monitoring.closed_month`). `build_monitoring` skips the
            rest anyway; leaving them in the database halves what a one-year export
            reads from two years of records.
    """
    table = models.StatRecord.__table__
    columns = (
        table.c.kind,
        table.c.table_code,
        table.c.area,
        table.c.registered_month,
        table.c.closed_month,
        table.c.lead_time_days,
        table.c.weighing_days,
        table.c.first_discussion_days,
        table.c.highest_step,
        table.c.routes,
        table.c.intervention_types,
        table.c.outcome,
        table.c.lead_partner_type,
    )
    query = select(*columns)
    if request is not None:
        # Whole half years: the protected pieces a publication is composed from.
        spans = [span_of(request.period.start), span_of(request.period.end)]
        start, end = months_of(spans[0])[0], months_of(spans[-1])[-1]
        registered, closed = table.c.registered_month, table.c.closed_month
        query = query.where(
            table.c.table_code.in_([code.value for code in request.tables]),
            or_(
                and_(table.c.kind == StatKind.SIGNAL.value, registered.between(start, end)),
                and_(
                    table.c.kind != StatKind.SIGNAL.value,
                    registered <= end,
                    or_(closed.is_(None), closed >= start, registered >= start),
                ),
            ),
        )
    kinds = {kind.value: kind for kind in StatKind}
    tables = {code.value: code for code in TableCode}
    # Many records share their routes or interventions: split each text once.
    split: dict[str | None, tuple[str, ...]] = {None: (), "": ()}

    def parts(text: str | None) -> tuple[str, ...]:
        found = split.get(text)
        if found is None:
            assert text is not None
            found = split[text] = tuple(part for part in text.split(",") if part)
        return found

    with vault.unit_of_work() as uow:
        rows = uow.session.execute(query).all()
    return [
        StatRecord(
            kind=kinds[kind],
            table=tables[code],
            area=area,
            registered_month=registered,
            closed_month=closed,
            lead_time_days=lead,
            weighing_days=weighing,
            first_discussion_days=discussion,
            highest_step=step,
            routes=parts(routes),
            intervention_types=parts(interventions),
            outcome=outcome,
            lead_partner_type=partner,
        )
        for (
            kind,
            code,
            area,
            registered,
            closed,
            lead,
            weighing,
            discussion,
            step,
            routes,
            interventions,
            outcome,
            partner,
        ) in rows
    ]


def load_monitoring(vault: Vault, request: MonitoringRequest, *, check: bool = False) -> Monitoring:
    """The published figures of `request`, for the screen, an export or the report.

    With `check`, refuses (`RefusedError`) what would not be consistent with earlier
    publications (see `monitoring_publication`).
    """
    return build_publication(vault, load_stat_records(vault, request), request, check=check)


def sidecar_path(path: Path) -> Path:
    """`export.csv` → `export.manifest.json`, next to the CSV."""
    return path.with_name(f"{path.stem}.manifest.json")


def export_targets(fmt: ExportFormat, output: Path) -> tuple[Path, ...]:
    """Every file an export of `fmt` to `output` writes: the one home of that list.

    The CLI checks these before it asks for the passphrase; `export_monitoring` checks
    them again when it writes (the files may have appeared in between).
    """
    output = Path(output)
    if fmt is ExportFormat.CSV:
        return (output, sidecar_path(output))
    return (output,)


def export_monitoring(
    vault: Vault,
    request: MonitoringRequest,
    fmt: ExportFormat,
    output: Path,
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Write the export of `request` to `output` as `fmt` and audit it.

    Raises:
        RefusedError: `output` (or the CSV's sidecar) exists and `force` is not set.
        OutputError: the file could not be written; an existing file is unchanged.
        ValidationError: a bad request (k not 5 or 10).
        RefusedError: also when the period was published before with another k or
            other figures (see `monitoring_publication`).
    """
    output = Path(output)
    sidecar = sidecar_path(output) if fmt is ExportFormat.CSV else None
    for target in export_targets(fmt, output):
        if target.exists() and not force:
            raise RefusedError(
                _("{name} bestaat al; gebruik --force om het te vervangen.").format(
                    name=target.name
                )
            )
    created = now or dt.datetime.now(dt.UTC)
    result = load_monitoring(vault, request, check=True)
    if fmt is ExportFormat.CSV:
        data = csv_bytes(result)
    elif fmt is ExportFormat.JSON:
        data = json_bytes(result, created)
    else:
        data = xlsx_bytes(result, created)
    files = [(output, data)]
    if sidecar is not None:  # the CSV and its manifest: both new, or neither changed
        files.append((sidecar, manifest_bytes(result, created)))
    atomic_write_files(files, what=_("De export"))
    digest = hashlib.sha256(data).hexdigest()
    tables = ",".join(t.value for t in request.tables)
    with vault.unit_of_work() as uow:
        # The pieces first, so the export's own entry (with its hash) is the last one.
        record_publication(uow, result)
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind="monitoring",
                detail=(
                    f"format={fmt.value} from={request.period.start} to={request.period.end} "
                    f"tables={tables} by_area={int(request.by_area)} k={request.k} "
                    f"grain={request.grain.value} suppressed={result.suppressed_count} "
                    f"sha256={digest}"
                ),
            )
        )
    return ExportResult(output, digest, sidecar, result)
