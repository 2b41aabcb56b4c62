"""Unit witnesses: a small figure protected by one record more, less, or swapped.

Where the ±1 cycles of `witness.Engine` find no witness (bounds alone can pin a figure:
four cells of at least 1 under a total below 5 are all 1), the figures' own units (what
one record adds to each figure) give one: the difference one unit makes keeps every sum
by construction, and what it needs opened or read as "not 0" is applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from casustafel.domain.figures import Delta, FigureKey, Mark, Unit

if TYPE_CHECKING:
    from casustafel.domain.witness import Engine

__all__ = ["UnitSearch"]

# Units tried as the partner of a swap per unit that holds the figure.
_MAX_SWAPS = 200


class UnitSearch:
    """The unit witnesses of one `Engine` (its `unit_witness`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._unit_index: dict[FigureKey, list[int]] = {}
        self._units: Sequence[Unit] = ()
        self._indexed: dict[int, tuple[Sequence[Unit], dict[FigureKey, list[int]]]] = {}
        self._reach: dict[frozenset[int], set[FigureKey]] = {}

    def witness(self, key: FigureKey) -> bool:
        """Protect `key` by one unit more or less, or one unit swapped for another.

        The cheapest such change is applied (opening and withholding what it needs) and
        kept as the proof of `key`. False when the system has no units or none fits.
        """
        engine = self.engine
        if engine.system.units is None:
            return False
        units = engine.system.units(key)
        if id(units) not in self._indexed:
            self._indexed[id(units)] = (units, {})
        self._units, self._unit_index = self._indexed[id(units)]
        best: tuple[float, Delta, set[FigureKey], set[FigureKey]] | None = None
        for delta in self._unit_candidates(key):
            priced = self._price(delta)
            if priced is not None and (best is None or priced[0] < best[0]):
                best = (priced[0], delta, priced[1], priced[2])
        if best is None:
            return False
        _cost, delta, opened, loosened = best
        for figure in opened:
            engine.suppress(figure)
        for figure in loosened:
            engine.withhold(figure)
        if not engine.proves(key, delta):  # units that do not add up are never trusted
            return False
        engine.keep(delta)
        return True

    def _holding(self, figure: FigureKey) -> list[int]:
        """The numbers of the units that add to `figure`, looked up once per figure.

        Only the figure asked about and the context figures of its units are ever looked
        up, so indexing every figure of every unit up front was mostly wasted.
        """
        found = self._unit_index.get(figure)
        if found is None:
            # `in` first: a unit may answer it without counting (`unit.get` would count).
            found = [
                n
                for n, unit in enumerate(self._units)
                if figure in unit and unit[figure]  # noqa: RUF019
            ]
            self._unit_index[figure] = found
        return found

    def _unit_candidates(self, key: FigureKey) -> Iterable[Delta]:
        """±1 unit that holds `key`, then such a unit swapped for one that does not.

        Only the figures of the networks tied to `key` move: the others are not summed
        with it, so leaving them as they are keeps every sum.
        """
        engine = self.engine
        nets = frozenset(engine.component(set(engine.nets_of[key])))
        if nets not in self._reach:
            self._reach[nets] = {e.key for net in nets for e in engine.edges_of[net]}
        reach = self._reach[nets]

        def part(index: int) -> Delta:
            return {f: a for f, a in self._units[index].items() if a and f in reach}

        holders = self._holding(key)
        for index in holders:
            unit = part(index)
            yield unit
            yield {f: -a for f, a in unit.items()}
        # A unit that holds a figure the reader knows from elsewhere (context) can only be
        # swapped for another unit that holds the same, so that the context stays as it is.
        for index in holders:
            unit = part(index)
            signature = {f: a for f, a in unit.items() if f in engine.context}
            if not signature:
                continue
            partners = set.intersection(*(set(self._holding(f)) for f in signature))
            tried = 0
            for other in sorted(partners - set(holders)):
                swap = part(other)
                if {f: a for f, a in swap.items() if f in engine.context} != signature:
                    continue
                tried += 1
                if tried > _MAX_SWAPS:
                    break
                delta = dict(unit)
                for figure, amount in swap.items():
                    delta[figure] = delta.get(figure, 0) - amount
                yield {f: a for f, a in delta.items() if a}

    def _price(
        self, delta: Mapping[FigureKey, int]
    ) -> tuple[float, set[FigureKey], set[FigureKey]] | None:
        """What applying `delta` costs: figures to open, figures to read as "not 0"."""
        engine = self.engine
        cost = 0.0
        opened: set[FigureKey] = set()
        loosened: set[FigureKey] = set()
        for figure, change in delta.items():
            if figure not in engine.marks:
                return None
            value, mark = engine.values[figure], engine.marks[figure]
            target = value + change
            if engine.can_move(figure, change):
                continue
            if target < (0 if mark is Mark.HIDDEN else 1) or figure in engine.context:
                return None
            if mark is Mark.SHOWN:
                if value == 0:
                    return None
                opened.add(figure)
                cost += 10.0 + value
                if target < engine.k:
                    loosened.add(figure)
            elif mark is not Mark.HIDDEN:
                loosened.add(figure)
                cost += 1.0
        return cost, opened, loosened
