"""`restore --force` and `passwd` stopped between two steps leave a vault at the target path
(the old or the new), and the next program that opens it clears what was left over.

The commands die at a named step (`CASUSTAFEL_TEST_CRASH_AT`, see `casustafel.db.crash_points`)
with no clean-up at all, as a power cut would: deterministic, no sleeps, no racing a kill.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casustafel.db.crash_points import CRASH_ENV, CRASH_EXIT_CODE
from casustafel.db.vault import Vault
from casustafel.db.vault_swap import JOURNAL_NAME
from casustafel.errors import WrongSecretError

from .one_writer_helpers import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    read_mark,
    run_cli,
    vault_with_backup,
)

pytestmark = pytest.mark.slow


def _leftovers(folder: Path) -> list[str]:
    names = [p.name for p in folder.iterdir()]
    return sorted(n for n in names if n.startswith(".herstel-") or "voor-herstel" in n)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("restore:na-controle", "oud"),  # checked, nothing moved yet
        ("restore:na-journaal", "oud"),  # journal written, nothing moved yet
        ("restore:na-opzij", "oud"),  # old vault moved aside, no vault at the target
        ("restore:na-wissel", "nieuw"),  # new vault in place, journal still inside
    ],
)
def test_restore_killed_at_any_step_leaves_a_vault_and_the_next_run_tidies(
    tmp_path: Path, step: str, expected: str
) -> None:
    vault, backup = vault_with_backup(tmp_path)

    crashed = run_cli("restore", backup, "--to", vault, "--force", **{CRASH_ENV: step})
    assert crashed.returncode == CRASH_EXIT_CODE, crashed.stderr
    assert _leftovers(tmp_path)  # the crash did leave something behind

    assert read_mark(vault) == expected  # the next run opens a whole vault there
    assert not (vault / JOURNAL_NAME).exists()
    left = _leftovers(tmp_path)
    if expected == "oud":
        assert left == []  # the old vault is back in place, the staging folder gone
    else:
        assert len(left) == 1 and ".voor-herstel-" in left[0]  # kept, as after a success
        aside = (tmp_path / left[0]).rename(tmp_path / "oud.casustafel")
        assert read_mark(aside) == "oud"


def test_passwd_killed_before_the_key_file_is_replaced_keeps_the_old_passphrase(
    tmp_path: Path,
) -> None:
    vault, _backup = vault_with_backup(tmp_path)
    crashed = run_cli(
        "passwd",
        vault,
        CASUSTAFEL_NEW_PASSPHRASE=NEW_PASSPHRASE,
        **{CRASH_ENV: "schrijven:vault.key:voor-vervangen"},
    )
    assert crashed.returncode == CRASH_EXIT_CODE, crashed.stderr
    assert any(p.name.startswith(".vault.key.tmp-") for p in vault.iterdir())

    Vault.unlock(vault, PASSPHRASE).lock()  # the next run: the old passphrase still opens it
    assert not any(p.name.startswith(".vault.key.tmp-") for p in vault.iterdir())
    with pytest.raises(WrongSecretError):
        Vault.unlock(vault, NEW_PASSPHRASE)


def test_passwd_killed_after_the_key_file_is_replaced_has_the_new_passphrase(
    tmp_path: Path,
) -> None:
    vault, _backup = vault_with_backup(tmp_path)
    crashed = run_cli(
        "passwd",
        vault,
        CASUSTAFEL_NEW_PASSPHRASE=NEW_PASSPHRASE,
        **{CRASH_ENV: "passwd:na-sleutel"},
    )
    assert crashed.returncode == CRASH_EXIT_CODE, crashed.stderr
    assert "gewijzigd" not in crashed.stdout

    assert read_mark(vault, NEW_PASSPHRASE) == "oud"
    with pytest.raises(WrongSecretError):
        Vault.unlock(vault, PASSPHRASE)
