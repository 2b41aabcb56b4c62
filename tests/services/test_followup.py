"""The follow-up queue ("Mijn werk") on a controlled day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import FollowUpKind, NewSignal, TableCode
from casustafel.errors import ValidationError
from casustafel.services import followup_marks, moves, signals
from casustafel.services.followup import follow_up_queue
from casustafel.services.interventions import NewIntervention, add_intervention
from tests.services.helpers import REG, make_case

TODAY = dt.date(2026, 3, 2)  # a Monday


def test_queue_kinds_and_order(vault: Vault) -> None:
    busy = make_case(vault, registered_on=TODAY - dt.timedelta(days=10))
    overdue = add_intervention(
        vault,
        busy,
        NewIntervention("GGZ", "ggz", TODAY - dt.timedelta(days=10), dt.date(2026, 2, 20)),
    )
    soon = add_intervention(
        vault,
        busy,
        NewIntervention("WMO", "wijkteam", TODAY - dt.timedelta(days=10), dt.date(2026, 3, 9)),
    )
    later = add_intervention(
        vault,
        busy,
        NewIntervention(
            "HUISBEZOEK", "gemeente", TODAY - dt.timedelta(days=10), dt.date(2026, 4, 1)
        ),
    )
    quiet = make_case(vault, registered_on=REG)  # nothing since 5 January: > 6 weeks
    closed = make_case(vault, registered_on=REG)
    moves.close_case(vault, closed, "onduidelijk", on=REG, reason="x")
    old_signal = signals.intake_signal(
        vault, NewSignal(TableCode.WO, dt.date(2026, 2, 13))
    )  # 11 wd
    young_signal = signals.intake_signal(
        vault, NewSignal(TableCode.WO, dt.date(2026, 2, 17))
    )  # 9 wd: listed (the inbox counts it too), not yet late
    with vault.unit_of_work() as tx:
        tx.session.add(
            models.Sitting(
                table_code="WO", year=2026, seq=3, starts_at=dt.datetime(2026, 3, 10, 14)
            )
        )
        tx.session.add(
            models.Agreement(
                case_id=busy,
                what="bellen",
                partner="politie",
                due_date=dt.date(2026, 2, 27),
                created_at=dt.datetime(2026, 2, 1),
            )
        )
    queue = follow_up_queue(vault, today=TODAY)
    summary = [(i.kind, i.case_id, i.signal_id, i.object_id, i.days) for i in queue]
    assert summary == [
        (FollowUpKind.INTERVENTIE_TE_LAAT, busy, None, overdue, 10),
        (FollowUpKind.AFSPRAAK_TE_LAAT, busy, None, summary[1][3], 3),
        (FollowUpKind.INTERVENTIE_VOOR_ZITTING, busy, None, soon, 7),
        (FollowUpKind.SIGNAAL_WACHT, None, old_signal, None, 11),
        (FollowUpKind.SIGNAAL_WACHT, None, young_signal, None, 9),
        (FollowUpKind.CASUS_STIL, quiet, None, None, 56),
    ]
    assert [i.late for i in queue if i.kind is FollowUpKind.SIGNAAL_WACHT] == [True, False]
    assert queue[1].detail == "bellen"  # the agreement's own text
    assert later not in {i.object_id for i in queue}
    assert (
        queue[0].text == "GGZ-behandeling of -begeleiding"
        and queue[0].case_number == "WO-2026-0001"
    )
    assert follow_up_queue(vault, today=TODAY, table=TableCode.OM) == []


def test_done_and_snoozed_lines_leave_the_queue_and_are_audited(vault: Vault) -> None:
    quiet = make_case(vault, registered_on=REG)
    other = make_case(vault, registered_on=REG)
    (first, second) = follow_up_queue(vault, today=TODAY)
    assert {first.case_id, second.case_id} == {quiet, other}
    followup_marks.mark_done(vault, first)
    followup_marks.snooze(vault, second, TODAY + dt.timedelta(days=7), today=TODAY)
    assert follow_up_queue(vault, today=TODAY) == []
    back = follow_up_queue(vault, today=TODAY + dt.timedelta(days=7))
    assert [i.case_id for i in back] == [second.case_id]  # the snooze ended; done stays done
    with pytest.raises(ValidationError):
        followup_marks.snooze(vault, second, TODAY, today=TODAY)
    with vault.unit_of_work() as tx:
        details = tx.session.scalars(
            select(models.AuditEntry.detail).where(models.AuditEntry.object_kind == "followup")
        ).all()
    assert [d.split()[0] for d in details] == ["afgehandeld", "later"]
