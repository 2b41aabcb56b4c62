"""Signal intake: register, weigh with the table's outcomes, turn into a case or attach.

A signal waits for weighing until a weighing outcome is recorded. An outcome with a
retention clock ("geen actie" at ondermijning) sets `destroy_after` that many months after
the weighing. A weighed signal can become a new case, whose history then starts with the
signal's date and carries the weighing; or it can be attached to an existing case.
"""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories import convert
from casustafel.db.repositories import subjects as subject_repo
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, lifecycle, validation
from casustafel.domain import model as dm
from casustafel.errors import NotFoundError, RuleViolation, ValidationError
from casustafel.i18n import _

from . import statistics
from .cases import case_row, check_case_codes, refresh_label, register_case_in
from .moves import refresh_case_in

__all__ = [
    "add_months",
    "attach_signal",
    "intake_signal",
    "intake_signal_in",
    "list_signals",
    "signal_to_case",
    "weigh_signal",
]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _signal_row(tx: Tx, signal_id: int) -> models.Signal:
    row = tx.session.get(models.Signal, signal_id)
    if row is None:
        raise NotFoundError(_("Signaal {id} bestaat niet (meer).").format(id=signal_id))
    return row


def intake_signal_in(
    tx: Tx,
    new: dm.NewSignal,
    *,
    batch: str = "",
    now: dt.datetime | None = None,
    matcher: subject_repo.SubjectMatcher | None = None,
) -> int:
    """Register a signal inside the caller's transaction; return its id.

    The subject, if any, is matched to a stored person or address first (through
    `matcher` when a bulk intake holds one).
    """
    now = now or utc_now()
    table = dm.TableCode(new.table)
    received = validation.validate_event_date(
        new.received_on, today=now.date(), max_years_ahead=0, field="received_on"
    )
    if new.area and new.area not in catalogue.area_names():
        raise ValidationError(_("Onbekende wijk of dorp: {area}.").format(area=new.area), "area")
    subject_id = None
    if new.subject is not None:
        subject = subject_repo.normalise_subject(new.subject, today=now.date())
        found = (
            matcher.find_or_create(subject, now)
            if matcher is not None
            else subject_repo.find_or_create(tx.session, subject, now)
        )
        subject_id = found[0].id
    row = models.Signal(
        table_code=table.value,
        received_on=received,
        source=new.source.strip(),
        description=new.description.strip(),
        subject_id=subject_id,
        area=new.area,
        status=dm.SignalStatus.WACHT_OP_WEGING.value,
        import_batch=batch,
        created_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    statistics.refresh_signal(tx.session, row)
    if not batch:  # an import audits itself once, with its counts
        tx.audit(AuditRecord(dm.AuditAction.CREATE, object_kind="signal", object_id=row.id))
    return row.id


def intake_signal(vault: Vault, new: dm.NewSignal) -> int:
    """Register a signal waiting for weighing at its table; return its id."""
    with vault.unit_of_work() as tx:
        return intake_signal_in(tx, new)


def list_signals(
    vault: Vault, table: dm.TableCode | None = None, status: dm.SignalStatus | None = None
) -> list[dm.Signal]:
    """The signals inbox, oldest first."""
    with vault.unit_of_work() as tx:
        query = select(models.Signal).order_by(models.Signal.received_on, models.Signal.id)
        if table is not None:
            query = query.where(models.Signal.table_code == table.value)
        if status is not None:
            query = query.where(models.Signal.status == status.value)
        return [convert.to_signal(r) for r in tx.session.scalars(query)]


def weigh_signal(
    vault: Vault, signal_id: int, outcome: str, *, on: dt.date, reason: str
) -> dm.Signal:
    """Record the weighing of a waiting signal with one of its table's outcomes."""
    with vault.unit_of_work() as tx:
        row = _signal_row(tx, signal_id)
        if row.status != dm.SignalStatus.WACHT_OP_WEGING.value:
            raise RuleViolation(_("Dit signaal is al gewogen."), field="outcome")
        if not outcome:
            raise RuleViolation(_("Kies een uitkomst van de weging."), field="outcome")
        chosen = catalogue.table_definition(dm.TableCode(row.table_code)).weighing_outcome(outcome)
        if not reason.strip():
            raise RuleViolation(_("Geef een reden voor de uitkomst van de weging."), "reason")
        if on < row.received_on or on > utc_now().date():
            raise RuleViolation(
                _("De datum van de weging ligt vóór de ontvangst of in de toekomst."), "on"
            )
        row.status = dm.SignalStatus.GEWOGEN.value
        row.weighing_outcome = chosen.code
        row.weighing_reason = reason.strip()
        row.weighed_on = on
        row.destroy_after = (
            add_months(on, chosen.destroy_after_months) if chosen.destroy_after_months else None
        )
        statistics.refresh_signal(tx.session, row)
        tx.audit(
            AuditRecord(
                dm.AuditAction.UPDATE, object_kind="signal", object_id=row.id,
                detail=f"weging={chosen.code}",
            )
        )  # fmt: skip
        return convert.to_signal(row)


def signal_to_case(
    vault: Vault, signal_id: int, details: dm.NewCase, role: dm.SubjectRole | None = None
) -> int:
    """Turn a weighed signal into a new case; return the case id.

    The case is registered on the day the signal came in, on the signal's table, with the
    signal's subject (in `role`, default veroorzaker/slachtoffer) and `details`' other
    fields; its history then records the start of the weighing and the signal's weighing
    decision, so that the case's status follows from the outcome.
    """
    with vault.unit_of_work() as tx:
        row = _signal_row(tx, signal_id)
        if row.case_id is not None:
            raise RuleViolation(_("Dit signaal hoort al bij een casus."))
        if row.status != dm.SignalStatus.GEWOGEN.value or row.weighed_on is None:
            raise RuleViolation(_("Weeg het signaal eerst; daarna kan er een casus van komen."))
        table = dm.TableCode(row.table_code)
        check_case_codes(
            catalogue.table_definition(table), area=details.area or row.area,
            lead_partner=details.lead_partner, brought_in_by=details.brought_in_by,
            legal_ground=details.legal_ground,
        )  # fmt: skip
        new = dm.NewCase(
            table=table, registered_on=row.received_on, area=details.area or row.area,
            tenure=details.tenure, lead_partner=details.lead_partner,
            brought_in_by=details.brought_in_by, legal_ground=details.legal_ground,
            subject_informed=details.subject_informed,
            not_informed_reason=details.not_informed_reason,
            summary=details.summary or row.description, subjects=details.subjects,
            start_step=details.start_step, reason=details.reason,
        )  # fmt: skip
        case_id = register_case_in(tx, new)
        case = case_row(tx, case_id)
        if row.subject_id is not None:
            default = (
                dm.SubjectRole.SLACHTOFFER
                if table is dm.TableCode.MH
                else dm.SubjectRole.VEROORZAKER
            )
            link_role = (role or default).value
            if tx.session.get(models.CaseSubject, (case_id, row.subject_id, link_role)) is None:
                tx.session.add(
                    models.CaseSubject(case_id=case_id, subject_id=row.subject_id, role=link_role)
                )
        now = utc_now()
        start = lifecycle.change_status(
            dm.CaseStatus.AANGEMELD, dm.CaseStatus.IN_WEGING, on=row.received_on,
            recorded_by=tx.user,
        )  # fmt: skip
        case_repo.append_event(tx.session, case_id, start.event, now)
        weighing = lifecycle.record_weighing(
            start.status, table, row.weighing_outcome, on=row.weighed_on,
            recorded_by=tx.user, reason=row.weighing_reason or _("Weging van het signaal."),
        )  # fmt: skip
        case_repo.append_event(tx.session, case_id, weighing.event, now)
        row.case_id = case_id
        tx.session.flush()
        refresh_label(tx, case)
        refresh_case_in(tx, case, touched_on=row.weighed_on)
        tx.audit(
            AuditRecord(
                dm.AuditAction.UPDATE, object_kind="signal", case_id=case_id, object_id=row.id,
                detail="naar_casus",
            )
        )  # fmt: skip
        return case_id


def attach_signal(vault: Vault, signal_id: int, case_id: int) -> None:
    """Attach a signal to an existing case of the same table (e.g. a new report about it)."""
    with vault.unit_of_work() as tx:
        row = _signal_row(tx, signal_id)
        case = case_row(tx, case_id)
        if row.case_id is not None:
            raise RuleViolation(_("Dit signaal hoort al bij een casus."))
        if case.table_code != row.table_code:
            raise RuleViolation(
                _("Een signaal kan alleen bij een casus van dezelfde tafel horen."), "case_id"
            )
        row.case_id = case_id
        if row.subject_id is not None:
            role = dm.SubjectRole.BETROKKENE.value
            if tx.session.get(models.CaseSubject, (case_id, row.subject_id, role)) is None:
                tx.session.add(
                    models.CaseSubject(case_id=case_id, subject_id=row.subject_id, role=role)
                )
        today = utc_now().date()
        case.last_activity = max(case.last_activity or today, today)
        tx.audit(
            AuditRecord(
                dm.AuditAction.UPDATE, object_kind="signal", case_id=case_id, object_id=row.id,
                detail="gekoppeld",
            )
        )  # fmt: skip
