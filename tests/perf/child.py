"""Work the benchmark runs in a fresh process, so that its time and peak memory are its own.

Usage (`python -m tests.perf.child ...`), the passphrase from `CASUSTAFEL_PASSPHRASE`:
    cli ARG...                   run `casustafel ARG...`
    demo VAULT CASES SEED        make a demo vault (`casustafel demo`)
    memsec ON|OFF VAULT REPEAT   time app work with SQLCipher's memory security on or off
    app-memory VAULT             unlock, load the case list into the real Qt model behind a
                                 shown table view (offscreen), and report the memory held
Each ends by printing one line `PERF-RESULT {json}` with the seconds taken and the peak
resident memory of the child itself.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

RESULT_PREFIX = "PERF-RESULT "


def _peak_mb() -> float:
    from tests.perf.harness import peak_rss_mb

    return peak_rss_mb()


def _current_mb() -> float:
    import psutil

    return float(psutil.Process(os.getpid()).memory_info().rss) / (1024 * 1024)


def run_cli(args: Sequence[str]) -> dict[str, Any]:
    """Run one `casustafel` subcommand in this process; return its exit code and cost."""
    from casustafel.cli import main

    start = time.perf_counter()
    code = main(list(args))
    return {"rc": code, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def build_demo(folder: str, cases: int, seed: int) -> dict[str, Any]:
    """Make a demo vault the way a user does: `casustafel demo`, or its service meanwhile."""
    import importlib.util

    if importlib.util.find_spec("casustafel.cli.demo_cmd") is not None:
        args = ["demo", folder, "--cases", str(cases), "--seed", str(seed)]
        return run_cli(args) | {"via": "casustafel demo"}
    from casustafel.services.demo import DemoOptions, create_demo_vault

    start = time.perf_counter()
    vault, _report = create_demo_vault(
        folder, os.environ["CASUSTAFEL_PASSPHRASE"], DemoOptions(cases=cases, seed=seed)
    )
    vault.lock()
    return {
        "rc": 0,
        "seconds": time.perf_counter() - start,
        "peak_mb": _peak_mb(),
        "via": "services.demo.create_demo_vault",
    }


def app_memory(vault_path: str) -> dict[str, Any]:
    """Open the vault as the app does at unlock and report the memory it then holds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from casustafel.db.keyfile import KeyFile
    from casustafel.db.vault import Vault, VaultPaths
    from casustafel.services.cases import list_case_summaries
    from casustafel.services.search_index import case_search_index
    from casustafel.ui.models.case_table_model import CaseTableModel

    app = QApplication.instance() or QApplication(["casustafel-perf"])
    baseline = _current_mb()
    passphrase = os.environ["CASUSTAFEL_PASSPHRASE"]
    # Argon2id's memory is part of the peak: show it on its own before the real unlock.
    KeyFile.read(VaultPaths.of(vault_path).key).unwrap_with_passphrase(passphrase)
    peak_after_kdf = _peak_mb()
    start = time.perf_counter()
    vault = Vault.unlock(vault_path, passphrase)
    model = CaseTableModel()
    model.set_cases(list_case_summaries(vault), case_search_index(vault))
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    seconds = time.perf_counter() - start
    result = {
        "rc": 0,
        "seconds": seconds,
        "rows": model.rowCount(),
        "baseline_mb": baseline,
        "peak_after_kdf_mb": peak_after_kdf,
        "current_mb": _current_mb(),
        "peak_mb": _peak_mb(),
    }
    view.close()
    vault.lock()
    return result


def memory_security(setting: str, vault_path: str, repeat: int) -> dict[str, Any]:
    """Time app work with SQLCipher's `cipher_memory_security` fixed ON or OFF.

    The pragma is global and, once on, SQLCipher keeps wiping (and unlocking) freed memory
    even after it is switched off, so on and off can only be compared in separate
    processes. The app's own switch (`engine.CIPHER_MEMORY_SECURITY`) is set before the
    first connection.
    """
    import datetime as dt

    from casustafel.db import engine
    from casustafel.db.vault import Vault

    engine.CIPHER_MEMORY_SECURITY = setting == "ON"
    from casustafel.services.cases import get_case_file, list_case_summaries, search_cases
    from casustafel.services.followup import follow_up_queue
    from casustafel.services.search_index import case_search_index

    vault = Vault.unlock(vault_path, os.environ["CASUSTAFEL_PASSPHRASE"])
    with vault.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM cases ORDER BY id")]
    sample = ids[:: max(1, len(ids) // 5)][:5]
    today = dt.date(2026, 11, 23)
    work: dict[str, Callable[[], object]] = {
        "caselijst + zoekteksten": lambda: (list_case_summaries(vault), case_search_index(vault)),
        f"{len(sample)} casusdossiers": lambda: [get_case_file(vault, i) for i in sample],
        "opvolgwachtrij": lambda: follow_up_queue(vault, today),
        "zoeken (SQL) 'van'": lambda: search_cases(vault, "van"),
    }
    timings: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    for name, call in work.items():
        call()
        samples = []
        before = resource.getrusage(resource.RUSAGE_SELF)
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            call()
            samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_SELF)
        timings[name] = samples
        cpu[name] = (after.ru_stime - before.ru_stime) / max(1, repeat)
    vault.lock()
    return {"rc": 0, "setting": setting, "timings": timings, "sys_seconds": cpu}


def main(argv: Sequence[str]) -> int:
    """Dispatch `cli ...` or `app-memory VAULT`; print the result line."""
    if not argv:
        print(
            "usage: python -m tests.perf.child cli ARG... | demo VAULT N SEED | app-memory VAULT",
            file=sys.stderr,
        )
        return 2
    kind, rest = argv[0], argv[1:]
    if kind == "cli":
        result = run_cli(rest)
    elif kind == "demo" and len(rest) == 3:
        result = build_demo(rest[0], int(rest[1]), int(rest[2]))
    elif kind == "memsec" and len(rest) == 3:
        result = memory_security(rest[0], rest[1], int(rest[2]))
    elif kind == "app-memory" and len(rest) == 1:
        result = app_memory(rest[0])
    else:
        print(f"unknown child task: {kind}", file=sys.stderr)
        return 2
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return int(result["rc"])


def parse_result(stdout: str) -> dict[str, Any]:
    """The result dict from a child's output (the last `PERF-RESULT` line)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            parsed: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return parsed
    raise RuntimeError("child process printed no result line")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
