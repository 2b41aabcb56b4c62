"""Crash test: a writer killed with SIGKILL at random moments loses no committed change.

A child process writes in a loop: each transaction inserts a subject, bumps a counter in
`vault_meta` and appends an audit entry; after each commit returns it prints the subject id
(flushed). The parent kills it once it has printed its first commit (its output is
the readiness marker, so no kill comes before the writing starts on a loaded machine),
after a random pause of at most 20 ms, 60 times, and after every kill
checks that the vault verifies (SQLCipher page HMACs, schema, audit chain) and that every
printed id and the last printed counter are there. The next child is started while the
parent checks, so that Python's start-up time overlaps the check; the data key reaches the
child on stdin (never on the command line) once the check is done.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.keyfile import KeyFile
from casustafel.db.vault import Vault
from tests.conftest import TEST_PASSPHRASE

# Every kill lands inside the write loop (see below), so 60 kills test more mid-write moments
# than the 100 timed ones did, of which up to half came before the first write.
KILLS = 60

CHILD = r"""
import datetime as dt, sys
from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault, VaultPaths
from casustafel.domain.model import AuditAction

key = bytes.fromhex(sys.stdin.readline().strip())
vault = Vault(VaultPaths.of(sys.argv[1]), key, "Schrijver")
now = dt.datetime(2026, 1, 1)
print("klaar", flush=True)
while True:
    with vault.unit_of_work() as uow:
        row = models.Subject(kind="persoon", surname="Crash", created_at=now, updated_at=now)
        uow.session.add(row)
        uow.session.flush()
        meta = uow.session.get(models.VaultMeta, "crash_counter")
        if meta is None:
            meta = models.VaultMeta(key="crash_counter", value="0")
            uow.session.add(meta)
        meta.value = str(int(meta.value) + 1)
        uow.audit(AuditRecord(AuditAction.CREATE, "subject", subject_id=row.id))
        counter, subject_id = meta.value, row.id
    print(subject_id, counter, flush=True)
"""


def spawn(vault_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(vault_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def check(vault: Vault, committed: set[int], last_counter: int) -> None:
    results = vault.verify()
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    with vault.unit_of_work() as uow:
        found = set(uow.session.scalars(select(models.Subject.id)))
        counter = uow.session.get(models.VaultMeta, "crash_counter")
        total = uow.session.scalar(select(func.count()).select_from(models.Subject))
    missing = committed - found
    assert not missing, f"{len(missing)} committed changes lost"
    stored = int(counter.value) if counter else 0
    assert stored >= last_counter
    assert total == stored  # every counted transaction is whole: no half-written one


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_committed_change(
    vault: Vault, vault_path: Path
) -> None:
    vault.lock()
    key, user = KeyFile.read(vault.paths.key).unwrap_with_passphrase(TEST_PASSPHRASE)
    rng = random.Random(6)
    committed: set[int] = set()
    last_counter = 0
    mid_write_kills = 0
    child = spawn(vault_path)
    started = time.monotonic()
    for _round in range(KILLS):
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(key.hex() + "\n")
        child.stdin.flush()
        assert child.stdout.readline() == "klaar\n", child.stderr.read() if child.stderr else ""
        # The writer's own output is the marker: kill only after it has returned from its first
        # commit, so every kill lands inside the write loop however loaded the machine is;
        # the short random pause after that only varies where in a transaction it lands.
        seen = [child.stdout.readline()]
        time.sleep(rng.uniform(0, 0.02))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        out = "".join(seen) + child.stdout.read()
        for line in out.splitlines(keepends=True):
            if line.endswith("\n"):  # a line cut by the kill was not a returned commit
                subject_id, counter = line.split()
                committed.add(int(subject_id))
                last_counter = max(last_counter, int(counter))
        mid_write_kills += bool(out)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()
        child = spawn(vault_path)  # starts up while this round is checked
        checker = Vault(vault.paths, key, user)
        try:
            check(checker, committed, last_counter)
        finally:
            checker.lock()
    child.kill()
    child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()
    elapsed = time.monotonic() - started
    assert mid_write_kills > KILLS // 2, "the writer was mostly killed before writing"
    assert len(committed) > KILLS
    # The product's own unlock path (passphrase, integrity check) after all the kills.
    reopened = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        check(reopened, committed, last_counter)
    finally:
        reopened.lock()
    print(f"{KILLS} kills, {len(committed)} commits checked in {elapsed:.0f} s")
