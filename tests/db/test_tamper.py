"""Tamper tests: a changed byte anywhere in the database or key file is detected as damage."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casustafel.cli import main
from casustafel.db import models
from casustafel.db.keyfile import KeyFile
from casustafel.db.vault import Vault
from casustafel.errors import (
    EXIT_DAMAGED,
    KeyFileDamagedError,
    NewerVersionError,
    VaultDamagedError,
)
from tests.conftest import TEST_PASSPHRASE

PAGE = 4096


def fill(vault: Vault) -> None:
    import datetime as dt

    now = dt.datetime(2026, 1, 1)
    with vault.unit_of_work() as uow:
        uow.session.add_all(
            models.Subject(kind="persoon", surname=f"Naam{i}", street="Lange Straat" * 5,
                           created_at=now, updated_at=now)
            for i in range(400)
        )  # fmt: skip


@pytest.fixture
def closed_vault(vault_path: Path) -> tuple[Path, str]:
    """A filled vault, closed (the last connection checkpoints: all is in vault.db)."""
    from casustafel.db.keyfile import FLOOR_PARAMS

    vault, recovery = Vault.create(vault_path, "Test", TEST_PASSPHRASE, params=FLOOR_PARAMS)
    fill(vault)
    vault.lock()
    return vault_path, recovery


def test_changed_byte_at_sampled_positions_is_detected(
    closed_vault: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery = closed_vault
    db = folder / "vault.db"
    original = db.read_bytes()
    pages = len(original) // PAGE
    assert pages >= 10
    rng = random.Random(13)
    # Every page once, at a random offset (page header, cell content, IV and HMAC areas
    # alike), plus the first bytes of the file (SQLCipher's salt).
    positions = [p * PAGE + rng.randrange(PAGE) for p in range(pages)] + [0, 5, 15, 16, 100]
    positions += [p * PAGE + PAGE - 1 for p in (1, pages - 1)]  # last byte: inside the HMAC
    for pos in positions:
        copy = tmp_path / "kopie.casustafel"
        shutil.copytree(folder, copy)
        raw = bytearray(original)
        raw[pos] ^= 1 << rng.randrange(8)
        (copy / "vault.db").write_bytes(bytes(raw))
        # The recovery key opens through the same checks as a passphrase, without Argon2's
        # second per try; the passphrase path is covered by the exit-4 test below.
        with pytest.raises(VaultDamagedError):
            Vault.unlock_with_recovery_key(copy, recovery, "Test").lock()
        shutil.rmtree(copy)


def test_verify_reports_damage_with_exit_4(
    closed_vault: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASUSTAFEL_PASSPHRASE", TEST_PASSPHRASE)
    db = closed_vault[0] / "vault.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    db.write_bytes(bytes(raw))
    assert main(["verify", str(closed_vault[0])]) == EXIT_DAMAGED


def test_every_changed_byte_of_the_key_file_is_detected(closed_vault: tuple[Path, str]) -> None:
    original = (closed_vault[0] / "vault.key").read_bytes()
    for pos in range(len(original)):
        raw = bytearray(original)
        raw[pos] ^= 1
        with pytest.raises(KeyFileDamagedError):
            KeyFile.from_bytes(bytes(raw))


def test_changed_key_file_exits_4(
    closed_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CASUSTAFEL_PASSPHRASE", TEST_PASSPHRASE)
    key = closed_vault[0] / "vault.key"
    raw = bytearray(key.read_bytes())
    raw[len(raw) // 2] ^= 1
    key.write_bytes(bytes(raw))
    assert main(["verify", str(closed_vault[0])]) == EXIT_DAMAGED
    assert "sleutelbestand" in capsys.readouterr().err


# --- fuzzing the key file parser ----------------------------------------------------------

ALLOWED = (KeyFileDamagedError, NewerVersionError)
WRAP_KEYS = ("id", "kind", "user", "kdf", "nonce", "ciphertext")


def _sealed(body: dict[str, Any]) -> bytes:
    """A key file body with a correct checksum, so the parser gets past the first gate."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    body = {**body, "checksum": hashlib.sha256(canonical.encode()).hexdigest()}
    return json.dumps(body).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_key_file_parser_on_random_bytes(raw: bytes) -> None:
    with contextlib.suppress(*ALLOWED):
        KeyFile.from_bytes(raw)


@pytest.mark.slow
@settings(max_examples=300)
@given(
    st.fixed_dictionaries(
        {"format": st.sampled_from(["casustafel-vault-key", "x"])},
        optional={
            "version": json_values | st.integers(-5, 5),
            "vault_id": json_values,
            "key_check": json_values | st.just("AAAA"),
            "wraps": json_values
            | st.lists(
                st.fixed_dictionaries(
                    {},
                    optional=dict.fromkeys(
                        ("id", "kind", "user", "kdf", "nonce", "ciphertext"), json_values
                    ),
                ),
                max_size=3,
            ),
        },
    )
)
def test_key_file_parser_on_well_sealed_nonsense(body: dict[str, Any]) -> None:
    """Structures with a valid checksum: the parser must still only report damage or newer."""
    with contextlib.suppress(*ALLOWED):
        KeyFile.from_bytes(_sealed(body))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_key_file_parser_on_mutations_of_a_real_file(data: st.DataObject) -> None:
    from casustafel.db.keyfile import FLOOR_PARAMS

    raw = bytearray(real_key_file(FLOOR_PARAMS))
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    with contextlib.suppress(*ALLOWED):
        KeyFile.from_bytes(bytes(raw))


_CACHE: dict[str, bytes] = {}


def real_key_file(params: Any) -> bytes:
    if "k" not in _CACHE:
        _CACHE["k"] = KeyFile.create(
            b"\x01" * 32, "Gebruiker", "wachtwoord12345", b"\x02" * 32, params
        ).to_bytes()
    return _CACHE["k"]


def test_deeply_nested_key_file_is_damage_not_a_crash() -> None:
    with pytest.raises(ALLOWED):
        KeyFile.from_bytes(b"[" * 100_000 + b"]" * 100_000)
