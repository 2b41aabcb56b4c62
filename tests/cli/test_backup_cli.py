"""The backup, restore, retention and inzage commands: output and exit codes on real vaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casustafel.cli import main
from casustafel.db.vault import Vault
from casustafel.domain.requesters import Requester
from casustafel.errors import (
    EXIT_DAMAGED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    EXIT_WRONG_SECRET,
)
from casustafel.services.audit_log import AuditFilter, query_log
from tests.conftest import TEST_PASSPHRASE
from tests.services.retention_data import make_case


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUSTAFEL_PASSPHRASE", TEST_PASSPHRASE)


def test_backup_then_restore(
    vault: Vault, vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault.lock()
    out = tmp_path / "k.ctbackup"
    assert main(["backup", str(vault_path), "-o", str(out)]) == EXIT_OK
    assert "Reservekopie geschreven" in capsys.readouterr().out
    assert main(["backup", str(vault_path), "-o", str(out)]) == EXIT_REFUSED
    assert main(["restore", str(out), "--to", str(vault_path)]) == EXIT_REFUSED
    assert "--force" in capsys.readouterr().err
    target = tmp_path / "terug.casustafel"
    assert main(["restore", str(out), "--to", str(target)]) == EXIT_OK
    assert main(["verify", str(target)]) == EXIT_OK


def test_restore_exit_codes(
    vault: Vault,
    vault_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault.lock()
    out = tmp_path / "k.ctbackup"
    assert main(["backup", str(vault_path), "-o", str(out)]) == EXIT_OK
    assert main(["restore", str(tmp_path / "nergens"), "--to", str(tmp_path / "x")]) == EXIT_USAGE
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 1
    bad = tmp_path / "stuk.ctbackup"
    bad.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["restore", str(bad), "--to", str(tmp_path / "x")]) == EXIT_DAMAGED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "beschadigd" in err
    monkeypatch.setenv("CASUSTAFEL_PASSPHRASE", "een verkeerd wachtwoord")
    assert main(["restore", str(out), "--to", str(tmp_path / "x")]) == EXIT_WRONG_SECRET
    assert not (tmp_path / "x.casustafel").exists()


def test_retention_dry_run_then_destroy(
    vault: Vault, vault_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_case(vault)
    vault.lock()
    assert main(["retention", str(vault_path), "--dry-run"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "TE VERNIETIGEN  WO-2023-0001" in out and "niets gewijzigd" in out
    # Without a terminal and without --yes nothing is destroyed.
    assert main(["retention", str(vault_path)]) == EXIT_REFUSED
    assert main(["retention", str(vault_path), "--yes"]) == EXIT_OK
    assert "Vernietigd: 1 casussen" in capsys.readouterr().out
    assert main(["retention", str(vault_path), "--dry-run"]) == EXIT_OK
    assert "Niets is over de bewaartermijn" in capsys.readouterr().out


def test_inzage(vault: Vault, vault_path: Path, tmp_path: Path) -> None:
    made = make_case(vault)
    vault.lock()
    out = tmp_path / "inzage.pdf"
    args = ["inzage", str(vault_path), "--subject", str(made.subject_id), "-o", str(out)]
    assert main(args) == EXIT_OK and out.read_bytes().startswith(b"%PDF")
    assert main(args) == EXIT_REFUSED
    assert (
        main(["inzage", str(vault_path), "--subject", "999", "-o", str(tmp_path / "y.pdf")])
        == EXIT_USAGE
    )


def test_retention_names_a_held_case_without_its_typed_reason(
    vault: Vault, vault_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_case(vault, hold="Bezwaar via mr. Wolkenschuiver")
    vault.lock()
    assert main(["retention", str(vault_path), "--dry-run"]) == EXIT_OK
    out = capsys.readouterr().out
    held = [line for line in out.splitlines() if line.startswith("BEWAARD")]
    assert len(held) == 1 and "WO-2023-0001" in held[0] and "tegengehouden" in held[0]
    assert re.search(r"sinds \d\d-\d\d-\d{4}", held[0])
    assert "Wolkenschuiver" not in out and "Bezwaar" not in out


def _inzage_requesters(vault_path: Path) -> list[str]:
    opened = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        lines = query_log(opened, AuditFilter(actions=frozenset({"export"})))
        return [line.on_behalf_of for line in lines if line.object_kind == "inzage"]
    finally:
        opened.lock()


def test_inzage_on_request_takes_a_code_under_either_option_name(
    vault: Vault, vault_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = make_case(vault)
    vault.lock()
    base = ["inzage", str(vault_path), "--subject", str(made.subject_id), "--force"]
    out = str(tmp_path / "inzage.pdf")
    assert main([*base, "-o", out, "--op-verzoek-van", "gemachtigde"]) == EXIT_OK
    assert main([*base, "-o", out, "--on-behalf-of", "toezichthouder"]) == EXIT_OK
    assert main([*base, "-o", out]) == EXIT_OK  # the subject asked, by default
    assert _inzage_requesters(vault_path) == ["betrokkene", "toezichthouder", "gemachtigde"]
    capsys.readouterr()
    # A typed name is a usage error before anything happens, and is not repeated back.
    other = tmp_path / "niet.pdf"
    assert main([*base, "-o", str(other), "--op-verzoek-van", "mr. Wolkenschuiver"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Wolkenschuiver" not in err and "gemachtigde" in err and err.count("\n") == 1
    assert not other.exists() and len(_inzage_requesters(vault_path)) == 3


def test_inzage_help_lists_every_requester_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["inzage", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--op-verzoek-van CODE, --on-behalf-of CODE" in text
    for requester in Requester:
        assert f"{requester.value} = {requester.label}" in text
