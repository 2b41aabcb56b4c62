"""Synthetic case histories for demo vaults, made by the domain's own rules.

Every move goes through `casustafel.domain.lifecycle`, `ladder` and `routes`, exactly as a
user's move would, so a demo history is valid by construction: a rule that refuses a move
would raise here. A history stops at "today"; older cases therefore tend to be closed
and recent ones open, as in a real register.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from casustafel.domain import catalogue, ladder, lifecycle, routes
from casustafel.domain.catalogue import TableDefinition
from casustafel.domain.model import (
    CaseStatus,
    EventDraft,
    InterventionDomain,
    InterventionStatus,
    MhRoute,
    NewSubject,
    TableCode,
    Tenure,
)

from .demo_texts import DemoTexts

__all__ = ["CasePlan", "PlannedIntervention", "PlannedSignal", "plan_case"]

# Which interventions fit which WO step / OM phase (codes missing from an edited catalogue
# are skipped).
_STEP_INTERVENTIONS: dict[str, tuple[str, ...]] = {
    "ONDERZOEK": ("BUURTONDERZOEK", "HUISBEZOEK", "BEKEND_ELDERS"),
    "BEMIDDELING": ("BUURTBEMIDDELING", "MEDIATION"),
    "KEUKENTAFEL": (
        "KEUKENTAFELGESPREK", "VRIJWILLIGE_AFSPRAKEN", "WIJKTEAM", "GGZ", "SCHULDHULP",
        "VERSLAVINGSZORG", "WMO",
    ),
    "CASUSTAFEL": ("BEMOEIZORG", "AANMELDING_ZVH", "GEDRAGSOVEREENKOMST", "MELDING_VEILIG_THUIS"),
    "WAARSCHUWING": ("BESTUURLIJKE_WAARSCHUWING", "HUURWAARSCHUWING"),
    "VOORNEMEN": ("VOORNEMEN_GEDRAGSAANWIJZING",),
    "GEDRAGSAANWIJZING": ("GEDRAGSAANWIJZING", "GEBIEDSVERBOD_172A"),
    "DWANGSOM": ("DWANGSOM", "BESTUURSDWANG"),
    "HUISVERBOD": ("HUISVERBOD",),
    "SLUITING": ("SLUITING_174A", "SLUITING_13B"),
    "ONTBINDING": ("ONTBINDING_HUUR", "ONTRUIMING"),
    "ANALYSE": ("BEKEND_ELDERS", "INFORMATIEBEELD", "SIGNAAL_RIEC"),
    "INTERVENTIES": (
        "BIBOB", "VERGUNNING_INTREKKEN", "SLUITING_13B", "APV_HANDHAVING", "INTEGRALE_CONTROLE",
        "BELASTINGCONTROLE", "OPSPORING", "CONTROLE_ARBEIDSINSPECTIE", "PREVENTIEF_GESPREK",
        "AFPAKKEN", "FIOD",
    ),
}  # fmt: skip
_ROUTE_INTERVENTIONS: dict[MhRoute, tuple[str, ...]] = {
    MhRoute.ZORG: ("ZORGCOORDINATIE", "OPVANG", "B8_REGELING", "GESPREK_BETROKKENE"),
    MhRoute.STRAF: ("AANGIFTE", "OPSPORING", "OM_VERVOLGING"),
    MhRoute.BESTUUR: ("CONTROLE_SEKSINRICHTING", "BIBOB", "SIGNAAL_RIEC", "INTEGRALE_CONTROLE"),
}
# Which partner types carry out which domain of intervention.
_DOMAIN_PARTNER_TYPES: dict[InterventionDomain, tuple[str, ...]] = {
    InterventionDomain.SOCIAAL: ("welzijn", "gemeente"),
    InterventionDomain.ZORG: ("zorg", "welzijn"),
    InterventionDomain.BESTUURLIJK: ("gemeente", "rijksdienst", "omgevingsdienst"),
    InterventionDomain.CIVIEL: ("corporatie",),
    InterventionDomain.STRAFRECHTELIJK: ("politie", "justitie"),
    InterventionDomain.FISCAAL: ("rijksdienst",),
    InterventionDomain.INFORMATIE: ("gemeente", "samenwerkingsverband", "veilig_thuis"),
}
# Highest WO rung a case reaches, weighted: most cases stay low on the ladder.
_WO_PEAK_WEIGHTS = (0, 20, 14, 22, 16, 11, 6, 4, 2, 2, 1, 1)


@dataclass(frozen=True, slots=True)
class PlannedIntervention:
    type_code: str
    domain: InterventionDomain
    partner: str
    start_date: dt.date
    due_date: dt.date | None
    status: InterventionStatus
    outcome: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class PlannedSignal:
    received_on: dt.date
    source: str
    description: str
    outcome: str = ""
    reason: str = ""
    weighed_on: dt.date | None = None


class _ReachedTodayError(Exception):
    """The history has reached today: the case stays where it is."""


@dataclass
class CasePlan:
    """One synthetic case: registration data, subjects and its whole history."""

    table: TableCode
    registered_on: dt.date
    area: str
    tenure: Tenure
    lead_partner: str
    brought_in_by: str
    legal_ground: str
    subject_informed: bool
    not_informed_reason: str
    summary: str
    subjects: list[NewSubject]
    status: CaseStatus = CaseStatus.AANGEMELD
    step: str = ""
    active_routes: frozenset[MhRoute] = frozenset()
    events: list[EventDraft] = field(default_factory=list)
    interventions: list[PlannedIntervention] = field(default_factory=list)
    notes: list[tuple[dt.datetime, str]] = field(default_factory=list)
    signal: PlannedSignal | None = None
    comensha: tuple[bool, dt.date, str] | None = None

    @property
    def last_activity(self) -> dt.date:
        days = [e.occurred_on for e in self.events]
        days += [i.start_date for i in self.interventions]
        days += [n[0].date() for n in self.notes]
        return max(days)


class _Sim:
    """Walks one case through the rules, day by day, until it closes or reaches today."""

    def __init__(
        self,
        plan: CasePlan,
        definition: TableDefinition,
        rng: random.Random,
        today: dt.date,
        user: str,
        texts: DemoTexts,
    ) -> None:
        self.plan = plan
        self.definition = definition
        self.rng = rng
        self.today = today
        self.user = user
        self.texts = texts
        self.day = plan.registered_on

    def later(self, low: int, high: int) -> dt.date:
        self.day += dt.timedelta(days=self.rng.randint(low, high))
        if self.day > self.today:
            raise _ReachedTodayError
        return self.day

    def record(self, status: CaseStatus, event: EventDraft) -> None:
        self.plan.status = status
        self.plan.events.append(event)

    def status(self, target: CaseStatus, reason: str = "") -> None:
        t = lifecycle.change_status(
            self.plan.status, target, on=self.day, recorded_by=self.user, reason=reason
        )
        self.record(t.status, t.event)

    def weigh(self, outcome: str) -> None:
        reason = self.texts.weighing_reason(self.plan.table, outcome)
        t = lifecycle.record_weighing(
            self.plan.status,
            self.plan.table,
            outcome,
            on=self.day,
            recorded_by=self.user,
            reason=reason,
            counterpart=self.texts.referral(outcome),
        )
        self.record(t.status, t.event)
        if self.plan.signal is not None:
            s = self.plan.signal
            self.plan.signal = PlannedSignal(
                s.received_on, s.source, s.description, outcome, reason, self.day
            )

    def move(self, target: str) -> None:
        step = self.definition.step(target)
        move = ladder.validate_step_move(
            self.plan.table,
            status=self.plan.status,
            tenure=self.plan.tenure,
            current=self.plan.step,
            target=target,
            reason=self.texts.step_reason(
                step.code, up=ladder.is_higher(self.plan.table, target, self.plan.step)
            ),
            on=self.day,
            recorded_by=self.user,
            motivation=self.texts.motivation() if step.needs_motivation else "",
            decision_reference=(
                f"Z/{self.day.year}/{self.rng.randint(10000, 99999)}"
                if step.needs_motivation
                else ""
            ),
        )
        self.plan.step = move.to_step.code
        self.plan.events.append(move.event)

    def intervene(self, codes: tuple[str, ...], count: int = 1) -> None:
        known = {i.code: i for i in self.definition.interventions}
        options = [c for c in codes if c in known]
        for code in self.rng.sample(options, min(count, len(options))):
            kind = known[code]
            types = _DOMAIN_PARTNER_TYPES[kind.domain]
            partners = [p.code for p in self.definition.partners if p.type in types]
            partner = self.rng.choice(partners or [p.code for p in self.definition.partners])
            start = self.day
            due = start + dt.timedelta(days=self.rng.choice((10, 14, 21, 28, 42, 56)))
            if due <= self.today - dt.timedelta(days=3) and self.rng.random() < 0.9:
                status = self.rng.choices(
                    (InterventionStatus.AFGEROND, InterventionStatus.GESTOPT), (6, 1)
                )[0]
                outcome = self.texts.intervention_outcome(status)
            else:
                status = self.rng.choice((InterventionStatus.GEPLAND, InterventionStatus.LOPEND))
                outcome = ""
            self.plan.interventions.append(
                PlannedIntervention(code, kind.domain, partner, start, due, status, outcome)
            )

    def note(self) -> None:
        moment = dt.datetime.combine(
            self.day, dt.time(self.rng.randint(8, 17), self.rng.choice((0, 15, 30, 45)))
        )
        self.plan.notes.append((moment, self.texts.note(self.plan.table)))

    def close(self, outcome: str) -> None:
        t = lifecycle.close_case(
            self.plan.status,
            self.plan.table,
            outcome,
            on=self.day,
            recorded_by=self.user,
            reason=self.texts.close_reason(outcome),
        )
        self.record(t.status, t.event)

    def hand_over(self, organisation: str) -> None:
        t = lifecycle.hand_over(
            self.plan.status,
            organisation,
            on=self.day,
            recorded_by=self.user,
            reason=self.texts.handover_reason(organisation),
        )
        self.record(t.status, t.event)

    def open_route(self, route: MhRoute) -> None:
        change = routes.open_route(
            self.plan.table,
            self.plan.active_routes,
            route,
            status=self.plan.status,
            on=self.day,
            recorded_by=self.user,
            reason=self.texts.route_reason(route, opening=True),
        )
        self.plan.active_routes = change.active
        self.plan.events.append(change.event)

    def close_route(self, route: MhRoute) -> None:
        change = routes.close_route(
            self.plan.table,
            self.plan.active_routes,
            route,
            on=self.day,
            recorded_by=self.user,
            reason=self.texts.route_reason(route, opening=False),
        )
        self.plan.active_routes = change.active
        self.plan.events.append(change.event)

    # -- the three processes --------------------------------------------------------------

    def weighing_phase(self, taken_up: int) -> bool:
        """Register → in weging → weighing; True when the case is taken up.

        Each outcome that puts the case on the agenda weighs `taken_up` against 1 for each
        other outcome ("no action", "other route", ...).
        """
        outcomes = [o.code for o in self.definition.weighing_outcomes]
        weights = [
            taken_up if o.leads_to is CaseStatus.GEAGENDEERD else 1
            for o in self.definition.weighing_outcomes
        ]
        self.later(0, 4)
        self.status(CaseStatus.IN_WEGING)
        if self.plan.table is TableCode.OM:
            self.move("WEGING")
        self.later(2, 15)
        self.weigh(self.rng.choices(outcomes, weights)[0])
        if self.plan.status is not CaseStatus.GEAGENDEERD:
            return False
        self.later(3, 21)
        self.status(CaseStatus.IN_BEHANDELING)
        return True

    def woonoverlast(self) -> None:
        if not self.weighing_phase(taken_up=12):
            return
        rungs = [s for s in self.definition.steps if s.number is not None and s.number > 0]
        peak = self.rng.choices(range(len(_WO_PEAK_WEIGHTS)), _WO_PEAK_WEIGHTS)[0]
        path = [s for s in rungs if s.number is not None and s.number <= peak]
        path = [s for s in path if not s.huur_only or self.plan.tenure is Tenure.HUUR]
        # Skip some rungs on the way up, as the procesaanpak allows.
        path = [s for i, s in enumerate(path) if i == len(path) - 1 or self.rng.random() > 0.25]
        for step in path:
            self.later(7, 45)
            self.move(step.code)
            self.intervene(_STEP_INTERVENTIONS.get(step.code, ()), self.rng.choice((0, 1, 1, 2)))
            if self.rng.random() < 0.35:
                self.note()
        if len(path) > 2 and self.rng.random() < 0.15:  # de-escalation after an effect
            self.later(14, 40)
            self.move(path[-2].code)
        self.later(20, 80)
        aftercare = next((s for s in self.definition.steps if s.aftercare), None)
        if aftercare is not None and self.rng.random() < 0.7:
            self.move(aftercare.code)
            self.status(CaseStatus.NAZORG)
            self.later(30, 120)
            if self.rng.random() < 0.08:  # relapse: back into treatment and up the ladder
                self.status(CaseStatus.IN_BEHANDELING, self.texts.relapse())
                self.move(path[-1].code if path else "ONDERZOEK")
                self.later(20, 60)
        self.finish(
            (
                "verminderd_of_verdwenen",
                "niet_verminderd",
                "verhuisd_of_huur_beeindigd",
                "onduidelijk",
            ),
            (10, 2, 3, 1),
        )

    def ondermijning(self) -> None:
        if not self.weighing_phase(taken_up=3):
            return
        for phase in ("ANALYSE", "CASUSTAFEL", "INTERVENTIES"):
            self.later(10, 50)
            self.move(phase)
            self.intervene(
                _STEP_INTERVENTIONS.get(phase, ()),
                self.rng.choice((1, 1, 2, 3))
                if phase == "INTERVENTIES"
                else self.rng.choice((0, 1)),
            )
            if self.rng.random() < 0.4:
                self.note()
        self.later(30, 120)
        self.move("EVALUATIE")
        self.later(10, 40)
        if self.rng.random() < 0.15:
            self.hand_over("riec")
            return
        self.finish(("verstoord", "niet_verstoord", "geen_grondslag", "onduidelijk"), (6, 2, 2, 1))

    def mensenhandel(self) -> None:
        if not self.weighing_phase(taken_up=2):
            return
        chosen = [r for r in MhRoute if self.rng.random() < 0.6] or [MhRoute.ZORG]
        for route in chosen:
            self.later(0, 20)
            self.open_route(route)
            self.intervene(_ROUTE_INTERVENTIONS[route], self.rng.choice((1, 1, 2)))
        if self.rng.random() < 0.6:
            self.later(0, 30)
            partner = self.rng.choice(("ggd", "politie", "gemeente"))
            self.plan.comensha = (True, self.day, partner)
            self.plan.events.append(
                routes.record_comensha(
                    made=True, on=self.day, partner=partner, recorded_by=self.user
                )
            )
            self.intervene(("MELDING_COMENSHA",))
        if self.rng.random() < 0.4:
            self.note()
        for route in sorted(self.plan.active_routes):
            self.later(20, 120)
            self.close_route(route)
        self.later(10, 40)
        self.finish(
            ("slachtoffer_veilig", "uitbuiting_beeindigd", "contact_verloren", "onduidelijk"),
            (5, 3, 2, 1),
        )

    def finish(self, outcomes: tuple[str, ...], weights: tuple[int, ...]) -> None:
        known = {o.code for o in self.definition.closing_outcomes}
        pairs = [(o, w) for o, w in zip(outcomes, weights, strict=True) if o in known]
        if not pairs:
            return
        self.close(self.rng.choices([o for o, _w in pairs], [w for _o, w in pairs])[0])
        if self.rng.random() < 0.03:  # a reopened case, now and then
            self.later(20, 90)
            t = lifecycle.reopen(
                self.plan.status, on=self.day, recorded_by=self.user, reason=self.texts.reopen()
            )
            self.record(t.status, t.event)


def plan_case(
    plan: CasePlan, rng: random.Random, today: dt.date, user: str, texts: DemoTexts
) -> CasePlan:
    """Register `plan` by the rules and walk it through its table's process up to `today`."""
    definition = catalogue.table_definition(plan.table)
    start = lifecycle.register_case(plan.table, on=plan.registered_on, recorded_by=user)
    plan.status = start.status
    plan.step = start.event.to_step
    plan.events.append(start.event)
    sim = _Sim(plan, definition, rng, today, user, texts)
    try:
        if plan.table is TableCode.WO:
            sim.woonoverlast()
        elif plan.table is TableCode.OM:
            sim.ondermijning()
        else:
            sim.mensenhandel()
    except _ReachedTodayError:
        pass
    return plan
