"""Published figures as the edges of flow networks: the values `suppression` works on.

A figure is one count (`FigureKey`); a `Network` ties figures together by conservation,
and a `FigureSystem` holds all figures of one publication with their networks. `balanced`
checks that a change of figures keeps every sum. The engine that searches witnesses over
them is `witness.Engine`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Delta", "Edge", "FigureKey", "FigureSystem", "Mark", "Network", "Unit", "balanced"]

FigureKey = tuple[str, ...]
Unit = Mapping[FigureKey, int]
Delta = dict[FigureKey, int]  # a witness: the change of each figure it moves


class Mark(StrEnum):
    """How a figure is published."""

    SHOWN = "shown"
    PRIMARY = "primary"  # 1..k−1, shown as `<k`
    SECONDARY = "secondary"  # complementary suppression, shown as `x` (not 0)
    HIDDEN = "hidden"  # part of the sums, never published (the reader knows only ≥ 0)

    @property
    def is_suppressed(self) -> bool:
        return self in (Mark.PRIMARY, Mark.SECONDARY)


@dataclass(frozen=True, slots=True)
class Edge:
    """One figure as the flow from `tail` to `head` in a network."""

    key: FigureKey
    tail: str
    head: str


@dataclass(frozen=True, slots=True)
class Network:
    """Figures tied together by conservation: at each node inflow equals outflow."""

    name: str
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class FigureSystem:
    """All figures of one publication with the networks that relate them.

    Attributes:
        values: the true value of every figure.
        networks: the sums, as flow networks; a figure may be in several networks.
        hidden: figures that take part in the sums but are not published.
        context: figures not published here but assumed known to the reader up to the
            small-count rule (e.g. the stock at the start of the period, published in an
            earlier report); they are marked like any figure but never chosen to hide more.
        units: optional, the parts the values are sums of (one per record: what that
            record adds to each figure), as `units(key)`: the units of the figures tied
            to `key` (the provider returns the same sequence for the same part, so the
            engine indexes it once). Called only when the cycle search finds no witness;
            a unit that breaks a sum is never accepted.
    """

    values: Mapping[FigureKey, int]
    networks: tuple[Network, ...]
    hidden: frozenset[FigureKey] = frozenset()
    context: frozenset[FigureKey] = frozenset()
    units: Callable[[FigureKey], Sequence[Unit]] | None = None


def balanced(
    delta: Mapping[FigureKey, int],
    nets_of: Mapping[FigureKey, Sequence[int]],
    edge_in: Mapping[tuple[FigureKey, int], Edge],
) -> bool:
    """True when `delta` keeps inflow equal to outflow at every node of every network."""
    balance: dict[tuple[int, str], int] = defaultdict(int)
    for key, change in delta.items():
        if change and key not in nets_of:
            return False
        for net in nets_of.get(key, ()):
            edge = edge_in[(key, net)]
            balance[(net, edge.tail)] -= change
            balance[(net, edge.head)] += change
    return not any(balance.values())
