"""Retention and destruction: what has passed its date, holding a case back, destroying for good.

The retention policy lives in the vault's settings per table (DOMAIN.md defaults: a signal not
taken up 12 months, a closed case 24 months after closing, the audit log 5 years); which term
applies follows the outcome (`domain.retention_rules`): a case closed as not taken up (geen
actie, onvoldoende informatie, ...) is kept 12 months, and a term may be set per outcome. The
destruction list says what, why and since when; nothing is destroyed without the user's
confirmation, and a case with a hold-back reason (an objection procedure, ...) is listed but
never destroyed.

Destroying removes every column listed in `models.PERSONAL_DATA_COLUMNS` for the record: the
case with its history, interventions, notes, agreements and signals, the text of agenda items
about it, and subjects that belong to no other case or signal. The anonymous statistical record
stays (the case points to it, not the other way), so monitoring figures do not change. The
audit log records counts and internal ids only. Afterwards the WAL is checkpointed and
truncated; with `secure_delete` on, the deleted content is then gone from the database file
and from its WAL.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.engine import checkpoint_wal as engine_checkpoint_wal
from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain.catalogue_model import Outcome
from casustafel.domain.model import CLOSED_STATUSES, AuditAction, CaseStatus, TableCode
from casustafel.domain.requesters import Requester, requester_from
from casustafel.domain.retention_rules import (
    RetentionBasis,
    RetentionRule,
    retention_rule,
)
from casustafel.domain.settings import RetentionPolicy
from casustafel.errors import NotFoundError, ValidationError
from casustafel.i18n import _

__all__ = [
    "HANDLED_TABLES",
    "DestructionCandidate",
    "DestructionList",
    "DestructionReport",
    "RecordKind",
    "add_months",
    "checkpoint_wal",
    "destroy",
    "destruction_list",
    "hold_case",
    "release_hold",
    "retention_policy",
    "set_retention_policy",
]

# Every table of PERSONAL_DATA_COLUMNS that `destroy` clears; a test checks the two agree, so
# a new table with personal data cannot be forgotten here.
HANDLED_TABLES = frozenset(
    {"subjects", "cases", "signals", "case_events", "interventions", "notes", "agenda_items",
     "agreements"}
)  # fmt: skip

_LIMITS = {
    "signal_not_taken_up_months": (1, 120),
    "closed_case_months": (1, 240),
    "audit_log_months": (12, 240),
}


class RecordKind(StrEnum):
    CASE = "case"
    SIGNAL = "signal"


@dataclass(frozen=True, slots=True)
class DestructionCandidate:
    """One line of the destruction list: what, why, since when (no personal data)."""

    kind: RecordKind
    record_id: int
    table: TableCode
    reference: str  # case number, or "Signaal 17"
    reason: str
    due_since: dt.date
    hold_reason: str = ""
    rule: str = ""  # which retention rule applied, e.g. "niet opgepakt (Geen actie): 12 maanden"

    @property
    def held(self) -> bool:
        return bool(self.hold_reason)


@dataclass(frozen=True, slots=True)
class DestructionList:
    """What may be destroyed now, and what is due but held back (with the reason)."""

    due: tuple[DestructionCandidate, ...]
    held: tuple[DestructionCandidate, ...]


@dataclass(frozen=True, slots=True)
class DestructionReport:
    """What `destroy` removed, by count and internal id."""

    case_ids: tuple[int, ...]
    signal_ids: tuple[int, ...]
    rows: dict[str, int]
    skipped: tuple[DestructionCandidate, ...]

    @property
    def subjects_removed(self) -> int:
        return self.rows.get("subjects", 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the month's last day where needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- policy ---------------------------------------------------------------------------------


def retention_policy(vault: Vault, table: TableCode) -> RetentionPolicy:
    """The table's policy from the settings (DOMAIN.md defaults when never changed)."""
    return vault.settings().retention.get(str(table), RetentionPolicy())


def set_retention_policy(vault: Vault, table: TableCode, policy: RetentionPolicy) -> None:
    """Change one table's retention policy; the change (old and new months) is audited.

    Raises:
        ValidationError: a term outside its sensible range.
    """
    for name, (low, high) in _LIMITS.items():
        value = getattr(policy, name)
        if not low <= value <= high:
            raise ValidationError(
                _("Een bewaartermijn moet tussen {low} en {high} maanden liggen.").format(
                    low=low, high=high
                ),
                field=name,
            )
    known = {o.code for o in _all_outcomes(table)}
    for code, months in policy.outcome_months.items():
        low, high = _LIMITS["closed_case_months"]
        if code not in known or not low <= months <= high:
            raise ValidationError(
                _(
                    "Een bewaartermijn per uitkomst moet tussen {low} en {high} maanden liggen."
                ).format(low=low, high=high),
                field="outcome_months",
            )
    settings = vault.settings()
    old = settings.retention.get(str(table), RetentionPolicy())
    retention = {**settings.retention, str(table): policy}
    new_settings = replace(settings, retention=retention)
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.VaultMeta, "settings")
        if row is None:
            uow.session.add(models.VaultMeta(key="settings", value=new_settings.to_json()))
        else:
            row.value = new_settings.to_json()
        uow.audit(
            AuditRecord(
                AuditAction.SETTINGS,
                object_kind="retention",
                detail=(
                    f"table={table} signal={old.signal_not_taken_up_months}->"
                    f"{policy.signal_not_taken_up_months} case={old.closed_case_months}->"
                    f"{policy.closed_case_months} audit={old.audit_log_months}->"
                    f"{policy.audit_log_months} uitkomsten={_outcome_detail(old)}->"
                    f"{_outcome_detail(policy)}"
                ),
            )
        )


def _all_outcomes(table: TableCode) -> tuple[Outcome, ...]:
    definition = catalogue.table_definition(table)
    return (*definition.weighing_outcomes, *definition.closing_outcomes)


def _outcome_detail(policy: RetentionPolicy) -> str:
    """Outcome codes and months for the audit log (codes only, never personal data)."""
    return ",".join(f"{c}:{m}" for c, m in sorted(policy.outcome_months.items())) or "-"


# --- what is due ----------------------------------------------------------------------------


def _case_candidates(
    session: Session, policies: dict[str, RetentionPolicy], today: dt.date
) -> list[DestructionCandidate]:
    found = []
    closed = [str(s) for s in CLOSED_STATUSES]
    rows = session.execute(
        select(
            models.Case.id,
            models.Case.number,
            models.Case.table_code,
            models.Case.status,
            models.Case.closed_on,
            models.Case.last_activity,
            models.Case.registered_on,
            models.Case.retention_hold_reason,
            models.Case.outcome,
        ).where(models.Case.status.in_(closed))
    )
    for case_id, number, table, status, closed_on, last, registered, hold, outcome in rows:
        # The rule follows the outcome: what was not taken up is kept shorter (12 months).
        rule = retention_rule(policies.get(table, RetentionPolicy()), TableCode(table), outcome)
        # A closed case without a closing date is a data fault; fall back to the latest date.
        closed_day = closed_on or last or registered
        due = add_months(closed_day, rule.months)
        if due <= today:
            reason = _("{status} op {date}; bewaartermijn {months} maanden na afsluiten").format(
                status=CaseStatus(status).label,
                date=closed_day.strftime("%d-%m-%Y"),
                months=rule.months,
            )
            found.append(
                DestructionCandidate(
                    RecordKind.CASE,
                    case_id,
                    TableCode(table),
                    number,
                    reason,
                    due,
                    hold or "",
                    rule.description,
                )
            )
    return found


def _signal_candidates(
    session: Session, policies: dict[str, RetentionPolicy], today: dt.date
) -> list[DestructionCandidate]:
    found = []
    rows = session.execute(
        select(
            models.Signal.id,
            models.Signal.table_code,
            models.Signal.weighed_on,
            models.Signal.destroy_after,
            models.Signal.weighing_outcome,
        ).where(
            models.Signal.case_id.is_(None),
            (models.Signal.weighed_on.is_not(None)) | (models.Signal.destroy_after.is_not(None)),
        )
    )
    for signal_id, table, weighed_on, destroy_after, outcome in rows:
        policy = policies.get(table, RetentionPolicy())
        rule = retention_rule(policy, TableCode(table), outcome)
        if rule.basis is RetentionBasis.CLOSED_CASE:
            # A signal is never a closed case: what was weighed but never became a case
            # was not taken up, whatever its outcome.
            rule = RetentionRule(policy.signal_not_taken_up_months, RetentionBasis.NOT_TAKEN_UP)
        months = rule.months
        # The settings are the policy; the stored date only counts when the weighing date
        # is unknown (imported history).
        due = add_months(weighed_on, months) if weighed_on else destroy_after
        if due is not None and due <= today:
            reason = _("Signaal niet opgepakt; bewaartermijn {months} maanden").format(
                months=months
            )
            found.append(
                DestructionCandidate(
                    RecordKind.SIGNAL,
                    signal_id,
                    TableCode(table),
                    _("Signaal {id}").format(id=signal_id),
                    reason,
                    due,
                    rule=rule.description,
                )
            )
    return found


def _candidates(session: Session, vault: Vault, today: dt.date) -> list[DestructionCandidate]:
    policies = vault.settings().retention
    found = _case_candidates(session, policies, today) + _signal_candidates(
        session, policies, today
    )
    found.sort(key=lambda c: (c.due_since, c.kind, c.record_id))
    return found


def destruction_list(vault: Vault, *, today: dt.date | None = None) -> DestructionList:
    """What has passed its retention date on `today`: to destroy, and held back."""
    today = today or dt.date.today()
    with vault.unit_of_work() as uow:
        found = _candidates(uow.session, vault, today)
    return DestructionList(
        due=tuple(c for c in found if not c.held), held=tuple(c for c in found if c.held)
    )


# --- holding back ---------------------------------------------------------------------------


def hold_case(
    vault: Vault, case_id: int, reason: str, *, on_behalf_of: Requester | str = ""
) -> None:
    """Keep a case from destruction with a reason (e.g. a running objection procedure).

    The reason is free text and stays in the case row (inside the vault, destroyed with the
    case); the audit log records only whether it is a hold and on whose request, as a code.

    Args:
        vault: the unlocked vault.
        case_id: the case to keep.
        reason: why it is kept (required).
        on_behalf_of: on whose request, if someone asked: a `Requester`, its code or label.

    Raises:
        ValidationError: no reason, or a requester that is not on the list.
        NotFoundError: the case no longer exists.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Geef een reden om de casus te bewaren."), field="reason")
    requester = requester_from(on_behalf_of)
    _set_hold(vault, case_id, reason, requester)


def release_hold(vault: Vault, case_id: int) -> None:
    """Let a held case be destroyed again once its date has passed."""
    _set_hold(vault, case_id, "", None)


def _set_hold(vault: Vault, case_id: int, reason: str, requester: Requester | None) -> None:
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.Case, case_id)
        if row is None:
            raise NotFoundError(_("Casus {id} bestaat niet (meer).").format(id=case_id))
        row.retention_hold_reason = reason
        uow.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="retention_hold",
                case_id=case_id,
                on_behalf_of=requester or "",
                detail="hold" if reason else "release",
            )
        )


# --- destroying -----------------------------------------------------------------------------


def destroy(
    vault: Vault, chosen: Iterable[DestructionCandidate], *, today: dt.date | None = None
) -> DestructionReport:
    """Destroy the confirmed records; return what was removed by count and internal id.

    Each chosen record is checked again inside the transaction: one that is no longer due or
    has been held back meanwhile is skipped and reported, never destroyed.
    """
    today = today or dt.date.today()
    wanted = {(c.kind, c.record_id): c for c in chosen}
    rows: Counter[str] = Counter()
    done_cases: list[int] = []
    done_signals: list[int] = []
    with vault.unit_of_work() as uow:
        still_due = {
            (c.kind, c.record_id) for c in _candidates(uow.session, vault, today) if not c.held
        }
        for key in sorted(wanted):
            if key not in still_due:
                continue
            kind, record_id = key
            if kind is RecordKind.CASE:
                counts = _destroy_case(uow.session, record_id)
                done_cases.append(record_id)
                record = AuditRecord(AuditAction.DESTROY, "case", case_id=record_id)
            else:
                counts = _destroy_signal(uow.session, record_id)
                done_signals.append(record_id)
                record = AuditRecord(AuditAction.DESTROY, "signal", object_id=record_id)
            rows.update(counts)
            detail = " ".join(f"{table}={n}" for table, n in sorted(counts.items()) if n)
            uow.audit(replace(record, detail=detail))
    checkpoint_wal(vault)
    skipped = tuple(c for key, c in sorted(wanted.items()) if key not in still_due)
    return DestructionReport(tuple(done_cases), tuple(done_signals), dict(rows), skipped)


def _destroy_case(session: Session, case_id: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    subject_ids = set(
        session.scalars(
            select(models.CaseSubject.subject_id).where(models.CaseSubject.case_id == case_id)
        )
    )
    subject_ids |= {
        s
        for s in session.scalars(
            select(models.Signal.subject_id).where(models.Signal.case_id == case_id)
        )
        if s is not None
    }
    item_ids = select(models.AgendaItem.id).where(models.AgendaItem.case_id == case_id)
    counts["agreements"] = _rows(
        session,
        delete(models.Agreement).where(
            (models.Agreement.case_id == case_id) | models.Agreement.agenda_item_id.in_(item_ids)
        ),
    )
    # The sitting's agenda keeps its numbering; only the text about this case goes.
    blank = dict.fromkeys(models.PERSONAL_DATA_COLUMNS["agenda_items"], "")
    counts["agenda_items"] = _rows(
        session,
        update(models.AgendaItem)
        .where(models.AgendaItem.case_id == case_id)
        .values(case_id=None, **blank),
    )
    for model in (models.Signal, models.CaseEvent, models.Intervention, models.Note):
        counts[model.__tablename__] = _rows(session, delete(model).where(model.case_id == case_id))
    session.execute(delete(models.CaseSubject).where(models.CaseSubject.case_id == case_id))
    counts["cases"] = _rows(session, delete(models.Case).where(models.Case.id == case_id))
    counts["subjects"] = _delete_orphans(session, subject_ids)
    return counts


def _destroy_signal(session: Session, signal_id: int) -> Counter[str]:
    subject_id = session.scalar(
        select(models.Signal.subject_id).where(models.Signal.id == signal_id)
    )
    counts: Counter[str] = Counter()
    counts["signals"] = _rows(session, delete(models.Signal).where(models.Signal.id == signal_id))
    counts["subjects"] = _delete_orphans(session, {subject_id} if subject_id else set())
    return counts


def _rows(session: Session, statement: object) -> int:
    """Run a DELETE or UPDATE and return how many rows it touched."""
    result = session.execute(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


def _delete_orphans(session: Session, subject_ids: set[int]) -> int:
    """Remove the subjects among `subject_ids` that no case or signal refers to any more."""
    if not subject_ids:
        return 0
    in_case = exists().where(models.CaseSubject.subject_id == models.Subject.id)
    in_signal = exists().where(models.Signal.subject_id == models.Subject.id)
    return _rows(
        session,
        delete(models.Subject).where(models.Subject.id.in_(subject_ids), ~in_case, ~in_signal),
    )


def checkpoint_wal(vault: Vault, attempts: int = 10) -> bool:
    """Move every committed change into the database file and truncate the WAL to zero.

    Returns False when readers kept the checkpoint from completing after `attempts` tries.
    """
    return engine_checkpoint_wal(vault.engine, attempts)
