"""What a write changed: the value every open screen refreshes from (after Anki's OpChanges).

A change operation (`casustafel.ui.ops.CollectionOp`) ends with an `OpChanges`: which kinds
of data changed and, where known, which records. The app announces it once; each open view
looks at the kinds it shows and reloads only then. Services may return one (wrapped in
`Changed`) when only they know what they touched (closing a sitting moves several cases).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

__all__ = ["ChangeKind", "Changed", "OpChanges"]

T = TypeVar("T")


class ChangeKind(Enum):
    """The kinds of data a screen may show; a view subscribes to the kinds it displays."""

    CASES = "cases"  # a case's header, status, step, closing, notes
    SUBJECTS = "subjects"  # betrokkenen and their links to cases
    SIGNALS = "signals"  # intake: signals, weighing, attaching to a case
    SITTINGS = "sittings"  # sittings, agendas, records of a meeting
    INTERVENTIONS = "interventions"
    AGREEMENTS = "agreements"  # agreements made at a sitting (afspraken) and their status
    SETTINGS = "settings"  # the vault's settings and catalogues
    FOLLOW_UP = "follow_up"  # 'Mijn werk' lines marked done or snoozed


def _ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(int(v) for v in values)


@dataclass(frozen=True, slots=True)
class OpChanges:
    """Kinds that changed, plus the ids known to be affected (empty: "some, unknown which").

    Free of personal data by construction (kinds and integer ids only): it may be logged.

    Build one with the keyword helper: `OpChanges.of(ChangeKind.CASES, case_ids=[7])`.
    """

    kinds: frozenset[ChangeKind] = frozenset()
    case_ids: frozenset[int] = frozenset()
    subject_ids: frozenset[int] = frozenset()
    signal_ids: frozenset[int] = frozenset()
    sitting_ids: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        *kinds: ChangeKind,
        case_ids: Iterable[int] = (),
        subject_ids: Iterable[int] = (),
        signal_ids: Iterable[int] = (),
        sitting_ids: Iterable[int] = (),
    ) -> OpChanges:
        return cls(
            frozenset(kinds),
            _ids(case_ids),
            _ids(subject_ids),
            _ids(signal_ids),
            _ids(sitting_ids),
        )

    @classmethod
    def everything(cls) -> OpChanges:
        """Every kind changed (a restore, an import, demo data): every view reloads."""
        return cls(frozenset(ChangeKind))

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(
            self.kinds | other.kinds,
            self.case_ids | other.case_ids,
            self.subject_ids | other.subject_ids,
            self.signal_ids | other.signal_ids,
            self.sitting_ids | other.sitting_ids,
        )

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: ChangeKind) -> bool:
        """True when any of `kinds` changed."""
        return any(kind in self.kinds for kind in kinds)

    def touches_case(self, case_id: int) -> bool:
        """True when the case (or its subjects, interventions, agreements) may have changed.

        A change without case ids is taken to touch every case: the view reloads rather than
        show something stale.
        """
        case_kinds = (
            ChangeKind.CASES,
            ChangeKind.SUBJECTS,
            ChangeKind.INTERVENTIONS,
            ChangeKind.AGREEMENTS,
            ChangeKind.SIGNALS,
            ChangeKind.SITTINGS,
        )
        if not self.touches(*case_kinds):
            return False
        return not self.case_ids or case_id in self.case_ids

    @property
    def cases(self) -> bool:
        return ChangeKind.CASES in self.kinds

    @property
    def subjects(self) -> bool:
        return ChangeKind.SUBJECTS in self.kinds

    @property
    def signals(self) -> bool:
        return ChangeKind.SIGNALS in self.kinds

    @property
    def sittings(self) -> bool:
        return ChangeKind.SITTINGS in self.kinds

    @property
    def interventions(self) -> bool:
        return ChangeKind.INTERVENTIONS in self.kinds

    @property
    def agreements(self) -> bool:
        return ChangeKind.AGREEMENTS in self.kinds

    @property
    def settings(self) -> bool:
        return ChangeKind.SETTINGS in self.kinds


@dataclass(frozen=True, slots=True)
class Changed(Generic[T]):
    """A service's result together with what it changed (for `CollectionOp`)."""

    value: T
    changes: OpChanges
