"""The search for witnesses that no small figure is pinned, over figures as flow networks.

The engine behind `suppression.protect` (the value types live in `figures` and are
re-exported here): for a figure it looks for an alternative set of figures (a witness,
as changes per figure) that fits everything published, first as ±1 cycles through the
networks, and where that fails as the difference the figures' own units make (one record
more, or one record swapped for another). The module docstring of `suppression` states
the guarantee.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from casustafel.domain.figures import (
    Delta,
    Edge,
    FigureKey,
    FigureSystem,
    Mark,
    Network,
    Unit,
    balanced,
)
from casustafel.domain.witness_units import UnitSearch

__all__ = ["Edge", "Engine", "FigureKey", "FigureSystem", "Mark", "Network", "Unit", "balanced"]

# A residual arc: the figure, its step (+1 along the edge, −1 against it), the node it
# leads to, and its cost.
_Arc = tuple[int, int, int, float]  # figure number, step, node number, cost

# Bound on the cycles one witness may chain through shared figures; far above what the
# monitoring layout needs, it only stops a pathological search.
_MAX_CYCLES = 64
_MAX_ATTEMPTS = 24


class Engine:
    """Marks, residual arcs and the witness search for one `FigureSystem`."""

    def __init__(self, system: FigureSystem, k: int) -> None:
        self.k = k
        self.system = system
        self.values = dict(system.values)
        self.context = system.context
        self.nets_of: dict[FigureKey, list[int]] = defaultdict(list)
        self.edge_in: dict[tuple[FigureKey, int], Edge] = {}
        self.edges_of: list[tuple[Edge, ...]] = [n.edges for n in system.networks]
        self.withheld: set[FigureKey] = set()
        self.marks: dict[FigureKey, Mark] = {}
        self.proofs: dict[FigureKey, Delta] = {}
        for key, value in self.values.items():
            if value < 0:
                raise ValueError(f"negative count for {key}")
            if key in system.hidden:
                self.marks[key] = Mark.HIDDEN
            elif 1 <= value < k:
                self.marks[key] = Mark.PRIMARY
            else:
                self.marks[key] = Mark.SHOWN
        # Two adjacency lists per network: `usable` leaves out the published zeros (a 0 is
        # never moved nor opened), `live` holds only figures that are not shown, which is
        # all a search without opening may cross; `suppress` keeps it up to date.
        self.usable: list[dict[str, list[Edge]]] = []
        self.live: list[dict[str, list[Edge]]] = []
        for index, network in enumerate(system.networks):
            usable: dict[str, list[Edge]] = defaultdict(list)
            live: dict[str, list[Edge]] = defaultdict(list)
            for edge in network.edges:
                if (edge.key, index) in self.edge_in:
                    raise ValueError(f"figure {edge.key} twice in network {network.name}")
                self.edge_in[(edge.key, index)] = edge
                self.nets_of[edge.key].append(index)
                if self.values[edge.key] == 0 and self.marks[edge.key] is Mark.SHOWN:
                    continue
                for lists in (
                    (usable, live) if self.marks[edge.key] is not Mark.SHOWN else (usable,)
                ):
                    lists[edge.tail].append(edge)
                    lists[edge.head].append(edge)
            self.usable.append(usable)
            self.live.append(live)
        self.shared = {key: len(nets) > 1 for key, nets in self.nets_of.items()}
        # The arcs a search without opening may take, per network and node, as (figure,
        # step, other node, cost) with the bounds already checked: built on first use and
        # again after a mark in that network loosened (`_loosened`). The search spends
        # nearly all its time crossing arcs, so it should not re-derive them each time.
        # Figures and nodes are numbered for it: an int hashes at once, a tuple each time.
        self._arcs: list[list[list[_Arc]] | None] = [None] * len(system.networks)
        self._number = {key: number for number, key in enumerate(self.values)}
        self._figure = list(self.values)
        self._nodes: list[dict[str, int]] = []
        for network in system.networks:
            nodes: dict[str, int] = {}
            for edge in network.edges:
                nodes.setdefault(edge.tail, len(nodes))
                nodes.setdefault(edge.head, len(nodes))
            self._nodes.append(nodes)
        # The small figures a witness must exist for; one witness proves every small
        # figure it moves (see `keep`).
        self._needs_proof = frozenset(self._small())
        self._unit_search: UnitSearch | None = None

    # --- marks and bounds -------------------------------------------------------------------

    def suppress(self, key: FigureKey) -> None:
        """Publish a shown figure as a complementary `x`."""
        if self.marks[key] is not Mark.SHOWN:
            return
        self.marks[key] = Mark.SECONDARY
        for net in self.nets_of[key]:
            edge = self.edge_in[(key, net)]
            self.live[net][edge.tail].append(edge)
            self.live[net][edge.head].append(edge)
        self._loosened(key)

    def _loosened(self, key: FigureKey) -> None:
        """Forget the arcs of the networks of `key`: its mark or bounds changed."""
        for net in self.nets_of[key]:
            self._arcs[net] = None

    def withhold(self, key: FigureKey) -> None:
        """Publish a figure as `x` read only as "not 0" (a last resort, see `run`)."""
        if self.marks[key] is Mark.HIDDEN:
            return
        self.suppress(key)
        self.marks[key] = Mark.SECONDARY
        self.withheld.add(key)
        self._loosened(key)

    def adopt(self, marks: Mapping[FigureKey, Mark], withheld: Iterable[FigureKey]) -> None:
        """Take over the marks of an earlier run (to check or look up its witnesses)."""
        for key, mark in marks.items():
            if mark is Mark.SECONDARY:
                self.suppress(key)
        self.marks = dict(marks)
        self.withheld = set(withheld)
        self._arcs = [None] * len(self._arcs)

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
            # for figures withheld as a last resort.
            loose = value < self.k or key in self.withheld
            return (1 if loose else self.k), math.inf
        return 0, math.inf

    def can_move(self, key: FigureKey, step: int, mark: Mark | None = None) -> bool:
        low, high = self.bounds(key, mark)
        return low <= self.values[key] + step <= high

    def proves(self, key: FigureKey, delta: Mapping[FigureKey, int]) -> bool:
        """True when `delta` moves `key` and fits every published figure and every sum."""
        return (
            delta.get(key, 0) != 0
            and all(self.can_move(f, change) for f, change in delta.items() if change)
            and balanced(delta, self.nets_of, self.edge_in)
        )

    # --- cycle witnesses --------------------------------------------------------------------

    def _path(
        self,
        net: int,
        start: str,
        target: str,
        moved: Mapping[FigureKey, int],
        owed: Mapping[FigureKey, int],
        opening: bool,
        banned: frozenset[FigureKey],
    ) -> list[tuple[FigureKey, int, float]] | None:
        """Cheapest residual path from `start` to `target` in one network (Dijkstra).

        Figures already `moved` by the witness are off limits, except those `owed` a cycle
        in this network, which the path may carry in the direction they already moved.
        """
        if not opening:
            number = self._number
            return self._live_path(
                net,
                start,
                target,
                {number[f]: m for f, m in moved.items()},
                {number[f]: m for f, m in owed.items()},
                {number[f] for f in banned},
            )
        adjacency = self.usable[net]
        marks, shared, values, k = self.marks, self.shared, self.values, self.k
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
            for edge in adjacency.get(node, ()):
                # Leaving along an edge's direction raises it; against it lowers it.
                key = edge.key
                step, other = (1, edge.head) if edge.tail == node else (-1, edge.tail)
                if key in moved:
                    if owed.get(key) != step:
                        continue
                    arc = 0.0
                elif key in banned:
                    continue
                elif marks[key] is not Mark.SHOWN:
                    if not self.can_move(key, step):
                        continue
                    arc = 1.0 if shared[key] else 0.0
                else:
                    # A shown figure may be opened as complementary suppression: never a
                    # context figure (it is published elsewhere already), and an `x` is
                    # read as k or more.
                    value = values[key]
                    if key in self.context or value + step < k:
                        continue
                    # Hide as little as possible: cost grows with the value, sharing more.
                    arc = 10.0 + value + (1000.0 if shared[key] else 0.0)
                total = cost + arc
                if total < best.get(other, math.inf):
                    best[other] = total
                    came[other] = (node, key, step, arc)
                    heapq.heappush(queue, (total, next(counter), other))
        return None

    def _live_arcs(self, net: int) -> list[list[_Arc]]:
        """Per node of `net`, the arcs through figures not shown that may move that way."""
        arcs = self._arcs[net]
        if arcs is None:
            nodes, number = self._nodes[net], self._number
            arcs = [[] for _ in nodes]
            for node, edges in self.live[net].items():
                here = arcs[nodes[node]]
                for edge in edges:
                    step, other = (1, edge.head) if edge.tail == node else (-1, edge.tail)
                    if self.can_move(edge.key, step):
                        cost = 1.0 if self.shared[edge.key] else 0.0
                        here.append((number[edge.key], step, nodes[other], cost))
            self._arcs[net] = arcs
        return arcs

    def _live_path(
        self,
        net: int,
        start_node: str,
        target_node: str,
        moved: Mapping[int, int],
        owed: Mapping[int, int],
        banned: AbstractSet[int],
    ) -> list[tuple[FigureKey, int, float]] | None:
        """`_path` without opening: the same search over the arcs `_live_arcs` checked.

        Figures and nodes by number, and the same costs and tie-breaking as `_path`, so
        it finds the same path. It may stop as soon as it reaches the target over a free
        arc: no later arc can make that cheaper, and `_path` would keep that very arc.
        """
        arcs = self._live_arcs(net)
        nodes = self._nodes[net]
        start, target = nodes[start_node], nodes[target_node]
        counter = itertools.count()
        inf = math.inf
        best = [inf] * len(nodes)
        best[start] = 0.0
        came: list[tuple[int, int, int, float] | None] = [None] * len(nodes)
        queue: list[tuple[float, int, int]] = [(0.0, next(counter), start)]
        pop, push = heapq.heappop, heapq.heappush
        found = False
        while queue and not found:
            cost, _tie, node = pop(queue)
            if node == target:
                found = True
                break
            if cost > best[node]:
                continue
            for figure, step, other, arc in arcs[node]:
                if figure in moved:
                    if owed.get(figure) != step:
                        continue
                    arc = 0.0
                elif figure in banned:
                    continue
                total = cost + arc
                if total < best[other]:
                    best[other] = total
                    came[other] = (node, figure, step, arc)
                    if other == target and total == cost:
                        found = True
                        break
                    push(queue, (total, next(counter), other))
        if not found:
            return None
        path: list[tuple[FigureKey, int, float]] = []
        node = target
        while node != start:
            entry = came[node]
            assert entry is not None
            previous, figure, step, paid = entry
            path.append((self._figure[figure], step, paid))
            node = previous
        return path[::-1]

    def witness(
        self, key: FigureKey, step: int, opening: bool
    ) -> tuple[Delta, set[FigureKey], float] | None:
        """An alternative solution in which `key` moves by `step`, as changes per figure.

        One cycle through the figure in each network that holds it; every shared figure the
        cycles move is compensated by a cycle in each of its other networks. Each figure is
        moved at most once, so the bounds checked per arc hold for the whole witness. The
        cycles are chosen greedily; when a choice leads nowhere, the shared figure whose
        cycle could not be closed is kept out first, then the others it pulled in, and the
        search starts again.
        """
        if not self.can_move(key, step):
            return None
        tried: set[frozenset[FigureKey]] = set()
        queue: deque[frozenset[FigureKey]] = deque([frozenset()])
        while queue and len(tried) < _MAX_ATTEMPTS:
            banned = queue.popleft()
            if banned in tried:
                continue
            tried.add(banned)
            found, shared, culprit = self._witness_once(key, step, opening, banned)
            if found is not None:
                return found
            queue.extend(banned | {figure} for figure in sorted(shared - banned))
            if culprit is not None and culprit not in banned:
                queue.appendleft(banned | {culprit})
        return None

    def _witness_once(
        self, key: FigureKey, step: int, opening: bool, banned: frozenset[FigureKey]
    ) -> tuple[tuple[Delta, set[FigureKey], float] | None, set[FigureKey], FigureKey | None]:
        """One greedy try; on failure also the shared figures it moved and the culprit."""
        shared: set[FigureKey] = set()
        delta: Delta = {key: step}
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
                return None, shared, None
            edge = self.edge_in[(figure, net)]
            start, target = (edge.head, edge.tail) if move > 0 else (edge.tail, edge.head)
            here = {f: m for (f, n), m in owed.items() if n == net}
            path = self._path(net, start, target, delta, here, opening, banned)
            if path is None:
                return None, shared, (figure if figure != key else None)
            for other, other_move, arc in path:
                if other in here:
                    del owed[(other, net)]
                    continue
                delta[other] = other_move
                total += arc
                if self.marks[other] is Mark.SHOWN:
                    opened.add(other)
                if self.shared[other]:
                    shared.add(other)
                for n in self.nets_of[other]:
                    if n != net:
                        owed[(other, n)] = other_move
        return (delta, opened, total), shared, None

    def is_safe(self, key: FigureKey) -> bool:
        """True when `key` has a witness; the first one found is kept as its proof.

        It is kept for the other small figures it moves as well (`keep`).

        Marks only ever loosen what the reader knows (shown → `x`, `x` read as k or more →
        `x` read as not 0), so a proof, once found, stays valid until the end.
        """
        if key in self.proofs:
            return True
        for step in (1, -1):
            found = self.witness(key, step, opening=False)
            if found is not None:
                self.keep(found[0])
                return True
        return False

    def keep(self, delta: Delta) -> None:
        """Keep `delta` as the proof of every small figure it moves that has none yet.

        A witness is one alternative set of figures that fits everything published; each
        small figure it changes takes another value in it, so it is not pinned either.
        Marks only loosen afterwards, so the shared proof stays valid for all of them.
        """
        for figure, change in delta.items():
            if change and figure in self._needs_proof and figure not in self.proofs:
                self.proofs[figure] = delta

    def open_for(self, key: FigureKey) -> set[FigureKey] | None:
        """The cheapest set of shown figures whose suppression gives `key` a witness."""
        found = [w for step in (1, -1) if (w := self.witness(key, step, opening=True))]
        if not found:
            return None
        return min(found, key=lambda w: w[2])[1]

    # --- unit witnesses ---------------------------------------------------------------------

    def unit_witness(self, key: FigureKey) -> bool:
        """Protect `key` by one unit more or less, or one unit swapped for another.

        The cheapest such change is applied (opening and withholding what it needs) and
        kept as the proof of `key` (`witness_units.UnitSearch`). False when the system
        has no units or none fits.
        """
        if self._unit_search is None:
            self._unit_search = UnitSearch(self)
        return self._unit_search.witness(key)

    # --- the whole run ----------------------------------------------------------------------

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
                if self.unit_witness(key):
                    continue
                opened = self._last_resort(key)
                if not opened:
                    unresolved.add(key)
                    continue
            for figure in sorted(opened):
                self.suppress(figure)
            queue.append(key)
        return frozenset(k for k in unresolved if not self.is_safe(k))

    def _small(self) -> list[FigureKey]:
        # A small context figure (the stock at the start of a half year, `<k` in the piece
        # before) needs its proof here too: this piece's flows tie it to its own figures.
        return [key for key, value in self.values.items() if 0 < value < self.k]

    def _last_resort(self, key: FigureKey) -> set[FigureKey]:
        """Figures to withhold when no cheaper choice protects `key`.

        First every non-zero shown figure of its networks. If that is not enough, every
        non-zero figure there is withheld as `x` promising only "not 0": the bounds of
        `<k`, or of an `x` read as "k or more", can pin a figure on their own (four cells of
        at least 1 under a total below 5 are all 1). Then the same for every network tied
        to those through shared figures. The figures returned are rechecked.
        """
        nets = set(self.nets_of[key])
        for widen in (False, True):
            if widen:
                nets = self.component(nets)
            around = {
                e.key
                for net in nets
                for e in self.edges_of[net]
                if self.values[e.key] > 0
                and e.key not in self.context
                and self.marks[e.key] is not Mark.HIDDEN
            }
            shown = {f for f in around if self.marks[f] is Mark.SHOWN}
            if shown:
                return shown
            loosened = {f for f in around if f not in self.withheld}
            for figure in loosened:
                self.withhold(figure)
            if loosened:
                return loosened
        return set()

    def component(self, nets: set[int]) -> set[int]:
        """The networks reachable from `nets` through shared figures."""
        found, todo = set(nets), list(nets)
        while todo:
            for edge in self.edges_of[todo.pop()]:
                for net in self.nets_of[edge.key]:
                    if net not in found:
                        found.add(net)
                        todo.append(net)
        return found
