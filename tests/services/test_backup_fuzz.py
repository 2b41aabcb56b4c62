"""Fuzzing the backup reader: whatever the bytes, only "damaged" or "newer version" comes out."""

from __future__ import annotations

import contextlib
import struct
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.errors import NewerVersionError
from casustafel.services import backup as backup_mod
from casustafel.services.backup import BackupDamagedError, BackupManifest, check_backup_file
from tests.conftest import TEST_PASSPHRASE, TEST_USER

ALLOWED = (BackupDamagedError, NewerVersionError)


@cache
def real_backup() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        vault, _recovery = Vault.create(
            Path(folder) / "f.casustafel", TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS
        )
        try:
            backup_mod.write_backup(vault, Path(folder) / "k.ctbackup")
        finally:
            vault.lock()
        return (Path(folder) / "k.ctbackup").read_bytes()


def read(raw: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".ctbackup") as handle:
        handle.write(raw)
        handle.flush()
        try:
            check_backup_file(Path(handle.name))
        except ALLOWED:
            pass
        else:
            assert raw == real_backup(), "a changed backup was accepted"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    read(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_behind_a_valid_magic(tail: bytes) -> None:
    read(backup_mod.MAGIC + tail)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutations_of_a_real_backup(data: st.DataObject) -> None:
    raw = bytearray(real_backup())
    action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    pos = data.draw(st.integers(0, len(raw) - 1))
    if action == "flip":
        raw[pos] ^= data.draw(st.integers(1, 255))
    elif action == "cut":
        del raw[pos : pos + data.draw(st.integers(1, 64))]
    else:
        raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
    read(bytes(raw))


@settings(max_examples=300)
@given(st.binary(max_size=400), st.integers(0, 2**32 - 1))
def test_crafted_headers_and_manifests(manifest: bytes, declared: int) -> None:
    header = struct.pack(">16sII", backup_mod.MAGIC, 1, declared % 600)
    read(header + manifest + b"\0" * 40)


@given(
    st.dictionaries(
        st.sampled_from(["format", "created_at", "app_version", "schema_revision", "files"]),
        st.none()
        | st.integers()
        | st.text(max_size=8)
        | st.lists(
            st.dictionaries(
                st.sampled_from(["name", "size", "sha256"]), st.integers() | st.text(max_size=9)
            ),
            max_size=3,
        ),
    )
)
def test_manifest_parser(body: dict[str, object]) -> None:
    import json

    with contextlib.suppress(BackupDamagedError):
        BackupManifest.from_bytes(json.dumps({"format": "casustafel-backup", **body}).encode())
