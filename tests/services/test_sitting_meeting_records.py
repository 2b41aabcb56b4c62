"""Meeting records on a real vault: attendance once per sitting, "niet besproken", case context."""

from __future__ import annotations

import datetime as dt

from casustafel.db.vault import Vault
from casustafel.domain.model import EventKind, TableCode
from casustafel.services import cases, sitting_records, sittings
from casustafel.services.sitting_context import case_context
from casustafel.services.sitting_values import (
    AgreementDraft,
    ItemRecord,
    SittingPlan,
    partner_name,
)
from tests.services.sitting_fixtures import (
    PERSONAL_STRINGS,
    SITTING_DAY,
    TODAY,
    add_intervention,
    seed,
)


def _items(vault: Vault, sitting_id: int) -> dict[int | None, int]:
    return {e.case_id: e.id for e in sittings.agenda(vault, sitting_id)}


def test_attendance_is_ticked_once_and_an_item_may_differ(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    items = _items(vault, seeded.sitting_id)
    first, second, third = (
        items[seeded.new_case],
        items[seeded.escalate_case],
        items[seeded.flagged_case],
    )
    sitting_records.save_item_record(
        vault, first, ItemRecord(partners_present=("politie", "Lefier"))
    )
    assert sitting_records.attendance(vault, seeded.sitting_id) == ("lefier", "politie")
    # The second item has its own list (someone left for it); the rest follows the sitting.
    sitting_records.save_item_record(
        vault, second, ItemRecord(partners_present=("politie",), attendance_own=True)
    )
    sitting_records.save_item_record(
        vault, third, ItemRecord(partners_present=("ggz", "lefier", "politie"))
    )
    records = {e.id: e.record for e in sittings.agenda(vault, seeded.sitting_id)}
    assert records[first].partners_present == ("ggz", "lefier", "politie")  # followed
    assert records[second].partners_present == ("politie",) and records[second].attendance_own
    assert records[third].partners_present == ("ggz", "lefier", "politie")
    assert sitting_records.attendance(vault, seeded.sitting_id) == ("ggz", "lefier", "politie")


def test_an_item_not_discussed_returns_on_the_next_proposal(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    items = _items(vault, seeded.sitting_id)
    # The escalation is postponed: its step change must not happen, the case comes back.
    sitting_records.save_item_record(
        vault,
        items[seeded.escalate_case],
        ItemRecord(step_change_to="WAARSCHUWING", not_discussed=True),
    )
    sitting_records.save_item_record(
        vault, items[seeded.new_case], ItemRecord(decision="Plan van aanpak vastgesteld.")
    )
    sitting_records.close_sitting(vault, seeded.sitting_id, today=SITTING_DAY)
    case_file = cases.get_case_file(vault, seeded.escalate_case)
    assert [e for e in case_file.events if e.kind is EventKind.STAP] == []
    entry = next(
        e for e in sittings.agenda(vault, seeded.sitting_id) if e.case_id == seeded.escalate_case
    )
    assert entry.record.not_discussed
    later = sittings.plan_sitting(
        vault,
        SittingPlan(TableCode.WO, SITTING_DAY + dt.timedelta(days=14)),
        today=TODAY,
    )
    proposed = {p.case_id for p in sittings.propose(vault, later, SITTING_DAY)}
    assert seeded.escalate_case in proposed  # doorgeschoven: back on the agenda
    assert seeded.new_case not in proposed  # discussed, and nothing due


def test_case_context_shows_step_open_work_and_the_last_decision(vault: Vault) -> None:
    seeded = seed(vault)
    add_intervention(vault, seeded.escalate_case, TODAY + dt.timedelta(days=3))
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    items = _items(vault, seeded.sitting_id)
    before = case_context(vault, seeded.escalate_case)
    assert before.last_decided_on is None and before.last_decision == ""
    assert [line.partner for line in before.interventions] == [
        partner_name(TableCode.WO, "politie")
    ]
    sitting_records.save_item_record(
        vault,
        items[seeded.escalate_case],
        ItemRecord(
            decision="Waarschuwing door de burgemeester.",
            agreements=(AgreementDraft("Huurwaarschuwing sturen", "lefier", SITTING_DAY),),
        ),
    )
    sitting_records.close_sitting(vault, seeded.sitting_id, today=SITTING_DAY)
    after = case_context(vault, seeded.escalate_case)
    assert after.last_decision == "Waarschuwing door de burgemeester."
    assert after.last_decided_on == SITTING_DAY
    assert after.last_sitting_number == sittings.get_sitting(vault, seeded.sitting_id).number
    assert [(a.what, a.partner) for a in after.agreements] == [
        ("Huurwaarschuwing sturen", partner_name(TableCode.WO, "lefier"))
    ]
    assert after.step  # a display name, never empty
    # The values the screen prints carry no personal data (the subjects are for masking).
    shown = " ".join(
        [after.step, after.status, after.last_decision]
        + [f"{a.what} {a.partner}" for a in (*after.agreements, *after.interventions)]
    )
    assert [s for s in PERSONAL_STRINGS if s in shown] == []
