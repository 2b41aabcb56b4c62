"""Managing planned sittings on a real vault: numbering, moving, cancelling, deleting, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Rhythm, RhythmKind
from casustafel.domain.model import TableCode
from casustafel.errors import RuleViolation, ValidationError
from casustafel.services import calendar, sitting_planning, sitting_records, sittings
from casustafel.services.sitting_print import decisions_document
from casustafel.services.sitting_values import ItemRecord, SittingPlan, SittingStatus

from .sitting_fixtures import SITTING_DAY, TODAY, seed

WO = TableCode.WO


def _plan(vault: Vault, day: dt.date) -> int:
    return sittings.plan_sitting(vault, SittingPlan(WO, day), today=TODAY)


def _numbers(vault: Vault) -> list[tuple[dt.date, str]]:
    return [(s.date, s.number) for s in sittings.list_sittings(vault, WO)]


def test_numbers_follow_the_date_whatever_order_they_are_planned_in(vault: Vault) -> None:
    year = TODAY.year + 1
    late = _plan(vault, dt.date(year, 3, 10))
    early = _plan(vault, dt.date(year, 1, 13))
    _plan(vault, dt.date(year, 2, 10))
    assert [n for _d, n in _numbers(vault)] == [f"{year}-01", f"{year}-02", f"{year}-03"]
    # Moving the last one to the front renumbers; its agenda goes with it.
    sittings.add_free_item(vault, late, "rondvraag", "Mededelingen")
    sitting_planning.move_sitting(vault, late, dt.date(year, 1, 6), today=TODAY)
    assert _numbers(vault)[0] == (dt.date(year, 1, 6), f"{year}-01")
    assert [e.title for e in sittings.agenda(vault, late)] == ["Mededelingen"]
    # Deleting one closes the gap.
    sitting_planning.delete_sitting(vault, early)
    assert [n for _d, n in _numbers(vault)] == [f"{year}-01", f"{year}-02"]


def test_a_held_sitting_keeps_its_number(vault: Vault) -> None:
    seeded = seed(vault)
    held = sittings.get_sitting(vault, seeded.sitting_id)
    sitting_records.start_sitting(vault, seeded.sitting_id)
    earlier = _plan(vault, held.date - dt.timedelta(days=1))
    assert sittings.get_sitting(vault, seeded.sitting_id).number == held.number
    assert sittings.get_sitting(vault, earlier).number != held.number
    with pytest.raises(RuleViolation):
        sitting_planning.delete_sitting(vault, seeded.sitting_id)
    with pytest.raises(RuleViolation):
        sitting_planning.move_sitting(vault, seeded.sitting_id, SITTING_DAY, today=TODAY)


def test_cancelling_sends_its_cases_to_the_next_proposal(vault: Vault, tmp_path: Path) -> None:
    seeded = seed(vault)
    vault_items = sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    assert vault_items > 0
    sittings.add_case_item(vault, seeded.sitting_id, seeded.quiet_case)  # by hand
    with pytest.raises(ValidationError):
        sitting_planning.cancel_sitting(vault, seeded.sitting_id, "  ")
    sitting_planning.cancel_sitting(vault, seeded.sitting_id, "Voorzitter ziek")
    cancelled = sittings.get_sitting(vault, seeded.sitting_id)
    assert cancelled.status is SittingStatus.GEANNULEERD
    assert cancelled.cancel_reason == "Voorzitter ziek" and cancelled.item_count == 0
    with pytest.raises(RuleViolation):
        sittings.add_free_item(vault, seeded.sitting_id, "rondvraag", "x")
    # Gone from the calendar file: nobody travels to a cancelled sitting.
    assert calendar.export_ics(vault, tmp_path / "zittingen.ics", table=WO) == 0
    following = _plan(vault, SITTING_DAY + dt.timedelta(days=14))
    proposed = {p.case_id for p in sittings.propose(vault, following, TODAY)}
    assert seeded.quiet_case in proposed  # put on by hand: back through "bespreken"
    assert seeded.new_case in proposed


def test_nothing_recorded_or_no_deletion(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    item = sittings.agenda(vault, seeded.sitting_id)[0]
    sitting_records.save_item_record(vault, item.id, ItemRecord(decision="Huisbezoek."))
    sitting_records_status = sittings.get_sitting(vault, seeded.sitting_id).status
    assert sitting_records_status is not SittingStatus.GESLOTEN
    with pytest.raises(RuleViolation):
        sitting_planning.delete_sitting(vault, seeded.sitting_id)


def test_remove_restore_arrange_and_minutes(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    before = sittings.agenda(vault, seeded.sitting_id)
    sitting_planning.set_item_minutes(vault, before[0].id, 25)
    before = sittings.agenda(vault, seeded.sitting_id)
    removed = before[:2]
    sitting_planning.remove_items(vault, seeded.sitting_id, [e.id for e in removed])
    assert len(sittings.agenda(vault, seeded.sitting_id)) == len(before) - 2
    sitting_planning.restore_items(vault, seeded.sitting_id, removed)
    after = sittings.agenda(vault, seeded.sitting_id)
    assert [e.case_id for e in after] == [e.case_id for e in before]
    assert after[0].planned_minutes == 25 and after[0].question == before[0].question
    # A drag puts the last item first, into the first item's section.
    ids = [e.id for e in after]
    sitting_planning.arrange_items(
        vault, seeded.sitting_id, [ids[-1], *ids[:-1]], {ids[-1]: after[0].section}
    )
    arranged = sittings.agenda(vault, seeded.sitting_id)
    assert arranged[0].id == ids[-1] and arranged[0].section == after[0].section
    with pytest.raises(ValidationError):
        sitting_planning.arrange_items(vault, seeded.sitting_id, ids, {ids[0]: "rondvraag"})


def test_proposed_date_follows_the_rhythm_and_skips_holidays(vault: Vault) -> None:
    # Without a rhythm: a week ahead, moved off Christmas to the next working day.
    assert sitting_planning.proposed_date(vault, WO, today=dt.date(2026, 12, 18)) == dt.date(
        2026, 12, 28
    )
    rhythm = Rhythm(
        RhythmKind.EVERY_N_WEEKS, weekday=1, start=dt.time(9, 30), anchor=dt.date(2026, 12, 1)
    )
    sittings.set_rhythm(vault, WO, rhythm)
    day = sitting_planning.proposed_date(
        vault, WO, today=dt.date(2026, 12, 2), taken=[dt.date(2026, 12, 15)]
    )
    assert day == dt.date(2026, 12, 29)


def test_decisions_list_numbers_items_as_the_agenda(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    sittings.add_free_item(vault, seeded.sitting_id, "opening", "Mededelingen")
    document = decisions_document(vault, seeded.sitting_id)
    numbers = [item.number for item in document.items]
    assert numbers[0] == "1.1" and "5.1" in numbers
    assert len(set(numbers)) == len(numbers)
