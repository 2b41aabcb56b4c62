"""Timing and memory primitives of the benchmark: warm-up, repetitions, statistics, machine.

Figures are wall-clock (`time.perf_counter`) because that is what a user waits for; the
machine the benchmark runs on is shared, so the minimum is reported beside the median and
the p95 as the figure least disturbed by other work.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psutil

__all__ = [
    "Figure",
    "MemoryPeak",
    "Stats",
    "machine_info",
    "peak_rss_mb",
    "percentile",
    "stats_of",
    "time_calls",
    "track_peak_memory",
]

_MB = 1024 * 1024


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The `fraction` percentile with linear interpolation (numpy's default method).

    Args:
        samples: at least one value.
        fraction: between 0 and 1 (0.95 for p95).

    Returns:
        The interpolated value.
    """
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True, slots=True)
class Stats:
    """Summary of repeated timings, in seconds."""

    n: int
    median: float
    p95: float
    minimum: float
    maximum: float


def stats_of(samples: Sequence[float]) -> Stats:
    """Median, p95, minimum and maximum of `samples` (seconds)."""
    return Stats(
        n=len(samples),
        median=statistics.median(samples),
        p95=percentile(samples, 0.95),
        minimum=min(samples),
        maximum=max(samples),
    )


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the benchmark table.

    Attributes:
        measurement: name of the measurement function that produced it.
        name: what was measured, e.g. "filter per toetsaanslag (app)".
        size: number of cases in the vault (0 when not tied to a vault).
        variant: "app", "sqlcipher" (raw query), "sqlite" (unencrypted floor), or "".
        stats: timings in seconds; None for memory-only figures.
        peak_mb: peak resident memory in MB during the measurement, if measured.
        target: the issue's target as text, e.g. "p95 <= 30 ms".
        met: whether the target was met (None when there is no target).
        note: anything a reader needs to judge the figure.
        extra: further named numbers (ratios, counts).
    """

    measurement: str
    name: str
    size: int
    variant: str = "app"
    stats: Stats | None = None
    peak_mb: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (seconds as floats, None kept)."""
        out: dict[str, Any] = {
            "measurement": self.measurement,
            "name": self.name,
            "size": self.size,
            "variant": self.variant,
            "peak_mb": self.peak_mb,
            "target": self.target,
            "met": self.met,
            "note": self.note,
            "extra": dict(self.extra),
        }
        if self.stats is not None:
            out.update(
                n=self.stats.n,
                median_s=self.stats.median,
                p95_s=self.stats.p95,
                min_s=self.stats.minimum,
                max_s=self.stats.maximum,
            )
        return out


def time_calls(
    fn: Callable[[], object],
    *,
    repeat: int,
    warmup: int = 1,
    setup: Callable[[], object] | None = None,
) -> list[float]:
    """Call `fn` `warmup` times untimed, then `repeat` times timed; return the seconds.

    Args:
        fn: the work to time.
        repeat: timed calls (at least one).
        warmup: untimed calls first, so that caches and lazy imports do not count.
        setup: untimed work before every call (e.g. a fresh copy of a vault).
    """
    for _ in range(warmup):
        if setup is not None:
            setup()
        fn()
    samples: list[float] = []
    for _ in range(max(1, repeat)):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    On Linux from `VmHWM`: `ru_maxrss` survives `execve`, so a process spawned by a big
    parent would start at the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / _MB


class MemoryPeak:
    """The highest RSS seen by a sampling thread; `mb` is valid after the block ends."""

    def __init__(self) -> None:
        self.mb = 0.0
        self.start_mb = 0.0

    @property
    def increase(self) -> float:
        """How far the peak rose above the RSS at the start of the block, in MB.

        The benchmark process already holds earlier measurements' memory (vaults, Qt
        models of 100,000 rows), so for work measured inside it the rise is the figure that
        belongs to the work; the absolute peak stays in the JSON.
        """
        return max(0.0, self.mb - self.start_mb)


@contextmanager
def track_peak_memory(interval: float = 0.005) -> Iterator[MemoryPeak]:
    """Sample this process's RSS every `interval` seconds while the block runs.

    `ru_maxrss` only ever grows over the life of a process, so it cannot tell the peak of
    one step after an earlier, bigger one; sampling can (it may miss a spike shorter than
    `interval`).
    """
    proc = psutil.Process(os.getpid())
    peak = MemoryPeak()
    peak.start_mb = peak.mb = proc.memory_info().rss / _MB
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak.mb = max(peak.mb, proc.memory_info().rss / _MB)
            stop.wait(interval)

    thread = threading.Thread(target=sample, name="perf-rss", daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()
        peak.mb = max(peak.mb, proc.memory_info().rss / _MB)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    """CPU, cores, memory, OS and the versions that decide the figures."""
    import sqlite3

    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher_version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        cipher_sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
        # The crypto provider is only known once a key is set (an in-memory throwaway one).
        conn.execute("PRAGMA key = 'perf'")
        cipher_provider = conn.execute("PRAGMA cipher_provider").fetchone()
        provider_version = conn.execute("PRAGMA cipher_provider_version").fetchone()
    finally:
        conn.close()
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        qt_version = qVersion()
    except ImportError:  # pragma: no cover - Qt is a dependency
        pyside_version = qt_version = "absent"
    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover - not on Windows
        load = (0.0, 0.0, 0.0)
    return {
        "cpu": _cpu_model(),
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "qt": qt_version,
        "pyside6": pyside_version,
        "sqlcipher": cipher_version,
        "sqlcipher_provider": " ".join(
            str(row[0]) for row in (cipher_provider, provider_version) if row
        ),
        "sqlite_in_sqlcipher": cipher_sqlite,
        "sqlite_stdlib": sqlite3.sqlite_version,
        "load_average_at_start": [round(x, 2) for x in load],
    }
