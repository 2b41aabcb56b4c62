"""The catalogue's frozen values: partners, steps, routes, outcomes, interventions, areas.

Split from `catalogue` along its seam: this module holds what a table *is* (the values
and their look-ups); `catalogue` reads and validates the TOML files into them and remains
the public import path for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from casustafel.domain.model import CaseStatus, InterventionDomain, MhRoute, TableCode
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = [
    "Area",
    "CatalogueError",
    "ExploitationForm",
    "InterventionType",
    "LegalGround",
    "Organisation",
    "Outcome",
    "Partner",
    "PartnerType",
    "ProcessKind",
    "Route",
    "Step",
    "TableDefinition",
]


class CatalogueError(ValidationError):
    """A catalogue file that is missing, not valid TOML, or breaks a rule of its structure."""


class ProcessKind(StrEnum):
    """How a table's cases move: a ladder of steps, a row of phases, or parallel routes."""

    LADDER = "ladder"
    PHASES = "phases"
    ROUTES = "routes"


@dataclass(frozen=True, slots=True)
class PartnerType:
    """A kind of partner, the unit of the anonymous statistics ("lead partner type")."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Partner:
    """A partner organisation at a table; `type` is a `PartnerType` code."""

    code: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Step:
    """One ladder step (WO) or phase (OM).

    `number` is the rung (0–11) and orders the steps; the aftercare step has none and
    never counts as the highest step reached.
    """

    code: str
    number: int | None
    label: str
    description: str = ""
    actors: str = ""
    huur_only: bool = False
    needs_motivation: bool = False
    aftercare: bool = False

    @property
    def display(self) -> str:
        """The step as shown in lists: `"7 Gedragsaanwijzing"`, or just the label."""
        return self.label if self.number is None else f"{self.number} {self.label}"


@dataclass(frozen=True, slots=True)
class Route:
    """A parallel route of the mensenhandel table."""

    code: MhRoute
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A weighing or closing outcome.

    For a weighing outcome `leads_to` is the status the case moves to and
    `destroy_after_months` starts the retention clock of a signal that is not taken up.
    """

    code: str
    label: str
    leads_to: CaseStatus | None = None
    destroy_after_months: int | None = None


@dataclass(frozen=True, slots=True)
class InterventionType:
    """An entry of a table's intervention catalogue."""

    code: str
    label: str
    domain: InterventionDomain


@dataclass(frozen=True, slots=True)
class LegalGround:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class ExploitationForm:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation a case can be handed over to."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Area:
    """A wijk or dorp of the municipality (`kind` is "wijk", "dorp" or "overig")."""

    name: str
    kind: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class TableDefinition:
    """Everything a table defines: partners, process, outcomes and catalogues."""

    code: TableCode
    name: str
    case_prefix: str
    process: ProcessKind
    partners: tuple[Partner, ...]
    steps: tuple[Step, ...]  # ladder steps (WO) or phases (OM); empty for MH
    routes: tuple[Route, ...]  # MH only
    weighing_outcomes: tuple[Outcome, ...]
    closing_outcomes: tuple[Outcome, ...]
    interventions: tuple[InterventionType, ...]
    legal_grounds: tuple[LegalGround, ...]
    exploitation_forms: tuple[ExploitationForm, ...] = ()

    @property
    def has_steps(self) -> bool:
        """True for the tables whose cases stand on exactly one step or phase."""
        return bool(self.steps)

    @property
    def initial_step(self) -> Step:
        """The step a new case starts on (MELDING, SIGNAAL)."""
        if not self.steps:
            raise CatalogueError(_("De tafel {table} kent geen stappen.").format(table=self.name))
        return self.steps[0]

    def step(self, code: str) -> Step:
        """Return the step or phase `code`; `CatalogueError` if the table has none such."""
        return _find(self.steps, code, _("stap"), self.name)

    def partner(self, code: str) -> Partner:
        return _find(self.partners, code, _("partner"), self.name)

    def intervention(self, code: str) -> InterventionType:
        return _find(self.interventions, code, _("interventie"), self.name)

    def weighing_outcome(self, code: str) -> Outcome:
        return _find(self.weighing_outcomes, code, _("weegresultaat"), self.name)

    def closing_outcome(self, code: str) -> Outcome:
        return _find(self.closing_outcomes, code, _("afsluitresultaat"), self.name)

    def legal_ground(self, code: str) -> LegalGround:
        return _find(self.legal_grounds, code, _("grondslag"), self.name)

    def route(self, code: str) -> Route:
        return _find(self.routes, code, _("route"), self.name)

    def interventions_by_domain(self) -> dict[InterventionDomain, tuple[InterventionType, ...]]:
        """The catalogue grouped per domain, in `InterventionDomain` order, empty ones left out."""
        grouped = {
            domain: tuple(i for i in self.interventions if i.domain is domain)
            for domain in InterventionDomain
        }
        return {domain: items for domain, items in grouped.items() if items}


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_T = TypeVar("_T", bound=_Coded)


def _find(items: tuple[_T, ...], code: str, what: str, table: str) -> _T:
    for item in items:
        if item.code == code:
            return item
    raise CatalogueError(
        _("De tafel {table} kent geen {what} {code}.").format(table=table, what=what, code=code)
    )
