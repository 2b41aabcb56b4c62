"""Deterministic demo vaults for the benchmark, cached between runs, each with a plain copy.

A vault of N cases is made by the real `casustafel demo VAULT --cases N --seed S` in its
own process (so its time and peak memory are those of the command a user runs) and kept
under `.perf-cache/` keyed by size, seed and schema revision: a new migration means a new
vault. The digest of the demo generator's source is kept beside it; when the generator has
changed since, `generator_changed` says so and `--rebuild` makes a fresh one. Beside it
lies `plain.db`, the same database exported unencrypted by SQLCipher's `sqlcipher_export`:
the floor that shows what encryption costs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .child import parse_result

__all__ = [
    "BENCH_PASSPHRASE",
    "REPO_ROOT",
    "BenchVault",
    "ensure_vault",
    "export_plain_copy",
    "generator_digest",
    "read_data_key",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO_ROOT / ".perf-cache"
# A synthetic vault's passphrase; nothing real is ever in a benchmark vault.
BENCH_PASSPHRASE = "benchmark demokluis zonder echte gegevens"
VAULT_NAME = "bench.casustafel"
PLAIN_NAME = "plain.db"
META_NAME = "meta.json"


@dataclass(frozen=True, slots=True)
class BenchVault:
    """A built benchmark vault.

    Attributes:
        size: number of cases asked of the generator.
        seed: the generator's seed.
        folder: the vault folder (`.../bench.casustafel`).
        plain_db: the unencrypted copy of its database.
        build: how the vault was made: seconds and peak_mb of `casustafel demo`, when.
        from_cache: True when this run reused a vault built earlier.
    """

    size: int
    seed: int
    folder: Path
    plain_db: Path
    build: dict[str, Any]
    from_cache: bool

    @property
    def db(self) -> Path:
        return self.folder / "vault.db"

    @property
    def passphrase(self) -> str:
        return BENCH_PASSPHRASE

    @property
    def generator_changed(self) -> bool:
        """True when the demo generator's source changed since this vault was built."""
        return self.build.get("generator") != generator_digest()


def generator_digest() -> str:
    """Short digest of the demo generator's source files (part of the cache key)."""
    services = REPO_ROOT / "casustafel" / "services"
    digest = hashlib.sha256()
    for path in sorted(services.glob("demo*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _schema_revision() -> str:
    from casustafel.db import migrate

    return migrate.head_revision()


def cache_key(size: int, seed: int) -> str:
    """Folder name of the cached vault for `size` and `seed` at today's code."""
    return f"demo-n{size}-s{seed}-r{_schema_revision()}"


def read_data_key(folder: Path, passphrase: str = BENCH_PASSPHRASE) -> bytes:
    """Unwrap the vault's raw SQLCipher key (costs one key derivation)."""
    from casustafel.db.keyfile import KeyFile

    data_key, _user = KeyFile.read(folder / "vault.key").unwrap_with_passphrase(passphrase)
    return data_key


def export_plain_copy(db: Path, data_key: bytes, target: Path) -> None:
    """Write an unencrypted copy of the SQLCipher database `db` to `target`."""
    from casustafel.db.engine import connect_raw

    target.unlink(missing_ok=True)
    conn = connect_raw(db, data_key)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    plain = connect_raw(target, None)  # the app's settings, among them WAL
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()


def bench_env() -> dict[str, str]:
    """Environment of the benchmark's child processes: the vault's passphrase, floor KDF."""
    env = dict(os.environ)
    env["CASUSTAFEL_PASSPHRASE"] = BENCH_PASSPHRASE
    # The cached vaults use the Argon2id floor (t=3, 64 MiB, p=4) so that every unlock in
    # the benchmark does not cost a tuned second; the tuned KDF is measured on its own.
    env["CASUSTAFEL_KDF_PROFILE"] = "floor"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(args: list[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run `python -m tests.perf.child ARGS` from the repo root; return its result dict."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.perf.child", *args],
        cwd=REPO_ROOT,
        env=bench_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"child {args[0]} exited {proc.returncode}: " + " | ".join(tail))
    return parse_result(proc.stdout)


def ensure_vault(
    size: int,
    seed: int,
    *,
    cache_dir: Path = DEFAULT_CACHE,
    rebuild: bool = False,
    log: Callable[[str], None] = lambda _msg: None,
    timeout: float | None = None,
) -> BenchVault:
    """Return the cached vault of `size` cases, building it (and its plain copy) if needed.

    Args:
        size: cases to generate.
        seed: generator seed (same seed, same vault).
        cache_dir: where vaults are kept.
        rebuild: build even if a cached vault exists.
        log: progress messages.
        timeout: give up building after this many seconds.
    """
    key = cache_key(size, seed)
    final = cache_dir / key
    meta_path = final / META_NAME
    if meta_path.is_file() and not rebuild:
        build = json.loads(meta_path.read_text(encoding="utf-8"))
        return BenchVault(size, seed, final / VAULT_NAME, final / PLAIN_NAME, build, True)
    staging = cache_dir / f"tmp-{key}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    folder = staging / VAULT_NAME
    log(f"demokluis van {size} casussen bouwen (seed {seed}) ...")
    result = run_child(["demo", str(folder), str(size), str(seed)], timeout=timeout)
    log(f"  klaar in {result['seconds']:.1f} s, piekgeheugen {result['peak_mb']:.0f} MB")
    started = time.perf_counter()
    export_plain_copy(folder / "vault.db", read_data_key(folder), staging / PLAIN_NAME)
    build = {
        "size": size,
        "seed": seed,
        "demo_seconds": result["seconds"],
        "demo_peak_mb": result["peak_mb"],
        "demo_via": result.get("via", ""),
        "plain_copy_seconds": time.perf_counter() - started,
        "built_at": time.strftime("%Y-%m-%d %H:%M", time.localtime()),
        "db_mb": (folder / "vault.db").stat().st_size / (1024 * 1024),
        "generator": generator_digest(),
    }
    (staging / META_NAME).write_text(json.dumps(build, indent=2), encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    staging.rename(final)
    # Vaults of this size and seed for older schemas are of no further use (and big).
    for stale in cache_dir.glob(f"demo-n{size}-s{seed}-r*"):
        if stale != final and not stale.name.startswith("tmp-"):
            shutil.rmtree(stale, ignore_errors=True)
    return BenchVault(size, seed, final / VAULT_NAME, final / PLAIN_NAME, build, False)
