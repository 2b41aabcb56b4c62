"""Small-count suppression: primary `<k` marks and complementary suppression that is proven safe.

The published figures of a table (cells and totals) are modelled as the edges of a flow
network: every published figure is the flow on one edge and the additivity of the table
is flow conservation at the nodes. A 2-D table with row and column totals is the network
source → row (row total) → column (cell) → sink (column total) → source (grand total);
linked figures (a stock-and-flow chain, a hierarchy of domains over types, tables that
share a total) are networks too, and figures shared between networks are allowed.

Guarantee (what "cannot be recovered" means here). The reader is assumed to know every
published figure, that all figures are non-negative integers related by the sums of the
tables, that a 0 is always shown, that `<k` means 1..k−1, and, for a complementary `x`,
even that it is k or more (`x` itself promises only "not 0"; a small figure, or one in
`Protection.withheld`, becomes `x` only as a last resort, when bounds alone would pin a
figure, and is then read as "not 0" only). For every figure from 1 to k−1, `protect`
constructs an explicit alternative set of figures that satisfies all of that knowledge
and in which that figure has a different value (`find_witness`, `verify_witness`), so no
small count is pinned to a single value. A complementary `x` of k or more may itself be
worked out: it is there to protect the small ones. The witness moves figures by ±1
along cycles, so no more is promised: a reader may narrow a small count to an interval,
never to one value. Which cells were chosen is not assumed secret against a reader who
knows this algorithm, and figures published in other exports (other periods) are
outside the guarantee.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = [
    "ALLOWED_K",
    "DEFAULT_K",
    "NOT_AVAILABLE",
    "SECONDARY_MARK",
    "CountTable",
    "Edge",
    "FigureKey",
    "FigureSystem",
    "Mark",
    "Network",
    "ProtectedTable",
    "Protection",
    "check_k",
    "find_witness",
    "percentile",
    "protect",
    "protect_table",
    "quantile_or_none",
    "verify_witness",
]

DEFAULT_K = 5
ALLOWED_K = (5, 10)
NOT_AVAILABLE = "n.b."  # a median or percentile over fewer than k values
SECONDARY_MARK = "x"  # complementary suppression: not published, not 0

FigureKey = tuple[str, ...]

# Bound on the cycles one witness may chain through shared figures; far above what the
# monitoring layout needs, it only stops a pathological search.
_MAX_CYCLES = 64
_MAX_ATTEMPTS = 12


class Mark(StrEnum):
    """How a figure is published."""

    SHOWN = "shown"
    PRIMARY = "primary"  # 1..k−1, shown as `<k`
    SECONDARY = "secondary"  # complementary suppression, shown as `x` (not 0)
    HIDDEN = "hidden"  # part of the sums, never published (the reader knows only ≥ 0)

    @property
    def is_suppressed(self) -> bool:
        return self in (Mark.PRIMARY, Mark.SECONDARY)


def check_k(k: int) -> int:
    """Return `k` if it is an allowed threshold, else raise a Dutch `ValidationError`."""
    if k not in ALLOWED_K:
        raise ValidationError(_("De drempel k moet 5 of 10 zijn, niet {k}.").format(k=k), field="k")
    return k


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
    """

    values: Mapping[FigureKey, int]
    networks: tuple[Network, ...]
    hidden: frozenset[FigureKey] = frozenset()
    context: frozenset[FigureKey] = frozenset()


@dataclass(frozen=True)
class Protection:
    """The outcome of `protect`: a mark per figure.

    Attributes:
        k: the threshold used.
        marks: the mark of every figure.
        unresolved: small figures for which no witness could be built; the export
            refuses to publish while this is not empty (it never is in the tests).
    """

    k: int
    marks: Mapping[FigureKey, Mark]
    values: Mapping[FigureKey, int]
    unresolved: frozenset[FigureKey] = frozenset()
    context: frozenset[FigureKey] = frozenset()
    withheld: frozenset[FigureKey] = frozenset()  # `x` read only as "not 0"

    def display(self, key: FigureKey) -> int | str:
        """The published form of a figure: the number, `<k`, or `x`."""
        mark = self.marks[key]
        if mark is Mark.PRIMARY:
            return f"<{self.k}"
        if mark is Mark.SECONDARY:
            return SECONDARY_MARK
        if mark is Mark.HIDDEN:
            raise KeyError(key)
        return self.values[key]

    @property
    def suppressed(self) -> frozenset[FigureKey]:
        return frozenset(
            key
            for key, mark in self.marks.items()
            if mark.is_suppressed and key not in self.context
        )


class _Engine:
    """Marks, residual arcs and the witness search for one `FigureSystem`."""

    def __init__(self, system: FigureSystem, k: int) -> None:
        self.k = k
        self.values = dict(system.values)
        self.context = system.context
        self.nets_of: dict[FigureKey, list[int]] = defaultdict(list)
        self.edge_in: dict[tuple[FigureKey, int], Edge] = {}
        self.adjacent: list[dict[str, list[Edge]]] = []
        for index, network in enumerate(system.networks):
            adjacency: dict[str, list[Edge]] = defaultdict(list)
            for edge in network.edges:
                if (edge.key, index) in self.edge_in:
                    raise ValueError(f"figure {edge.key} twice in network {network.name}")
                self.edge_in[(edge.key, index)] = edge
                self.nets_of[edge.key].append(index)
                adjacency[edge.tail].append(edge)
                adjacency[edge.head].append(edge)
            self.adjacent.append(adjacency)
        self.withheld: set[FigureKey] = set()
        self.marks: dict[FigureKey, Mark] = {}
        for key, value in self.values.items():
            if value < 0:
                raise ValueError(f"negative count for {key}")
            if key in system.hidden:
                self.marks[key] = Mark.HIDDEN
            elif 1 <= value < k:
                self.marks[key] = Mark.PRIMARY
            else:
                self.marks[key] = Mark.SHOWN

    def bounds(self, key: FigureKey, mark: Mark | None = None) -> tuple[int, float]:
        """What the reader knows of a figure: its lower and upper bound."""
        mark = self.marks[key] if mark is None else mark
        value = self.values[key]
        if mark is Mark.SHOWN:
            return value, value
        if mark is Mark.PRIMARY:
            return 1, self.k - 1
        if mark is Mark.SECONDARY:
            # `x` promises only "not 0"; a reader who knows the algorithm may assume ≥ k
            # for a complementary figure, so that is what the witnesses must respect, except
            # for figures withheld as a last resort (see `_last_resort`).
            loose = value < self.k or key in self.withheld
            return (1 if loose else self.k), math.inf
        return 0, math.inf

    def _can_move(self, key: FigureKey, step: int, mark: Mark | None = None) -> bool:
        low, high = self.bounds(key, mark)
        target = self.values[key] + step
        return low <= target <= high

    def _arc_cost(self, key: FigureKey, step: int, opening: bool) -> float | None:
        """Cost of moving `key` by `step` on a path, or None when that is not allowed."""
        mark = self.marks[key]
        shared_penalty = 1.0 if len(self.nets_of[key]) > 1 else 0.0
        if mark is not Mark.SHOWN:
            return shared_penalty if self._can_move(key, step) else None
        # A shown figure may be opened as complementary suppression: never a 0 (0 stays 0)
        # and never a context figure (it is published elsewhere already).
        if not opening or self.values[key] == 0 or key in self.context:
            return None
        if not self._can_move(key, step, Mark.SECONDARY):
            return None
        # Hide as little as possible: cost grows with the value, sharing costs extra work.
        return 10.0 + self.values[key] + 1000.0 * shared_penalty

    def _path(
        self,
        net: int,
        start: str,
        target: str,
        moved: Mapping[FigureKey, int],
        owed: Mapping[FigureKey, int],
        opening: bool,
        banned: frozenset[FigureKey] = frozenset(),
    ) -> list[tuple[FigureKey, int, float]] | None:
        """Cheapest residual path from `start` to `target` in one network (Dijkstra).

        Figures already `moved` by the witness are off limits, except those `owed` a cycle
        in this network, which the path may carry in the direction they already moved.
        """
        counter = itertools.count()
        best: dict[str, float] = {start: 0.0}
        came: dict[str, tuple[str, FigureKey, int, float]] = {}
        queue: list[tuple[float, int, str]] = [(0.0, next(counter), start)]
        while queue:
            cost, _tie, node = heapq.heappop(queue)
            if node == target:
                path: list[tuple[FigureKey, int, float]] = []
                while node != start:
                    previous, key, step, paid = came[node]
                    path.append((key, step, paid))
                    node = previous
                return path[::-1]
            if cost > best.get(node, math.inf):
                continue
            for edge in self.adjacent[net][node]:
                # Leaving along an edge's direction raises it; against it lowers it.
                step, other = (1, edge.head) if edge.tail == node else (-1, edge.tail)
                if edge.key in moved:
                    if owed.get(edge.key) != step:
                        continue
                    arc: float | None = 0.0
                elif edge.key in banned:
                    continue
                else:
                    arc = self._arc_cost(edge.key, step, opening)
                if arc is None:
                    continue
                if cost + arc < best.get(other, math.inf):
                    best[other] = cost + arc
                    came[other] = (node, edge.key, step, arc)
                    heapq.heappush(queue, (cost + arc, next(counter), other))
        return None

    def witness(
        self, key: FigureKey, step: int, opening: bool
    ) -> tuple[dict[FigureKey, int], set[FigureKey], float] | None:
        """An alternative solution in which `key` moves by `step`, as changes per figure.

        One cycle through the figure in each network that holds it; every shared figure the
        cycles move is compensated by a cycle in each of its other networks. Each figure is
        moved at most once, so the bounds checked per arc hold for the whole witness. The
        cycles are chosen greedily; when a choice leads nowhere, the shared figures it
        pulled in are kept out, one at a time, and the search starts again.
        """
        if not self._can_move(key, step):
            return None
        # Breadth-first over which shared figures to keep out, one more at a time.
        tried: set[frozenset[FigureKey]] = set()
        queue: deque[frozenset[FigureKey]] = deque([frozenset()])
        while queue and len(tried) < _MAX_ATTEMPTS:
            banned = queue.popleft()
            if banned in tried:
                continue
            tried.add(banned)
            found, shared = self._witness_once(key, step, opening, banned)
            if found is not None:
                return found
            queue.extend(banned | {figure} for figure in sorted(shared - banned))
        return None

    def _witness_once(
        self, key: FigureKey, step: int, opening: bool, banned: frozenset[FigureKey]
    ) -> tuple[tuple[dict[FigureKey, int], set[FigureKey], float] | None, set[FigureKey]]:
        """One greedy try; also returns the shared figures it moved (to ban on failure)."""
        shared: set[FigureKey] = set()
        delta: dict[FigureKey, int] = {key: step}
        opened: set[FigureKey] = set()
        total = 0.0
        # The cycles still owed: (figure, network) → direction it moved. One path can pay
        # several debts in the same network at once.
        owed: dict[tuple[FigureKey, int], int] = {(key, net): step for net in self.nets_of[key]}
        cycles = 0
        while owed:
            (figure, net), move = next(iter(owed.items()))
            del owed[(figure, net)]
            cycles += 1
            if cycles > _MAX_CYCLES:
                return None, shared
            edge = self.edge_in[(figure, net)]
            start, target = (edge.head, edge.tail) if move > 0 else (edge.tail, edge.head)
            here = {f: m for (f, n), m in owed.items() if n == net}
            path = self._path(net, start, target, delta, here, opening, banned)
            if path is None:
                return None, shared
            for other, other_move, arc in path:
                if other in here:
                    del owed[(other, net)]
                    continue
                delta[other] = other_move
                total += arc
                if self.marks[other] is Mark.SHOWN:
                    opened.add(other)
                if len(self.nets_of[other]) > 1:
                    shared.add(other)
                for n in self.nets_of[other]:
                    if n != net:
                        owed[(other, n)] = other_move
        return (delta, opened, total), shared

    def is_safe(self, key: FigureKey) -> bool:
        return any(self.witness(key, step, opening=False) is not None for step in (1, -1))

    def open_for(self, key: FigureKey) -> set[FigureKey] | None:
        """The cheapest set of shown figures whose suppression gives `key` a witness."""
        found = [w for step in (1, -1) if (w := self.witness(key, step, opening=True))]
        if not found:
            return None
        return min(found, key=lambda w: w[2])[1]

    def run(self) -> frozenset[FigureKey]:
        """Complementary suppression until every small figure has a witness."""
        # Only the small figures need protecting: a complementary `x` is there to protect
        # them and may itself be worked out without harm. Context figures are protected by
        # the publication they come from, not here.
        queue = deque(sorted(self._small()))
        attempts: dict[FigureKey, int] = defaultdict(int)
        unresolved: set[FigureKey] = set()
        while queue:
            key = queue.popleft()
            if self.is_safe(key):
                continue
            attempts[key] += 1
            opened = self.open_for(key) if attempts[key] <= 3 else None
            if opened is None:
                opened = self._last_resort(key)
                if not opened:
                    unresolved.add(key)
                    continue
            for figure in sorted(opened):
                self.marks[figure] = Mark.SECONDARY
            queue.append(key)
        return frozenset(k for k in unresolved if not self.is_safe(k))

    def _small(self) -> list[FigureKey]:
        return [
            key
            for key, value in self.values.items()
            if 0 < value < self.k and key not in self.context
        ]

    def _last_resort(self, key: FigureKey) -> set[FigureKey]:
        """Figures around `key` to withhold when no cheaper choice protects it.

        First every non-zero shown figure of its networks. If that is not enough, every
        non-zero figure there is withheld as `x` promising only "not 0": the bounds of
        `<k`, or of an `x` read as "k or more", can pin a figure on their own (four cells of
        at least 1 under a total below 5 are all 1). The figures returned are rechecked.
        """
        around = {
            e.key
            for net in self.nets_of[key]
            for e in self.edge_in_network(net)
            if self.values[e.key] > 0
            and e.key not in self.context
            and self.marks[e.key] is not Mark.HIDDEN
        }
        shown = {f for f in around if self.marks[f] is Mark.SHOWN}
        if shown:
            return shown
        loosened = {f for f in around if f not in self.withheld}
        self.withheld |= loosened
        return loosened

    def edge_in_network(self, net: int) -> Iterable[Edge]:
        return {e for edges in self.adjacent[net].values() for e in edges}


def protect(system: FigureSystem, k: int = DEFAULT_K) -> Protection:
    """Mark every figure: primary suppression of 1..k−1, then complementary suppression.

    Args:
        system: the figures and the networks of sums that relate them.
        k: the threshold (5 or 10).

    Returns:
        The marks; see the module docstring for the guarantee.
    """
    engine = _Engine(system, check_k(k))
    unresolved = engine.run()
    return Protection(
        k=k,
        marks=dict(engine.marks),
        values=dict(engine.values),
        unresolved=unresolved,
        context=system.context,
        withheld=frozenset(engine.withheld),
    )


def verify_witness(
    system: FigureSystem, protection: Protection, delta: Mapping[FigureKey, int]
) -> bool:
    """True when `values + delta` is consistent with everything published under `protection`.

    Used by the tests to check witnesses independently of the search that built them.
    """
    engine = _Engine(system, protection.k)
    engine.marks = dict(protection.marks)
    engine.withheld = set(protection.withheld)
    for key, change in delta.items():
        if not engine._can_move(key, change):
            return False
    for index in range(len(system.networks)):
        balance: dict[str, int] = defaultdict(int)
        for edge in engine.edge_in_network(index):
            change = delta.get(edge.key, 0)
            balance[edge.tail] -= change
            balance[edge.head] += change
        if any(balance.values()):
            return False
    return True


def find_witness(
    system: FigureSystem, protection: Protection, key: FigureKey
) -> dict[FigureKey, int] | None:
    """The alternative solution `protect` relies on for `key` (for tests and explanations)."""
    engine = _Engine(system, protection.k)
    engine.marks = dict(protection.marks)
    engine.withheld = set(protection.withheld)
    for step in (1, -1):
        found = engine.witness(key, step, opening=False)
        if found is not None:
            return found[0]
    return None


@dataclass(frozen=True)
class CountTable:
    """A 2-D table of counts; its totals are computed and published as the flags say."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = True
    grand_total: bool = True

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.rows) or any(
            len(row) != len(self.columns) for row in self.cells
        ):
            raise ValueError("cells do not match rows and columns")

    def system(self) -> FigureSystem:
        """The table as one network: source → row → column → sink → source."""
        values: dict[FigureKey, int] = {}
        edges: list[Edge] = []
        for i, row in enumerate(self.cells):
            values[("r", str(i))] = sum(row)
            edges.append(Edge(("r", str(i)), "src", f"r{i}"))
            for j, value in enumerate(row):
                values[("c", str(i), str(j))] = value
                edges.append(Edge(("c", str(i), str(j)), f"r{i}", f"k{j}"))
        for j in range(len(self.columns)):
            values[("k", str(j))] = sum(row[j] for row in self.cells)
            edges.append(Edge(("k", str(j)), f"k{j}", "snk"))
        values[("t",)] = sum(map(sum, self.cells))
        edges.append(Edge(("t",), "snk", "src"))
        hidden: set[FigureKey] = set()
        if not self.row_totals:
            hidden |= {("r", str(i)) for i in range(len(self.rows))}
        if not self.column_totals:
            hidden |= {("k", str(j)) for j in range(len(self.columns))}
        if not self.grand_total:
            hidden.add(("t",))
        return FigureSystem(values, (Network("tabel", tuple(edges)),), frozenset(hidden))


@dataclass(frozen=True)
class ProtectedTable:
    """A `CountTable` with the published form of each cell and total."""

    table: CountTable
    protection: Protection
    system: FigureSystem = field(repr=False)

    def cell(self, i: int, j: int) -> int | str:
        return self.protection.display(("c", str(i), str(j)))

    def row_total(self, i: int) -> int | str:
        return self.protection.display(("r", str(i)))

    def column_total(self, j: int) -> int | str:
        return self.protection.display(("k", str(j)))

    def grand_total(self) -> int | str:
        return self.protection.display(("t",))

    @property
    def suppressed_count(self) -> int:
        return len(self.protection.suppressed)


def protect_table(table: CountTable, k: int = DEFAULT_K) -> ProtectedTable:
    """Suppress a 2-D table of counts with its totals (see the module docstring)."""
    system = table.system()
    return ProtectedTable(table, protect(system, k), system)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile with linear interpolation (as Excel's PERCENTIEL.INC)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def quantile_or_none(values: Sequence[float], fraction: float, k: int) -> float | None:
    """The quantile rounded to one decimal when there are at least `k` values, else None."""
    if len(values) < k:
        return None
    return round(percentile(values, fraction), 1)
