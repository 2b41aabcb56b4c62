"""Agenda composition and sitting rhythm against the situations of DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain.agenda_rules import (
    CaseFacts,
    CaseSection,
    Deadline,
    DeadlineKind,
    Proposal,
    ProposalReason,
    Rhythm,
    RhythmKind,
    propose_agenda,
    reasons_for,
)
from casustafel.domain.model import CaseStatus, TableCode
from casustafel.domain.workdays import is_working_day
from casustafel.errors import ValidationError

SITTING = dt.date(2026, 4, 14)  # a Tuesday
TODAY = dt.date(2026, 4, 7)  # composed a week ahead
EARLIER = dt.date(2026, 3, 31)  # the previous sitting


def facts(number: str = "WO-2026-0001", **kw: object) -> CaseFacts:
    values: dict[str, object] = {
        "case_id": int(number[-4:]),
        "number": number,
        "label": "J.d.V. (Emmerhout)",
        "table": TableCode.WO,
        "status": CaseStatus.IN_BEHANDELING,
        "step": "CASUSTAFEL",
        "lead_partner": "gemeente",
        "last_discussed_on": EARLIER,
    }
    values.update(kw)
    return CaseFacts(**values)  # type: ignore[arg-type]


def agreement(due: dt.date, partner: str = "politie") -> Deadline:
    return Deadline(DeadlineKind.AFSPRAAK, due, partner)


def test_agreement_due_the_day_before_the_sitting_appears() -> None:
    case = facts(deadlines=(agreement(SITTING - dt.timedelta(days=1)),))
    (item,) = propose_agenda([case], SITTING, TODAY)
    assert item.reasons == (ProposalReason.TERMIJN,)
    assert item.section is CaseSection.LOPENDE_CASUSSEN
    assert item.partners_needed == ("gemeente", "politie")


def test_deadline_on_the_sitting_day_appears_and_the_day_after_does_not() -> None:
    on_day = facts(deadlines=(agreement(SITTING),))
    after = facts("WO-2026-0002", deadlines=(agreement(SITTING + dt.timedelta(days=1)),))
    assert [i.number for i in propose_agenda([on_day, after], SITTING, TODAY)] == ["WO-2026-0001"]


def test_case_closed_last_week_does_not_appear_even_with_overdue_agreements() -> None:
    for status in (
        CaseStatus.AFGESLOTEN,
        CaseStatus.OVERGEDRAGEN,
        CaseStatus.NIET_IN_BEHANDELING,
        CaseStatus.DOORVERWEZEN,
    ):
        case = facts(
            status=status,
            flagged=True,
            proposal=Proposal.AFSLUITING,
            deadlines=(agreement(TODAY - dt.timedelta(days=30)),),
        )
        assert propose_agenda([case], SITTING, TODAY) == ()


def test_overdue_agreement_is_its_own_reason() -> None:
    case = facts(deadlines=(agreement(TODAY - dt.timedelta(days=1)),))
    assert reasons_for(case, SITTING, TODAY) == (ProposalReason.TE_LAAT,)


def test_new_case_put_on_the_agenda_by_its_weighing_goes_to_new_cases() -> None:
    new = facts(status=CaseStatus.GEAGENDEERD, last_discussed_on=None)
    (item,) = propose_agenda([new], SITTING, TODAY)
    assert item.section is CaseSection.NIEUWE_CASUSSEN
    assert "plan van aanpak" in item.question
    # Once discussed it is no longer new; a case in treatment needs a reason of its own.
    assert propose_agenda([facts(status=CaseStatus.GEAGENDEERD)], SITTING, TODAY) == ()
    in_treatment = facts(status=CaseStatus.IN_BEHANDELING, last_discussed_on=None)
    assert propose_agenda([in_treatment], SITTING, TODAY) == ()


def test_cases_still_in_intake_wait_for_their_weighing() -> None:
    for status in (CaseStatus.AANGEMELD, CaseStatus.IN_WEGING):
        assert propose_agenda([facts(status=status, last_discussed_on=None)], SITTING, TODAY) == ()


def test_running_case_without_reason_is_not_proposed() -> None:
    quiet = facts(deadlines=(agreement(SITTING + dt.timedelta(days=30)),))
    assert propose_agenda([quiet], SITTING, TODAY) == ()


def test_escalation_proposal_wins_the_section_and_names_the_step() -> None:
    case = facts(
        proposal=Proposal.OPSCHALING,
        proposal_step="5 Waarschuwing",
        flagged=True,
        deadlines=(agreement(TODAY - dt.timedelta(days=2)),),
    )
    (item,) = propose_agenda([case], SITTING, TODAY)
    assert item.section is CaseSection.OPSCHALING
    assert item.reasons == (
        ProposalReason.OPSCHALING,
        ProposalReason.TE_LAAT,
        ProposalReason.BESPREKEN,
    )
    assert "5 Waarschuwing" in item.question


@pytest.mark.parametrize("proposal", [Proposal.AFSCHALING, Proposal.AFSLUITING])
def test_deescalation_and_closing_proposals_go_to_their_section(proposal: Proposal) -> None:
    (item,) = propose_agenda([facts(proposal=proposal)], SITTING, TODAY)
    assert item.section is CaseSection.AFSCHALING


def test_flagged_case_appears() -> None:
    (item,) = propose_agenda([facts(flagged=True)], SITTING, TODAY)
    assert item.reasons == (ProposalReason.BESPREKEN,)


def test_case_returns_when_the_last_decision_said_so_once() -> None:
    returning = facts(returns_on=SITTING, last_discussed_on=EARLIER)
    assert reasons_for(returning, SITTING, TODAY) == (ProposalReason.TERUGKEER,)
    later = facts(returns_on=SITTING + dt.timedelta(days=14))
    assert reasons_for(later, SITTING, TODAY) == ()
    # Discussed again after the return date: the return was honoured.
    honoured = facts(returns_on=EARLIER, last_discussed_on=EARLIER + dt.timedelta(days=1))
    assert reasons_for(honoured, SITTING, TODAY) == ()


def test_order_follows_the_frame_then_reason_then_deadline_then_number() -> None:
    cases = [
        facts("WO-2026-0005", flagged=True),
        facts("WO-2026-0004", deadlines=(agreement(SITTING),)),
        facts("WO-2026-0003", deadlines=(agreement(SITTING - dt.timedelta(days=3)),)),
        facts("WO-2026-0002", proposal=Proposal.AFSLUITING),
        facts("WO-2026-0001", status=CaseStatus.GEAGENDEERD, last_discussed_on=None),
        facts("WO-2026-0006", proposal=Proposal.OPSCHALING),
    ]
    numbers = [i.number for i in propose_agenda(cases, SITTING, TODAY)]
    assert numbers == [
        "WO-2026-0001",
        "WO-2026-0003",
        "WO-2026-0004",
        "WO-2026-0005",
        "WO-2026-0006",
        "WO-2026-0002",
    ]


statuses = st.sampled_from(list(CaseStatus))
days = st.integers(min_value=-60, max_value=60).map(lambda n: SITTING + dt.timedelta(days=n))
case_facts = st.builds(
    facts,
    number=st.integers(1, 9999).map(lambda n: f"WO-2026-{n:04d}"),
    status=statuses,
    flagged=st.booleans(),
    proposal=st.sampled_from(list(Proposal)),
    last_discussed_on=st.none() | days,
    returns_on=st.none() | days,
    deadlines=st.lists(days.map(agreement), max_size=3).map(tuple),
)


@given(st.lists(case_facts, max_size=12, unique_by=lambda c: c.number), st.integers(0, 30))
def test_proposal_invariants(cases: list[CaseFacts], lead: int) -> None:
    today = SITTING - dt.timedelta(days=lead)
    proposed = propose_agenda(cases, SITTING, today)
    by_id = {c.case_id: c for c in cases}
    for item in proposed:
        case = by_id[item.case_id]
        assert not case.status.is_closed
        assert item.reasons and item.section is item.reasons[0].section
        assert item.question
    # Every open case with a deadline due by the sitting is on the agenda.
    for case in cases:
        if not case.status.is_closed and any(d.due <= SITTING for d in case.deadlines):
            assert any(i.case_id == case.case_id for i in proposed)
    # Composing twice gives the same agenda, in frame order.
    assert propose_agenda(reversed(cases), SITTING, today) == proposed
    frame = [
        CaseSection.NIEUWE_CASUSSEN,
        CaseSection.LOPENDE_CASUSSEN,
        CaseSection.OPSCHALING,
        CaseSection.AFSCHALING,
    ]
    assert [frame.index(i.section) for i in proposed] == sorted(
        frame.index(i.section) for i in proposed
    )


# --- rhythm ---------------------------------------------------------------------------------


def test_every_other_tuesday_from_an_anchor() -> None:
    rhythm = Rhythm(RhythmKind.EVERY_N_WEEKS, weekday=1, start=dt.time(9, 30), anchor=SITTING)
    assert rhythm.next_dates(SITTING, 3) == (
        dt.date(2026, 4, 28),
        dt.date(2026, 5, 12),
        dt.date(2026, 5, 26),
    )


def test_second_tuesday_of_the_month() -> None:
    rhythm = Rhythm(RhythmKind.NTH_WEEKDAY, weekday=1, nth=2, start=dt.time(9, 30))
    assert rhythm.next_dates(dt.date(2026, 4, 14), 3) == (
        dt.date(2026, 5, 12),
        dt.date(2026, 6, 9),
        dt.date(2026, 7, 14),
    )


def test_last_friday_and_a_holiday_moves_to_the_next_working_day() -> None:
    last_friday = Rhythm(RhythmKind.NTH_WEEKDAY, weekday=4, nth=-1, start=dt.time(13, 0))
    assert last_friday.next_dates(dt.date(2026, 1, 1), 2) == (
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 27),
    )
    # Whit Monday 2026 is 25 May: a Monday rhythm meets on Tuesday 26 May instead.
    mondays = Rhythm(
        RhythmKind.EVERY_N_WEEKS, weekday=0, start=dt.time(9, 0), anchor=dt.date(2026, 5, 11)
    )
    assert mondays.next_dates(dt.date(2026, 5, 12), 1) == (dt.date(2026, 5, 26),)


def test_taken_dates_are_skipped() -> None:
    rhythm = Rhythm(RhythmKind.EVERY_N_WEEKS, weekday=1, start=dt.time(9, 30), anchor=SITTING)
    assert rhythm.next_dates(SITTING, 1, taken=[dt.date(2026, 4, 28)]) == (dt.date(2026, 5, 12),)


def test_rhythm_validation_messages() -> None:
    with pytest.raises(ValidationError, match="werkdag"):
        Rhythm(RhythmKind.NTH_WEEKDAY, weekday=6, start=dt.time(9, 0))
    with pytest.raises(ValidationError, match="weekdag"):
        Rhythm(RhythmKind.EVERY_N_WEEKS, weekday=1, start=dt.time(9), anchor=dt.date(2026, 4, 15))
    with pytest.raises(ValidationError, match="1 tot 8"):
        Rhythm(RhythmKind.EVERY_N_WEEKS, weekday=1, start=dt.time(9), anchor=SITTING,
               interval_weeks=9)  # fmt: skip


@given(
    kind=st.sampled_from(list(RhythmKind)),
    weekday=st.integers(0, 4),
    interval=st.integers(1, 8),
    nth=st.sampled_from([1, 2, 3, 4, -1]),
    after=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    count=st.integers(1, 12),
)
def test_rhythm_invariants(
    kind: RhythmKind, weekday: int, interval: int, nth: int, after: dt.date, count: int
) -> None:
    anchor = dt.date(2024, 1, 1) + dt.timedelta(days=weekday)  # 1 Jan 2024 is a Monday
    rhythm = Rhythm(kind, weekday=weekday, start=dt.time(9), interval_weeks=interval, nth=nth,
                    anchor=anchor)  # fmt: skip
    dates = rhythm.next_dates(after, count)
    assert len(dates) == count
    assert all(d > after and is_working_day(d) for d in dates)
    assert list(dates) == sorted(set(dates))
    for day in dates:
        # On the rhythm's weekday, or moved forward past holidays only: every day from the
        # planned weekday up to the sitting is a day off (Christmas on a Thursday plus
        # Boxing Day moves a Thursday sitting to Monday).
        planned = day - dt.timedelta(days=(day.weekday() - weekday) % 7)
        skipped = [planned + dt.timedelta(days=i) for i in range((day - planned).days)]
        assert not any(is_working_day(d) for d in skipped)
    if kind is RhythmKind.EVERY_N_WEEKS and count > 1:
        gaps = {(b - a).days for a, b in itertools.pairwise(dates)}
        assert all(abs(g - 7 * interval) <= 4 for g in gaps)
