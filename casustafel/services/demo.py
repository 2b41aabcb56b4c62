"""`casustafel demo`: a vault filled with realistic synthetic data across the three tables.

Deterministic for a seed and a reference day ("today"): the same pair gives the same
persons, homes, histories and numbers. Histories are made by the domain rules
(`demo_histories`), so they follow the ladders, routes and life cycle by construction.
Records are written in bulk, one transaction per batch of cases, with one audit entry per
batch (the synthetic records are not individually audited).

Extensions: any module `casustafel/services/demo_<name>.py` that defines
``extend_demo(context: DemoContext) -> None`` is run after the cases are written, in name
order, each in its own transactions (e.g. sittings with agendas and agreements). An
extension that changes cases should call `statistics.refresh_case` for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib
import pkgutil
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.keyfile import Argon2Params
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, names
from casustafel.domain import model as dm
from casustafel.domain.statistics import compute_case_stat, compute_signal_stat

from . import statistics
from .cases import LABEL_ROLES
from .demo_histories import CasePlan, PlannedSignal, plan_case
from .demo_people import Home, PeoplePool
from .demo_texts import DemoTexts

__all__ = [
    "DEFAULT_CASES",
    "DemoContext",
    "DemoOptions",
    "DemoReport",
    "create_demo_vault",
    "demo_extensions",
    "fill_demo",
]

DEFAULT_CASES = 300
DEMO_USER = "Demo Regisseur"
_TABLE_WEIGHTS = {dm.TableCode.WO: 60, dm.TableCode.OM: 25, dm.TableCode.MH: 15}
_LEAD_PARTNERS = {
    dm.TableCode.WO: ("gemeente", "gemeente", "lefier", "domesta", "politie"),
    dm.TableCode.OM: ("gemeente", "riec", "politie"),
    dm.TableCode.MH: ("gemeente", "ggd", "politie"),
}
_HISTORY_DAYS = 730

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """What to generate: how many cases, from which seed, relative to which day."""

    cases: int = DEFAULT_CASES
    seed: int = 1
    today: dt.date = dt.date(2026, 11, 23)
    batch_size: int = 500


@dataclass(frozen=True, slots=True)
class DemoReport:
    """Counts of what was written, and how long it took."""

    cases: int
    open_cases: int
    signals: int
    subjects: int
    events: int
    interventions: int
    notes: int
    seconds: float


@dataclass(frozen=True, slots=True)
class DemoContext:
    """What a demo extension gets: the vault, the seed, the reference day, the new cases."""

    vault: Vault
    seed: int
    today: dt.date
    case_ids: tuple[int, ...]


def demo_extensions() -> list[Callable[[DemoContext], None]]:
    """The `extend_demo` functions of the `casustafel.services.demo_*` modules, by name."""
    import casustafel.services as package

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("demo_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            hook = getattr(module, "extend_demo", None)
            if callable(hook):
                found.append(hook)
    return found


@dataclass
class _Ids:
    """Next free primary key per table: the demo assigns ids itself for bulk inserts."""

    next: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, vault: Vault) -> _Ids:
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


class _Writer:
    """Collects one batch of rows and inserts them table by table."""

    def __init__(self, ids: _Ids, subject_ids: dict[tuple[object, ...], int]) -> None:
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
        p, a = subject.person, subject.address
        self.add(
            models.Subject,
            id=subject_id,
            kind=subject.kind.value,
            surname=p.surname,
            prefix=p.prefix,
            given_names=p.given_names,
            birth_date=p.birth_date,
            bsn=p.bsn,
            phone=p.phone,
            street=a.street,
            house_number=a.house_number,
            postcode=a.postcode,
            city=a.city,
            organisation_name=subject.organisation_name,
            created_at=created,
            updated_at=created,
        )
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


class _Generator:
    """Builds the case plans of one demo run, deterministically from the seed."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        self.rng = random.Random(f"cases-{options.seed}")  # noqa: S311 (synthetic data, seeded on purpose)
        self.pool = PeoplePool(options.seed, options.today)
        self.texts = DemoTexts(options.seed)

    def tables_and_days(self) -> list[tuple[dm.TableCode, dt.date]]:
        tables = list(_TABLE_WEIGHTS)
        weights = list(_TABLE_WEIGHTS.values())
        today = self.options.today
        items = [
            (
                self.rng.choices(tables, weights)[0],
                today - dt.timedelta(days=self.rng.randint(0, _HISTORY_DAYS)),
            )
            for _ in range(self.options.cases)
        ]
        # Numbers follow the order of registration, as in a real register.
        return sorted(items, key=lambda item: item[1])

    def _subjects(self, table: dm.TableCode, home: Home) -> list[dm.NewSubject]:
        pool, rng = self.pool, self.rng
        subjects: list[dm.NewSubject] = []
        if table is dm.TableCode.WO:
            subjects.append(pool.person(dm.SubjectRole.VEROORZAKER, home))
            if rng.random() < 0.2:
                subjects.append(pool.person(dm.SubjectRole.VEROORZAKER, home, reuse=0))
            subjects.append(pool.address_subject(home))
            if rng.random() < 0.6:
                neighbour = pool.home(home.area, reuse=0)
                subjects.append(pool.person(dm.SubjectRole.MELDER, neighbour, reuse=0))
        elif table is dm.TableCode.OM:
            if rng.random() < 0.6:
                subjects.append(pool.organisation(home))
            if rng.random() < 0.7 or not subjects:
                subjects.append(pool.person(dm.SubjectRole.VERDACHTE, home))
            subjects.append(pool.address_subject(home))
        else:
            subjects.append(pool.person(dm.SubjectRole.SLACHTOFFER, home, reuse=0.02))
            if rng.random() < 0.5:
                subjects.append(pool.person(dm.SubjectRole.VERDACHTE, home))
            if rng.random() < 0.5:
                subjects.append(pool.address_subject(home))
        return subjects

    def plan(self, table: dm.TableCode, registered_on: dt.date) -> CasePlan:
        rng = self.rng
        definition = catalogue.table_definition(table)
        area = self.pool.pick_area()
        home = self.pool.home(area)
        tenure = rng.choices(
            (dm.Tenure.HUUR, dm.Tenure.KOOP, dm.Tenure.ONBEKEND),
            (70, 25, 5) if table is dm.TableCode.WO else (40, 20, 40),
        )[0]
        informed = rng.random() < 0.7
        grounds = [g.code for g in definition.legal_grounds]
        partners = {p.code for p in definition.partners}
        lead = rng.choice([c for c in _LEAD_PARTNERS[table] if c in partners] or sorted(partners))
        plan = CasePlan(
            table=table,
            registered_on=registered_on,
            area=area,
            tenure=tenure,
            lead_partner=lead,
            brought_in_by=rng.choice(sorted(partners)),
            legal_ground=rng.choice(grounds) if grounds and rng.random() < 0.8 else "",
            subject_informed=informed,
            not_informed_reason="" if informed else "Informeren zou het onderzoek schaden.",
            summary=self.texts.summary(table),
            subjects=self._subjects(table, home),
            signal=PlannedSignal(
                registered_on - dt.timedelta(days=rng.randint(0, 3)),
                self.texts.source(),
                self.texts.signal_description(table),
            ),
        )
        plan = plan_case(plan, rng, self.options.today, DEMO_USER, self.texts)
        if plan.status.is_closed:
            plan.interventions = [
                i
                if not i.status.is_open
                else type(i)(
                    i.type_code, i.domain, i.partner, i.start_date, i.due_date,
                    dm.InterventionStatus.GESTOPT, "Gestopt bij het afsluiten van de casus.",
                )
                for i in plan.interventions
            ]  # fmt: skip
        return plan

    def loose_signal(self) -> tuple[dm.TableCode, PlannedSignal, str, dm.NewSubject]:
        """A signal without a case: still waiting for weighing, or weighed as not taken up."""
        rng, today = self.rng, self.options.today
        table = rng.choices(list(_TABLE_WEIGHTS), list(_TABLE_WEIGHTS.values()))[0]
        area = self.pool.pick_area()
        subject = self.pool.person(dm.SubjectRole.BETROKKENE, self.pool.home(area))
        received = today - dt.timedelta(days=rng.randint(0, 40))
        signal = PlannedSignal(received, self.texts.source(), self.texts.signal_description(table))
        no_action = [
            o for o in catalogue.table_definition(table).weighing_outcomes
            if o.leads_to is dm.CaseStatus.NIET_IN_BEHANDELING
        ]  # fmt: skip
        if rng.random() < 0.4 and no_action:
            received = today - dt.timedelta(days=rng.randint(30, 400))
            weighed = received + dt.timedelta(days=rng.randint(2, 20))
            outcome = rng.choice(no_action).code
            signal = PlannedSignal(
                received, signal.source, signal.description, outcome,
                self.texts.weighing_reason(table, outcome), weighed,
            )  # fmt: skip
        return table, signal, area, subject


def _write_case(writer: _Writer, plan: CasePlan, seq: int) -> int:
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


def _commit(vault: Vault, writer: _Writer, totals: dict[str, int], detail: str) -> None:
    with vault.unit_of_work() as tx:
        writer.flush(tx)
        tx.audit(AuditRecord(dm.AuditAction.CREATE, object_kind="demo", detail=detail))
    for name, count in writer.counts.items():
        totals[name] += count


def fill_demo(vault: Vault, options: DemoOptions, progress: Progress | None = None) -> DemoReport:
    """Write `options.cases` synthetic cases (and loose signals) into `vault`, then extensions."""
    started = time.perf_counter()
    generator = _Generator(options)
    ids = _Ids.load(vault)
    subject_ids: dict[tuple[object, ...], int] = {}
    seqs: dict[tuple[dm.TableCode, int], int] = {}
    with vault.unit_of_work() as tx:
        for table, year, seq in tx.session.execute(
            select(models.Case.table_code, models.Case.year, func.max(models.Case.seq)).group_by(
                models.Case.table_code, models.Case.year
            )
        ):
            seqs[(dm.TableCode(table), year)] = seq
    items = generator.tables_and_days()
    case_ids: list[int] = []
    open_cases = 0
    totals = {"subjects": 0, "events": 0, "interventions": 0, "notes": 0, "signals": 0}
    for start in range(0, len(items), options.batch_size):
        writer = _Writer(ids, subject_ids)
        batch = items[start : start + options.batch_size]
        for table, day in batch:
            plan = generator.plan(table, day)
            key = (table, day.year)
            seqs[key] = seqs.get(key, 0) + 1
            case_ids.append(_write_case(writer, plan, seqs[key]))
            open_cases += not plan.status.is_closed
        _commit(vault, writer, totals, f"casussen={len(batch)} zaad={options.seed}")
        if progress is not None:
            progress(len(case_ids), len(items))
    # Signals without a case: waiting for weighing, or weighed and not taken up.
    writer = _Writer(ids, subject_ids)
    for _ in range(max(1, options.cases // 12)):
        table, signal, area, subject = generator.loose_signal()
        created = dt.datetime.combine(signal.received_on, dt.time(9))
        writer.signal(table, signal, area, writer.subject(subject, created), None)
    _commit(vault, writer, totals, f"signalen zaad={options.seed}")
    context = DemoContext(vault, options.seed, options.today, tuple(case_ids))
    for extension in demo_extensions():
        extension(context)
    return DemoReport(
        cases=len(case_ids),
        open_cases=open_cases,
        signals=totals["signals"],
        subjects=totals["subjects"],
        events=totals["events"],
        interventions=totals["interventions"],
        notes=totals["notes"],
        seconds=time.perf_counter() - started,
    )


def create_demo_vault(
    path: str | Path,
    passphrase: str,
    options: DemoOptions,
    *,
    params: Argon2Params | None = None,
    progress: Progress | None = None,
) -> tuple[Vault, DemoReport]:
    """Create a new vault at `path` and fill it; returns it unlocked with the report."""
    vault, _recovery = Vault.create(path, DEMO_USER, passphrase, params=params)
    try:
        report = fill_demo(vault, options, progress)
    except BaseException:
        vault.lock()
        raise
    return vault, report
