"""Betrokkenen on an existing case: add one with a role, end one's part, or remove one.

Adding links a person, address or organisation (matched as everywhere: an exact match
links, a BSN conflict is refused unless the user chose the known subject). Ending keeps
the link with the date the part ended (moved out, tenancy ended); removing deletes a link
entered by mistake. Both need a reason, kept as a case note (the audit log holds ids and
codes only). Each is audited. The case's statistical record does not depend on its
subjects, so monitoring figures stay the same; the case label is recomputed from the
current persons.
"""

from __future__ import annotations

import datetime as dt

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import model as dm
from casustafel.errors import NotFoundError, RuleViolation, ValidationError
from casustafel.i18n import _

from .cases import add_subject_in, case_row, refresh_label

__all__ = ["add_case_subject", "end_case_subject", "remove_case_subject"]


def add_case_subject(vault: Vault, case_id: int, subject: dm.NewSubject) -> int:
    """Add a betrokkene with its role to a case; return the subject's id (audited)."""
    with vault.unit_of_work() as tx:
        row = case_row(tx, case_id)
        if row.status in {s.value for s in dm.CaseStatus if s.is_closed}:
            raise RuleViolation(_("Een afgesloten casus krijgt geen betrokkenen meer bij."))
        return add_subject_in(tx, case_id, subject)


def _link(tx: Tx, case_id: int, subject_id: int, role: dm.SubjectRole) -> models.CaseSubject:
    link = tx.session.get(models.CaseSubject, (case_id, subject_id, role.value))
    if link is None:
        raise NotFoundError(_("Deze betrokkene hoort (niet meer) bij de casus."))
    return link


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError(_("Geef een reden."), field="reason")
    return text


def _note(tx: Tx, case_id: int, text: str, now: dt.datetime) -> None:
    tx.session.add(models.Note(case_id=case_id, written_at=now, author=tx.user, text=text))


def end_case_subject(
    vault: Vault,
    case_id: int,
    subject_id: int,
    role: dm.SubjectRole,
    *,
    on: dt.date,
    reason: str,
) -> None:
    """End a betrokkene's part in the case on `on`; the link and its history stay."""
    text = _reason(reason)
    with vault.unit_of_work() as tx:
        now = utc_now()
        row = case_row(tx, case_id)
        link = _link(tx, case_id, subject_id, role)
        if link.ended_on is not None:
            raise RuleViolation(_("De rol van deze betrokkene is al beëindigd."))
        if on < row.registered_on or on > now.date():
            raise ValidationError(
                _("De datum ligt vóór de aanmelding van de casus of in de toekomst."), "on"
            )
        link.ended_on = on
        _note(
            tx,
            case_id,
            _("Rol {role} beëindigd per {date}: {reason}").format(
                role=role.value, date=on.strftime("%d-%m-%Y"), reason=text
            ),
            now,
        )
        refresh_label(tx, row)
        row.last_activity = max(row.last_activity or now.date(), now.date())
        tx.audit(
            AuditRecord(
                dm.AuditAction.UPDATE,
                object_kind="case_subject",
                case_id=case_id,
                subject_id=subject_id,
                detail=f"einde rol={role.value}",
            )
        )


def remove_case_subject(
    vault: Vault, case_id: int, subject_id: int, role: dm.SubjectRole, *, reason: str
) -> None:
    """Remove a betrokkene entered by mistake (the subject itself stays in the vault)."""
    text = _reason(reason)
    with vault.unit_of_work() as tx:
        now = utc_now()
        row = case_row(tx, case_id)
        tx.session.delete(_link(tx, case_id, subject_id, role))
        tx.session.flush()
        _note(
            tx,
            case_id,
            _("Betrokkene ({role}) verwijderd uit de casus: {reason}").format(
                role=role.value, reason=text
            ),
            now,
        )
        refresh_label(tx, row)
        row.last_activity = max(row.last_activity or now.date(), now.date())
        tx.audit(
            AuditRecord(
                dm.AuditAction.DELETE,
                object_kind="case_subject",
                case_id=case_id,
                subject_id=subject_id,
                detail=f"rol={role.value}",
            )
        )
