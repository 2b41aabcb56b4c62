"""Run the measurements over vaults of several sizes; print the table and write the JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .context import Context, Measurement
from .harness import Figure, Stats, machine_info
from .measurements import MEASUREMENTS
from .vaults import DEFAULT_CACHE, ensure_vault

__all__ = ["Outcome", "Report", "format_table", "run_benchmark"]

SEED = 7


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one measurement at one size gave: figures, or why there are none."""

    measurement: str
    size: int
    figures: tuple[Figure, ...] = ()
    skipped: str = ""  # a feature that has not landed
    error: str = ""  # the measurement broke: a bug to look at, reported, not hidden


@dataclass
class Report:
    """A whole run."""

    started: str
    machine: dict[str, Any]
    options: dict[str, Any]
    outcomes: list[Outcome] = field(default_factory=list)
    builds: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def figures(self) -> list[Figure]:
        return [f for o in self.outcomes for f in o.figures]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """A report read back from `to_json` output (figures, skips and errors)."""
        report = cls(data["started"], data["machine"], data["options"])
        report.builds = {int(k): v for k, v in data.get("builds", {}).items()}
        for item in data["figures"]:
            stats = None
            if "median_s" in item:
                stats = Stats(
                    item["n"], item["median_s"], item["p95_s"], item["min_s"], item["max_s"]
                )
            figure = Figure(
                item["measurement"],
                item["name"],
                item["size"],
                item["variant"],
                stats,
                item["peak_mb"],
                item["target"],
                item["met"],
                item["note"],
                item["extra"],
            )
            report.outcomes.append(Outcome(item["measurement"], item["size"], (figure,)))
        for item in data.get("skipped", []):
            skip = Outcome(item["measurement"], item["size"], skipped=item["reason"])
            report.outcomes.append(skip)
        for item in data.get("errors", []):
            failed = Outcome(item["measurement"], item["size"], error=item["error"])
            report.outcomes.append(failed)
        return report

    def to_json(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "machine": self.machine,
            "options": self.options,
            "builds": {str(k): v for k, v in self.builds.items()},
            "figures": [f.to_json() for f in self.figures],
            "skipped": [
                {"measurement": o.measurement, "size": o.size, "reason": o.skipped}
                for o in self.outcomes
                if o.skipped
            ],
            "errors": [
                {"measurement": o.measurement, "size": o.size, "error": o.error}
                for o in self.outcomes
                if o.error
            ],
        }


def _run_one(measurement: Measurement, ctx: Context) -> Outcome:
    missing = measurement.missing()
    size = ctx.size if measurement.per_size else 0
    if missing:
        return Outcome(measurement.name, size, skipped="nog niet aanwezig: " + ", ".join(missing))
    try:
        return Outcome(measurement.name, size, tuple(measurement.run(ctx)))
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(measurement.name, size, error=detail)


def run_benchmark(
    sizes: Sequence[int],
    *,
    repeat: int = 5,
    warmup: int = 1,
    quick: bool = False,
    only: Sequence[str] = (),
    seed: int = SEED,
    cache_dir: Path = DEFAULT_CACHE,
    log: Callable[[str], None] = lambda _msg: None,
    build_timeout: float | None = None,
    rebuild: bool = False,
) -> Report:
    """Build (or reuse) a vault per size and run every measurement on it.

    Args:
        sizes: case counts, e.g. (1000, 10000, 100000).
        repeat: timed repetitions per measurement (heavy ones use at most 3).
        warmup: untimed calls before timing.
        quick: test-suite mode (cheaper key derivation, fewer case files).
        only: names of measurements to run (all when empty).
        seed: demo generator seed.
        cache_dir: where the demo vaults are kept.
        log: progress messages.
        build_timeout: give up building a vault after this many seconds.
        rebuild: build the vaults even when cached (fresh `demo` time and memory).
    """
    chosen = [m for m in MEASUREMENTS if not only or m.name in only]
    report = Report(
        started=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        machine=machine_info(),
        options={
            "sizes": list(sizes),
            "repeat": repeat,
            "warmup": warmup,
            "quick": quick,
            "seed": seed,
            "only": list(only),
        },
    )
    done_once: set[str] = set()
    for size in sizes:
        try:
            bench = ensure_vault(
                size, seed, cache_dir=cache_dir, log=log, timeout=build_timeout, rebuild=rebuild
            )
        except Exception as exc:
            report.outcomes.append(Outcome("demo", size, error=f"kluis bouwen mislukt: {exc}"))
            continue
        report.builds[size] = dict(bench.build) | {"from_cache": bench.from_cache}
        with tempfile.TemporaryDirectory(prefix="casustafel-perf-") as scratch:
            ctx = Context(bench, repeat, warmup, quick, Path(scratch))
            try:
                for measurement in chosen:
                    if not measurement.per_size and measurement.name in done_once:
                        continue
                    done_once.add(measurement.name)
                    log(f"[{size}] {measurement.name} ...")
                    started = time.perf_counter()
                    outcome = _run_one(measurement, ctx)
                    report.outcomes.append(outcome)
                    state = outcome.skipped or (f"FOUT: {outcome.error}" if outcome.error else "ok")
                    took = time.perf_counter() - started
                    log(f"[{size}] {measurement.name}: {state} ({took:.1f} s)")
            finally:
                ctx.close()
    return report


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def _peak_text(figure: Figure) -> str:
    """Absolute peak of a process of its own, or `+N`: the rise inside the benchmark process."""
    if "peak_increase_mb" in figure.extra:
        return f"+{figure.extra['peak_increase_mb']:.0f}"
    return "" if figure.peak_mb is None else f"{figure.peak_mb:.0f}"


def _ratio_text(figure: Figure) -> str:
    parts = []
    if "app_over_raw" in figure.extra:
        parts.append(f"app/raw {figure.extra['app_over_raw']:.1f}x")
    if "p95_over_raw_p95" in figure.extra:
        parts.append(f"p95 app/raw {figure.extra['p95_over_raw_p95']:.2f}x")
    if "on_over_off" in figure.extra:
        parts.append(f"aan/uit {figure.extra['on_over_off']:.1f}x")
    if "sqlcipher_over_sqlite" in figure.extra:
        parts.append(f"cipher/plain {figure.extra['sqlcipher_over_sqlite']:.1f}x")
    return ", ".join(parts)


def format_table(report: Report) -> list[str]:
    """The table as Markdown lines (readable in a terminal and pasteable into the README)."""
    m = report.machine
    lines = [
        f"Casustafel benchmark, {report.started}",
        f"Machine: {m['cpu']}, {m['cores_logical']} cores, {m['memory_gb']} GB; {m['os']}",
        f"Python {m['python']}, Qt {m['qt']} (PySide6 {m['pyside6']}), SQLCipher "
        f"{m['sqlcipher']} ({m['sqlcipher_provider'] or 'crypto onbekend'}, SQLite "
        f"{m['sqlite_in_sqlcipher']}), "
        f"stdlib SQLite {m['sqlite_stdlib']}; load at start {m['load_average_at_start']}",
        "",
        "| meting | casussen | variant | mediaan | p95 | min | piek MB | verhouding | doel "
        "| gehaald |",
        "|---|---:|---|---:|---:|---:|---:|---|---|---|",
    ]
    for f in report.figures:
        s = f.stats
        met = "" if f.met is None else ("ja" if f.met else "**nee**")
        lines.append(
            f"| {f.name} | {f.size or ''} | {f.variant} | {_fmt_s(s.median if s else None)} | "
            f"{_fmt_s(s.p95 if s else None)} | {_fmt_s(s.minimum if s else None)} | "
            f"{_peak_text(f)} | {_ratio_text(f)} | "
            f"{f.target} | {met} |"
        )
    lines += growth_lines(report)
    notes = [f"- {f.name} ({f.size}): {f.note}" for f in report.figures if f.note]
    skipped = [f"- {o.measurement} ({o.size}): {o.skipped}" for o in report.outcomes if o.skipped]
    errors = [f"- {o.measurement} ({o.size}): {o.error}" for o in report.outcomes if o.error]
    for title, block in (("Toelichting", notes), ("Overgeslagen", skipped), ("Fouten", errors)):
        if block:
            lines += ["", f"{title}:", *block]
    return lines


def growth_lines(report: Report) -> list[str]:
    """How each figure's median grows from the smallest to the largest vault measured."""
    series: dict[tuple[str, str], dict[int, float]] = {}
    for f in report.figures:
        if f.size and f.stats is not None:
            series.setdefault((f.name, f.variant), {})[f.size] = f.stats.median
    rows = []
    for (name, variant), by_size in series.items():
        if len(by_size) < 2:
            continue
        sizes = sorted(by_size)
        small, large = sizes[0], sizes[-1]
        data = large / small
        cost = by_size[large] / by_size[small] if by_size[small] else 0.0
        flag = " **sneller dan de data**" if cost > data * 1.5 else ""
        medians = ", ".join(f"{n}: {_fmt_s(by_size[n])}" for n in sizes)
        rows.append(f"| {name} | {variant} | {medians} | {cost:.1f}x bij {data:.0f}x data{flag} |")
    if not rows:
        return []
    return [
        "",
        "Groei (mediaan):",
        "",
        "| meting | variant | per grootte | groei |",
        "|---|---|---|---|",
        *rows,
    ]


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")


def print_report(report: Report, out: TextIO = sys.stdout) -> None:
    for line in format_table(report):
        print(line, file=out)
