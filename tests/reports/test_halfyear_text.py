"""The generated explanation and the chart data: only figures published in both halves."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.monitoring import MonitoringRequest, Period, build_monitoring
from casustafel.reports.halfyear import previous_half, table_chart_series
from casustafel.reports.halfyear_charts import nice_axis
from casustafel.reports.halfyear_text import Compared, Indicator, explain_table

published = st.one_of(st.integers(min_value=5, max_value=5000), st.just(0))
hidden = st.sampled_from(["<5", "x", "n.b.", None])


def test_the_sentence_of_the_brief() -> None:
    sentences = explain_table("woonoverlast", [Compared(Indicator.NEW, 41, 58)])
    assert sentences == ["De instroom bij woonoverlast steeg van 41 naar 58 nieuwe zaken (+41%)."]
    lead = explain_table("ondermijning", [Compared(Indicator.LEAD, 167.0, 16.0)])
    assert lead == [
        "De mediane doorlooptijd van registratie tot afsluiting na bespreking aan tafel bij "
        "ondermijning daalde van 167,0 naar 16,0 dagen."
    ]


def test_no_percentage_on_a_small_base() -> None:
    text = explain_table("mensenhandel", [Compared(Indicator.NEW, 6, 10)], "dan vorig jaar")
    assert text == ["De instroom bij mensenhandel steeg van 6 naar 10 nieuwe zaken dan vorig jaar."]


@given(before=st.one_of(published, hidden), after=st.one_of(published, hidden))
def test_a_suppressed_figure_is_never_named(
    before: int | str | None, after: int | str | None
) -> None:
    text = " ".join(explain_table("mensenhandel", [Compared(Indicator.CLOSED, before, after)]))
    numbers = {int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d%])", text.replace(".", ""))}
    shown = {v for v in (before, after) if isinstance(v, int)}
    if isinstance(before, int) and isinstance(after, int):
        assert numbers <= shown
    else:
        assert numbers == set(), text
        assert "geen vergelijking" in text


@given(maximum=st.floats(min_value=0, max_value=1e6), k=st.sampled_from([5, 10]))
def test_axis_ticks_are_multiples_of_k_and_cover_the_data(maximum: float, k: int) -> None:
    top, step = nice_axis(maximum, k)
    assert step % k == 0 and top % step == 0 and top >= maximum and top / step <= 6


def _record(table: TableCode, month: str, closed: str | None, step: str) -> StatRecord:
    return StatRecord(
        table=table,
        kind=StatKind.CASE,
        area="Emmerhout",
        registered_month=month,
        closed_month=closed,
        highest_step=step,
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from([f"2026-0{m}" for m in range(1, 7)]),
            st.sampled_from([None, "2026-03", "2026-06"]),
            st.sampled_from(["0", "1", "2", "4"]),
        ),
        max_size=60,
    )
)
def test_charts_receive_no_small_count(rows: list[tuple[str, str | None, str]]) -> None:
    records = [_record(TableCode.WO, m, c if c and c >= m else None, s) for m, c, s in rows]
    result = build_monitoring(records, MonitoringRequest(Period.half_year("2026-1")))
    for name, series in table_chart_series(result, TableCode.WO).items():
        for one in series:
            for value, mark in zip(one.values, one.marks, strict=True):
                if name == "doorlooptijden":
                    assert value is not None or mark == "n.b."
                    continue
                assert value is None or value == 0 or value >= 5, (name, value)
                assert (value is None) == (mark in ("<5", "x")), (name, value, mark)


def test_previous_half() -> None:
    assert previous_half("2026-1") == "2025-2"
    assert previous_half("2026-2") == "2026-1"
