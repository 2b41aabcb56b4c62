"""Dates as typed in a form: short forms completed, wrong ones refused in Dutch."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casustafel.domain.date_input import parse_dutch_date
from casustafel.domain.names import format_date
from casustafel.errors import ValidationError

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("22-12-2026", dt.date(2026, 12, 22)),
        ("22122026", dt.date(2026, 12, 22)),
        ("221226", dt.date(2026, 12, 22)),
        ("22-12", dt.date(2026, 12, 22)),
        ("22/12", dt.date(2026, 12, 22)),
        ("2212", dt.date(2026, 12, 22)),
        ("22-12-26", dt.date(2026, 12, 22)),
        ("2026-12-22", dt.date(2026, 12, 22)),
        (" 5-1 ", dt.date(2026, 1, 5)),
    ],
)
def test_short_forms(typed: str, expected: dt.date) -> None:
    assert parse_dutch_date(typed, today=TODAY) == expected


def test_without_a_year_planning_looks_ahead() -> None:
    assert parse_dutch_date("05-01", today=TODAY, future=True) == dt.date(2027, 1, 5)
    assert parse_dutch_date("06-12", today=TODAY, future=True) == TODAY
    assert parse_dutch_date("29-02", today=TODAY, future=True) == dt.date(2028, 2, 29)


@pytest.mark.parametrize("typed", ["", "31-04", "32-12", "abc", "1-2-3", "123"])
def test_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_dutch_date(typed, today=TODAY)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_date_reads_back(day: dt.date) -> None:
    written = format_date(day)
    assert parse_dutch_date(written) == day
    assert parse_dutch_date(written.replace("-", "")) == day
