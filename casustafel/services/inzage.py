"""Data subjects' rights: the access request (inzageverzoek), correction and erasure.

The access request gathers everything held about one person in the tables the user may see,
walking `models.PERSONAL_DATA_COLUMNS` so that a column added later is not forgotten, plus who
read or changed their data when (from the audit log). Other subjects of the same cases are
named only by their role: their data is not the requester's (art. 15(4) AVG). The PDF is one
of the two documents that may carry personal data in plain text; making it is audited.

Correction and erasure are recorded as such in the audit log: who (the vault's user), when,
which fields (names only, never values) and on whose request (`on_behalf_of`, a code of
`casustafel.domain.requesters`, never free text: a name there would outlive the erasure).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.convert import to_subject
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, Subject, TableCode
from casustafel.domain.requesters import Requester, required_requester
from casustafel.errors import NotFoundError
from casustafel.i18n import _
from casustafel.reports.base import atomic_write_bytes

from .audit_log import AuditLine
from .case_edits import change_subject_in
from .inzage_pdf import build_access_pdf
from .retention import checkpoint_wal

__all__ = [
    "FIELD_LABELS",
    "AccessReport",
    "CaseSection",
    "correct_subject",
    "erase_subject",
    "gather_access_report",
    "subject_for_correction",
    "write_access_request_pdf",
]

FIELD_LABELS: dict[str, str] = {
    "surname": _("Achternaam"),
    "prefix": _("Tussenvoegsel"),
    "given_names": _("Voornamen"),
    "birth_date": _("Geboortedatum"),
    "bsn": _("BSN"),
    "phone": _("Telefoon"),
    "street": _("Straat"),
    "house_number": _("Huisnummer"),
    "postcode": _("Postcode"),
    "city": _("Woonplaats"),
    "organisation_name": _("Organisatie"),
    "label": _("Label"),
    "summary": _("Samenvatting"),
    "not_informed_reason": _("Reden niet geïnformeerd"),
    "close_reason": _("Reden afsluiten"),
    "retention_hold_reason": _("Reden langer bewaren"),
    "description": _("Omschrijving"),
    "weighing_reason": _("Reden weging"),
    "source": _("Bron"),
    "reason": _("Reden"),
    "motivation": _("Motivering"),
    "outcome": _("Resultaat"),
    "text": _("Tekst"),
    "title": _("Titel"),
    "question": _("Vraag aan de tafel"),
    "decision": _("Besluit"),
    "what": _("Afspraak"),
    "condition": _("Voorwaarde"),
}

Row = tuple[tuple[str, str], ...]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _personal(table: str, row: object) -> Row:
    """The non-empty personal columns of `row`, labelled, in the schema's order."""
    out = []
    for column in models.PERSONAL_DATA_COLUMNS[table]:
        value = _text(getattr(row, column))
        if value:
            out.append((FIELD_LABELS.get(column, column), value))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CaseSection:
    """What one case holds that concerns the requester."""

    number: str
    table: TableCode
    roles: tuple[str, ...]
    status: str
    registered_on: dt.date
    closed_on: dt.date | None
    facts: Row
    other_roles: tuple[str, ...]
    events: tuple[Row, ...]
    interventions: tuple[Row, ...]
    notes: tuple[Row, ...]
    agenda: tuple[Row, ...]
    agreements: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class AccessReport:
    """Everything held about one subject (the content of the access request PDF)."""

    subject_id: int
    kind: str
    personal: Row
    cases: tuple[CaseSection, ...]
    signals: tuple[Row, ...]
    audit: tuple[AuditLine, ...]


def _subject_row(session: Session, subject_id: int) -> models.Subject:
    row = session.get(models.Subject, subject_id)
    if row is None:
        raise NotFoundError(_("Betrokkene {id} bestaat niet (meer).").format(id=subject_id))
    return row


def _case_section(session: Session, case: models.Case, subject_id: int) -> CaseSection:
    links = session.execute(
        select(models.CaseSubject.subject_id, models.CaseSubject.role).where(
            models.CaseSubject.case_id == case.id
        )
    ).all()

    def rows(model: type[models.Base], order: Any, lead: tuple[str, ...]) -> tuple[Row, ...]:
        found = session.scalars(
            select(model).where(model.case_id == case.id).order_by(order)  # type: ignore[attr-defined]
        )
        table = model.__tablename__
        return tuple(
            tuple(
                (label, _text(getattr(r, col)))
                for label, col in _lead(lead)
                if _text(getattr(r, col))  # an empty field says nothing
            )
            + _personal(table, r)
            for r in found
        )

    items = session.execute(
        select(models.AgendaItem, models.Sitting.starts_at)
        .join(models.Sitting)
        .where(models.AgendaItem.case_id == case.id)
        .order_by(models.Sitting.starts_at)
    )
    agenda = tuple(
        ((_("Zitting"), _text(starts.date())), *_personal("agenda_items", item))
        for item, starts in items
    )
    return CaseSection(
        number=case.number,
        table=TableCode(case.table_code),
        roles=tuple(sorted(role for sid, role in links if sid == subject_id)),
        status=case.status,
        registered_on=case.registered_on,
        closed_on=case.closed_on,
        facts=_personal("cases", case),
        other_roles=tuple(sorted(role for sid, role in links if sid != subject_id)),
        events=rows(models.CaseEvent, models.CaseEvent.id, ("occurred_on", "kind", "to_step")),
        interventions=rows(
            models.Intervention, models.Intervention.id, ("start_date", "type_code", "status")
        ),
        notes=rows(models.Note, models.Note.id, ("written_at", "author")),
        agenda=agenda,
        agreements=rows(models.Agreement, models.Agreement.id, ("due_date", "partner")),
    )


_LEAD_LABELS = {
    "occurred_on": _("Datum"),
    "kind": _("Soort"),
    "to_step": _("Naar stap"),
    "start_date": _("Start"),
    "type_code": _("Interventie"),
    "status": _("Status"),
    "written_at": _("Geschreven"),
    "author": _("Door"),
    "due_date": _("Uiterlijk"),
    "partner": _("Partner"),
}


def _lead(columns: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((_LEAD_LABELS[c], c) for c in columns)


def gather_access_report(
    vault: Vault, subject_id: int, *, tables: Collection[TableCode] | None = None
) -> AccessReport:
    """Everything held about one subject in `tables` (all tables when None); not audited."""
    allowed = {str(t) for t in (tables if tables is not None else TableCode)}
    with vault.unit_of_work() as uow:
        s = uow.session
        subject = _subject_row(s, subject_id)
        cases = list(
            s.scalars(
                select(models.Case)
                .join(models.CaseSubject)
                .where(models.CaseSubject.subject_id == subject_id)
                .where(models.Case.table_code.in_(sorted(allowed)))
                .order_by(models.Case.registered_on, models.Case.id)
                .distinct()
            )
        )
        case_ids = [c.id for c in cases]
        signals = s.scalars(
            select(models.Signal)
            .where(or_(models.Signal.subject_id == subject_id, models.Signal.case_id.in_(case_ids)))
            .where(models.Signal.table_code.in_(sorted(allowed)))
            .order_by(models.Signal.received_on, models.Signal.id)
        )
        signal_rows = tuple(
            (
                (_("Ontvangen"), _text(sig.received_on)),
                (_("Tafel"), sig.table_code),
                *_personal("signals", sig),
            )
            for sig in signals
        )
        audit_rows = s.scalars(
            select(models.AuditEntry)
            .where(
                or_(
                    models.AuditEntry.subject_id == subject_id,
                    models.AuditEntry.case_id.in_(case_ids),
                )
            )
            .order_by(models.AuditEntry.id)
        )
        audit = tuple(
            AuditLine(r.id, r.at, r.user, r.action, r.object_kind, r.case_id, r.subject_id,
                      r.object_id, r.on_behalf_of, r.detail)
            for r in audit_rows
        )  # fmt: skip
        return AccessReport(
            subject_id=subject_id,
            kind=subject.kind,
            personal=_personal("subjects", subject),
            cases=tuple(_case_section(s, c, subject_id) for c in cases),
            signals=signal_rows,
            audit=audit,
        )


def write_access_request_pdf(
    vault: Vault,
    subject_id: int,
    path: Path,
    *,
    on_behalf_of: Requester | str = Requester.BETROKKENE,
    tables: Collection[TableCode] | None = None,
    printed_on: dt.date | None = None,
) -> AccessReport:
    """Write the access request PDF for one subject atomically; audit it with the file's hash.

    Args:
        vault: the unlocked vault.
        subject_id: whose data.
        path: where the PDF goes (replaced atomically).
        on_behalf_of: on whose request: a `Requester`, its code or its label (by default the
            subject, whose right the access request is).
        tables: the tables the user may see (all when None).
        printed_on: the date printed on the document (today when None).

    Raises:
        ValidationError: `on_behalf_of` is empty or not a known requester.
        NotFoundError: no such subject.
        OutputError: the file could not be written; an existing file is unchanged.
    """
    requester = required_requester(on_behalf_of, _("Vermeld op wiens verzoek de inzage is."))
    report = gather_access_report(vault, subject_id, tables=tables)
    data = build_access_pdf(report, printed_on or dt.date.today())
    atomic_write_bytes(Path(path), data, what=_("Het inzageverzoek"))
    with vault.unit_of_work() as uow:
        uow.audit(
            AuditRecord(
                AuditAction.EXPORT,
                object_kind="inzage",
                subject_id=subject_id,
                on_behalf_of=requester,
                detail=f"cases={len(report.cases)} sha256={hashlib.sha256(data).hexdigest()}",
            )
        )
    return report


# --- correction and erasure -----------------------------------------------------------------


def subject_for_correction(
    vault: Vault, subject_id: int, *, on_behalf_of: Requester | str
) -> Subject:
    """The subject's current data, read to correct it at someone's request (audited read).

    Raises:
        ValidationError: no requester given, or not one of the list.
        NotFoundError: the subject no longer exists.
    """
    requester = required_requester(on_behalf_of, _("Vermeld op wiens verzoek de correctie is."))
    with vault.unit_of_work() as uow:
        subject = to_subject(_subject_row(uow.session, subject_id))
        uow.audit(
            AuditRecord(
                AuditAction.READ,
                object_kind="subject",
                subject_id=subject_id,
                on_behalf_of=requester,
            )
        )
    return subject


def correct_subject(
    vault: Vault,
    subject_id: int,
    changes: Mapping[str, str | dt.date | None],
    *,
    on_behalf_of: Requester | str,
) -> tuple[str, ...]:
    """Correct a subject's personal fields at someone's request; return the changed fields.

    The validation and the write are those of an ordinary edit (`case_edits.change_subject_in`,
    which also recomputes the labels of the subject's cases); only the audit differs.

    Raises:
        ValidationError: an unknown field, an invalid value, or no (known) requester given.
    """
    requester = required_requester(on_behalf_of, _("Vermeld op wiens verzoek de correctie is."))
    with vault.unit_of_work() as uow:
        changed = change_subject_in(uow, subject_id, changes)
        if changed:
            uow.audit(
                AuditRecord(
                    AuditAction.CORRECT,
                    object_kind="subject",
                    subject_id=subject_id,
                    on_behalf_of=requester,
                    detail="fields=" + ",".join(changed),
                )
            )
    if changed:
        checkpoint_wal(vault)  # the old values go from the WAL too
    return changed


def erase_subject(vault: Vault, subject_id: int, *, on_behalf_of: Requester | str) -> int:
    """Erase a subject at someone's request: the person leaves every case and signal.

    The cases themselves stay (they may concern others); their statistical records are not
    touched. Returns the number of cases the subject was removed from.

    Raises:
        ValidationError: no requester given, or not one of the list.
        NotFoundError: the subject no longer exists.
    """
    requester = required_requester(on_behalf_of, _("Vermeld op wiens verzoek het wissen is."))
    with vault.unit_of_work() as uow:
        s = uow.session
        _subject_row(s, subject_id)
        links = cast(
            "CursorResult[Any]",
            s.execute(
                delete(models.CaseSubject).where(models.CaseSubject.subject_id == subject_id)
            ),
        ).rowcount
        s.execute(
            update(models.Signal)
            .where(models.Signal.subject_id == subject_id)
            .values(subject_id=None)
        )
        s.execute(delete(models.Subject).where(models.Subject.id == subject_id))
        uow.audit(
            AuditRecord(
                AuditAction.ERASE,
                object_kind="subject",
                subject_id=subject_id,
                on_behalf_of=requester,
                detail=f"case_links={links}",
            )
        )
    checkpoint_wal(vault)
    return int(links or 0)
