"""Fuzz `casustafel import` with generated hostile files through the real command.

Every hostile file (tests/services/hostile_files.py: zip bombs, XXE, billion laughs, huge
sheet dimensions, truncated XML, unclosed quotes, NULs, two million rows) must end in
exit 6 with Dutch lines only: no traceback, no "onverwachte fout", nothing from the file
echoed. Each child's peak memory (ru_maxrss from wait4) stays under a bound; its time is
bounded only by a generous timeout that guards against a hang, never measured. Afterwards
the vault verifies and holds no signal: nothing was half-imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.services import signals
from tests.services.hostile_files import ALL_FILES, CANARY, write

PASSPHRASE = "een lange zin om te testen"
# Python, SQLCipher, openpyxl and the Argon2id floor (64 MiB) need about 150 MB; a
# decompressed bomb or a sheet held whole would need gigabytes.
# Measured peaks: 170 MB on a developer run, 440 MB in a fresh clone (an unclosed quote in
# a 20 MB CSV is read as one cell to report where it ends). The bound says "bounded, not
# gigabytes" (a zip bomb took 2.1 GB before the limits), with room for that spread.
MEMORY_BOUND_KB = 700 * 1024
HANG_GUARD_SECONDS = 300  # a failure guard only: far beyond any honest run


def run_measured(folder: Path, *args: str | Path) -> tuple[int, str, str, int]:
    """Run the CLI; return exit code, stdout, stderr and the child's peak memory in KB."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASUSTAFEL_") or k == "CASUSTAFEL_STATE_DIR"
    }
    env.update(CASUSTAFEL_KDF_PROFILE="floor", CASUSTAFEL_PASSPHRASE=PASSPHRASE)
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "casustafel", *map(str, args)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
        )
    # wait4 reaps the child and gives this one child's resource usage with its status.
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            pytest.fail(f"import did not end within {HANG_GUARD_SECONDS} s: {args[-3]}")
        time.sleep(0.05)  # polling for the end, not synchronising on a moment
    child.returncode = os.waitstatus_to_exitcode(status)
    decode = "utf-8"
    return (
        child.returncode,
        out_path.read_text(decode),
        err_path.read_text(decode),
        usage.ru_maxrss,
    )


@pytest.mark.slow
def test_hostile_files_through_the_command(tmp_path: Path) -> None:
    vault_path = tmp_path / "kluis.casustafel"
    Vault.create(vault_path, "Tester", PASSPHRASE, params=FLOOR_PARAMS)[0].lock()
    failures = []
    for hostile in ALL_FILES:
        path = write(tmp_path, hostile)
        code, out, err, peak_kb = run_measured(
            tmp_path, "import", vault_path, path, "--table", "WO"
        )
        path.unlink()
        lines = err.splitlines()
        problems = [
            problem
            for problem, bad in (
                (f"exit {code}", code != 6),
                ("stdout not empty", out != ""),
                ("traceback", "Traceback" in err or "onverwachte fout" in err),
                ("canary echoed", CANARY in out + err),
                (f"{hostile.expect!r} not said", hostile.expect not in err),
                (f"peak memory {peak_kb // 1024} MB", peak_kb > MEMORY_BOUND_KB),
                ("not Dutch lines", not all(_dutch_line(line) for line in lines)),
            )
            if bad
        ]
        if problems:
            failures.append(f"{hostile.suffix} {hostile.name}: {', '.join(problems)}: {err!r}")
    assert not failures, "\n".join(failures)
    vault = Vault.unlock(vault_path, PASSPHRASE)
    try:
        assert all(result.ok for result in vault.verify())
        assert signals.list_signals(vault) == []  # nothing half-imported
    finally:
        vault.lock()


def _dutch_line(line: str) -> bool:
    return line.startswith(("casustafel: ", "Regel ", "Kolom ", "Niets ingelezen: "))
