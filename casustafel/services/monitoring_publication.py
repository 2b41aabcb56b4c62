"""One protected publication per table and year, kept consistent with what left the vault.

Every export and every half-year report is audited with, per table and year, the grain,
the k and a digest of the protected figures it came from (`pub=` in the audit detail).
A later publication of the same table and year takes the same grain; it is refused, with
the reason, when it would use another k or when the figures of that year have changed
since: two differently protected versions of one year, side by side, could betray a
small count that each alone protects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, StatRecord, TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest, build_monitoring
from casustafel.domain.monitoring_grid import Grain
from casustafel.errors import RefusedError
from casustafel.i18n import _

__all__ = [
    "Published",
    "build_publication",
    "earlier_publications",
    "publication_token",
    "record_publication",
]

_GRAINS = {grain.value[0]: grain for grain in Grain}
_TOKEN = re.compile(r"(?:^| )pub=(\S+)")


@dataclass(frozen=True, slots=True)
class Published:
    """What an earlier publication fixed for one table and year."""

    grain: Grain
    k: int
    digest: str
    at: dt.datetime


def publication_token(result: Monitoring) -> str:
    """`pub=WO:2026-H1:m:5:digest,...`: what this publication fixes, for the audit detail.

    The grain is given by its first letter and the digest by ten characters: the audit
    detail is cut at 400 characters.
    """
    parts = [
        f"{p.table.value}:{p.span}:{p.grain.value[0]}:{result.request.k}:{p.digest[:10]}"
        for p in result.pieces
    ]
    return "pub=" + ",".join(parts)


def record_publication(uow: Any, *published: Monitoring, kind: str = "monitoring") -> None:
    """Audit what `published` fixes, in entries short enough never to be cut (400 chars)."""
    parts = list(
        dict.fromkeys(
            part
            for result in published
            for part in publication_token(result).removeprefix("pub=").split(",")
            if part
        )
    )
    for start in range(0, len(parts), 10):
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind=kind,
                detail="publicatie pub=" + ",".join(parts[start : start + 10]),
            )
        )


def earlier_publications(vault: Vault) -> dict[tuple[TableCode, str], Published]:
    """The first publication of every table and year, from the audit log."""
    entry = models.AuditEntry
    query = (
        select(entry.at, entry.detail)
        .where(entry.action == AuditAction.EXPORT.value, entry.detail.contains("pub="))
        .order_by(entry.id)
    )
    with vault.unit_of_work() as uow:
        rows = uow.session.execute(query).all()
    found: dict[tuple[TableCode, str], Published] = {}
    for at, detail in rows:
        match = _TOKEN.search(detail or "")
        if match is None:
            continue
        for part in match.group(1).split(","):
            try:
                code, year, grain, k, digest = part.split(":")
                key = (TableCode(code), year)
                value = Published(_GRAINS[grain], int(k), digest, at)
            except (KeyError, ValueError):
                continue
            found.setdefault(key, value)
    return found


def build_publication(
    vault: Vault, records: list[StatRecord], request: MonitoringRequest, *, check: bool
) -> Monitoring:
    """The figures of `request`, with the grain of earlier publications of the same years.

    Raises:
        RefusedError: with `check`, when a table and year was published before with
            another k, or its figures have changed since (the reason says which).
    """
    earlier = earlier_publications(vault)
    fixed = {key: value.grain for key, value in earlier.items() if value.k == request.k}
    result = build_monitoring(records, request, fixed=fixed)
    if not check:
        return result
    for piece in result.pieces:
        before = earlier.get((piece.table, piece.span))
        if before is None:
            continue
        when = before.at.strftime("%d-%m-%Y")
        if before.k != request.k:
            raise RefusedError(
                _(
                    "{table} {year} is op {when} al gepubliceerd met k = {old}. Een tweede "
                    "publicatie met k = {new} zou samen met de eerste kleine aantallen kunnen "
                    "verraden; publiceer met k = {old}."
                ).format(
                    table=piece.table.label,
                    year=piece.span,
                    when=when,
                    old=before.k,
                    new=request.k,
                )
            )
        if before.digest != piece.digest[:10]:
            raise RefusedError(
                _(
                    "{table} {year} is op {when} al gepubliceerd en de cijfers over dat "
                    "halfjaar zijn sindsdien veranderd. Een tweede, anders beveiligde versie "
                    "naast de eerste zou kleine aantallen kunnen verraden; daarom wordt deze "
                    "publicatie geweigerd. Publiceer alleen over halfjaren die nog niet "
                    "gepubliceerd zijn."
                ).format(table=piece.table.label, year=piece.span, when=when)
            )
    return result
