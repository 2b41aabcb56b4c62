"""`casustafel demo` through a real process: output, generated passphrase, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.services.cases import list_case_summaries
from tests.cli.test_vault_commands import run_cli, with_passphrase


@pytest.mark.slow
def test_demo_with_given_passphrase(tmp_path: Path) -> None:
    target = tmp_path / "demo.casustafel"
    result = run_cli(
        "demo",
        str(target),
        "--cases",
        "25",
        "--seed",
        "3",
        "--today",
        "23-11-2026",
        env=with_passphrase("een lange zin om te testen"),
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Demokluis aangemaakt: .*demo\.casustafel \(25 casussen waarvan \d+ open, \d+ "
        r"signalen, \d+ betrokkenen\) in \d+\.\d s\.\n",
        result.stdout,
    )
    vault = Vault.unlock(target, "een lange zin om te testen")
    try:
        assert len(list_case_summaries(vault)) == 25
    finally:
        vault.lock()


@pytest.mark.slow
def test_demo_generates_and_prints_a_passphrase(tmp_path: Path) -> None:
    target = tmp_path / "gen.casustafel"
    result = run_cli("demo", str(target), "--cases", "3")
    assert result.returncode == 0, result.stderr
    match = re.search(
        r"Wachtwoord van deze demokluis \(alleen voor demo's\): (\S+)\n", result.stdout
    )
    assert match is not None
    Vault.unlock(target, match.group(1)).lock()


@pytest.mark.slow
def test_demo_refuses_bad_numbers_and_existing_vault(tmp_path: Path) -> None:
    target = tmp_path / "x.casustafel"
    result = run_cli(
        "demo", str(target), "--cases", "0", env=with_passphrase("een lange zin om te testen")
    )
    assert (result.returncode, result.stderr) == (
        2,
        "casustafel: Kies voor --cases een aantal van 1 tot en met 200000.\n",
    )
    assert (
        run_cli(
            "demo", str(target), "--cases", "2", env=with_passphrase("een lange zin om te testen")
        ).returncode
        == 0
    )
    again = run_cli(
        "demo", str(target), "--cases", "2", env=with_passphrase("een lange zin om te testen")
    )
    assert again.returncode == 2
    assert again.stderr.startswith("casustafel: Er staat al een kluis op ")
