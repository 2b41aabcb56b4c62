"""Sittings on a real vault: planning, composing, recording, closing, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import ProposalReason, Rhythm, RhythmKind
from casustafel.domain.model import CaseStatus, EventKind, TableCode
from casustafel.errors import NotFoundError, RuleViolation, ValidationError
from casustafel.services import cases, sitting_records, sittings
from casustafel.services.sitting_values import (
    AgreementDraft,
    ItemRecord,
    SittingPlan,
    SittingStatus,
)

from .sitting_fixtures import SITTING_DAY, TODAY, add_intervention, seed


def test_plan_numbers_per_table_and_year_and_next_sitting(vault: Vault) -> None:
    first = sittings.plan_sitting(vault, SittingPlan(TableCode.WO, SITTING_DAY), today=TODAY)
    later = SITTING_DAY + dt.timedelta(days=14)
    second = sittings.plan_sitting(vault, SittingPlan(TableCode.WO, later), today=TODAY)
    other = sittings.plan_sitting(vault, SittingPlan(TableCode.OM, later), today=TODAY)
    numbers = {s.id: s.number for s in sittings.list_sittings(vault)}
    year = SITTING_DAY.year
    assert numbers[first] == f"{year}-01"
    assert numbers[second] == f"{later.year}-{1 if later.year != year else 2:02d}"
    assert numbers[other] == f"{later.year}-01"
    assert sittings.next_sitting(vault, TableCode.WO, TODAY).id == first
    with pytest.raises(NotFoundError, match="Mensenhandel"):
        sittings.next_sitting(vault, TableCode.MH, TODAY)


def test_invited_partners_are_stored_as_codes(vault: Vault) -> None:
    plan = SittingPlan(
        TableCode.WO,
        SITTING_DAY,
        invited_partners=("Politie (wijkagent)", "lefier", "Belastingdienst"),
    )
    sitting_id = sittings.plan_sitting(vault, plan, today=TODAY)
    invited = sittings.get_sitting(vault, sitting_id).invited_partners
    assert invited == ("politie", "lefier", "Belastingdienst")


def test_compose_proposes_the_situations_and_leaves_out_closed_and_quiet(vault: Vault) -> None:
    seeded = seed(vault)
    add_intervention(vault, seeded.quiet_case, SITTING_DAY + dt.timedelta(days=30))
    proposed = {p.case_id: p for p in sittings.propose(vault, seeded.sitting_id, TODAY)}
    assert set(proposed) == {seeded.new_case, seeded.escalate_case, seeded.flagged_case}
    assert proposed[seeded.escalate_case].section.value == "opschaling"
    assert "5 Waarschuwing" in proposed[seeded.escalate_case].question
    assert proposed[seeded.new_case].reasons == (ProposalReason.NIEUW,)
    assert sittings.compose_agenda(vault, seeded.sitting_id, TODAY) == 3
    # Composing again adds nothing: the chair's agenda is kept.
    assert sittings.compose_agenda(vault, seeded.sitting_id, TODAY) == 0
    sections = [e.section for e in sittings.agenda(vault, seeded.sitting_id)]
    assert sections == ["nieuwe_casussen", "lopende_casussen", "opschaling"]


def test_intervention_due_the_day_before_the_sitting_puts_the_case_on(vault: Vault) -> None:
    seeded = seed(vault)
    add_intervention(vault, seeded.quiet_case, SITTING_DAY - dt.timedelta(days=1), "ggz")
    proposed = {p.case_id: p for p in sittings.propose(vault, seeded.sitting_id, TODAY)}
    assert proposed[seeded.quiet_case].reasons == (ProposalReason.TERMIJN,)
    assert proposed[seeded.quiet_case].partners_needed == ("lefier", "ggz")


def test_chair_edits_reorders_adds_and_removes(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    entries = sittings.agenda(vault, seeded.sitting_id)
    sittings.update_item(
        vault,
        entries[0].id,
        question="Wie neemt de regie?",
        partners_needed=["GGZ Drenthe", "politie"],
    )
    free = sittings.add_free_item(vault, seeded.sitting_id, "rondvraag", "Nieuwe wijkagent")
    quiet = sittings.add_case_item(vault, seeded.sitting_id, seeded.quiet_case)
    with pytest.raises(ValidationError, match="staat al op de agenda"):
        sittings.add_case_item(vault, seeded.sitting_id, seeded.quiet_case)
    with pytest.raises(ValidationError, match="opening, trends of rondvraag"):
        sittings.add_free_item(vault, seeded.sitting_id, "opschaling", "Trend")
    ids = [e.id for e in sittings.agenda(vault, seeded.sitting_id)]
    sittings.reorder_items(vault, seeded.sitting_id, list(reversed(ids)))
    sittings.remove_item(vault, entries[1].id)
    after = sittings.agenda(vault, seeded.sitting_id)
    assert [e.id for e in after] == [i for i in reversed(ids) if i != entries[1].id]
    first = next(e for e in after if e.id == entries[0].id)
    assert first.question == "Wie neemt de regie?"
    assert first.partners_needed == ("ggz", "politie")
    assert {e.id for e in after} >= {free, quiet}
    with pytest.raises(ValidationError):
        sittings.reorder_items(vault, seeded.sitting_id, ids[:1])


def test_recording_closing_and_decisions_flowing_into_the_cases(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    entries = {e.case_id: e for e in sittings.agenda(vault, seeded.sitting_id)}
    due = SITTING_DAY + dt.timedelta(days=10)
    escalate_item = entries[seeded.escalate_case].id
    sitting_records.save_item_record(
        vault,
        escalate_item,
        ItemRecord(
            partners_present=("politie", "Lefier"),
            decision="Waarschuwing door de burgemeester; corporatie stuurt huurwaarschuwing.",
            step_change_to="WAARSCHUWING",
            agreements=(
                AgreementDraft("Huurwaarschuwing versturen", "lefier", due, "na overleg"),
                AgreementDraft("", "politie"),
            ),
            returns_on=SITTING_DAY + dt.timedelta(days=28),
        ),
    )
    # Saved as typed: the agreement is a follow-up of the case right away.
    with vault.unit_of_work() as tx:
        (agreement,) = tx.session.scalars(select(models.Agreement)).all()
        assert (agreement.case_id, agreement.due_date, agreement.status) == (
            seeded.escalate_case,
            due,
            "open",
        )
        assert agreement.partner == "lefier"
    assert sittings.get_sitting(vault, seeded.sitting_id).status is SittingStatus.LOPEND
    sitting_records.save_position(vault, seeded.sitting_id, escalate_item, 754)
    assert sittings.current_item_id(vault, seeded.sitting_id) == escalate_item

    result = sitting_records.close_sitting(vault, seeded.sitting_id)
    assert (result.step_events, result.status_events, result.open_agreements) == (1, 1, 1)
    case_file = cases.get_case_file(vault, seeded.escalate_case)
    (step,) = [e for e in case_file.events if e.kind is EventKind.STAP]
    assert (step.to_step, step.sitting_id) == ("WAARSCHUWING", seeded.sitting_id)
    assert step.reason.startswith("Waarschuwing door de burgemeester")
    assert case_file.header.step == "WAARSCHUWING"
    new_file = cases.get_case_file(vault, seeded.new_case)
    assert new_file.header.status is CaseStatus.IN_BEHANDELING
    assert not cases.get_case_file(vault, seeded.flagged_case).header.flagged_for_discussion
    # The record is frozen.
    with pytest.raises(RuleViolation, match="gesloten"):
        sitting_records.save_item_record(vault, escalate_item, ItemRecord(decision="anders"))
    with pytest.raises(RuleViolation, match="gesloten"):
        sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    # The next sitting does not propose the escalated case again (discussed, proposal cleared).
    later = sittings.plan_sitting(
        vault, SittingPlan(TableCode.WO, SITTING_DAY + dt.timedelta(days=14)), today=TODAY
    )
    proposed = {p.case_id for p in sittings.propose(vault, later, TODAY)}
    assert seeded.escalate_case in proposed  # its agreement is due before that sitting
    assert seeded.new_case not in proposed and seeded.flagged_case not in proposed


def test_correction_points_to_the_original_and_replaces_it(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    item = next(
        e for e in sittings.agenda(vault, seeded.sitting_id) if e.case_id == seeded.escalate_case
    )
    due = SITTING_DAY + dt.timedelta(days=5)
    sitting_records.save_item_record(
        vault,
        item.id,
        ItemRecord(
            decision="Opschalen.",
            step_change_to="WAARSCHUWING",
            agreements=(AgreementDraft("Brief sturen", "lefier", due),),
        ),
    )
    with pytest.raises(RuleViolation, match="nog open"):
        sitting_records.correct_item(vault, item.id, ItemRecord(), "typfout")
    sitting_records.close_sitting(vault, seeded.sitting_id)
    with pytest.raises(ValidationError, match="reden"):
        sitting_records.correct_item(vault, item.id, ItemRecord(), " ")
    fixed = sitting_records.correct_item(
        vault,
        item.id,
        ItemRecord(
            decision="Niet opschalen; eerst gesprek.",
            agreements=(AgreementDraft("Gesprek plannen", "politie", due),),
        ),
        "Besluit verkeerd genoteerd",
    )
    (entry,) = [
        e for e in sittings.agenda(vault, seeded.sitting_id) if e.case_id == seeded.escalate_case
    ]
    assert (entry.id, entry.corrects_item_id) == (fixed, item.id)
    assert entry.record.decision == "Niet opschalen; eerst gesprek."
    with vault.unit_of_work() as tx:
        statuses = dict(
            tx.session.execute(select(models.Agreement.what, models.Agreement.status)).all()
        )
    assert statuses == {"Brief sturen": "vervallen", "Gesprek plannen": "open"}
    header = cases.get_case_file(vault, seeded.escalate_case)
    assert header.header.step == "MELDING"  # the voided move no longer counts
    assert any(e.kind is EventKind.CORRECTIE for e in header.events)


def test_step_change_breaking_a_ladder_rule_refuses_closing(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    item = next(
        e for e in sittings.agenda(vault, seeded.sitting_id) if e.case_id == seeded.escalate_case
    )
    sitting_records.save_item_record(
        vault, item.id, ItemRecord(decision="Gedragsaanwijzing", step_change_to="GEDRAGSAANWIJZING")
    )
    with pytest.raises(RuleViolation, match=r"^Punt \d \(WO-.*motivering"):
        sitting_records.close_sitting(vault, seeded.sitting_id)
    assert sittings.get_sitting(vault, seeded.sitting_id).status is SittingStatus.LOPEND
    sitting_records.save_item_record(
        vault,
        item.id,
        ItemRecord(
            decision="Gedragsaanwijzing",
            step_change_to="GEDRAGSAANWIJZING",
            step_motivation="Geschikt, noodzakelijk en evenwichtig.",
            step_reference="Z/26/001234",
        ),
    )
    assert sitting_records.close_sitting(vault, seeded.sitting_id).step_events == 1


def test_unknown_step_and_dates_before_the_sitting_are_refused(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    item = sittings.agenda(vault, seeded.sitting_id)[0]
    with pytest.raises(ValidationError, match="Onbekende stap"):
        sitting_records.save_item_record(vault, item.id, ItemRecord(step_change_to="MAAN"))
    early = SITTING_DAY - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="terugkomen"):
        sitting_records.save_item_record(vault, item.id, ItemRecord(returns_on=early))
    with pytest.raises(ValidationError, match="termijn"):
        sitting_records.save_item_record(
            vault, item.id, ItemRecord(agreements=(AgreementDraft("x", "politie", early),))
        )


def test_rhythm_is_stored_and_plans_the_next_sittings(vault: Vault) -> None:
    anchor = TODAY + dt.timedelta(days=(1 - TODAY.weekday()) % 7 or 7)  # next Tuesday
    rhythm = Rhythm(
        RhythmKind.EVERY_N_WEEKS,
        weekday=1,
        start=dt.time(13, 30),
        anchor=anchor,
        place="Raadhuis",
        partners=("politie",),
    )
    sittings.set_rhythm(vault, TableCode.WO, rhythm)
    assert sittings.get_rhythm(vault, TableCode.WO) == rhythm
    ids = sittings.plan_from_rhythm(vault, TableCode.WO, 3, today=TODAY)
    planned = [s for s in sittings.list_sittings(vault, TableCode.WO) if s.id in ids]
    assert [s.starts_at.time() for s in planned] == [dt.time(13, 30)] * 3
    assert all(s.date.weekday() in (1, 2) and s.place == "Raadhuis" for s in planned)
    more = sittings.plan_from_rhythm(vault, TableCode.WO, 1, today=TODAY)
    assert sittings.get_sitting(vault, more[0]).date > planned[-1].date
    sittings.set_rhythm(vault, TableCode.WO, None)
    with pytest.raises(NotFoundError, match="ritme"):
        sittings.plan_from_rhythm(vault, TableCode.WO, 1, today=TODAY)


def test_compose_with_a_limit_takes_the_weightiest_first(vault: Vault) -> None:
    seeded = seed(vault)
    assert sittings.compose_agenda(vault, seeded.sitting_id, TODAY, limit=2) == 2
    on_agenda = {e.case_id for e in sittings.agenda(vault, seeded.sitting_id)}
    assert on_agenda == {seeded.new_case, seeded.flagged_case}  # frame order: new, running
    assert sittings.compose_agenda(vault, seeded.sitting_id, TODAY) == 1
