"""Bulk writing of demo cases: ids assigned up front, rows inserted table by table.

Split from `demo` along its seam: `demo` decides what a case looks like, this module turns
a `CasePlan` into rows (case, subjects matched in memory as the vault would match them,
history, interventions, notes, signal, statistical records) for one executemany per table.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

from casustafel.db import models
from casustafel.db.repositories.subjects import subject_columns
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, names
from casustafel.domain import model as dm
from casustafel.domain.statistics import compute_case_stat, compute_signal_stat

from . import statistics
from .cases import LABEL_ROLES
from .demo_histories import CasePlan, PlannedSignal

__all__ = ["Ids", "Writer", "write_case"]

DEMO_USER = "Demo Regisseur"


@dataclass
class Ids:
    """Next free primary key per table: the demo assigns ids itself for bulk inserts."""

    next: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, vault: Vault) -> Ids:
        ids = cls()
        with vault.unit_of_work() as tx:
            for model in (
                models.Subject,
                models.Case,
                models.CaseEvent,
                models.Intervention,
                models.Note,
                models.Signal,
                models.StatRecord,
            ):
                current = tx.session.scalar(select(func.max(model.id)))
                ids.next[model.__tablename__] = (current or 0) + 1
        return ids

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _subject_key(subject: dm.NewSubject) -> tuple[object, ...]:
    """The identity the vault's matching uses (BSN, name + birth date, postcode + number)."""
    if subject.kind is dm.SubjectKind.PERSOON:
        p = subject.person
        if p.bsn:
            return ("bsn", p.bsn)
        return ("naam", _fold(f"{p.prefix} {p.surname}"), _fold(p.given_names), p.birth_date)
    if subject.kind is dm.SubjectKind.ADRES:
        return ("adres", subject.address.postcode, subject.address.house_number)
    return ("org", _fold(subject.organisation_name))


class Writer:
    """Collects one batch of rows and inserts them table by table."""

    def __init__(self, ids: Ids, subject_ids: dict[tuple[object, ...], int]) -> None:
        self.ids = ids
        self.subject_ids = subject_ids
        self.rows: dict[type[models.Base], list[dict[str, Any]]] = {}
        self.counts = {"subjects": 0, "events": 0, "interventions": 0, "notes": 0, "signals": 0}

    def add(self, model: type[models.Base], **values: Any) -> None:
        self.rows.setdefault(model, []).append(values)

    def subject(self, subject: dm.NewSubject, created: dt.datetime) -> int:
        key = _subject_key(subject)
        if key in self.subject_ids:
            return self.subject_ids[key]
        subject_id = self.ids.take("subjects")
        self.subject_ids[key] = subject_id
        self.add(models.Subject, id=subject_id, **subject_columns(subject, created))
        self.counts["subjects"] += 1
        return subject_id

    def stat(self, record: dm.StatRecord) -> int:
        stat_id = self.ids.take("stat_records")
        row = statistics.new_row(record)
        self.add(
            models.StatRecord,
            id=stat_id,
            **{
                c.name: getattr(row, c.name)
                for c in models.StatRecord.__table__.columns
                if c.name != "id"
            },
        )
        return stat_id

    def signal(
        self,
        table: dm.TableCode,
        signal: PlannedSignal,
        area: str,
        subject_id: int | None,
        case_id: int | None,
    ) -> None:
        signal_id = self.ids.take("signals")
        outcome = (
            catalogue.table_definition(table).weighing_outcome(signal.outcome)
            if signal.outcome
            else None
        )
        destroy_after = None
        if outcome is not None and outcome.destroy_after_months and signal.weighed_on:
            destroy_after = _add_months(signal.weighed_on, outcome.destroy_after_months)
        status = dm.SignalStatus.GEWOGEN if signal.outcome else dm.SignalStatus.WACHT_OP_WEGING
        value = dm.Signal(
            id=signal_id,
            table=table,
            received_on=signal.received_on,
            source=signal.source,
            description=signal.description,
            status=status,
            subject_id=subject_id,
            area=area,
            weighing_outcome=signal.outcome,
            weighed_on=signal.weighed_on,
            case_id=case_id,
            destroy_after=destroy_after,
        )
        self.add(
            models.Signal,
            id=signal_id,
            table_code=table.value,
            received_on=signal.received_on,
            source=signal.source,
            description=signal.description,
            subject_id=subject_id,
            area=area,
            status=status.value,
            weighing_outcome=signal.outcome,
            weighing_reason=signal.reason,
            weighed_on=signal.weighed_on,
            case_id=case_id,
            destroy_after=destroy_after,
            import_batch="",
            stat_record_id=self.stat(compute_signal_stat(value)),
            created_at=dt.datetime.combine(signal.received_on, dt.time(9)),
        )
        self.counts["signals"] += 1

    def flush(self, tx: Any) -> None:
        # Parents before children, so that every foreign key finds its row.
        order = (
            models.StatRecord,
            models.Subject,
            models.Case,
            models.CaseSubject,
            models.CaseEvent,
            models.Intervention,
            models.Note,
            models.Signal,
        )
        for model in order:
            rows = self.rows.pop(model, [])
            if rows:
                tx.session.execute(insert(model), rows)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def write_case(writer: Writer, plan: CasePlan, seq: int) -> int:
    ids = writer.ids
    case_id = ids.take("cases")
    created = dt.datetime.combine(plan.registered_on, dt.time(9))
    subject_ids: list[tuple[int, dm.NewSubject]] = []
    for subject in plan.subjects:
        subject_ids.append((writer.subject(subject, created), subject))
    events = [draft.to_event(ids.take("case_events"), case_id) for draft in plan.events]
    interventions = [
        dm.Intervention(
            ids.take("interventions"), case_id, i.type_code, i.domain, i.partner,
            i.start_date, i.due_date, i.status, i.outcome, i.description,
        )
        for i in plan.interventions
    ]  # fmt: skip
    closing = next((e for e in reversed(events) if e.to_status), None)
    closed = plan.status.is_closed and closing is not None
    open_due = [i.due_date for i in interventions if i.status.is_open and i.due_date]
    order = {role: n for n, role in enumerate(LABEL_ROLES)}
    label_persons: dict[tuple[object, ...], tuple[int, dm.Person]] = {}
    for _id, subject in subject_ids:
        if subject.kind is dm.SubjectKind.PERSOON and subject.role in order:
            label_persons.setdefault(_subject_key(subject), (order[subject.role], subject.person))
    persons = [p for _rank, p in sorted(label_persons.values(), key=lambda item: item[0])]
    step = plan.step
    if plan.table is dm.TableCode.MH:
        step = "+".join(r.value for r in dm.MhRoute if r in plan.active_routes)
    record = compute_case_stat(
        table=plan.table,
        area=plan.area,
        registered_on=plan.registered_on,
        lead_partner_type=statistics.lead_partner_type(plan.table, plan.lead_partner),
        events=events,
        interventions=interventions,
    )
    writer.add(
        models.Case,
        id=case_id,
        number=f"{plan.table.value}-{plan.registered_on.year:04d}-{seq:04d}",
        table_code=plan.table.value,
        year=plan.registered_on.year,
        seq=seq,
        status=plan.status.value,
        step=step,
        tenure=plan.tenure.value,
        area=plan.area,
        label=names.case_label(persons, plan.area)[:80],
        lead_partner=plan.lead_partner,
        brought_in_by=plan.brought_in_by,
        legal_ground=plan.legal_ground,
        subject_informed=plan.subject_informed,
        not_informed_reason=plan.not_informed_reason,
        summary=plan.summary,
        registered_on=plan.registered_on,
        closed_on=closing.occurred_on if closed and closing else None,
        close_reason=closing.reason if closed and closing else "",
        outcome=closing.outcome if closed and closing else "",
        handed_over_to=(
            closing.counterpart
            if closed and closing and plan.status is dm.CaseStatus.OVERGEDRAGEN
            else ""
        ),
        flagged_for_discussion=False,
        comensha_registered=plan.comensha[0] if plan.comensha else None,
        comensha_date=plan.comensha[1] if plan.comensha else None,
        comensha_partner=plan.comensha[2] if plan.comensha else "",
        next_due=min(open_due) if open_due and not closed else None,
        last_activity=plan.last_activity,
        retention_hold_reason="",
        stat_record_id=writer.stat(record),
        created_at=created,
    )
    seen: set[tuple[int, str]] = set()
    for subject_id, subject in subject_ids:
        if (subject_id, subject.role.value) not in seen:
            seen.add((subject_id, subject.role.value))
            writer.add(
                models.CaseSubject, case_id=case_id, subject_id=subject_id, role=subject.role.value
            )
    for event in events:
        writer.add(
            models.CaseEvent,
            id=event.id,
            case_id=case_id,
            kind=event.kind.value,
            occurred_on=event.occurred_on,
            recorded_at=dt.datetime.combine(event.occurred_on, dt.time(12)),
            recorded_by=event.recorded_by,
            reason=event.reason,
            from_step=event.from_step,
            to_step=event.to_step,
            from_status=event.from_status,
            to_status=event.to_status,
            route=event.route,
            motivation=event.motivation,
            decision_reference=event.decision_reference,
            outcome=event.outcome,
            counterpart=event.counterpart,
            sitting_id=None,
            corrects_event_id=None,
        )
    for i in interventions:
        stamp = dt.datetime.combine(i.start_date, dt.time(10))
        writer.add(
            models.Intervention,
            id=i.id,
            case_id=case_id,
            type_code=i.type_code,
            domain=i.domain.value,
            partner=i.partner,
            start_date=i.start_date,
            due_date=i.due_date,
            status=i.status.value,
            outcome=i.outcome,
            description=i.description,
            created_at=stamp,
            updated_at=stamp,
        )
    for written_at, text in plan.notes:
        writer.add(
            models.Note,
            id=ids.take("notes"),
            case_id=case_id,
            written_at=written_at,
            author=DEMO_USER,
            text=text,
        )
    if plan.signal is not None:
        main_subject = subject_ids[0][0] if subject_ids else None
        writer.signal(plan.table, plan.signal, plan.area, main_subject, case_id)
    writer.counts["events"] += len(events)
    writer.counts["interventions"] += len(interventions)
    writer.counts["notes"] += len(plan.notes)
    return case_id
