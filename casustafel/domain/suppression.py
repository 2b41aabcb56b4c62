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
small count is pinned to a single value; `Protection.witnesses` keeps them. A complementary
`x` of k or more may itself be worked out: it is there to protect the small ones. A witness
moves figures by ±1 along cycles or, where the figures are sums of units (records), by one
unit more, less or swapped (`witness.Engine`), so no more is promised: a reader may narrow
a small count to an interval, never to one value. Which cells were chosen is not assumed
secret against a reader who knows this algorithm, and figures published in other exports
(other periods) are outside the guarantee.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from casustafel.domain.witness import (
    Edge,
    Engine,
    FigureKey,
    FigureSystem,
    Mark,
    Network,
    Unit,
    balanced,
)
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
    "Unit",
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


def check_k(k: int) -> int:
    """Return `k` if it is an allowed threshold, else raise a Dutch `ValidationError`."""
    if k not in ALLOWED_K:
        raise ValidationError(_("De drempel k moet 5 of 10 zijn, niet {k}.").format(k=k), field="k")
    return k


@dataclass(frozen=True)
class Protection:
    """The outcome of `protect`: a mark per figure.

    Attributes:
        k: the threshold used.
        marks: the mark of every figure.
        values: the true value of every figure.
        unresolved: small figures for which no witness could be built; the export
            refuses to publish while this is not empty (it never is in the tests).
        context: figures known from elsewhere (see `FigureSystem`).
        withheld: complementary `x` figures read only as "not 0".
        witnesses: for every small figure, the alternative set of figures (as changes
            per figure) that proves it is not pinned; `verify_witness` checks one. One
            witness serves every small figure it changes (the same mapping object).
    """

    k: int
    marks: Mapping[FigureKey, Mark]
    values: Mapping[FigureKey, int]
    unresolved: frozenset[FigureKey] = frozenset()
    context: frozenset[FigureKey] = frozenset()
    withheld: frozenset[FigureKey] = frozenset()  # `x` read only as "not 0"
    witnesses: Mapping[FigureKey, Mapping[FigureKey, int]] = field(default_factory=dict)

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


def protect(system: FigureSystem, k: int = DEFAULT_K) -> Protection:
    """Mark every figure: primary suppression of 1..k−1, then complementary suppression.

    Args:
        system: the figures and the networks of sums that relate them.
        k: the threshold (5 or 10).

    Returns:
        The marks, with the witness of every small figure; see the module docstring for
        the guarantee.
    """
    engine = Engine(system, check_k(k))
    unresolved = engine.run()
    return Protection(
        k=k,
        marks=dict(engine.marks),
        values=dict(engine.values),
        unresolved=unresolved,
        context=system.context,
        withheld=frozenset(engine.withheld),
        witnesses={key: engine.proofs[key] for key in engine._small() if key in engine.proofs},
    )


def _engine_for(system: FigureSystem, protection: Protection) -> Engine:
    engine = Engine(system, protection.k)
    engine.adopt(protection.marks, protection.withheld)
    return engine


def verify_witness(
    system: FigureSystem, protection: Protection, delta: Mapping[FigureKey, int]
) -> bool:
    """True when `values + delta` is consistent with everything published under `protection`.

    Used by the tests to check witnesses independently of the search that built them.
    """
    engine = _engine_for(system, protection)
    if any(not engine.can_move(key, change) for key, change in delta.items() if change):
        return False
    return balanced(delta, engine.nets_of, engine.edge_in)


def find_witness(
    system: FigureSystem, protection: Protection, key: FigureKey
) -> dict[FigureKey, int] | None:
    """The alternative solution `protect` relies on for `key` (for tests and explanations).

    The witness `protect` kept when it has one, else a fresh cycle search.
    """
    if key in protection.witnesses:
        return dict(protection.witnesses[key])
    engine = _engine_for(system, protection)
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
