"""`casustafel report`: a real process writes the half-year PDF, with the export's exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from tests.cli.test_vault_commands import run_cli, with_passphrase
from tests.conftest import TEST_PASSPHRASE
from tests.reports.halfyear_helpers import canary_case, pdf_text


@pytest.mark.slow
def test_report_command_and_its_errors(vault_path: Path, vault: Vault, tmp_path: Path) -> None:
    canary_case(vault, TableCode.WO, dt.date(2026, 2, 9))
    vault.lock()
    out = tmp_path / "raad.pdf"
    env = with_passphrase(TEST_PASSPHRASE)
    base = ["report", str(vault_path), "--half", "2026-1"]
    done = run_cli(*base, "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Rapport geschreven: ")
    text, _meta = pdf_text(out)
    assert "Halfjaarrapportage casustafels" in text and "<5" in text
    again = run_cli(*base, "-o", str(out), env=env)
    assert again.returncode == 7 and "--force" in again.stderr
    forced = run_cli(*base, "--force", "-o", str(out), env=env)
    assert forced.returncode == 0, forced.stderr
    # Another k over published half years would betray what the first k protects.
    other_k = run_cli(*base, "--k", "10", "--force", "-o", str(out), env=env)
    assert other_k.returncode == 7 and "k = 5" in other_k.stderr
    bad = run_cli("report", str(vault_path), "--half", "2026-3", "-o", str(out), env=env)
    assert (bad.returncode, bad.stderr) == (
        6,
        "casustafel: Geen geldig halfjaar: 2026-3 (verwacht JJJJ-1 of JJJJ-2).\n",
    )
    wrong = run_cli(
        *base, "-o", str(tmp_path / "b.pdf"), env=with_passphrase("fout fout fout fout")
    )
    assert wrong.returncode == 3 and not (tmp_path / "b.pdf").exists()
