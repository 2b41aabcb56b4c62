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

import datetime as dt
import importlib
import pkgutil
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.keyfile import Argon2Params
from casustafel.db.vault import Vault, VaultPaths, discard_new_vault
from casustafel.domain import catalogue
from casustafel.domain import model as dm

from .demo_histories import CasePlan, PlannedSignal, plan_case
from .demo_people import Home, PeoplePool
from .demo_texts import DemoTexts
from .demo_writer import DEMO_USER, Ids, Writer, write_case

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


def _commit(vault: Vault, writer: Writer, totals: dict[str, int], detail: str) -> None:
    with vault.unit_of_work() as tx:
        writer.flush(tx)
        tx.audit(AuditRecord(dm.AuditAction.CREATE, object_kind="demo", detail=detail))
    for name, count in writer.counts.items():
        totals[name] += count


def fill_demo(vault: Vault, options: DemoOptions, progress: Progress | None = None) -> DemoReport:
    """Write `options.cases` synthetic cases (and loose signals) into `vault`, then extensions."""
    started = time.perf_counter()
    generator = _Generator(options)
    ids = Ids.load(vault)
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
        writer = Writer(ids, subject_ids)
        batch = items[start : start + options.batch_size]
        for table, day in batch:
            plan = generator.plan(table, day)
            key = (table, day.year)
            seqs[key] = seqs.get(key, 0) + 1
            case_ids.append(write_case(writer, plan, seqs[key]))
            open_cases += not plan.status.is_closed
        _commit(vault, writer, totals, f"casussen={len(batch)} zaad={options.seed}")
        if progress is not None:
            progress(len(case_ids), len(items))
    # Signals without a case: waiting for weighing, or weighed and not taken up.
    writer = Writer(ids, subject_ids)
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
    folder_existed = VaultPaths.of(path).folder.exists()
    vault, _recovery = Vault.create(path, DEMO_USER, passphrase, params=params)
    try:
        report = fill_demo(vault, options, progress)
    except BaseException:
        vault.lock()
        # A half-filled demo vault is worthless and would block the next attempt.
        discard_new_vault(vault.paths, keep_folder=folder_existed)
        raise
    return vault, report
