"""No plain text anywhere: a distinctive name is in no file of the vault folder or temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CANARY = "Xylofoonbrouwer"

SCRIPT = f"""
import datetime as dt, sys
from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
vault, _ = Vault.create(sys.argv[1], "Test", "correct paard batterij nietje", params=FLOOR_PARAMS)
now = dt.datetime(2026, 11, 23)
with vault.unit_of_work() as uow:
    for i in range(50):
        uow.session.add(models.Subject(kind="persoon", surname="{CANARY}", given_names="Q",
                                       bsn="111222333", created_at=now, updated_at=now))
# Leave the WAL un-checkpointed: it must be encrypted too.
import os; os._exit(0)
"""


def _files_containing(folder: Path, needle: bytes) -> list[Path]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            hits.append(path)
    return hits


def test_distinctive_name_is_in_no_file(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "SQLITE_TMPDIR": str(temp)}
    vault = tmp_path / "kluis.casustafel"
    subprocess.run([sys.executable, "-c", SCRIPT, str(vault)], check=True, env=env, timeout=120)
    names = {p.name for p in vault.iterdir()}
    assert {"vault.db", "vault.key"} <= names
    assert "vault.db-wal" in names  # the un-checkpointed WAL is there, and checked below
    for needle in (CANARY.encode(), CANARY.encode("utf-16-le"), b"111222333"):
        assert _files_containing(vault, needle) == []
        assert _files_containing(temp, needle) == []
