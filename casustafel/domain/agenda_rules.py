"""Which cases go on a sitting's agenda, in which section, and when a table's next sittings are.

Pure rules over plain facts (no storage): the sittings service gathers a `CaseFacts` per open
case of the table and asks `propose_agenda` for the proposal the chair then edits.

A case is proposed for the sitting on day S (composed on day T, T <= S) when it is open and
- it is new: its weighing put it on the table's agenda (status geagendeerd) and no held
  sitting has discussed it yet; cases still in intake (aangemeld, in weging) wait for their
  weighing, and a case already in treatment is discussed for one of the reasons below;
- the regisseur proposed escalation, de-escalation or closing for it;
- an open intervention or agreement falls due on or before S (its result is due by the time
  the table meets), or is already overdue on T;
- a previous sitting decided it returns on or before S and it has not been discussed since;
- the chair flagged it "bespreken".
A closed case (afgesloten, overgedragen, niet in behandeling, doorverwezen) never is, whatever
deadlines it still carries. Each case appears once, in the section of its weightiest reason:
escalation, then de-escalation and closing, then new cases, then running cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from casustafel.domain.model import CaseStatus, TableCode
from casustafel.domain.workdays import DEFAULT_CALENDAR, WorkdayCalendar
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = [
    "FRAME_MINUTES",
    "FREE_ITEM_MINUTES",
    "CaseFacts",
    "CaseSection",
    "Deadline",
    "DeadlineKind",
    "Proposal",
    "ProposalReason",
    "ProposedItem",
    "Rhythm",
    "RhythmKind",
    "agenda_minutes",
    "item_minutes",
    "propose_agenda",
    "reason_labels",
    "reasons_for",
]


class CaseSection(StrEnum):
    """The sections of the agenda's fixed frame that hold cases (values match the report's)."""

    NIEUWE_CASUSSEN = "nieuwe_casussen"
    LOPENDE_CASUSSEN = "lopende_casussen"
    OPSCHALING = "opschaling"
    AFSCHALING = "afschaling"


class Proposal(StrEnum):
    """What the regisseur proposes to the table for a case before the sitting."""

    GEEN = ""
    OPSCHALING = "opschaling"
    AFSCHALING = "afschaling"
    AFSLUITING = "afsluiting"


class ProposalReason(StrEnum):
    """Why a case is proposed for the agenda, weightiest first."""

    OPSCHALING = "opschaling"
    AFSCHALING = "afschaling"
    AFSLUITING = "afsluiting"
    NIEUW = "nieuw"
    TE_LAAT = "te_laat"
    TERMIJN = "termijn"
    TERUGKEER = "terugkeer"
    BESPREKEN = "bespreken"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]

    @property
    def section(self) -> CaseSection:
        return _REASON_SECTIONS.get(self, CaseSection.LOPENDE_CASUSSEN)


_REASON_LABELS = {
    ProposalReason.OPSCHALING: _("voorstel opschaling"),
    ProposalReason.AFSCHALING: _("voorstel afschaling"),
    ProposalReason.AFSLUITING: _("voorstel afsluiten"),
    ProposalReason.NIEUW: _("nieuwe casus"),
    ProposalReason.TE_LAAT: _("termijn verstreken"),
    ProposalReason.TERMIJN: _("termijn loopt af voor de zitting"),
    ProposalReason.TERUGKEER: _("komt terug volgens besluit"),
    ProposalReason.BESPREKEN: _("gemarkeerd om te bespreken"),
}
_REASON_SECTIONS = {
    ProposalReason.OPSCHALING: CaseSection.OPSCHALING,
    ProposalReason.AFSCHALING: CaseSection.AFSCHALING,
    ProposalReason.AFSLUITING: CaseSection.AFSCHALING,
    ProposalReason.NIEUW: CaseSection.NIEUWE_CASUSSEN,
}
_SECTION_ORDER = (
    CaseSection.NIEUWE_CASUSSEN,
    CaseSection.LOPENDE_CASUSSEN,
    CaseSection.OPSCHALING,
    CaseSection.AFSCHALING,
)


class DeadlineKind(StrEnum):
    INTERVENTIE = "interventie"
    AFSPRAAK = "afspraak"


@dataclass(frozen=True, slots=True)
class Deadline:
    """An open intervention or agreement of a case with its due date and partner code."""

    kind: DeadlineKind
    due: dt.date
    partner: str = ""


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rules need to know about one case; no personal data beyond the label.

    Attributes:
        last_discussed_on: Date of the last held sitting that had the case on its agenda.
        returns_on: Return date set by the last decision on the case, if any.
        deadlines: Open interventions and agreements that have a due date.
    """

    case_id: int
    number: str
    label: str
    table: TableCode
    status: CaseStatus
    step: str = ""
    lead_partner: str = ""
    flagged: bool = False
    proposal: Proposal = Proposal.GEEN
    proposal_step: str = ""
    last_discussed_on: dt.date | None = None
    returns_on: dt.date | None = None
    deadlines: tuple[Deadline, ...] = ()


@dataclass(frozen=True, slots=True)
class ProposedItem:
    """A case the app proposes for the agenda, with a first question and partners needed."""

    case_id: int
    number: str
    label: str
    section: CaseSection
    reasons: tuple[ProposalReason, ...]
    question: str
    partners_needed: tuple[str, ...] = ()


def reasons_for(
    facts: CaseFacts, sitting_on: dt.date, today: dt.date
) -> tuple[ProposalReason, ...]:
    """Every reason to discuss the case at the sitting on `sitting_on`, weightiest first.

    Args:
        facts: The case.
        sitting_on: Date of the sitting being composed.
        today: Day of composing; deadlines before it are overdue (capped at `sitting_on`).
    """
    if facts.status.is_closed:
        return ()
    as_of = min(today, sitting_on)
    found: set[ProposalReason] = set()
    if facts.proposal is not Proposal.GEEN:
        found.add(ProposalReason(facts.proposal.value))
    if facts.status is CaseStatus.GEAGENDEERD and facts.last_discussed_on is None:
        found.add(ProposalReason.NIEUW)
    for deadline in facts.deadlines:
        if deadline.due < as_of:
            found.add(ProposalReason.TE_LAAT)
        elif deadline.due <= sitting_on:
            found.add(ProposalReason.TERMIJN)
    if facts.returns_on is not None and facts.returns_on <= sitting_on:
        since = facts.last_discussed_on
        if since is None or since < facts.returns_on:
            found.add(ProposalReason.TERUGKEER)
    if facts.flagged:
        found.add(ProposalReason.BESPREKEN)
    return tuple(r for r in ProposalReason if r in found)


def _question(reason: ProposalReason, facts: CaseFacts) -> str:
    step = facts.proposal_step
    if reason is ProposalReason.OPSCHALING:
        return (
            _("Voorstel: opschalen naar {step}. Stemt de tafel in?").format(step=step)
            if step
            else _("Voorstel: opschalen. Naar welke stap, en stemt de tafel in?")
        )
    if reason is ProposalReason.AFSCHALING:
        return (
            _("Voorstel: afschalen naar {step}. Stemt de tafel in?").format(step=step)
            if step
            else _("Voorstel: afschalen. Stemt de tafel in?")
        )
    texts = {
        ProposalReason.AFSLUITING: _("Voorstel: de casus afsluiten. Stemt de tafel in?"),
        ProposalReason.NIEUW: _(
            "Nieuwe casus: gezamenlijk beeld, plan van aanpak en wie de regie neemt."
        ),
        ProposalReason.TE_LAAT: _("Afspraken of interventies zijn over hun termijn: wat is nodig?"),
        ProposalReason.TERMIJN: _("Stand van zaken van afspraken en interventies die nu aflopen."),
        ProposalReason.TERUGKEER: _("Terugkoppeling, zoals bij het vorige besluit afgesproken."),
        ProposalReason.BESPREKEN: _("Ter bespreking op verzoek van de voorzitter."),
    }
    return texts[reason]


def _partners(facts: CaseFacts, sitting_on: dt.date) -> tuple[str, ...]:
    found: list[str] = []
    candidates = [facts.lead_partner]
    due = sorted((d for d in facts.deadlines if d.due <= sitting_on), key=lambda d: d.due)
    candidates += [d.partner for d in due]
    for partner in candidates:
        if partner and partner not in found:
            found.append(partner)
    return tuple(found)


def _sort_key(item: ProposedItem, facts: CaseFacts) -> tuple[int, int, dt.date, str]:
    first_due = min((d.due for d in facts.deadlines), default=dt.date.max)
    return (
        _SECTION_ORDER.index(item.section),
        list(ProposalReason).index(item.reasons[0]),
        first_due,
        item.number,
    )


def propose_agenda(
    cases: Iterable[CaseFacts], sitting_on: dt.date, today: dt.date
) -> tuple[ProposedItem, ...]:
    """The proposed case items of the sitting on `sitting_on`, in frame order.

    Within a section the weightiest reason comes first, then the earliest deadline, then the
    case number, so the proposal is the same every time for the same facts.
    """
    proposed: list[tuple[ProposedItem, CaseFacts]] = []
    for facts in cases:
        reasons = reasons_for(facts, sitting_on, today)
        if not reasons:
            continue
        item = ProposedItem(
            case_id=facts.case_id,
            number=facts.number,
            label=facts.label,
            section=reasons[0].section,
            reasons=reasons,
            question=_question(reasons[0], facts),
            partners_needed=_partners(facts, sitting_on),
        )
        proposed.append((item, facts))
    proposed.sort(key=lambda pair: _sort_key(*pair))
    return tuple(item for item, _facts in proposed)


def reason_labels(stored: str) -> str:
    """The stored reasons of a proposed item (`"nieuw,termijn"`) as the chair reads them."""
    labels = [ProposalReason(code).label for code in stored.split(",") if code in _REASON_CODES]
    return ", ".join(labels)


_REASON_CODES = frozenset(r.value for r in ProposalReason)


# --- the time budget ----------------------------------------------------------------------

# Minutes an item takes unless the chair says otherwise: a new case needs a shared picture
# and a plan, an escalation a weighed decision; a closing proposal is mostly a nod.
_SECTION_MINUTES = {
    CaseSection.NIEUWE_CASUSSEN.value: 15,
    CaseSection.LOPENDE_CASUSSEN.value: 10,
    CaseSection.OPSCHALING.value: 15,
    CaseSection.AFSCHALING.value: 5,
}
FREE_ITEM_MINUTES = 5
FRAME_MINUTES = 15
"""The fixed frame: opening, reminder, last decisions list, action list, next sitting."""


def item_minutes(section: str, planned: int | None) -> int:
    """An item's time budget: the chair's own, else the default of its section."""
    if planned is not None:
        return planned
    return _SECTION_MINUTES.get(section, FREE_ITEM_MINUTES)


def agenda_minutes(items: Iterable[tuple[str, int | None]]) -> int:
    """The whole sitting's budget: the fixed frame plus every (section, planned) item."""
    return FRAME_MINUTES + sum(item_minutes(section, planned) for section, planned in items)


# --- the rhythm of a table's sittings ------------------------------------------------------


class RhythmKind(StrEnum):
    """Two ways municipalities say "every second Tuesday"."""

    EVERY_N_WEEKS = "every_n_weeks"  # every other Tuesday, counted from an anchor sitting
    NTH_WEEKDAY = "nth_weekday"  # the second Tuesday of each month


@dataclass(frozen=True, slots=True)
class Rhythm:
    """A table's recurring sitting rhythm, from which the next sittings are proposed.

    Attributes:
        kind: Every N weeks from `anchor`, or the `nth` `weekday` of each month.
        weekday: 0 = Monday … 4 = Friday.
        interval_weeks: For EVERY_N_WEEKS: 1–8.
        nth: For NTH_WEEKDAY: 1–4, or -1 for the last one of the month.
        anchor: For EVERY_N_WEEKS: a date in the series (must fall on `weekday`).
        start: Start time of each sitting.
        duration_minutes: Planned length (for the calendar).
        place: Usual meeting place.
        partners: Partner codes invited to every sitting.
    """

    kind: RhythmKind
    weekday: int
    start: dt.time
    interval_weeks: int = 2
    nth: int = 2
    anchor: dt.date | None = None
    duration_minutes: int = 120
    place: str = ""
    partners: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 4:
            raise ValidationError(_("Kies een werkdag (maandag tot en met vrijdag)."), "weekday")
        if self.kind is RhythmKind.EVERY_N_WEEKS:
            if not 1 <= self.interval_weeks <= 8:
                raise ValidationError(_("Kies om de 1 tot 8 weken."), field="interval_weeks")
            if self.anchor is None or self.anchor.weekday() != self.weekday:
                raise ValidationError(
                    _("Kies als startdatum een dag die op de gekozen weekdag valt."), "anchor"
                )
        elif self.nth not in (1, 2, 3, 4, -1):
            raise ValidationError(_("Kies de 1e tot 4e of de laatste van de maand."), "nth")
        if not 15 <= self.duration_minutes <= 8 * 60:
            raise ValidationError(_("Een zitting duurt 15 minuten tot 8 uur."), "duration_minutes")

    def _series(self, after: dt.date) -> Iterable[dt.date]:
        if self.kind is RhythmKind.EVERY_N_WEEKS:
            assert self.anchor is not None
            step = dt.timedelta(weeks=self.interval_weeks)
            periods = max(0, (after - self.anchor).days // step.days - 1)
            day = self.anchor + periods * step
            while True:
                yield day
                day += step
        year, month = after.year, after.month
        while True:
            yield _nth_weekday(year, month, self.weekday, self.nth)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def next_dates(
        self,
        after: dt.date,
        count: int,
        *,
        taken: Sequence[dt.date] = (),
        calendar: WorkdayCalendar = DEFAULT_CALENDAR,
    ) -> tuple[dt.date, ...]:
        """The next `count` sitting dates strictly after `after`.

        A date that falls on a public holiday moves to the next working day (a sitting on
        Easter Monday would be empty). Dates in `taken` (sittings already planned) are skipped.
        """
        found: list[dt.date] = []
        for planned in self._series(after):
            day = calendar.next_working_day(planned)
            if day > after and day not in taken and (not found or day > found[-1]):
                found.append(day)
            if len(found) >= count:
                return tuple(found)
        raise AssertionError("unreachable: the series is endless")  # pragma: no cover


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (nth - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
