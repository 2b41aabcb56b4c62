"""What every measurement gets: the vault under test, its floor, and helpers to compare them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .floor import Captured, FloorConnections, capture, replay
from .harness import Figure, stats_of, time_calls
from .vaults import BenchVault, read_data_key

if TYPE_CHECKING:
    from casustafel.db.vault import Vault

__all__ = ["Context", "Measurement", "qt_app"]


def qt_app() -> Any:
    """The process's QApplication (offscreen unless a platform was chosen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["casustafel-perf"])


@dataclass
class Context:
    """The vault of one size and how hard to measure it.

    Attributes:
        bench: the cached demo vault and its plain copy.
        repeat: timed repetitions per measurement.
        warmup: untimed calls first.
        quick: the test-suite mode (tiny vault, one repetition): cheaper samples.
        workdir: a scratch folder for output files and vault copies.
    """

    bench: BenchVault
    repeat: int
    warmup: int
    quick: bool
    workdir: Path
    _vault: Vault | None = field(default=None, repr=False)
    _data_key: bytes | None = field(default=None, repr=False)
    _floor: FloorConnections | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return self.bench.size

    def vault(self) -> Vault:
        """The vault, unlocked once and shared by the measurements of this size."""
        if self._vault is None or self._vault.is_locked:
            from casustafel.db.vault import Vault

            self._vault = Vault.unlock(self.bench.folder, self.bench.passphrase)
        return self._vault

    def data_key(self) -> bytes:
        if self._data_key is None:
            self._data_key = read_data_key(self.bench.folder, self.bench.passphrase)
        return self._data_key

    def floor(self) -> FloorConnections:
        if self._floor is None:
            self._floor = FloorConnections(self.bench.db, self.data_key(), self.bench.plain_db)
        return self._floor

    def release_vault(self) -> None:
        """Close the shared vault, so that a child process can open it (one writer a time)."""
        if self._vault is not None and not self._vault.is_locked:
            self._vault.lock()
        self._vault = None

    def close(self) -> None:
        if self._floor is not None:
            self._floor.close()
            self._floor = None
        if self._vault is not None and not self._vault.is_locked:
            self._vault.lock()
        self._vault = None

    def times(
        self,
        fn: Callable[[], object],
        *,
        repeat: int | None = None,
        setup: Callable[[], object] | None = None,
    ) -> list[float]:
        """Warm-up then timed calls of `fn` at this context's repetition count."""
        return time_calls(fn, repeat=repeat or self.repeat, warmup=self.warmup, setup=setup)

    def compare(
        self,
        measurement: str,
        name: str,
        app_call: Callable[[], object],
        *,
        target: str = "",
        check: Callable[[Figure], bool] | None = None,
        note: str = "",
    ) -> list[Figure]:
        """Time `app_call`, then the SQL it sent on raw SQLCipher and on plain SQLite.

        Returns three figures (app, sqlcipher, sqlite) with the ratios in `extra`:
        `app_over_raw` (what our layers cost) and `sqlcipher_over_sqlite` (encryption).
        """
        captured = capture(self.vault().engine, app_call)
        app = self.times(app_call)
        return self.floor_figures(measurement, name, app, [captured], target, check, note)

    def floor_figures(
        self,
        measurement: str,
        name: str,
        app: list[float],
        captured: list[Captured],
        target: str = "",
        check: Callable[[Figure], bool] | None = None,
        note: str = "",
        floor_repeat: int | None = None,
    ) -> list[Figure]:
        """Figures for app samples beside the replay of `captured` (one sample per entry).

        `floor_repeat` bounds the replays of a slow floor (the SQL search of a large vault
        takes seconds per statement); the warm-up is one replay as usual.
        """
        conns = self.floor()
        repeat = min(self.repeat, floor_repeat or self.repeat)

        def replay_all(conn: Any) -> list[float]:
            samples: list[float] = []
            for one in captured:
                samples += time_calls(partial(replay, conn, one), repeat=repeat, warmup=self.warmup)
            return samples

        cipher = stats_of(replay_all(conns.cipher))
        plain = stats_of(replay_all(conns.plain))
        encryption = cipher.median / plain.median if plain.median else 0.0
        app_stats = stats_of(app)
        statements = sum(len(c) for c in captured) / max(1, len(captured))
        app_figure = Figure(
            measurement,
            name,
            self.size,
            "app",
            app_stats,
            target=target,
            note=note,
            extra={
                "app_over_raw": app_stats.median / cipher.median if cipher.median else 0.0,
                "statements": statements,
            },
        )
        if check is not None:
            app_figure = _with_met(app_figure, check(app_figure))
        return [
            app_figure,
            Figure(
                measurement,
                name,
                self.size,
                "sqlcipher",
                cipher,
                extra={"sqlcipher_over_sqlite": encryption},
            ),
            Figure(measurement, name, self.size, "sqlite", plain),
        ]


def _with_met(figure: Figure, met: bool) -> Figure:
    from dataclasses import replace

    return replace(figure, met=met)


@dataclass(frozen=True, slots=True)
class Measurement:
    """One registered measurement.

    Attributes:
        name: short id, used by `--only` and in the JSON.
        run: the function; returns its figures.
        requires: modules that must exist (features that may not have landed yet).
        per_size: False for measurements that do not depend on the vault (key derivation).
    """

    name: str
    run: Callable[[Context], list[Figure]]
    requires: tuple[str, ...] = ()
    per_size: bool = True

    def missing(self) -> list[str]:
        """The required modules that cannot be found."""
        import importlib.util

        out = []
        for module in self.requires:
            try:
                found = importlib.util.find_spec(module) is not None
            except ModuleNotFoundError:
                found = False
            if not found:
                out.append(module)
        return out
