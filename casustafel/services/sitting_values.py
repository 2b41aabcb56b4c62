"""Frozen values the sittings use cases take and return (never live ORM objects).

Partners are stored and passed as the table's partner codes (`politie`, `lefier`); a name that
is not in the table's catalogue (a one-off guest) is kept as typed. `partner_name` turns either
into what a document prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from casustafel.domain import catalogue
from casustafel.domain.model import CaseSubject, TableCode

__all__ = [
    "AgendaEntry",
    "AgreementDraft",
    "AgreementEntry",
    "CaseContext",
    "ContextLine",
    "ItemKind",
    "ItemRecord",
    "SittingPlan",
    "SittingStatus",
    "SittingSummary",
    "partner_code",
    "partner_name",
]


class SittingStatus(StrEnum):
    """A sitting is planned, under way (meeting mode), closed (record frozen) or cancelled."""

    GEPLAND = "gepland"
    LOPEND = "lopend"
    GESLOTEN = "gesloten"
    GEANNULEERD = "geannuleerd"

    @property
    def label(self) -> str:
        return {
            "gepland": "Gepland",
            "lopend": "Bezig",
            "gesloten": "Gesloten",
            "geannuleerd": "Geannuleerd",
        }[self.value]


class ItemKind(StrEnum):
    CASE = "case"
    FREE = "free"


def partner_name(table: TableCode, code: str) -> str:
    """The printed name of partner `code` of `table`, or `code` itself when it is a free name."""
    for partner in catalogue.table_definition(table).partners:
        if partner.code == code:
            return partner.name
    return code


def partner_code(table: TableCode, text: str) -> str:
    """The partner code for a code or a name typed by the user (case-insensitive), else `text`."""
    folded = text.strip().casefold()
    for partner in catalogue.table_definition(table).partners:
        if folded in (partner.code.casefold(), partner.name.casefold()):
            return partner.code
    return text.strip()


@dataclass(frozen=True, slots=True)
class SittingPlan:
    """What the regisseur enters to plan (or re-plan) a sitting."""

    table: TableCode
    date: dt.date
    start: dt.time = dt.time(9, 30)
    duration_minutes: int = 120
    place: str = ""
    chair: str = ""
    minute_taker: str = ""
    invited_partners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SittingSummary:
    """One sitting as the sittings list shows it; no case data."""

    id: int
    table: TableCode
    number: str  # "2026-07": year and sequence within the table
    starts_at: dt.datetime
    duration_minutes: int
    place: str
    chair: str
    minute_taker: str
    invited_partners: tuple[str, ...]
    status: SittingStatus
    item_count: int = 0
    current_item_id: int | None = None
    elapsed_seconds: int = 0
    cancel_reason: str = ""

    @property
    def date(self) -> dt.date:
        return self.starts_at.date()


@dataclass(frozen=True, slots=True)
class AgreementDraft:
    """An agreement as the chair types it: what, which partner, due date, on what condition."""

    what: str
    partner: str = ""
    due: dt.date | None = None
    condition: str = ""


@dataclass(frozen=True, slots=True)
class AgreementEntry:
    """A stored agreement (also a follow-up of its case while open)."""

    id: int
    what: str
    partner: str
    due: dt.date | None
    condition: str
    status: str


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """What the chair records for one agenda item, saved as typed."""

    partners_present: tuple[str, ...] = ()
    decision: str = ""
    step_change_to: str = ""
    step_motivation: str = ""
    step_reference: str = ""
    returns_on: dt.date | None = None
    returns_note: str = ""
    agreements: tuple[AgreementDraft, ...] = ()
    elapsed_seconds: int = 0
    # False: `partners_present` is the sitting's attendance, and saving it changes that
    # attendance for every item that has no list of its own. True: this item's own list.
    attendance_own: bool = False
    # "Niet besproken / doorgeschoven": no decision; the case returns on the next proposal.
    not_discussed: bool = False


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One agenda item with its record; `label` is initials and area, never a name.

    For a closed sitting the list holds the effective entries: a correction stands in the place
    of the item it corrects (`corrects_item_id` names the original).
    """

    id: int
    sitting_id: int
    position: int
    section: str  # an AgendaSection value
    kind: ItemKind
    case_id: int | None
    case_number: str
    label: str
    case_step: str
    title: str
    question: str
    partners_needed: tuple[str, ...]
    proposal_reason: str
    record: ItemRecord
    agreements: tuple[AgreementEntry, ...] = ()
    corrects_item_id: int | None = None
    step_event_id: int | None = None
    planned_minutes: int | None = None  # the chair's time budget; None: the section's default


@dataclass(frozen=True, slots=True)
class ContextLine:
    """One open intervention or agreement of a case: what, who, by when."""

    what: str
    partner: str
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class CaseContext:
    """What the chair needs to know of a case while its item is discussed.

    Free texts (`what`, `last_decision`) may name the case's people: the screen masks them
    with `subjects` while presenting.
    """

    case_id: int
    step: str  # the step's or phase's display name; the active routes for MH
    status: str  # the case status's label
    interventions: tuple[ContextLine, ...]
    agreements: tuple[ContextLine, ...]
    last_decision: str
    last_decided_on: dt.date | None
    last_sitting_number: str
    subjects: tuple[CaseSubject, ...] = ()
