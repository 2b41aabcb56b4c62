"""The audit log for people: filter it, check its chain, prune old entries, export it as PDF.

The log itself is written by every use case through `uow.audit`; nothing here changes an
entry. Pruning removes whole entries older than the log's retention (5 years by default)
and moves the chain's anchor (see `casustafel.db.audit`), so what remains still verifies;
the pruning is logged and sealed like any other act (`casustafel.db.audit_seal`).
Reading, pruning and exporting the log are themselves written to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import Select, func, select

from casustafel.db import audit, models
from casustafel.db.audit import AuditRecord, ChainReport
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.domain.requesters import requester_label
from casustafel.domain.settings import RetentionPolicy
from casustafel.i18n import _
from casustafel.reports.base import (
    DocumentSpec,
    atomic_write_bytes,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
)

from .retention import add_months

__all__ = [
    "ACTION_LABELS",
    "AuditFilter",
    "AuditLine",
    "audit_retention_months",
    "check_chain",
    "count_entries",
    "prune_expired",
    "query_log",
    "write_audit_pdf",
]

ACTION_LABELS: dict[AuditAction, str] = {
    AuditAction.CREATE: _("aangemaakt"),
    AuditAction.READ: _("ingezien"),
    AuditAction.UPDATE: _("gewijzigd"),
    AuditAction.DELETE: _("verwijderd"),
    AuditAction.PRINT: _("afgedrukt"),
    AuditAction.EXPORT: _("geëxporteerd"),
    AuditAction.SEARCH: _("gezocht"),
    AuditAction.UNLOCK: _("ontgrendeld"),
    AuditAction.FAILED_UNLOCK: _("mislukte ontgrendeling"),
    AuditAction.LOCK: _("vergrendeld"),
    AuditAction.DESTROY: _("vernietigd"),
    AuditAction.IMPORT: _("geïmporteerd"),
    AuditAction.CORRECT: _("gecorrigeerd"),
    AuditAction.ERASE: _("gewist"),
    AuditAction.BACKUP: _("reservekopie"),
    AuditAction.RESTORE: _("teruggezet"),
    AuditAction.SETTINGS: _("instellingen"),
}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to show; every field optional. Dates are inclusive, in UTC."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actions: frozenset[str] = frozenset()
    case_id: int | None = None
    subject_id: int | None = None
    requesters: frozenset[str] = frozenset()  # requester codes (on_behalf_of)

    def describe(self) -> str:
        """The filter as one Dutch line (for the export's title block)."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(
                _("periode {start} t/m {end}").format(
                    start=self.date_from.strftime("%d-%m-%Y") if self.date_from else "…",
                    end=self.date_to.strftime("%d-%m-%Y") if self.date_to else "…",
                )
            )
        if self.actions:
            parts.append(_("acties {actions}").format(actions=", ".join(sorted(self.actions))))
        if self.case_id is not None:
            parts.append(_("casus-id {id}").format(id=self.case_id))
        if self.subject_id is not None:
            parts.append(_("betrokkene-id {id}").format(id=self.subject_id))
        if self.requesters:
            labels = sorted(requester_label(code).lower() for code in self.requesters)
            parts.append(_("op verzoek van {who}").format(who=", ".join(labels)))
        return "; ".join(parts) or _("alle regels")


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit entry as the viewer and the export show it (ids and codes, no content)."""

    id: int
    at: dt.datetime
    user: str
    action: str
    object_kind: str
    case_id: int | None
    subject_id: int | None
    object_id: int | None
    on_behalf_of: str
    detail: str

    @property
    def action_label(self) -> str:
        try:
            return ACTION_LABELS[AuditAction(self.action)]
        except ValueError:
            return self.action

    @property
    def on_behalf_of_label(self) -> str:
        """On whose request, as its Dutch label (empty when nobody asked)."""
        return requester_label(self.on_behalf_of)


def _filtered(query: Select[Any], flt: AuditFilter) -> Select[Any]:
    entry = models.AuditEntry
    if flt.date_from is not None:
        query = query.where(entry.at >= dt.datetime.combine(flt.date_from, dt.time()))
    if flt.date_to is not None:
        end = dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time())
        query = query.where(entry.at < end)
    if flt.actions:
        query = query.where(entry.action.in_(sorted(flt.actions)))
    if flt.case_id is not None:
        query = query.where(entry.case_id == flt.case_id)
    if flt.subject_id is not None:
        query = query.where(entry.subject_id == flt.subject_id)
    if flt.requesters:
        query = query.where(entry.on_behalf_of.in_(sorted(flt.requesters)))
    return query


def _line(row: models.AuditEntry) -> AuditLine:
    return AuditLine(
        row.id,
        row.at,
        row.user,
        row.action,
        row.object_kind,
        row.case_id,
        row.subject_id,
        row.object_id,
        row.on_behalf_of,
        row.detail,
    )


def query_log(
    vault: Vault, flt: AuditFilter = AuditFilter(), *, limit: int | None = None, offset: int = 0
) -> list[AuditLine]:
    """The entries matching `flt`, newest first."""
    query = _filtered(select(models.AuditEntry), flt).order_by(models.AuditEntry.id.desc())
    if limit is not None:
        query = query.limit(limit).offset(offset)
    with vault.unit_of_work() as uow:
        return [_line(row) for row in uow.session.scalars(query)]


def count_entries(vault: Vault, flt: AuditFilter = AuditFilter()) -> int:
    query = _filtered(select(func.count()).select_from(models.AuditEntry), flt)
    with vault.unit_of_work() as uow:
        return int(uow.session.scalar(query) or 0)


def check_chain(vault: Vault, *, record_read: bool = True) -> ChainReport:
    """Check the whole chain; opening the log (viewer or export) is itself audited."""
    with vault.unit_of_work() as uow:
        report = audit.verify_chain(uow.session, vault.audit_key)
        if record_read:
            uow.audit(
                AuditRecord(
                    AuditAction.READ,
                    object_kind="audit_log",
                    detail="chain=ok" if report.ok else "chain=broken",
                )
            )
    return report


def audit_retention_months(vault: Vault) -> int:
    """The log is one for all tables: it is kept as long as the longest table asks."""
    policies = vault.settings().retention.values() or [RetentionPolicy()]
    return max(p.audit_log_months for p in policies)


def prune_expired(vault: Vault, *, today: dt.date | None = None) -> int:
    """Remove entries older than the log's retention; the chain still verifies afterwards.

    Returns the number of entries removed (the pruning itself is logged with that count).
    """
    today = today or dt.datetime.now(dt.UTC).date()
    months = audit_retention_months(vault)
    cutoff_day = add_months(today, -months)
    cutoff = dt.datetime.combine(cutoff_day, dt.time())
    with vault.unit_of_work() as uow:
        pruned = audit.prune_before(uow.session, vault.audit_key, cutoff)
        if pruned.removed:
            # The new anchor is named in the entry, and the transaction is sealed: a
            # verifier checks that the log's start moved only by this, within retention.
            uow.audit(
                AuditRecord(
                    AuditAction.DELETE,
                    object_kind="audit_log",
                    detail=(
                        f"pruned={pruned.removed} before={cutoff_day.isoformat()} "
                        f"months={months} upto={pruned.anchor_id} anchor={pruned.anchor_hash}"
                    ),
                )
            )
    return pruned.removed


def _id(value: int | None) -> str:
    return "" if value is None else str(value)


def write_audit_pdf(
    vault: Vault,
    path: Path,
    flt: AuditFilter = AuditFilter(),
    *,
    recipient: str = "",
    printed_on: dt.date | None = None,
) -> int:
    """Write the filtered log as a PDF for the privacy officer; return the number of lines.

    The chain is checked first and its result printed on page one. The export is audited
    with its filter and the SHA-256 of the file.

    Raises:
        OutputError: the file could not be written; an existing file is unchanged.
    """
    printed_on = printed_on or dt.date.today()
    report = check_chain(vault, record_read=False)
    lines = query_log(vault, flt)
    st = document_styles()
    chain_text = (
        _("De keten van het auditlog is intact ({n} regels).").format(n=report.entries)
        if report.ok
        else _("LET OP: de keten van het auditlog is onderbroken bij regel {id}.").format(
            id=report.first_bad_id
        )
    )
    story: list[Flowable] = [
        Paragraph(esc(chain_text), st.body),
        Paragraph(esc(_("Selectie: {what}.").format(what=flt.describe())), st.body),
        Spacer(1, 4),
        data_table(
            [
                _("Nr."),
                _("Tijd (UTC)"),
                _("Gebruiker"),
                _("Actie"),
                _("Object"),
                _("Casus"),
                _("Betr."),
                _("Op verzoek van"),
                _("Details"),
            ],
            [
                [
                    str(line.id),
                    line.at.strftime("%d-%m-%Y %H:%M:%S"),
                    line.user,
                    line.action_label,
                    line.object_kind,
                    _id(line.case_id),
                    _id(line.subject_id),
                    line.on_behalf_of_label,
                    line.detail,
                ]
                for line in lines
            ],
            [5, 12, 12, 14, 10, 8, 7, 19, 12],
        ),
    ]
    if not lines:
        story.append(Paragraph(esc(_("Geen regels in deze selectie.")), st.muted))
    spec = DocumentSpec(
        title=_("Auditlog"),
        recipient=recipient or _("Functionaris gegevensbescherming"),
        printed_on=printed_on,
        facts=((_("Kluis"), vault.name), (_("Regels"), str(len(lines)))),
        keywords=("auditlog",),
    )
    data = build_pdf_bytes(spec, story)
    atomic_write_bytes(Path(path), data, what=_("Het auditlog"))
    with vault.unit_of_work() as uow:
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind="audit_log",
                case_id=flt.case_id,
                subject_id=flt.subject_id,
                detail=f"lines={len(lines)} sha256={hashlib.sha256(data).hexdigest()}",
            )
        )
    return len(lines)
