"""Meeting mode's writes and reads as work for the app's worker (`casustafel.ui.ops`).

Each function here runs on the worker with the vault and returns plain values. A write
returns the sitting and its agenda as stored afterwards, so the window refreshes from what
the vault holds without reading on the GUI thread; the single worker runs them in the
order they were asked, so a read after a save sees the save. What each write changed goes
out as a change notice: closing a sitting moves cases, so every open case tab, the case list
and "Mijn werk" reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.identifiers import Identity
from casustafel.i18n import _
from casustafel.services import sitting_records, sittings
from casustafel.services.identity_sources import sitting_identities
from casustafel.services.sitting_values import (
    AgendaEntry,
    ItemKind,
    ItemRecord,
    SittingStatus,
    SittingSummary,
)

__all__ = [
    "MeetingState",
    "Opening",
    "close_changes",
    "close_question",
    "close_with",
    "item_changes",
    "open_meeting",
    "read_state",
    "save_item",
    "save_position",
    "undecided",
]


@dataclass(frozen=True, slots=True)
class MeetingState:
    """The sitting and its agenda as stored, and who the texts on it may not name."""

    sitting: SittingSummary
    entries: tuple[AgendaEntry, ...]
    identities: tuple[Identity, ...] = ()


@dataclass(frozen=True, slots=True)
class Opening:
    """What meeting mode opens on: the state and the item it was on."""

    state: MeetingState
    current_item_id: int | None


def open_meeting(vault: Vault, sitting_id: int) -> Opening:
    """Start the sitting unless it is closed (harmless when under way); what to show."""
    if sittings.get_sitting(vault, sitting_id).status is not SittingStatus.GESLOTEN:
        sitting_records.start_sitting(vault, sitting_id)
    return Opening(read_state(vault, sitting_id), sittings.current_item_id(vault, sitting_id))


def read_state(vault: Vault, sitting_id: int) -> MeetingState:
    return MeetingState(
        sittings.get_sitting(vault, sitting_id),
        tuple(sittings.agenda(vault, sitting_id)),
        sitting_identities(vault, sitting_id),
    )


def save_item(vault: Vault, item_id: int, record: ItemRecord, sitting_id: int) -> MeetingState:
    """Save one item's record as typed; the state after it."""
    sitting_records.save_item_record(vault, item_id, record)
    return read_state(vault, sitting_id)


def save_position(vault: Vault, sitting_id: int, item_id: int | None, elapsed: int) -> None:
    sitting_records.save_position(vault, sitting_id, item_id, elapsed)


def close_with(
    vault: Vault,
    sitting_id: int,
    pending: tuple[int, ItemRecord] | None,
    position: tuple[int | None, int],
) -> MeetingState:
    """Save what is still typed, remember the position, then close the sitting.

    One job on the worker, in this order, so closing never races the last keystrokes.
    """
    if pending is not None:
        sitting_records.save_item_record(vault, *pending)
    sitting_records.save_position(vault, sitting_id, *position)
    sitting_records.close_sitting(vault, sitting_id)
    return read_state(vault, sitting_id)


def undecided(entries: Iterable[AgendaEntry], typed: Mapping[int, ItemRecord]) -> list[AgendaEntry]:
    """Case items with neither a decision nor "niet besproken" (`typed` overrides stored)."""
    found = []
    for entry in entries:
        record = typed.get(entry.id, entry.record)
        if entry.kind is ItemKind.CASE and not (record.decision.strip() or record.not_discussed):
            found.append(entry)
    return found


def close_question(entries: Iterable[AgendaEntry], undecided_numbers: list[str]) -> str:
    """The question before closing; names the items without a decision by their number."""
    text = _(
        "Na het sluiten ligt het verslag vast en gaan stapwijzigingen naar de "
        "casussen. Latere wijzigingen worden correcties."
    )
    if undecided_numbers:
        cases = sum(1 for e in entries if e.kind is ItemKind.CASE)
        text += "\n\n" + _(
            "{n} van de {total} casussen hebben geen besluit en zijn niet als "
            "‘niet besproken’ gemarkeerd (punt {numbers})."
        ).format(n=len(undecided_numbers), total=cases, numbers=", ".join(undecided_numbers))
    return text + "\n\n" + _("Zitting sluiten?")


def item_changes(sitting_id: int, case_id: int | None, agreements: bool) -> OpChanges:
    """An item's record changed; its agreements too when `agreements` (follow-ups)."""
    kinds = (ChangeKind.SITTINGS, ChangeKind.AGREEMENTS) if agreements else (ChangeKind.SITTINGS,)
    return OpChanges.of(*kinds, case_ids=[case_id] if case_id else [], sitting_ids=[sitting_id])


def close_changes(sitting_id: int, case_ids: Iterable[int | None]) -> OpChanges:
    """Closing wrote steps, statuses and follow-ups into the cases of the agenda."""
    return OpChanges.of(
        ChangeKind.CASES,
        ChangeKind.SITTINGS,
        ChangeKind.AGREEMENTS,
        case_ids=[c for c in case_ids if c is not None],
        sitting_ids=[sitting_id],
    )
