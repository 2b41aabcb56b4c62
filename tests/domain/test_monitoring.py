"""Monitoring indicators: counts equal a direct recount, suppression holds across linked blocks."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casustafel.domain.catalogue import table_definition
from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.monitoring import (
    INDICATOR_DEFINITIONS,
    Block,
    Monitoring,
    MonitoringRequest,
    Period,
    build_monitoring,
)
from casustafel.domain.monitoring_grid import Grain
from casustafel.domain.suppression import FigureKey, find_witness, verify_witness
from casustafel.domain.witness import Engine, balanced
from casustafel.errors import ValidationError


def build(*args: Any, **kwargs: Any) -> Monitoring:
    """Monthly pieces whatever the data: these tests are about counting, not the grain."""
    return build_monitoring(*args, fixed=Grain.MONTH, **kwargs)


MONTHS = ("2026-01", "2026-02", "2026-03")
PERIOD = Period.parse("2026-01", "2026-03")


def case(
    registered: str,
    closed: str | None = None,
    *,
    table: TableCode = TableCode.WO,
    area: str = "Emmerhout",
    step: str = "ONDERZOEK",
    outcome: str = "",
    lead: int | None = None,
    discussed: int | None = None,
    interventions: tuple[str, ...] = (),
    routes: tuple[str, ...] = (),
) -> StatRecord:
    return StatRecord(
        kind=StatKind.CASE,
        table=table,
        area=area,
        registered_month=registered,
        closed_month=closed,
        lead_time_days=lead,
        first_discussion_days=discussed,
        highest_step=step,
        outcome=outcome,
        intervention_types=interventions,
        routes=routes,
    )


def signal(received: str, *, outcome: str = "", days: int | None = None) -> StatRecord:
    return StatRecord(
        kind=StatKind.SIGNAL,
        table=TableCode.WO,
        area="Angelslo",
        registered_month=received,
        weighing_days=days,
        outcome=outcome,
    )


def block(result: Monitoring, block_id: str) -> Block:
    return next(b for b in result.blocks if b.id == block_id)


def raw_grid(result: Monitoring, block_id: str) -> dict[tuple[str, str], int | float | None]:
    found = block(result, block_id)
    grid: dict[tuple[str, str], int | float | None] = {}
    for row, cells in zip(found.rows, found.cells, strict=True):
        for column, cell in zip(found.columns, cells, strict=True):
            if cell is None:
                grid[row, column] = None
            elif cell.key is not None or cell.parts is not None:
                grid[row, column] = result.raw(cell)
            else:
                grid[row, column] = cell.stat
    return grid


# --- exact figures on a small, known set ------------------------------------------------


def test_flows_count_new_closed_and_open_at_month_end() -> None:
    records = [
        case("2025-11"),  # open before and throughout
        case("2025-12", "2026-02"),  # open before, closed in February
        case("2025-10", "2025-12"),  # closed before the period: not counted at all
        case("2026-01", "2026-01"),  # new and closed in January
        case("2026-02"),
        case("2026-03", "2026-03"),
        case("2026-04"),  # after the period
        signal("2026-01"),
        signal("2026-03"),
    ]
    grid = raw_grid(build(records, MonitoringRequest(PERIOD, (TableCode.WO,))), "WO.stromen")
    assert [grid[m, "Nieuwe zaken"] for m in MONTHS] == [1, 1, 1]
    assert [grid[m, "Afgesloten zaken"] for m in MONTHS] == [1, 1, 1]
    assert [grid[m, "Open einde maand"] for m in MONTHS] == [2, 2, 2]
    assert [grid[m, "Signalen"] for m in MONTHS] == [1, 0, 1]
    assert grid["Totaal periode", "Nieuwe zaken"] == 3
    assert grid["Totaal periode", "Open einde maand"] is None


def test_distributions_of_closed_cases() -> None:
    records = [
        case(
            "2026-01",
            "2026-02",
            step="CASUSTAFEL",
            outcome="niet_verminderd",
            interventions=("BUURTBEMIDDELING", "BUURTBEMIDDELING"),
        ),
        case("2026-01", "2026-02", step="ONDERZOEK", outcome="niet_verminderd"),
        case("2026-02", "2026-03", step="CASUSTAFEL", outcome=""),
    ]
    result = build(records, MonitoringRequest(PERIOD, (TableCode.WO,)))
    steps = raw_grid(result, "WO.hoogste_trede")
    assert steps["2026-02", "4 Casustafel"] == 1
    assert steps["2026-02", "1 Onderzoek"] == 1
    assert steps["Totaal periode", "4 Casustafel"] == 2
    assert steps["2026-03", "Totaal"] == 1
    outcomes = raw_grid(result, "WO.uitkomsten")
    assert outcomes["2026-02", "Overlast niet verminderd"] == 2
    assert outcomes["2026-03", "Onbekend"] == 1
    definition = table_definition(TableCode.WO)
    label = definition.intervention("BUURTBEMIDDELING").label
    types = raw_grid(result, "WO.interventies_type")
    assert types["2026-02", label] == 2
    domains = raw_grid(result, "WO.interventies_domein")
    assert domains["2026-02", "Sociaal"] == 2
    assert domains["Totaal periode", "Totaal"] == 2


def test_mensenhandel_has_routes_instead_of_steps() -> None:
    records = [case("2026-01", "2026-01", table=TableCode.MH, step="", routes=("zorg", "straf"))]
    result = build(records, MonitoringRequest(PERIOD, (TableCode.MH,)))
    ids = {b.id for b in result.blocks}
    assert "MH.routes" in ids and "MH.hoogste_trede" not in ids
    routes = block(result, "MH.routes")
    assert "Totaal" not in routes.columns  # a case can have two routes: no row total
    grid = raw_grid(result, "MH.routes")
    assert sum(v for (m, _c), v in grid.items() if m == "2026-01" and v) == 2


def test_lead_times_need_k_observations() -> None:
    records = [case("2026-01", "2026-02", lead=d) for d in (10, 20, 30, 40)]
    records += [case("2026-01", "2026-03", lead=d) for d in (1, 2, 3, 4, 5)]
    result = build(records, MonitoringRequest(PERIOD, (TableCode.WO,)))
    lead = block(result, "WO.doorlooptijden")
    values = {
        (row, column): result.value(cell)
        for row, cells in zip(lead.rows, lead.cells, strict=True)
        for column, cell in zip(lead.columns, cells, strict=True)
    }
    triage = "Afgesloten zonder bespreking aan tafel (triage)"
    # February: four closures, n is `<5` itself, so no median (and no n.b. telling n).
    assert values["2026-02", f"{triage}: aantal"] == "<5"
    assert values["2026-02", f"{triage}: mediaan (dagen)"] == "n.b."
    # A median is given exactly when its n is published as a number (then at least k).
    for row in lead.rows:
        n = values[row, f"{triage}: aantal"]
        median = values[row, f"{triage}: mediaan (dagen)"]
        assert (median != "n.b.") == (isinstance(n, int) and n >= 5)
    if values["2026-03", f"{triage}: aantal"] == 5:
        assert values["2026-03", f"{triage}: mediaan (dagen)"] == 3
        assert values["2026-03", f"{triage}: P75 (dagen)"] == 4


def test_by_area_blocks_and_no_open_cases_per_area() -> None:
    records = [case("2026-01", area="Bargeres"), case("2026-02", area="")]
    result = build(records, MonitoringRequest(PERIOD, (TableCode.WO,), by_area=True))
    grid = raw_grid(result, "WO.nieuwe_zaken_gebied")
    assert grid["Bargeres", "2026-01"] == 1
    assert grid["Onbekend", "2026-02"] == 1
    assert grid["Totaal", "Totaal"] == 2
    assert not any("open" in b.indicator for b in result.blocks)


def test_every_block_has_a_definition() -> None:
    result = build([case("2026-01")], MonitoringRequest(PERIOD, by_area=True))
    assert {b.indicator for b in result.blocks} <= set(INDICATOR_DEFINITIONS)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("2026-13", "2026-14", "Geen geldige maand"), ("2026-05", "2026-01", "vóór ze begint")],
)
def test_bad_periods_are_refused(start: str, end: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Period.parse(start, end)


def test_half_years() -> None:
    assert Period.half_year("2026-1").months == tuple(f"2026-{m:02d}" for m in range(1, 7))
    assert Period.half_year("2025-2") == Period("2025-07", "2025-12")
    assert Period.parse("2025-11", "2026-02").months == ("2025-11", "2025-12", "2026-01", "2026-02")
    with pytest.raises(ValidationError):
        Period.half_year("2026-3")


# --- properties over random record sets -------------------------------------------------

_month = st.sampled_from(["2025-11", "2025-12", *MONTHS, "2026-04"])
_areas = st.sampled_from(["Emmerhout", "Angelslo", "Bargeres", ""])
_steps = st.sampled_from(["MELDING", "ONDERZOEK", "CASUSTAFEL", "SLUITING", ""])
_outcomes = st.sampled_from(["verminderd_of_verdwenen", "niet_verminderd", "onduidelijk", ""])


@st.composite
def records(draw: st.DrawFn) -> list[StatRecord]:
    result: list[StatRecord] = []
    for _ in range(draw(st.integers(0, 60))):
        registered = draw(_month)
        closed = draw(st.one_of(st.none(), _month))
        if closed is not None and closed < registered:
            closed = registered
        result.append(
            case(
                registered,
                closed,
                area=draw(_areas),
                step=draw(_steps),
                outcome=draw(_outcomes) if closed else "",
                lead=draw(st.integers(0, 200)) if closed else None,
                interventions=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["BUURTBEMIDDELING", "HUISBEZOEK", "ONBEKEND_TYPE"]),
                            max_size=3,
                        )
                    )
                ),
            )
        )
    for _ in range(draw(st.integers(0, 30))):
        result.append(signal(draw(_month), outcome=draw(st.sampled_from(["", "oppakken"]))))
    return result


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(records(), st.booleans(), st.sampled_from([5, 10]))
def test_no_small_count_is_published_and_each_suppression_has_a_witness(
    found: list[StatRecord], by_area: bool, k: int
) -> None:
    result = build(found, MonitoringRequest(PERIOD, (TableCode.WO,), by_area, k))
    for item in result.blocks:
        for cells in item.cells:
            for cell in cells:
                if cell is None or cell.key is None:
                    continue
                shown = result.value(cell)
                if isinstance(shown, int):
                    assert shown == 0 or shown >= k
    small = [key for key, value in result.system.values.items() if 0 < value < k]
    for key in small:
        if key in result.system.context:
            continue
        delta = find_witness(result.system, result.protection, key)
        assert delta is not None and delta[key] != 0
        assert verify_witness(result.system, result.protection, delta)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(records())
def test_figures_equal_a_direct_recount(found: list[StatRecord]) -> None:
    result = build(found, MonitoringRequest(PERIOD, (TableCode.WO,), by_area=True))
    flows = raw_grid(result, "WO.stromen")
    cases = [r for r in found if r.kind is StatKind.CASE]
    for month in MONTHS:
        assert flows[month, "Nieuwe zaken"] == sum(r.registered_month == month for r in cases)
        assert flows[month, "Afgesloten zaken"] == sum(r.closed_month == month for r in cases)
        assert flows[month, "Open einde maand"] == sum(
            r.registered_month <= month and (r.closed_month is None or r.closed_month > month)
            for r in cases
        )
        assert flows[month, "Signalen"] == sum(
            r.kind is StatKind.SIGNAL and r.registered_month == month for r in found
        )
    # Every block adds up: cells to the total column, months to the period total row.
    for item in result.blocks:
        if item.indicator == "doorlooptijden" or item.indicator == "stromen":
            continue
        grid = raw_grid(result, item.id)
        body_rows, total_row = item.rows[:-1], item.rows[-1]
        body_columns = [c for c in item.columns if c != "Totaal"]
        for column in item.columns:
            assert grid[total_row, column] == sum(grid[r, column] or 0 for r in body_rows)
        if "Totaal" in item.columns:
            for row in item.rows:
                assert grid[row, "Totaal"] == sum(grid[row, c] or 0 for c in body_columns)


# --- never refuse: small counts by area always get a proven protection --------------------


def _proven(result: Monitoring) -> None:
    """Every small count has a stored witness that an independent check accepts."""
    k = result.protection.k
    assert result.protection.unresolved == frozenset()
    for key, value in result.system.values.items():
        if 0 < value < k and key not in result.system.context:
            delta = result.protection.witnesses[key]
            assert delta[key] != 0
            assert verify_witness(result.system, result.protection, delta)


# Nine stat records of the seed-11 demo vault (WO, areas) on which the export refused: the
# closed count of 2026-04 had no witness because the greedy cycle search kept crossing the
# closed count of another month and gave up before it tried keeping that one out.
SEED_11 = [
    ("Parc Sandur", "2025-07", "2026-04", "KEUKENTAFEL", "verminderd_of_verdwenen"),
    ("Parc Sandur", "2025-10", "2026-01", "ONDERZOEK", "verminderd_of_verdwenen"),
    ("Emmer-Compascuum", "2025-10", "2025-10", "MELDING", "andere_aanpak"),
    ("Emmerschans", "2025-10", "2026-06", "KEUKENTAFEL", "verminderd_of_verdwenen"),
    ("Noordbarge", "2025-10", "2025-10", "MELDING", "geen_woonoverlast"),
    ("Zuidbarge", "2025-11", "2026-01", "ONDERZOEK", "niet_verminderd"),
    ("Emmermeer", "2025-11", "2025-12", "MELDING", "geen_woonoverlast"),
    ("Noordbarge", "2025-11", "2025-12", "MELDING", "onvoldoende_informatie"),
    ("Angelslo", "2025-11", "2026-04", "BEMIDDELING", "verminderd_of_verdwenen"),
]


def test_seed_11_by_area_is_published_not_refused() -> None:
    found = [
        case(registered, closed, area=area, step=step, outcome=outcome)
        for area, registered, closed, step, outcome in SEED_11
    ]
    period = Period.parse("2025-07", "2026-06")
    result = build_monitoring(found, MonitoringRequest(period, (TableCode.WO,), by_area=True))
    _proven(result)
    # 2026-H1 holds only closures of older cases, one per area: per month they would be
    # pinned by the zeros around them, so that half year is published as a whole.
    flows = block(result, "WO.stromen")
    assert "2026-H1" in flows.rows and "2026-04" not in flows.rows
    closed = flows.cells[flows.rows.index("2026-H1")][2]
    assert closed is not None and result.raw(closed) == 5


_wide_month = st.sampled_from(["2025-10", "2025-11", "2025-12", *MONTHS, "2026-04"])
_many_areas = st.sampled_from(
    ["Emmerhout", "Angelslo", "Bargeres", "Parc Sandur", "Noordbarge", "Zuidbarge", "", "Erica"]
)


@st.composite
def area_records(draw: st.DrawFn) -> list[StatRecord]:
    """Sparse cases over many areas: mostly small counts, as in a small municipality."""
    result: list[StatRecord] = []
    for _ in range(draw(st.integers(0, 45))):
        registered = draw(_wide_month)
        closed = draw(st.one_of(st.none(), _wide_month))
        if closed is not None and closed < registered:
            closed = registered
        result.append(
            case(
                registered,
                closed,
                area=draw(_many_areas),
                step=draw(_steps),
                outcome=draw(_outcomes) if closed else "",
                interventions=tuple(
                    draw(st.lists(st.sampled_from(["BUURTBEMIDDELING", "HUISBEZOEK"]), max_size=2))
                ),
            )
        )
    for _ in range(draw(st.integers(0, 15))):
        result.append(signal(draw(_wide_month), outcome=draw(st.sampled_from(["", "oppakken"]))))
    return result


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(area_records(), st.sampled_from([5, 10]))
def test_by_area_never_refuses_and_every_small_count_is_proven(
    found: list[StatRecord], k: int
) -> None:
    result = build(found, MonitoringRequest(PERIOD, (TableCode.WO,), True, k))
    _proven(result)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(area_records(), st.booleans())
def test_units_are_the_records_and_add_up_to_the_figures(
    found: list[StatRecord], by_area: bool
) -> None:
    result = build(found, MonitoringRequest(PERIOD, (TableCode.WO,), by_area))
    system = result.pieces[0].system
    assert system.units is not None
    units = system.units(("WO:2026-H1", "closed", "totaal"))
    engine = Engine(system, result.protection.k)
    total: Counter[FigureKey] = Counter()
    for unit in units:
        # `in` answers without counting; it must agree with the counted amounts.
        assert all(key in unit and unit[key] > 0 for key in unit)
        assert ("WO", "geen", "figuur") not in unit
        published = {key: amount for key, amount in unit.items() if key in engine.marks}
        assert balanced(published, engine.nets_of, engine.edge_in)
        total.update(published)
    assert {key: total[key] for key in system.values} == dict(system.values)
