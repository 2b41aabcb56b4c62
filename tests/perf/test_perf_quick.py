"""Quick mode of the benchmark inside the test suite, so that it never rots.

A 100-case demo vault, one repetition. It asserts only that every measurement ran and
produced a figure (a time or a memory peak); it never asserts how fast anything is, so it
cannot fail on a slow or busy machine. Measurements of features that have not landed yet
are skipped with the missing module named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.perf.__main__ import build_parser
from tests.perf.harness import percentile, stats_of
from tests.perf.measurements import MEASUREMENTS
from tests.perf.runner import Report, format_table, run_benchmark, write_json

QUICK_SIZE = 100

# A demo vault is built first (tens of seconds on a busy machine); the full suite runs it.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """One quick run of every measurement on a fresh 100-case demo vault."""
    cache = tmp_path_factory.mktemp("perf-cache")
    return run_benchmark([QUICK_SIZE], repeat=1, quick=True, cache_dir=cache)


@pytest.mark.parametrize("measurement", MEASUREMENTS, ids=lambda m: m.name)
def test_every_measurement_gives_a_figure(quick_report: Report, measurement: object) -> None:
    name = measurement.name  # type: ignore[attr-defined]
    missing = measurement.missing()  # type: ignore[attr-defined]
    if missing:
        pytest.skip(f"feature not landed yet: {', '.join(missing)}")
    outcomes = [o for o in quick_report.outcomes if o.measurement == name]
    assert outcomes, f"{name} did not run"
    for outcome in outcomes:
        assert not outcome.error, outcome.error
        assert outcome.figures, f"{name} produced no figures"
        for figure in outcome.figures:
            assert figure.stats is not None or figure.peak_mb is not None
            if figure.stats is not None:
                assert figure.stats.n >= 1
                assert figure.stats.minimum >= 0


def test_table_and_json_hold_every_figure(quick_report: Report, tmp_path: Path) -> None:
    lines = format_table(quick_report)
    assert any(line.startswith("| meting") for line in lines)
    rows = [line for line in lines if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 >= len(quick_report.figures)  # the header plus one row per figure
    out = tmp_path / "perf.json"
    write_json(quick_report, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["figures"]) == len(quick_report.figures)
    assert data["machine"]["sqlcipher"]
    assert data["builds"][str(QUICK_SIZE)]["demo_seconds"] > 0


def test_floor_runs_beside_the_app(quick_report: Report) -> None:
    variants = {(f.measurement, f.variant) for f in quick_report.figures}
    assert ("case_file", "sqlcipher") in variants
    assert ("case_file", "sqlite") in variants


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([0.0, 10.0], 0.95) == pytest.approx(9.5)
    assert percentile([7.0], 0.95) == 7.0
    stats = stats_of([3.0, 1.0, 2.0])
    assert (stats.median, stats.minimum, stats.maximum) == (2.0, 1.0, 3.0)


def test_command_line_options() -> None:
    args = build_parser().parse_args(["--sizes", "1000,10.000", "--repeat", "3", "--quick"])
    assert args.sizes == [1000, 10_000]
    assert args.repeat == 3
    assert args.quick
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--sizes", "veel"])
