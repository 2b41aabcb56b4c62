"""Demo extension: past sittings with agendas, decisions and agreements, and upcoming ones.

Run by `casustafel demo` after the cases are written (see `demo.demo_extensions`). Each table
gets a rhythm and the sittings of the last half year: a handful of its then-open cases on
the agenda, decisions and agreements recorded, and the sitting closed, so the decisions flow
into the cases through the sittings service like real ones (escalation events linked to the
sitting, agreements as follow-ups). Older agreements are done, recent ones open, some of them
overdue. The next sittings are planned and the first one's agenda composed, so
`casustafel agenda VAULT --table WO --sitting next` prints something at once.

Deterministic for a seed and reference day; all texts are generic (no names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.domain import catalogue
from casustafel.domain.agenda_rules import CaseSection, Proposal, Rhythm, RhythmKind
from casustafel.domain.model import CLOSED_STATUSES, TableCode

from . import sitting_records, sittings
from .demo import DemoContext
from .sitting_values import AgreementDraft, ItemRecord, SittingPlan

__all__ = ["extend_demo"]

_HISTORY_DAYS = 182
_UPCOMING = 3
_AGENDA_LIMIT = 30  # what a chair keeps for one morning; the rest waits
_ITEMS = {TableCode.WO: 7, TableCode.OM: 5, TableCode.MH: 4}


@dataclass(frozen=True, slots=True)
class _TableSetup:
    rhythm: Rhythm
    chair: str
    partners: tuple[str, ...]


def _setups(today: dt.date) -> dict[TableCode, _TableSetup]:
    # An anchor on the rhythm's weekday a year back; the series runs from there.
    tuesday = today - dt.timedelta(days=(today.weekday() - 1) % 7 + 364)
    return {
        TableCode.WO: _TableSetup(
            Rhythm(
                RhythmKind.EVERY_N_WEEKS,
                weekday=1,
                start=dt.time(9, 30),
                interval_weeks=2,
                anchor=tuesday,
                place="Gemeentehuis Emmen, kamer 2.14",
            ),
            "Overlastregisseur",
            ("gemeente", "politie", "lefier", "domesta", "ggz", "wijkteam"),
        ),
        TableCode.OM: _TableSetup(
            Rhythm(
                RhythmKind.NTH_WEEKDAY,
                weekday=3,
                nth=2,
                start=dt.time(13, 30),
                place="Gemeentehuis Emmen, kamer 1.08",
            ),
            "Regisseur ondermijning",
            (),
        ),
        TableCode.MH: _TableSetup(
            Rhythm(
                RhythmKind.NTH_WEEKDAY,
                weekday=2,
                nth=-1,
                start=dt.time(10, 0),
                place="Zorg- en Veiligheidshuis Drenthe, Assen",
            ),
            "Ketenregisseur mensenhandel",
            (),
        ),
    }


_DECISIONS = (
    "De tafel stemt in met het plan van aanpak; de voortouwnemer coördineert.",
    "Eerst zorg inzetten; handhaving wacht de uitkomst van het huisbezoek af.",
    "Afspraken uit de vorige zitting lopen; geen nieuwe maatregelen.",
    "De tafel vraagt meer informatie voordat een besluit wordt genomen.",
    "Partners delen binnen de eigen taak wat nodig is; casus blijft op de agenda.",
    "Situatie is verbeterd; de casus gaat naar nazorg als de volgende melding uitblijft.",
)
_AGREEMENTS = (
    ("Huisbezoek afleggen en terugkoppelen", "politie"),
    ("Gesprek met de huurder plannen", "lefier"),
    ("Zorgaanbod doen en uitkomst melden", "ggz"),
    ("Buurtonderzoek afronden", "gemeente"),
    ("Informatie uit eigen systemen delen", "politie"),
    ("Bemiddelingsgesprek aanbieden", "wijkteam"),
)


def _partners(table: TableCode, preferred: tuple[str, ...]) -> tuple[str, ...]:
    codes = [p.code for p in catalogue.table_definition(table).partners]
    chosen = [p for p in preferred if p in codes]
    return tuple(chosen or codes[:5])


def _cases_of(session: Session, table: TableCode) -> list[tuple[int, dt.date, dt.date | None, str]]:
    rows = session.execute(
        select(models.Case.id, models.Case.registered_on, models.Case.closed_on, models.Case.status)
        .where(models.Case.table_code == table.value)
        .order_by(models.Case.id)
    ).all()
    return [(case_id, registered, closed, status) for case_id, registered, closed, status in rows]


def _last_events(context: DemoContext) -> dict[int, dt.date]:
    with context.vault.unit_of_work() as tx:
        rows = tx.session.execute(
            select(models.CaseEvent.case_id, func.max(models.CaseEvent.occurred_on)).group_by(
                models.CaseEvent.case_id
            )
        ).all()
    return dict(rows)


def _next_step(table: TableCode, code: str) -> str:
    """The step above `code` that a sitting may decide without a written motivation."""
    definition = catalogue.table_definition(table)
    if not definition.has_steps or not code:
        return ""
    numbered = [s for s in definition.steps if s.number is not None]
    current = definition.step(code)
    for step in numbered:
        if current.number is not None and step.number == current.number + 1:
            return "" if step.needs_motivation or step.huur_only else step.code
    return ""


def _hold_past_sitting(
    context: DemoContext,
    rng: random.Random,
    table: TableCode,
    sitting_id: int,
    day: dt.date,
    candidates: list[int],
    last_event: dict[int, dt.date],
    next_day: dt.date | None,
) -> None:
    vault = context.vault
    partners = _partners(table, _setups(context.today)[table].partners)
    chosen = rng.sample(candidates, min(_ITEMS[table], len(candidates)))
    with vault.unit_of_work() as tx:
        steps = {
            c.id: (c.step, c.status)
            for c in tx.session.scalars(select(models.Case).where(models.Case.id.in_(chosen)))
        }
    recent = (context.today - day).days < 30
    for case_id in chosen:
        section = rng.choice([CaseSection.LOPENDE_CASUSSEN.value] * 3 + ["nieuwe_casussen"])
        item_id = sittings.add_case_item(
            vault,
            sitting_id,
            case_id,
            section=section,
            question="Stand van zaken en vervolg?",
            partners_needed=partners[:3],
        )
        step, status = steps[case_id]
        target = ""
        # Only a case whose history ends before this sitting moves here, so the history stays
        # in date order; closed cases and cases on a step needing a motivation do not move.
        moves_here = rng.random() < 0.35 and last_event.get(case_id, day) <= day
        if moves_here and status not in {s.value for s in CLOSED_STATUSES}:
            target = _next_step(table, step)
        due = day + dt.timedelta(days=rng.choice((7, 14, 21, 28)))
        agreements = tuple(
            AgreementDraft(
                what,
                who if who in partners else partners[0],
                due,
                rng.choice(("", "", "na overleg met de voortouwnemer")),
            )
            for what, who in rng.sample(_AGREEMENTS, rng.randint(1, 2))
        )
        sitting_records.save_item_record(
            vault,
            item_id,
            ItemRecord(
                partners_present=tuple(p for p in partners if rng.random() < 0.8),
                decision=rng.choice(_DECISIONS),
                step_change_to=target,
                returns_on=next_day if rng.random() < 0.4 else None,
                agreements=agreements,
                elapsed_seconds=rng.randint(180, 900),
            ),
        )
    sitting_records.close_sitting(vault, sitting_id, today=context.today)
    if not recent:
        # Older agreements have been carried out; recent ones stay open (some overdue).
        with vault.unit_of_work() as tx:
            tx.session.execute(
                update(models.Agreement)
                .where(models.Agreement.sitting_id == sitting_id, models.Agreement.status == "open")
                .values(status="afgerond", done_on=models.Agreement.due_date)
            )


def _demo_table(context: DemoContext, table: TableCode, last_event: dict[int, dt.date]) -> None:
    vault = context.vault
    rng = random.Random(f"{context.seed}-sittings-{table.value}")  # noqa: S311 (demo data)
    setup = _setups(context.today)[table]
    rhythm = dataclasses.replace(setup.rhythm, partners=_partners(table, setup.partners))
    sittings.set_rhythm(vault, table, rhythm)
    start = context.today - dt.timedelta(days=_HISTORY_DAYS)
    dates = list(rhythm.next_dates(start, 60))
    past = [d for d in dates if d < context.today]
    future = [d for d in dates if d >= context.today][:_UPCOMING]
    with vault.unit_of_work() as tx:
        cases = _cases_of(tx.session, table)
    for index, day in enumerate(past):
        plan = SittingPlan(
            table,
            day,
            rhythm.start,
            rhythm.duration_minutes,
            rhythm.place,
            setup.chair,
            "Secretariaat Veiligheid",
            rhythm.partners,
        )
        sitting_id = sittings.plan_sitting(vault, plan, today=context.today)
        # Open on that day; a case taken up later is only discussed once its history has
        # caught up, so the take-up entry closing the sitting writes stays in date order.
        open_then = [
            c
            for c, reg, closed, status in cases
            if reg <= day
            and (closed is None or closed >= day)
            and (status != "geagendeerd" or last_event.get(c, day) <= day)
        ]
        following = past[index + 1] if index + 1 < len(past) else (future[0] if future else None)
        _hold_past_sitting(context, rng, table, sitting_id, day, open_then, last_event, following)
    for day in future:
        plan = SittingPlan(
            table,
            day,
            rhythm.start,
            rhythm.duration_minutes,
            rhythm.place,
            setup.chair,
            "Secretariaat Veiligheid",
            rhythm.partners,
        )
        sittings.plan_sitting(vault, plan, today=context.today)
    _propose_some(context, rng, table)
    if future:
        upcoming = sittings.next_sitting(vault, table, context.today)
        sittings.compose_agenda(vault, upcoming.id, context.today, limit=_AGENDA_LIMIT)
        sittings.add_free_item(
            vault, upcoming.id, "trends", "Meldingen per wijk afgelopen kwartaal (geaggregeerd)"
        )


def _propose_some(context: DemoContext, rng: random.Random, table: TableCode) -> None:
    """Escalation and closing proposals and "bespreken" marks on a few open cases."""
    with context.vault.unit_of_work() as tx:
        rows = tx.session.execute(
            select(models.Case.id, models.Case.step)
            .where(
                models.Case.table_code == table.value,
                models.Case.status.in_(("in_behandeling", "nazorg")),
            )
            .order_by(models.Case.id)
        ).all()
    for case_id, step in rng.sample(rows, min(6, len(rows))):
        choice = rng.random()
        target = _next_step(table, step)
        if choice < 0.4 and target:
            sittings.set_case_proposal(context.vault, case_id, Proposal.OPSCHALING, target)
        elif choice < 0.6:
            sittings.set_case_proposal(context.vault, case_id, Proposal.AFSLUITING)
        else:
            sittings.set_case_proposal(context.vault, case_id, Proposal.GEEN, flagged=True)


def extend_demo(context: DemoContext) -> None:
    """Add the sittings of the last half year and the next ones to a fresh demo vault."""
    last_event = _last_events(context)
    for table in TableCode:
        _demo_table(context, table, last_event)
