"""Small-count suppression: primary marks, complementary suppression, and that nothing is pinned."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casustafel.domain.suppression import (
    NOT_AVAILABLE,
    SECONDARY_MARK,
    CountTable,
    Edge,
    FigureKey,
    FigureSystem,
    Mark,
    Network,
    ProtectedTable,
    find_witness,
    percentile,
    protect,
    protect_table,
    quantile_or_none,
    verify_witness,
)
from casustafel.errors import ValidationError

# --- an independent oracle: enumerate tables consistent with what is published ---------


def _reader_bounds(mark: Mark, value: int, k: int, spread: int, loose: bool) -> range:
    """The values a reader allows for one cell, cut to `spread` around the truth.

    Cutting the range only makes the oracle find fewer alternatives, so an alternative it
    finds is real; the truth is always in the range.
    """
    if mark is Mark.SHOWN:
        return range(value, value + 1)
    # `x` is "not 0"; for a figure of k or more the reader may even assume ≥ k, unless it
    # was withheld as a last resort (`loose`).
    floor = 1 if loose or value < k else k
    low, high = (1, k - 1) if mark is Mark.PRIMARY else (floor, value + spread)
    return range(max(low, value - spread), min(high, value + spread) + 1)


def _total_ok(mark: Mark, true: int, candidate: int, k: int, loose: bool) -> bool:
    if mark is Mark.SHOWN:
        return candidate == true
    if mark is Mark.PRIMARY:
        return 1 <= candidate <= k - 1
    if mark is Mark.SECONDARY:
        return candidate >= (1 if loose or true < k else k)
    return candidate >= 0


def recoverable_figures(result: ProtectedTable) -> set[FigureKey]:
    """Small figures that take one value in every table consistent with the output.

    Brute force over the suppressed cells (the totals follow from the cells), which does
    not rely on the network argument the engine uses.
    """
    table, protection, k = result.table, result.protection, result.protection.k
    marks = protection.marks
    positions = [
        (i, j)
        for i in range(len(table.rows))
        for j in range(len(table.columns))
        if marks[("c", str(i), str(j))].is_suppressed
    ]
    spread = 3 if len(positions) <= 5 else 1
    ranges = [
        _reader_bounds(
            marks[("c", str(i), str(j))],
            table.cells[i][j],
            k,
            spread,
            ("c", str(i), str(j)) in protection.withheld,
        )
        for i, j in positions
    ]
    system = result.system
    small = [key for key, value in result.system.values.items() if 0 < value < k]
    seen: dict[FigureKey, set[int]] = {key: set() for key in small}
    for choice in itertools.product(*ranges):
        cells = [list(row) for row in table.cells]
        for (i, j), value in zip(positions, choice, strict=True):
            cells[i][j] = value
        candidate: dict[FigureKey, int] = {}
        for i, row in enumerate(cells):
            candidate[("r", str(i))] = sum(row)
            for j, value in enumerate(row):
                candidate[("c", str(i), str(j))] = value
        for j in range(len(table.columns)):
            candidate[("k", str(j))] = sum(row[j] for row in cells)
        candidate[("t",)] = sum(map(sum, cells))
        totals = [key for key in candidate if key[0] in ("r", "k", "t")]
        if all(
            _total_ok(marks[key], system.values[key], candidate[key], k, key in protection.withheld)
            for key in totals
        ):
            for key in seen:
                seen[key].add(candidate[key])
    return {key for key, values in seen.items() if len(values) < 2}


# --- strategies ----------------------------------------------------------------------------


@st.composite
def count_tables(draw: st.DrawFn, max_rows: int = 3, max_columns: int = 3) -> CountTable:
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    value = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20])
    cells = tuple(tuple(draw(value) for _ in range(columns)) for _ in range(rows))
    return CountTable(
        rows=tuple(f"rij {i}" for i in range(rows)),
        columns=tuple(f"kolom {j}" for j in range(columns)),
        cells=cells,
        row_totals=draw(st.booleans()),
        column_totals=draw(st.booleans()),
        grand_total=draw(st.booleans()),
    )


# --- properties ----------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(count_tables())
def test_no_suppressed_figure_can_be_recovered(table: CountTable) -> None:
    result = protect_table(table)
    assert result.protection.unresolved == frozenset()
    assert recoverable_figures(result) == set()


@settings(max_examples=200, deadline=None)
@given(count_tables(max_rows=5, max_columns=6), st.sampled_from([5, 10]))
def test_small_counts_never_shown_and_zero_stays_zero(table: CountTable, k: int) -> None:
    result = protect_table(table, k)
    for key, mark in result.protection.marks.items():
        value = result.system.values[key]
        if mark is Mark.HIDDEN:
            continue
        shown = result.protection.display(key)
        if value == 0:
            assert shown == 0
        elif value < k:
            # `<k`, or `x` as the last resort when the `<k` bounds alone would pin it.
            assert shown in (f"<{k}", SECONDARY_MARK)
        else:
            assert shown in (value, SECONDARY_MARK)
            assert isinstance(shown, int) or mark is Mark.SECONDARY


@settings(max_examples=200, deadline=None)
@given(count_tables(max_rows=6, max_columns=8), st.sampled_from([5, 10]))
def test_every_small_figure_has_a_checked_witness(table: CountTable, k: int) -> None:
    result = protect_table(table, k)
    assert result.protection.unresolved == frozenset()
    for key in [key for key, value in result.system.values.items() if 0 < value < k]:
        delta = find_witness(result.system, result.protection, key)
        assert delta is not None and delta[key] != 0
        assert verify_witness(result.system, result.protection, delta)


# --- known cases ---------------------------------------------------------------------------


def _table(cells: list[list[int]], **flags: bool) -> CountTable:
    return CountTable(
        rows=tuple(str(i) for i in range(len(cells))),
        columns=tuple(str(j) for j in range(len(cells[0]))),
        cells=tuple(tuple(row) for row in cells),
        **flags,
    )


def test_single_small_cell_in_a_row_gets_a_partner() -> None:
    result = protect_table(_table([[3, 7, 10], [10, 10, 10]]))
    assert result.cell(0, 0) == "<5"
    assert recoverable_figures(result) == set()
    row_zero = [result.cell(0, j) for j in range(3)] + [result.row_total(0)]
    assert sum(1 for v in row_zero if not isinstance(v, int)) >= 2


def test_two_small_cells_in_a_row_recoverable_through_columns_get_more() -> None:
    # Both 3 and 4 sit alone in their columns: the column totals would give them away.
    result = protect_table(_table([[3, 4, 10], [10, 10, 10]]))
    assert recoverable_figures(result) == set()
    column_zero = [result.cell(0, 0), result.cell(1, 0), result.column_total(0)]
    assert sum(1 for v in column_zero if not isinstance(v, int)) >= 2


def test_single_row_table() -> None:
    result = protect_table(_table([[2, 8, 9]]))
    assert result.cell(0, 0) == "<5"
    assert recoverable_figures(result) == set()


def test_single_column_table() -> None:
    result = protect_table(_table([[6], [1], [9], [0]]))
    assert result.cell(1, 0) == "<5"
    assert result.cell(3, 0) == 0
    assert recoverable_figures(result) == set()


def test_everything_small_is_safe_as_is() -> None:
    result = protect_table(_table([[3]]))
    assert result.cell(0, 0) == result.grand_total() == "<5"
    assert result.suppressed_count == 4
    assert recoverable_figures(result) == set()


def test_nothing_small_hides_nothing() -> None:
    result = protect_table(_table([[5, 0], [12, 7]]))
    assert result.suppressed_count == 0
    assert result.cell(0, 1) == 0 and result.grand_total() == 24


def test_two_small_cells_summing_to_two_are_not_enough() -> None:
    # 1 + 1 with the row total 2 shown as <5: the reader knows both are 1 only if the
    # total were shown; here it is small too, but the column totals show 1 and 1.
    result = protect_table(_table([[1, 1, 8], [6, 9, 8]]))
    assert recoverable_figures(result) == set()


def test_k_must_be_five_or_ten() -> None:
    with pytest.raises(ValidationError, match="5 of 10"):
        protect_table(_table([[1]]), k=3)


def test_shared_figures_across_networks_get_consistent_witnesses() -> None:
    # Two one-column tables that share their total: a = 2 + 9, b = 4 + 7.
    values: dict[FigureKey, int] = {
        ("a1",): 2,
        ("a2",): 9,
        ("b1",): 4,
        ("b2",): 7,
        ("tot",): 11,
    }
    first = Network(
        "a", (Edge(("a1",), "x", "y"), Edge(("a2",), "x", "y"), Edge(("tot",), "y", "x"))
    )
    second = Network(
        "b", (Edge(("b1",), "p", "q"), Edge(("b2",), "p", "q"), Edge(("tot",), "q", "p"))
    )
    system = FigureSystem(values, (first, second))
    protection = protect(system)
    assert protection.unresolved == frozenset()
    assert protection.marks[("a2",)] is Mark.SECONDARY
    assert protection.marks[("b2",)] is Mark.SECONDARY
    assert protection.marks[("tot",)] is Mark.SHOWN
    for key in [("a1",), ("b1",)]:
        delta = find_witness(system, protection, key)
        assert delta is not None and verify_witness(system, protection, delta)


def test_verify_witness_rejects_an_unbalanced_change() -> None:
    result = protect_table(_table([[3, 7], [10, 10]]))
    assert not verify_witness(result.system, result.protection, {("c", "0", "0"): 1})


# --- medians and percentiles ---------------------------------------------------------------


def test_percentile_interpolates_like_excel() -> None:
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50], 0.75) == 40
    assert percentile([7], 0.75) == 7


def test_quantile_needs_k_values() -> None:
    assert quantile_or_none([1, 2, 3, 4], 0.5, 5) is None
    assert quantile_or_none([1, 2, 3, 4, 5], 0.5, 5) == 3
    assert NOT_AVAILABLE == "n.b."


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=50), st.floats(0, 1))
def test_percentile_lies_within_the_data(values: list[int], fraction: float) -> None:
    assert min(values) <= percentile(values, fraction) <= max(values)
