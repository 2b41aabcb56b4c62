"""The packaged app (PyInstaller one-folder bundle) runs the CLI and starts the GUI.

Builds the bundle with `scripts/build-app.sh --no-deb` once per run (minutes: marked slow),
or uses the bundle named by CASUSTAFEL_FROZEN_BUNDLE. The bundle's own `casustafel` runs
`demo`, `verify`, `cases`, `sittings`, `export` and `agenda`, and starts the desktop app
offscreen until it shows the unlock dialog (a readiness marker, never a fixed sleep).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "bevroren-demo-wachtwoord"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds on Linux only"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    given = os.environ.get("CASUSTAFEL_FROZEN_BUNDLE")
    if given:
        return Path(given)
    build = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build-app.sh"), "--no-deb"],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    command = ROOT / "dist" / "casustafel" / "casustafel"
    assert command.is_file()
    return command


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASUSTAFEL_")}
    env.update(
        CASUSTAFEL_PASSPHRASE=PASSPHRASE,
        CASUSTAFEL_KDF_PROFILE="floor",
        CASUSTAFEL_STATE_DIR=str(tmp / "state"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def _run(bundle: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle), *args],
        capture_output=True,
        text=True,
        env=_env(tmp),
        cwd=tmp,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )


def test_the_bundle_runs_the_commands(bundle: Path, tmp_path: Path) -> None:
    vault = tmp_path / "demo.casustafel"
    demo = _run(
        bundle, tmp_path, "demo", str(vault), "--cases", "40", "--seed", "3",
        "--today", "15-11-2026",
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    verify = _run(bundle, tmp_path, "verify", str(vault))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "revisie" in verify.stdout  # Alembic found its migration scripts in the bundle
    cases = _run(bundle, tmp_path, "cases", str(vault), "--json")
    assert cases.returncode == 0 and json.loads(cases.stdout)
    sittings = _run(bundle, tmp_path, "sittings", str(vault), "--table", "WO", "--json")
    assert sittings.returncode == 0, sittings.stderr
    csv_file = tmp_path / "cijfers.csv"
    export = _run(
        bundle, tmp_path, "export", str(vault), "--from", "2026-01", "--to", "2026-06",
        "--format", "csv", "-o", str(csv_file),
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    assert csv_file.read_text(encoding="utf-8").strip()
    out = tmp_path / "agenda.pdf"
    agenda = _run(
        bundle, tmp_path, "agenda", str(vault), "--table", "WO", "--variant", "verspreid",
        "-o", str(out),
    )  # fmt: skip
    assert agenda.returncode == 0, agenda.stderr
    assert "Agenda" in pypdf.PdfReader(out).pages[0].extract_text()


def test_the_bundle_starts_the_app_to_the_unlock_dialog(bundle: Path, tmp_path: Path) -> None:
    vault = tmp_path / "app.casustafel"
    made = _run(bundle, tmp_path, "demo", str(vault), "--cases", "5", "--seed", "1")
    assert made.returncode == 0, made.stderr
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {**_env(tmp_path), "CASUSTAFEL_TEST_MARKERS": str(markers)}
    with subprocess.Popen(
        [str(bundle), "--vault", str(vault)], env=env, cwd=tmp_path,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as app:  # fmt: skip
        try:
            deadline = time.monotonic() + 300  # a failure guard, not a synchronisation
            while not (markers / "unlock-dialog").exists():
                assert app.poll() is None, app.communicate()[1][-2000:]
                assert time.monotonic() < deadline, "the unlock dialog never appeared"
                time.sleep(0.2)
        finally:
            app.kill()
            app.communicate()
