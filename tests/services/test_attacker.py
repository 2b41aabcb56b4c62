"""The attacker test: several exports together, read back from their files, pin no small count."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.domain.monitoring_grid import Grain
from casustafel.errors import RefusedError
from casustafel.services.demo import DemoOptions, fill_demo
from casustafel.services.monitoring_export import ExportFormat, export_monitoring
from tests.conftest import TEST_PASSPHRASE, TEST_USER
from tests.services.attacker import Attack, read_csv, read_json, read_xlsx

# (file name, first month, last month, grain, by area, k, format)
EXPORTS = [
    ("jaar-maand.csv", "2025-01", "2025-12", Grain.MONTH, False, 5, ExportFormat.CSV),
    ("jaar-maand.json", "2025-01", "2025-12", Grain.MONTH, False, 5, ExportFormat.JSON),
    ("jaar-maand.xlsx", "2025-01", "2025-12", Grain.MONTH, False, 5, ExportFormat.XLSX),
    ("jaar-kwartaal.csv", "2025-01", "2025-12", Grain.QUARTER, False, 5, ExportFormat.CSV),
    ("jaar-kwartaal.json", "2025-01", "2025-12", Grain.QUARTER, False, 5, ExportFormat.JSON),
    ("jaar-gebied.csv", "2025-01", "2025-12", Grain.MONTH, True, 5, ExportFormat.CSV),
    ("jaar-gebied.xlsx", "2025-01", "2025-12", Grain.MONTH, True, 5, ExportFormat.XLSX),
    ("h1.csv", "2025-01", "2025-06", Grain.MONTH, True, 5, ExportFormat.CSV),
    ("jan-mei.json", "2025-01", "2025-05", Grain.MONTH, False, 5, ExportFormat.JSON),
    ("k2-k3.csv", "2025-04", "2025-09", Grain.QUARTER, True, 5, ExportFormat.CSV),
    ("2026-k10.json", "2026-01", "2026-06", Grain.MONTH, True, 10, ExportFormat.JSON),
    ("2026-k10-kw.csv", "2026-01", "2026-06", Grain.QUARTER, False, 10, ExportFormat.CSV),
]


def _exports(folder: Path, seed: int) -> tuple[list[Path], bool]:
    vault, _recovery = Vault.create(
        folder / "demo.casustafel", TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS
    )
    try:
        fill_demo(vault, DemoOptions(seed=seed))
        paths = []
        for name, start, end, grain, by_area, k, fmt in EXPORTS:
            request = MonitoringRequest(Period.parse(start, end), by_area=by_area, k=k, grain=grain)
            paths.append(export_monitoring(vault, request, fmt, folder / name).path)
        # A second k over a published half year is refused, not published.
        try:
            request = MonitoringRequest(Period.parse("2025-01", "2025-06"), k=10)
            export_monitoring(vault, request, ExportFormat.CSV, folder / "refused.csv")
            refused = False
        except RefusedError:
            refused = True
    finally:
        vault.lock()
    return paths, refused


@pytest.fixture(scope="session", params=[1, 3, 7], ids=lambda s: f"seed{s}")
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[Path], bool]]:
    folder = tmp_path_factory.mktemp(f"attack{request.param}")
    yield _exports(folder, request.param)


def _attack(paths: list[Path]) -> Attack:
    attack = Attack()
    titles: dict[tuple[str, str], str] = {}
    for path in paths:
        if path.suffix == ".json":
            import json

            for block in json.loads(path.read_text("utf-8"))["blokken"]:
                titles[(block["tafel"], block["titel"])] = block["indicator"]
    for path in paths:
        if path.suffix == ".csv":
            attack.add_export(read_csv(path))
        elif path.suffix == ".json":
            attack.add_export(read_json(path))
        else:
            attack.add_export(read_xlsx(path, titles))
    attack.close_rules()
    return attack


@pytest.mark.slow
def test_the_attacker_pins_no_small_count(published: tuple[list[Path], bool]) -> None:
    paths, refused = published
    assert refused, "a second k over a published half year must be refused"
    started = time.perf_counter()
    attack = _attack(paths)
    pinned = attack.pinned()
    print(
        f"attacker: {len(attack.index)} figures, {len(attack.rows)} sums, "
        f"{len(attack.small)} small counts, {len(pinned)} pinned, "
        f"{time.perf_counter() - started:.1f} s"
    )
    assert len(attack.small) > 20  # the exports do publish small counts to attack
    assert pinned == {}


def test_the_attacker_finds_a_pinned_count(tmp_path: Path) -> None:
    """A cell-suppressed row whose total gives the small count away is caught."""
    path = tmp_path / "lek.csv"
    lines = [
        "tafel;indicator;blok;rij;kolom;waarde",
        "WO;uitkomsten;Uitkomst;2025-01;Overlast verminderd of verdwenen;<5",
        "WO;uitkomsten;Uitkomst;2025-01;Overlast niet verminderd;10",
        "WO;uitkomsten;Uitkomst;2025-01;Totaal;12",
        "WO;uitkomsten;Uitkomst;2025-02;Overlast verminderd of verdwenen;<5",
        "WO;uitkomsten;Uitkomst;2025-02;Overlast niet verminderd;x",
        "WO;uitkomsten;Uitkomst;2025-02;Totaal;12",
    ]
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    attack = _attack([path])
    assert attack.pinned() == {
        ("WO", "uitkomsten", "2025-01", "Overlast verminderd of verdwenen"): 2
    }
