"""The follow-up queue, "Mijn werk": what needs the user now.

Five kinds of lines, most urgent first: overdue interventions, overdue agreements,
interventions due before the table's next sitting, every signal waiting for weighing
(marked late after `Settings.signal_wait_workdays` working days, so the count equals the
inbox's), and open cases without activity for `Settings.inactivity_weeks` weeks. Only open
cases count. A few queries over indexed columns, never one per case; the lines carry no
names, except an agreement's own text in `detail` (the screen masks it while presenting).
Lines the user marked done or snoozed (`followup_marks`) are left out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain import model as dm

from .followup_marks import hidden_keys
from .interventions import calendar_of

__all__ = ["KIND_ORDER", "follow_up_queue"]

KIND_ORDER: tuple[dm.FollowUpKind, ...] = (
    dm.FollowUpKind.INTERVENTIE_TE_LAAT,
    dm.FollowUpKind.AFSPRAAK_TE_LAAT,
    dm.FollowUpKind.INTERVENTIE_VOOR_ZITTING,
    dm.FollowUpKind.SIGNAAL_WACHT,
    dm.FollowUpKind.CASUS_STIL,
)
_OPEN_CASE = [s.value for s in dm.CaseStatus if not s.is_closed]
_OPEN_INTERVENTION = [s.value for s in dm.InterventionStatus if s.is_open]


def _intervention_label(table: dm.TableCode, code: str) -> str:
    for item in catalogue.table_definition(table).interventions:
        if item.code == code:
            return item.label
    return code


def follow_up_queue(
    vault: Vault, today: dt.date | None = None, table: dm.TableCode | None = None
) -> list[dm.FollowUpItem]:
    """The lines of "Mijn werk" on `today` (default: the real today), most urgent first."""
    today = today or dt.date.today()
    settings = vault.settings()
    calendar = calendar_of(settings)
    tables = [table] if table is not None else list(dm.TableCode)
    table_values = [t.value for t in tables]
    items: list[dm.FollowUpItem] = []
    with vault.unit_of_work() as tx:
        session = tx.session
        next_sitting: dict[str, dt.date] = {
            code: starts.date()
            for code, starts in session.execute(
                select(models.Sitting.table_code, func.min(models.Sitting.starts_at))
                .where(
                    models.Sitting.starts_at >= dt.datetime.combine(today, dt.time()),
                    models.Sitting.closed_at.is_(None),
                    models.Sitting.table_code.in_(table_values),
                )
                .group_by(models.Sitting.table_code)
            )
        }
        horizon = max(next_sitting.values(), default=today)
        # The open cases' number and table come from one read of `ix_cases_followup`, and
        # the interventions from `ix_interventions_followup`; joining per row instead made
        # the database fetch each case's wide row, which grew faster than the data.
        open_cases: dict[int, tuple[str, str]] = {
            case_id: (number, table_code)
            for case_id, number, table_code in session.execute(
                select(models.Case.id, models.Case.number, models.Case.table_code).where(
                    models.Case.status.in_(_OPEN_CASE),
                    models.Case.table_code.in_(table_values),
                )
            )
        }
        open_interventions = session.execute(
            select(
                models.Intervention.id,
                models.Intervention.type_code,
                models.Intervention.due_date,
                models.Intervention.case_id,
            ).where(
                models.Intervention.status.in_(_OPEN_INTERVENTION),
                models.Intervention.due_date.is_not(None),
                models.Intervention.due_date <= horizon,
            )
        )
        rows = [
            (item_id, code, due, case_id, *open_cases[case_id])
            for item_id, code, due, case_id in open_interventions
            if case_id in open_cases
        ]
        for item_id, code, due, case_id, number, table_code in rows:
            t = dm.TableCode(table_code)
            if due is None:  # excluded by the query; keeps the type checker informed
                continue
            if due < today:
                kind, days = dm.FollowUpKind.INTERVENTIE_TE_LAAT, (today - due).days
            elif table_code in next_sitting and due <= next_sitting[table_code]:
                kind, days = dm.FollowUpKind.INTERVENTIE_VOOR_ZITTING, (due - today).days
            else:
                continue
            items.append(
                dm.FollowUpItem(
                    kind, t, due, _intervention_label(t, code), case_id, number, None, item_id, days
                )
            )
        agreements = session.execute(
            select(
                models.Agreement.id,
                models.Agreement.what,
                models.Agreement.due_date,
                models.Case.id,
                models.Case.number,
                models.Case.table_code,
            )
            .join(models.Case, models.Case.id == models.Agreement.case_id)
            .where(
                models.Agreement.status == "open",
                models.Agreement.due_date < today,
                models.Case.status.in_(_OPEN_CASE),
                models.Case.table_code.in_(table_values),
            )
        )
        for agreement_id, what, due, case_id, number, table_code in agreements:
            if due is None:
                continue
            items.append(
                dm.FollowUpItem(
                    dm.FollowUpKind.AFSPRAAK_TE_LAAT, dm.TableCode(table_code), due, "Afspraak",
                    case_id, number, None, agreement_id, (today - due).days, detail=what or "",
                )
            )  # fmt: skip
        signals = session.execute(
            select(models.Signal.id, models.Signal.table_code, models.Signal.received_on).where(
                models.Signal.status == dm.SignalStatus.WACHT_OP_WEGING.value,
                models.Signal.case_id.is_(None),
                models.Signal.table_code.in_(table_values),
            )
        )
        for signal_id, table_code, received in signals:
            waited = calendar.working_days_between(received, today) if received < today else 0
            items.append(
                dm.FollowUpItem(
                    dm.FollowUpKind.SIGNAAL_WACHT, dm.TableCode(table_code), received,
                    "Signaal wacht op weging", None, "", signal_id, None, waited,
                    late=waited > settings.signal_wait_workdays,
                )
            )  # fmt: skip
        quiet_since = today - dt.timedelta(weeks=settings.inactivity_weeks)
        quiet = session.execute(
            select(
                models.Case.id,
                models.Case.number,
                models.Case.table_code,
                models.Case.last_activity,
            ).where(
                models.Case.status.in_(_OPEN_CASE),
                models.Case.table_code.in_(table_values),
                models.Case.last_activity < quiet_since,
            )
        )
        for case_id, number, table_code, last in quiet:
            if last is None:
                continue
            items.append(
                dm.FollowUpItem(
                    dm.FollowUpKind.CASUS_STIL, dm.TableCode(table_code), last,
                    "Geen activiteit", case_id, number, None, None, (today - last).days,
                )
            )  # fmt: skip
        hidden = hidden_keys(session, today)
    items = [item for item in items if item.key not in hidden]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    items.sort(key=lambda i: (rank[i.kind], i.due or today, i.case_number, i.object_id or 0))
    return items
